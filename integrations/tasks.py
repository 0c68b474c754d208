"""Celery task for outbound webhooks (notifications queue): one attempt, then re-schedule itself."""

from __future__ import annotations

from celery import shared_task

from integrations.webhooks import webhook_delivery_attempt


@shared_task(name="integrations.tasks.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    # Eager mode (demo, most tests) ignores countdown: re-queuing would retry in a tight recursion.
    if delay is not None and not deliver_webhook.app.conf.task_always_eager:
        deliver_webhook.apply_async((delivery_id,), countdown=delay)
