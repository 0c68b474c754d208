"""A roster import: the uploaded file kept between its dry run and its apply, with the last report."""

from __future__ import annotations

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import Studio, User


class RosterImport(BaseModel):
    """One uploaded roster file. The dry run stores it here with its report; "apply" plans the same
    content again against the current data (it may have changed since) and writes it in one
    transaction. Kept afterwards as the record of what was imported, by whom."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Dry run"
        APPLIED = "applied", "Applied"

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="roster_imports")
    source = models.SlugField(max_length=40)
    filename = models.CharField(max_length=200, blank=True)
    content = models.TextField()
    archive_missing = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PREVIEWED)
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
