"""Matrix rows for integrations/ routes, and the studio API keys every row is also run with."""

from __future__ import annotations

from integrations.embed import embed_settings_update
from integrations.services import api_key_create
from integrations.webhook_models import WebhookDelivery
from integrations.webhooks import webhook_subscription_create
from studios.policies import actor_for
from tests.permission_matrix.case import CREATED, FORBIDDEN, NOT_FOUND, OK, Case, expect, studio_kwargs
from tests.world import World

# Keys never manage keys, whatever their scope.
NO_KEYS = {"key_read": FORBIDDEN, "key_write": FORBIDDEN, "key_other": NOT_FOUND}


def setup(world: World) -> None:
    keys = {}
    for role, tenant, scope in (
        ("key_read", world.a, "read"),
        ("key_write", world.a, "write"),
        ("key_other", world.b, "write"),
    ):
        actor = actor_for(user=tenant.director, studio=tenant.studio)
        assert actor is not None
        row, plain = api_key_create(studio=tenant.studio, actor=actor, name=role, scope=scope)
        keys[role] = plain
        world.extra[f"{role}_row"] = row
    world.extra["keys"] = keys
    director = actor_for(user=world.a.director, studio=world.a.studio)
    assert director is not None
    # Port 9 (discard) on loopback: test sends fail fast, nothing leaves the machine.
    subscription, _ = webhook_subscription_create(
        studio=world.a.studio, actor=director, url="http://127.0.0.1:9/hook", events=["analysis.failed"]
    )
    world.extra["webhook"] = subscription
    embed_settings_update(
        studio=world.a.studio, actor=director, origins=["https://portal.a.example"],
        show_name=True, show_results=True, show_compliance=True,
    )  # fmt: skip
    world.extra["webhook_delivery"] = WebhookDelivery.objects.create(
        studio=world.a.studio, subscription=subscription, event="analysis.failed", payload={"id": "x"}
    )


def _key(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["key_read_row"].public_id}


def _webhook(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["webhook"].public_id}


def _delivery(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["webhook_delivery"].public_id}


DIRECTOR_ONLY = expect(FORBIDDEN, director=OK)
ACCEPTED = 202

CASES = [
    Case("api-key-list", "get", expect(FORBIDDEN, director=OK), kwargs=studio_kwargs, keys=NO_KEYS),
    Case(
        "api-key-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"name": "Jackrabbit sync", "scope": "read"},
        keys=NO_KEYS,
    ),
    # Rename and rescope (never the key itself): keys never manage keys, whatever their scope.
    Case("api-key-detail", "patch", DIRECTOR_ONLY, kwargs=_key, data=lambda w: {"scope": "write"}, keys=NO_KEYS),
    Case("api-key-revoke", "post", expect(FORBIDDEN, director=OK), kwargs=_key, keys=NO_KEYS),
    # Webhooks: director-level, so keys follow the rule (read key lists, write key also creates).
    Case("webhook-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case(
        "webhook-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"url": "http://127.0.0.1:9/other", "events": ["assignment.created"]},
    ),
    Case("webhook-detail", "patch", DIRECTOR_ONLY, kwargs=_webhook, data=lambda w: {"active": False}),
    Case("webhook-send-test", "post", expect(FORBIDDEN, director=ACCEPTED), kwargs=_webhook),
    Case("webhook-delivery-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case("webhook-delivery-redeliver", "post", expect(FORBIDDEN, director=ACCEPTED), kwargs=_delivery),
    # Embed launch links mint read access only, so a read key may POST too (read_key_actions).
    Case(
        "embed-link-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"dancer": str(w.a.dancer.public_id)},
        keys={"key_read": CREATED, "key_write": CREATED, "key_other": NOT_FOUND},
    ),
]
