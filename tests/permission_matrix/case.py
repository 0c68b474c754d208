"""One row of the permission matrix: a route × method, with the status each persona must get."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.world import ROLES, World

OK, CREATED, NO_CONTENT = 200, 201, 204
UNAUTH, FORBIDDEN, NOT_FOUND = 401, 403, 404


@dataclass(frozen=True)
class Case:
    route: str  # URL name
    method: str  # "get", "post", ...
    expect: dict[str, int]  # persona -> status; every persona in ROLES must be listed
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {"studio_id": w.a.studio.public_id})
    data: Callable[[World], Any] | None = None
    format: str = "json"
    label: str = ""
    # Studio API key personas (integrations/): derived by key_expectations() unless given here.
    keys: dict[str, int] | None = None

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.route} {self.method}: no expectation for {sorted(missing)}")

    def key_expect(self, world: World) -> dict[str, int]:
        return key_expectations(self, world) | (self.keys or {})

    @property
    def id(self) -> str:
        return f"{self.route}:{self.method}{':' + self.label if self.label else ''}"


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expectations with anonymous → 401 and outsider → 404 unless overridden."""
    table = {role: default for role in ROLES}
    table["anonymous"] = UNAUTH
    table["outsider"] = NOT_FOUND
    table.update(overrides)
    return table


# URL kwargs shared by every matrix: studio A, and its dancer / class by public id.
def studio_kwargs(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id}


def dancer_kwargs(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id, "pk": w.a.dancer.public_id}


def class_kwargs(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id, "pk": w.a.class_group.public_id}


# A key of studio A (read / write scope) and a write key of studio B.
KEY_ROLES = ("key_read", "key_write", "key_other")


def key_expectations(case: Case, world: World) -> dict[str, int]:
    """The rule every row follows unless it overrides it (`keys=`): keys only work under their own
    studio's StudioScopedMixin routes (elsewhere, e.g. the studio list, they are anonymous: 401);
    another studio's key gets the outsider's 404; a write key gets what the director gets; a read key
    too on GET, 403 on writes."""
    from django.urls import resolve, reverse

    from studios.scoping import StudioScopedMixin

    director = case.expect["director"]
    view = getattr(resolve(reverse(case.route, kwargs=case.kwargs(world))).func, "cls", None)
    if view is None or not issubclass(view, StudioScopedMixin):
        return dict.fromkeys(KEY_ROLES, UNAUTH)
    return {
        "key_read": director if case.method == "get" else FORBIDDEN,
        "key_write": director,
        "key_other": NOT_FOUND,
    }
