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

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.route} {self.method}: no expectation for {sorted(missing)}")

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
