"""Outbound webhook rows: a studio's subscriptions and every delivery of an event to one of them."""

from __future__ import annotations

import uuid

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import Studio

EVENTS = (
    "analysis.completed", "analysis.failed", "referral.flagged", "consent.changed", "report.ready",
    "assignment.created", "dancer.archived", "test",
)  # fmt: skip


class WebhookSubscription(BaseModel):
    """Where a studio wants events POSTed. The secret signs each body (HMAC-SHA256); it is kept
    because signing needs it, and shown to the director once."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    events = models.JSONField(help_text="Event names (EVENTS) this subscription receives.")  # SQLite demo too
    secret = models.CharField(max_length=80, editable=False)
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)


class DeliveryState(models.TextChoices):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up: the retry window ended


class WebhookDelivery(BaseModel):
    """One event for one subscription. `delivery_id` is sent as a header and stays the same across
    retries and redeliveries, so receivers can drop duplicates."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    retry_window_from = models.DateTimeField(auto_now_add=True)  # reset by a redelivery
    delivered_at = models.DateTimeField(null=True, blank=True)
    # One attempt at a time: a worker claims the row until this moment (conditional UPDATE), so a
    # duplicate message or a second worker finds it taken; a crashed worker's claim simply lapses.
    claimed_until = models.DateTimeField(null=True, blank=True)
    requeued_count = models.PositiveIntegerField(default=0)  # lost broker messages re-published
    requeued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
