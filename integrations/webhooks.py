"""Outbound webhooks: subscribe, emit an event to every matching subscription, attempt one delivery
(signed POST, backoff, disable after the retry window), redeliver and test events."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.ssrf import webhook_url_check
from integrations.webhook_models import EVENTS, DeliveryState, WebhookDelivery, WebhookSubscription
from studiohealth.celery import app
from studiohealth.core.exceptions import ApplicationError
from studios.models import Role, Studio
from studios.policies import Actor

SIGNATURE_HEADER = "X-Studiohealth-Signature"  # "sha256=<hex of HMAC-SHA256(secret, ts + '.' + body)>"
TIMESTAMP_HEADER = "X-Studiohealth-Timestamp"  # unix seconds; receivers reject old ones (replay)
DELIVERY_HEADER = "X-Studiohealth-Delivery"  # same id on every retry: receivers drop duplicates
EVENT_HEADER = "X-Studiohealth-Event"
# Published by name: integrations.tasks imports this module, so the task object cannot be imported here.
DELIVER_TASK = "integrations.tasks.deliver_webhook"
# A retry message may run a moment before its row's next_attempt_at (clocks of two worker machines).
EARLY_TOLERANCE = timedelta(seconds=1)


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@transaction.atomic
def webhook_subscription_create(
    *, studio: Studio, actor: Actor, url: str, events: list[str]
) -> tuple[WebhookSubscription, str]:
    """A new subscription; returns (row, secret to show once)."""
    if not actor.is_director or actor.studio.pk != studio.pk:
        raise ApplicationError("Only the studio's director can add webhooks.")
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise ApplicationError(
            "Unknown or missing webhook events.", extra={"unknown": unknown, "known": EVENTS}
        )
    webhook_url_check(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(studio=studio, url=url, events=sorted(set(events)), secret=secret)
    subscription.full_clean()
    subscription.save()
    return subscription, secret


def webhook_event_emit(*, studio: Studio, event: str, data: dict[str, Any]) -> None:
    """Queue `event` for the studio's active subscriptions once the caller's transaction commits.
    `data` holds ids and links only (never clip bytes or health details)."""
    studio_id = studio.pk

    def fan_out() -> None:
        subscriptions = WebhookSubscription.objects.filter(studio_id=studio_id, active=True).select_related(
            "studio"
        )
        # One INSERT for every subscription's row (the emitting request must not pay per subscriber).
        rows = [
            _delivery_new(subscription=s, event=event, data=data) for s in subscriptions if event in s.events
        ]
        for delivery in WebhookDelivery.objects.bulk_create(rows):
            delivery_publish(delivery.pk)

    transaction.on_commit(fan_out)


def delivery_publish(delivery_id: int) -> None:
    """Queue one attempt of the delivery (notifications queue, by the task routes)."""
    app.signature(DELIVER_TASK, args=(delivery_id,)).delay()


def _delivery_new(*, subscription: WebhookSubscription, event: str, data: dict[str, Any]) -> WebhookDelivery:
    delivery = WebhookDelivery(
        studio_id=subscription.studio_id, subscription=subscription, event=event, payload={}
    )
    delivery.payload = {
        "id": str(delivery.delivery_id),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "studio": str(subscription.studio.public_id),
        "data": data,
    }
    return delivery


def _delivery_create(
    *, subscription: WebhookSubscription, event: str, data: dict[str, Any]
) -> WebhookDelivery:
    delivery = _delivery_new(subscription=subscription, event=event, data=data)
    delivery.full_clean()
    delivery.save()
    return delivery


def _retry_delay(attempts: int) -> float:
    """Exponential backoff: base × 2^(attempts-1), capped (settings; minutes to hours in production)."""
    return float(
        min(settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts - 1), settings.WEBHOOKS_RETRY_MAX_SECONDS)
    )


def _delivery_claim(*, delivery_id: int) -> WebhookDelivery | None:
    """Take the row for one attempt (conditional UPDATE, the analysis-claim pattern), or None: done,
    subscription off, not due yet (a duplicate or re-queued message; the live chain keeps its own
    timer) or claimed by another worker. The claim outlives the POST's timeout; a crash lets it lapse."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY_TOLERANCE)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    lease = timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS + 30)
    active = WebhookSubscription.objects.filter(active=True).values("pk")
    # No join in the UPDATE: Django would move every condition into a `pk IN (subquery)` read at the
    # statement's start, and a worker blocked on the row lock would then claim it too. Conditions on
    # the row itself are re-checked by PostgreSQL once the other worker's claim commits.
    claimed = WebhookDelivery.objects.filter(
        due, free, pk=delivery_id, state=DeliveryState.PENDING, subscription_id__in=active
    ).update(claimed_until=now + lease)
    if claimed != 1:
        return None
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)


def webhook_delivery_attempt(*, delivery_id: int) -> float | None:
    """POST once. Returns seconds until the next attempt, or None when done (delivered / gave up) or
    when this message is not the one to send it (see _delivery_claim)."""
    delivery = _delivery_claim(delivery_id=delivery_id)
    if delivery is None:
        return None
    delivery.claimed_until = None  # every save below releases the claim
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    status, error = _post(subscription=subscription, delivery=delivery, body=body, timestamp=timestamp)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error[:300]
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = DeliveryState.DELIVERED, now, None
        delivery.save()
        return None
    window_ends = delivery.retry_window_from + timedelta(seconds=settings.WEBHOOKS_RETRY_WINDOW_SECONDS)
    delay = _retry_delay(delivery.attempts)
    if now + timedelta(seconds=delay) > window_ends:
        delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        delivery.save()
        _subscription_disable(
            subscription=subscription, reason=f"no 2xx answer for {delivery.attempts} attempts"
        )
        return None
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save()
    return delay


