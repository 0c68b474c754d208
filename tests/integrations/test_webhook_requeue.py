"""Lost webhook messages are re-queued, and an attempt never runs twice at once: a real Celery
worker on real Redis POSTs to a real receiver (tests/integrations/test_webhooks.py) that verifies
every signature. The broker loses the message (the Redis database flushed before any worker took
it), beat's task re-publishes it, the receiver gets exactly one signed delivery, and a second run
sends nothing; duplicate messages for one delivery on a two-process worker send once."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations.tasks import deliver_webhook
from integrations.tasks import webhook_deliveries_requeue as requeue_task
from integrations.webhook_models import DeliveryState, WebhookDelivery, WebhookSubscription
from integrations.webhook_requeue import webhook_deliveries_requeue
from integrations.webhooks import (
    _delivery_create,
    webhook_subscription_create,
    webhook_subscription_set_active,
    webhook_test_send,
)
from studios.policies import Actor, actor_for
from tests.celery_support import celery_worker, default_redis_url, flush_redis, publishing_to, wait_for
from tests.integrations.test_webhooks import receiver
from tests.world import World

GRACE = {"WEBHOOKS_REQUEUE_GRACE_SECONDS": "1"}


def _director(world: World) -> Actor:
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    assert actor is not None
    return actor


@pytest.fixture
def redis_url() -> str:
    """The tests' Redis, emptied of an aborted earlier run's messages."""
    url = default_redis_url()
    flush_redis(url)
    return url


def _task_runs(log: str, name: str) -> int:
    return log.count(f"Task {name}[") // 2  # "received" and "succeeded" lines per run


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_lost_message_is_requeued_and_sent_once(
    world: World, tmp_path: Path, redis_url: str, settings
) -> None:  # noqa: ANN001
    settings.WEBHOOKS_REQUEUE_GRACE_SECONDS = 1
    director = _director(world)
    with receiver() as (hook, url), publishing_to(redis_url):
        subscription, hook.secret = webhook_subscription_create(
            studio=world.a.studio, actor=director, url=url, events=["test"]
        )
        delivery = webhook_test_send(studio=world.a.studio, actor=director, subscription=subscription)
        flush_redis(redis_url)  # the broker loses the published attempt before any worker took it
        time.sleep(1.2)  # past the grace period
        with celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log", extra_env=GRACE) as worker:
            time.sleep(1)
            assert hook.delivery_ids() == []  # nothing left to send it
            assert WebhookDelivery.objects.get(pk=delivery.pk).state == DeliveryState.PENDING

            requeue_task.delay()  # what beat publishes every WEBHOOKS_REQUEUE_INTERVAL_SECONDS
            wait_for(lambda: len(hook.delivery_ids()) == 1, timeout=60, what="the re-queued delivery")
            wait_for(
                lambda: WebhookDelivery.objects.get(pk=delivery.pk).state == DeliveryState.DELIVERED,
                timeout=30,
                what="delivery marked delivered",
            )
            row = WebhookDelivery.objects.get(pk=delivery.pk)
            assert row.attempts == 1 and row.requeued_count == 1 and row.claimed_until is None
            assert hook.delivery_ids() == [str(delivery.delivery_id)]

            requeue_task.delay()  # a second run finds nothing lost
            name = "integrations.tasks.webhook_deliveries_requeue"
            wait_for(lambda: _task_runs(worker.log(), name) == 2, timeout=60, what="second requeue run")
            time.sleep(1)
            assert len(hook.delivery_ids()) == 1
            assert webhook_deliveries_requeue() == 0
            assert worker.alive()
    assert hook.bad_signatures == 0
    assert WebhookDelivery.objects.get(pk=delivery.pk).requeued_count == 1
    # The director's delivery log says so.
    page = Client()
    page.force_login(world.a.director)
    html = page.get(reverse("integrations-webhooks", kwargs={"studio_id": world.a.studio.public_id}))
    row_html = html.content.decode().split(f'data-delivery="{delivery.delivery_id}"', 1)[1].split("</tr>")[0]
    assert "delivered" in row_html and "re-queued: its message was lost" in row_html


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_duplicate_messages_on_two_worker_processes_send_once(
    world: World, tmp_path: Path, redis_url: str
) -> None:
    director = _director(world)
    with (
        receiver(delay=1.5) as (hook, url),  # slow: overlapping attempts would both reach it
        celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log", concurrency=2) as worker,
        publishing_to(redis_url),
    ):
        subscription, hook.secret = webhook_subscription_create(
            studio=world.a.studio, actor=director, url=url, events=["test"]
        )
        delivery = _delivery_create(subscription=subscription, event="test", data={"message": "once"})
        for _ in range(4):  # the original, a redelivered copy, two re-queued ones
            deliver_webhook.delay(delivery.pk)
        wait_for(
            lambda: _task_runs(worker.log(), "integrations.tasks.deliver_webhook") == 4,
            timeout=60,
            what="all four messages handled",
        )
        assert hook.delivery_ids() == [str(delivery.delivery_id)]
        row = WebhookDelivery.objects.get(pk=delivery.pk)
        assert row.state == DeliveryState.DELIVERED and row.attempts == 1
    assert hook.bad_signatures == 0


@pytest.mark.django_db
def test_requeue_picks_only_lost_deliveries_of_active_subscriptions(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.WEBHOOKS_REQUEUE_GRACE_SECONDS = 300
    director = _director(world)
    live, _ = webhook_subscription_create(
        studio=world.a.studio, actor=director, url="http://127.0.0.1:9/hook", events=["test"]
    )
    off, _ = webhook_subscription_create(
        studio=world.a.studio, actor=director, url="http://127.0.0.1:9/off", events=["test"]
    )
    now = timezone.now()
    old = now - timedelta(seconds=301)

    def row(subscription: WebhookSubscription, **fields: object) -> WebhookDelivery:
        delivery = _delivery_create(subscription=subscription, event="test", data={})
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        return delivery

    never_sent = row(live, retry_window_from=old)  # first message lost
    between_retries = row(live, attempts=2, next_attempt_at=old)  # a retry's message lost
    row(live, retry_window_from=now - timedelta(seconds=200))  # inside the grace: its message may come
    row(live, next_attempt_at=now + timedelta(seconds=60), retry_window_from=old)  # waiting for its retry
    row(live, state=DeliveryState.DELIVERED, retry_window_from=old)
    row(live, state=DeliveryState.FAILED, retry_window_from=old)
    row(live, next_attempt_at=old, claimed_until=now + timedelta(seconds=30))  # being attempted now
    disabled = row(off, retry_window_from=old)
    webhook_subscription_set_active(studio=world.a.studio, actor=director, subscription=off, active=False)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert webhook_deliveries_requeue() == 2
    assert len(callbacks) == 1  # the messages go out after the rows commit
    requeued = set(WebhookDelivery.objects.filter(requeued_count=1).values_list("pk", flat=True))
    assert requeued == {never_sent.pk, between_retries.pk}
    assert WebhookDelivery.objects.get(pk=disabled.pk).requeued_count == 0
    # Their due time is now: the next run does not publish them again while the worker gets to them.
    assert webhook_deliveries_requeue() == 0
