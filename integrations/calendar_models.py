"""Calendar feed URLs: one secret, revocable iCal URL for a dancer or a class (only its hash is stored)."""

from __future__ import annotations

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import ClassGroup, DancerProfile, Studio, User, dancer_or_class_constraint


class CalendarFeed(BaseModel):
    """A feed of one dancer's or one class's program and screening days. The URL's token is shown
    once; only its SHA-256 is kept (a 256-bit random token needs no slow hash)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="calendar_feeds")
    dancer = models.ForeignKey(
        DancerProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    class_group = models.ForeignKey(
        ClassGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revoked_at", "-created_at"]
        constraints = [dancer_or_class_constraint("calendar_feed_one_target")]
