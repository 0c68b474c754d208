"""The webhook API: secret shown once, named errors for bad input and private targets, the delivery
log with the receiver's answer, redeliver. Sends run eagerly here, to a real local receiver."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.webhook_models import WebhookSubscription
from tests.integrations.test_webhooks import receiver
from tests.world import World

pytestmark = pytest.mark.django_db


def _director(world: World) -> APIClient:
    client = APIClient()
    client.force_login(world.a.director)
    return client


def _url(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"studio_id": world.a.studio.public_id, **kwargs})


def test_secret_once_test_event_logged_and_redelivered(
    world: World, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    client = _director(world)
    with receiver(status=200) as (hook, url):
        created = client.post(
            _url(world, "webhook-list"), {"url": url, "events": ["analysis.completed"]}, format="json"
        )
        assert created.status_code == 201, created.data
        hook.secret = created.data["secret"]
        assert hook.secret.startswith("whsec_")
        listed = client.get(_url(world, "webhook-list")).data["results"]
        assert listed[0]["id"] == created.data["id"] and "secret" not in listed[0]
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(_url(world, "webhook-send-test", pk=created.data["id"]))
        assert sent.status_code == 202
        log = client.get(_url(world, "webhook-delivery-list")).data["results"]
        assert [(d["event"], d["state"], d["last_status_code"]) for d in log] == [("test", "delivered", 200)]
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(_url(world, "webhook-delivery-redeliver", pk=log[0]["id"]))
        assert again.status_code == 202
        assert hook.delivery_ids() == [log[0]["delivery_id"]] * 2 and hook.received[1]["duplicate"]
        assert hook.bad_signatures == 0


def test_unknown_events_are_a_named_400(world: World) -> None:
    response = _director(world).post(
        _url(world, "webhook-list"),
        {"url": "https://example.com/h", "events": ["dancer.deleted"]},
        format="json",
    )
    assert response.status_code == 400 and "events" in str(response.data)
    assert not WebhookSubscription.objects.exists()


@override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False)
def test_private_target_is_refused_by_the_api(world: World) -> None:
    response = _director(world).post(
        _url(world, "webhook-list"),
        {"url": "http://169.254.169.254/latest/", "events": ["analysis.failed"]},
        format="json",
    )
    assert response.status_code == 400
    assert "public address" in response.data["message"]
    assert not WebhookSubscription.objects.exists()
