"""Outbound webhooks end to end: a real Celery worker POSTs to real HTTP receivers on 127.0.0.1.

The receivers verify every signature, tolerate a duplicate (same delivery id), and one always
answers 500: it is retried with backoff, then the subscription is turned off and the director
e-mailed (time compressed by WEBHOOKS_RETRY_* for the worker).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from integrations.webhook_models import DeliveryState, WebhookDelivery
from integrations.webhooks import webhook_redeliver, webhook_subscription_create, webhook_test_send
from programs.models import Program
from programs.services import assignment_create
from studiohealth.core.exceptions import ApplicationError
from studios.policies import actor_for
from tests.celery_support import (
    celery_worker,
    default_redis_url,
    flush_redis,
    publishing_to,
    wait_for,
)
from tests.world import World

FAST_RETRIES = {
    "WEBHOOKS_RETRY_BASE_SECONDS": "0.3",
    "WEBHOOKS_RETRY_MAX_SECONDS": "1",
    "WEBHOOKS_RETRY_WINDOW_SECONDS": "4",
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
}


@dataclass
class Receiver:
    secret: str = ""
    status: int = 200
    received: list[dict] = field(default_factory=list)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delivery_ids(self) -> list[str]:
        with self.lock:
            return [r["delivery"] for r in self.received]


@contextmanager
def receiver(status: int = 200, delay: float = 0.0) -> Iterator[tuple[Receiver, str]]:
    """`delay`: seconds before answering (a slow endpoint, so overlapping attempts would show)."""
    state = Receiver(status=status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            timestamp = self.headers["X-Studiohealth-Timestamp"]
            expected = (
                "sha256="
                + hmac.new(
                    state.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
                ).hexdigest()
            )
            with state.lock:
                if not hmac.compare_digest(expected, self.headers["X-Studiohealth-Signature"]):
                    state.bad_signatures += 1
                delivery = self.headers["X-Studiohealth-Delivery"]
                duplicate = delivery in [r["delivery"] for r in state.received]
                state.received.append(
                    {"delivery": delivery, "body": json.loads(body), "duplicate": duplicate, "at": time.time()}
                )
            time.sleep(delay)
            self.send_response(state.status)  # a duplicate is acknowledged, not processed twice
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_signed_events_duplicates_and_a_failing_endpoint_disabled(world: World, tmp_path: Path) -> None:
    redis_url = default_redis_url()
    flush_redis(redis_url)
    director = actor_for(user=world.a.director, studio=world.a.studio)
    assert director is not None
    world.a.director.email = "director@example.test"
    world.a.director.save()
    program = Program.objects.create(studio=world.a.studio, name="Glute basics", created_by=world.a.director)
    mail_dir = tmp_path / "mail"
    env = FAST_RETRIES | {"EMAIL_FILE_PATH": str(mail_dir)}
    with (
        receiver() as (good, good_url),
        receiver(status=500) as (bad, bad_url),
        celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log", extra_env=env) as worker,
        publishing_to(redis_url),
    ):
        sub, good.secret = webhook_subscription_create(
            studio=world.a.studio,
            actor=director,
            url=good_url,
            events=["assignment.created", "analysis.completed"],
        )
        failing, bad.secret = webhook_subscription_create(
            studio=world.a.studio, actor=director, url=bad_url, events=["assignment.created"]
        )
        # The event comes from the existing service, after its transaction commits.
        assignment = assignment_create(
            studio=world.a.studio, actor=director, program=program, dancer=world.a.dancer
        )
        wait_for(lambda: len(good.delivery_ids()) == 1, timeout=30, what="good receiver got the event")
        body = good.received[0]["body"]
        assert body["event"] == "assignment.created"
        assert body["data"]["assignment"] == str(assignment.public_id)
        assert body["data"]["link"].endswith(f"/assignments/{assignment.public_id}/")
        assert set(body["data"]) == {
            "assignment",
            "dancer",
            "class",
            "program",
            "link",
        }  # ids and a link only

        # Redelivery: the same delivery id again; the receiver sees a duplicate and acknowledges it.
        delivered = WebhookDelivery.objects.get(subscription=sub)
        wait_for(lambda: WebhookDelivery.objects.get(pk=delivered.pk).state == DeliveryState.DELIVERED,
                 timeout=10, what="delivery marked delivered")  # fmt: skip
        webhook_redeliver(studio=world.a.studio, actor=director, delivery=delivered)
        wait_for(lambda: len(good.delivery_ids()) == 2, timeout=30, what="redelivery")
        assert good.delivery_ids()[0] == good.delivery_ids()[1] and good.received[1]["duplicate"]

        webhook_test_send(studio=world.a.studio, actor=director, subscription=sub)
        wait_for(lambda: len(good.delivery_ids()) == 3, timeout=30, what="test event")
        assert good.received[2]["body"]["event"] == "test"

        # The failing endpoint: retried with backoff inside the window, then turned off.
        wait_for(
            lambda: not type(failing).objects.get(pk=failing.pk).active, timeout=60, what="failing disabled"
        )
        attempts = WebhookDelivery.objects.get(subscription=failing)
        assert attempts.state == DeliveryState.FAILED and attempts.last_status_code == 500
        assert attempts.attempts >= 3 and len(bad.delivery_ids()) == attempts.attempts
        assert len(set(bad.delivery_ids())) == 1  # every retry carries the same delivery id
        assert worker.alive()
    assert good.bad_signatures == 0 and bad.bad_signatures == 0
    sent = "".join(p.read_text() for p in mail_dir.glob("*"))
    assert "turned off" in sent and "director@example.test" in sent


@pytest.mark.django_db
@override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False)
@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/hook", "http://10.0.0.5/hook", "http://169.254.169.254/latest/", "http://[::1]/x",
     "http://localhost/hook", "ftp://example.com/x"],
)  # fmt: skip
def test_private_targets_are_refused_with_the_guard_on(world: World, url: str) -> None:
    director = actor_for(user=world.a.director, studio=world.a.studio)
    assert director is not None
    with pytest.raises(ApplicationError):
        webhook_subscription_create(studio=world.a.studio, actor=director, url=url, events=["test"])
    assert not mail.outbox


def test_production_settings_keep_the_guard_on() -> None:
    """Even with the environment asking for it, production settings refuse private targets."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "studiohealth.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "ALLOWED_HOSTS": "studio.example",
        "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "False"
