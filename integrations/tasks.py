"""Celery task for outbound webhooks (notifications queue): one attempt, then re-schedule itself."""

from __future__ import annotations

from celery import shared_task

from integrations.webhooks import webhook_delivery_attempt


@shared_task(name="integrations.tasks.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=delay)