def _post(
    *, subscription: WebhookSubscription, delivery: WebhookDelivery, body: bytes, timestamp: str
) -> tuple[int | None, str]:
    try:
        webhook_url_check(subscription.url)  # again at send time: DNS can change after subscribing
    except ApplicationError as error:
        return None, error.message
    request = urllib.request.Request(  # noqa: S310  # scheme checked by webhook_url_check
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "studiohealth-webhooks/1",
            SIGNATURE_HEADER: signature(secret=subscription.secret, timestamp=timestamp, body=body),
            TIMESTAMP_HEADER: timestamp,
            DELIVERY_HEADER: str(delivery.delivery_id),
            EVENT_HEADER: delivery.event,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return None, str(getattr(error, "reason", error))


def _subscription_disable(*, subscription: WebhookSubscription, reason: str) -> None:
    subscription.active = False
    subscription.disabled_at = timezone.now()
    subscription.disabled_reason = reason[:200]
    subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
    _director_tell(subscription=subscription)


def _director_tell(*, subscription: WebhookSubscription) -> None:
    emails = [
        m.user.email
        for m in subscription.studio.memberships.filter(role=Role.DIRECTOR).select_related("user")
        if m.user.email
    ]
    if emails:
        send_mail(
            subject=f"{subscription.studio.name}: webhook to {subscription.url} turned off",
            message=(
                f"studiohealth could not deliver events to {subscription.url} for "
                f"{settings.WEBHOOKS_RETRY_WINDOW_SECONDS // 3600} hours and turned this webhook off. "
                "Fix the receiver, then add the webhook again and redeliver missed events."
            ),
            from_email=None,
            recipient_list=emails,
        )


def webhook_redeliver(*, studio: Studio, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again with the same delivery id (receivers de-duplicate), with a fresh retry
    window; a subscription turned off by failures is turned back on (the director asked for it)."""
    if not actor.is_director or delivery.studio_id != studio.pk:
        raise ApplicationError("Only the studio's director can redeliver webhooks.")
    WebhookSubscription.objects.filter(pk=delivery.subscription_id).update(
        active=True, disabled_at=None, disabled_reason=""
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=None, retry_window_from=timezone.now()
    )
    transaction.on_commit(lambda: delivery_publish(delivery.pk))
    delivery.refresh_from_db()
    return delivery


def webhook_test_send(*, studio: Studio, actor: Actor, subscription: WebhookSubscription) -> WebhookDelivery:
    """A "test" event to this subscription (whatever events it chose), sent like any other."""
    if not actor.is_director or subscription.studio_id != studio.pk:
        raise ApplicationError("Only the studio's director can send test events.")
    delivery = _delivery_create(subscription=subscription, event="test", data={"message": "Test event."})
    transaction.on_commit(lambda: delivery_publish(delivery.pk))
    return delivery


def _require_director(*, studio: Studio, actor: Actor, subscription: WebhookSubscription) -> None:
    if not actor.is_director or subscription.studio_id != studio.pk:
        raise ApplicationError("Only the studio's director can change webhooks.")


@transaction.atomic
def webhook_subscription_set_active(
    *, studio: Studio, actor: Actor, subscription: WebhookSubscription, active: bool
) -> WebhookSubscription:
    """Turn a subscription off (events are no longer queued for it) or back on (URL checked again)."""
    _require_director(studio=studio, actor=actor, subscription=subscription)
    if active:
        webhook_url_check(subscription.url)
    subscription.active = active
    subscription.disabled_at = None if active else timezone.now()
    subscription.disabled_reason = "" if active else "turned off by the director"
    subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
    return subscription


@transaction.atomic
def webhook_subscription_update(
    *, studio: Studio, actor: Actor, subscription: WebhookSubscription, url: str | None = None,
    events: list[str] | None = None, active: bool | None = None,
) -> WebhookSubscription:  # fmt: skip
    """PATCH: a new URL passes the same SSRF guard as a new subscription; `active` goes through
    `webhook_subscription_set_active` (turning on clears why it was off). The secret stays, unshown."""
    _require_director(studio=studio, actor=actor, subscription=subscription)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if events is not None:
        unknown = sorted(set(events) - set(EVENTS))
        if unknown or not events:
            raise ApplicationError(
                "Unknown or missing webhook events.", extra={"unknown": unknown, "known": EVENTS}
            )
        subscription.events = sorted(set(events))
    if url is not None:
        webhook_url_check(url)
        subscription.url = url
    subscription.full_clean()
    subscription.save(update_fields=["url", "events", "updated_at"])
    if active is not None and active != subscription.active:
        webhook_subscription_set_active(studio=studio, actor=actor, subscription=subscription, active=active)
    return subscription


@transaction.atomic
def webhook_subscription_delete(*, studio: Studio, actor: Actor, subscription: WebhookSubscription) -> None:
    """Delete a subscription and its delivery log (pending retries find no row and stop)."""
    _require_director(studio=studio, actor=actor, subscription=subscription)
    subscription.delete()
