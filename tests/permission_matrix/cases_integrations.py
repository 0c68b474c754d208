"""Matrix rows for integrations/ routes, and the studio API keys every row is also run with."""

from __future__ import annotations

from integrations.services import api_key_create
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


def _key(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["key_read_row"].public_id}


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
    Case("api-key-revoke", "post", expect(FORBIDDEN, director=OK), kwargs=_key, keys=NO_KEYS),
]
