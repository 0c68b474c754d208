"""Celery tasks for integrations: a webhook attempt (notifications queue, re-schedules itself) and
the beat repairs (maintenance queue): lost webhook messages re-queued, used embed links purged."""

from __future__ import annotations

from celery import shared_task

from integrations import embed_sessions, webhook_requeue
from integrations.webhooks import webhook_delivery_attempt


@shared_task(name="integrations.tasks.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    # Eager mode (demo, most tests) ignores countdown: re-queuing would retry in a tight recursion.
    if delay is not None and not deliver_webhook.app.conf.task_always_eager:
        deliver_webhook.apply_async((delivery_id,), countdown=delay)


@shared_task(name="integrations.tasks.webhook_deliveries_requeue", ignore_result=True)
def webhook_deliveries_requeue() -> int:
    return webhook_requeue.webhook_deliveries_requeue()


@shared_task(name="integrations.tasks.embed_link_uses_purge", ignore_result=True)
def embed_link_uses_purge() -> int:
    return embed_sessions.embed_link_uses_purge()
