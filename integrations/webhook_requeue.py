"""Repair for lost webhook messages: re-publish the attempt of every delivery still pending well past
its due time (Redis flushed, a worker killed between retries, a message published before its row
committed). The attempt itself decides whether to send (integrations.webhooks._delivery_claim), so
a re-published message that meets a live one sends once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from integrations.webhook_models import DeliveryState, WebhookDelivery
from integrations.webhooks import delivery_publish

BATCH = 500  # per beat run; the next run takes the rest


@transaction.atomic
def webhook_deliveries_requeue() -> int:
    """Re-publish lost deliveries of active subscriptions; returns how many. The rows are locked with
    SKIP LOCKED and their due time moved to now, so two beat runs (or a second one before the worker
    got to it) never re-publish the same delivery twice."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.WEBHOOKS_REQUEUE_GRACE_SECONDS)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)  # a live attempt holds no message
    ids = list(
        WebhookDelivery.objects.annotate(due=Coalesce("next_attempt_at", "retry_window_from"))
        .filter(free, state=DeliveryState.PENDING, subscription__active=True, due__lt=cutoff)
        .order_by("due")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return 0
    # next_attempt_at = now: due for the attempt, and not "lost" again until another grace period.
    WebhookDelivery.objects.filter(pk__in=ids).update(
        next_attempt_at=now, requeued_count=F("requeued_count") + 1, requeued_at=now
    )

    def publish() -> None:
        for pk in ids:
            delivery_publish(pk)

    transaction.on_commit(publish)
    return len(ids)
