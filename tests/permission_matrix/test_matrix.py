"""The ownership matrix: every studio-scoped API route × method × persona → exact status.

Rows live in `cases_<app>.py` modules beside this file (each exports CASES and optionally setup(world)).
`test_every_route_has_rows` walks the URL conf, so a new route without rows fails.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

import tests.permission_matrix as matrix_pkg
from tests.conftest import client_for
from tests.permission_matrix.case import KEY_ROLES, Case
from tests.world import ROLES, World, build_world

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def case_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{matrix_pkg.__name__}.{info.name}")
        for info in pkgutil.iter_modules(matrix_pkg.__path__)
        if info.name.startswith("cases_")
    ]


MODULES = case_modules()
ALL_CASES: list[tuple[ModuleType, Case]] = [(m, c) for m in MODULES for c in m.CASES]


def walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def api_routes() -> set[tuple[str, str]]:
    """(url name, method) for every route under /api/studios/."""
    found: set[tuple[str, str]] = set()
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith("api/studios/") or "<drf_format_suffix" in route or "\\.(?P<format>" in route:
            continue
        callback = pattern.callback
        actions = getattr(callback, "actions", None)
        if actions:
            methods = set(actions)
        else:
            view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            methods = {m for m in HTTP_METHODS if view_class is not None and hasattr(view_class, m)}
        found |= {(pattern.name, m) for m in methods if m in HTTP_METHODS}
    return found


def test_every_route_has_rows() -> None:
    covered = {(c.route, c.method) for _, c in ALL_CASES}
    missing = sorted(api_routes() - covered)
    assert not missing, f"API routes without permission-matrix rows: {missing}"
    stale = sorted(covered - api_routes())
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize(("module", "case"), ALL_CASES, ids=[c.id for _, c in ALL_CASES])
def test_matrix(module: ModuleType, case: Case) -> None:
    # One world per row; each persona runs inside a savepoint so writes of one do not leak to the next.
    from django.db import transaction

    world: World = build_world()
    for mod in MODULES:
        if hasattr(mod, "setup"):
            mod.setup(world)
    failures = []

    def request_as(role: str, make_client: Callable[[str], Any], expected: int, *, foreign: bool) -> None:
        """One persona's request inside a savepoint; a foreign persona's 404 shows nothing of Studio A."""
        sid = transaction.savepoint()
        try:
            client = make_client(role)
            url = reverse(case.route, kwargs=case.kwargs(world))
            data = case.data(world) if case.data else None
            response = getattr(client, case.method)(url, data=data, format=case.format)
            if response.status_code != expected:
                body = getattr(response, "data", None) or response.content[:200]
                failures.append(f"{role}: expected {expected}, got {response.status_code} {body}")
            if foreign and response.status_code == 404:
                assert b"Studio A" not in response.content
        finally:
            transaction.savepoint_rollback(sid)

    def key_client(role: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world.extra['keys'][role]}")
        return client

    for role in ROLES:
        request_as(role, lambda r: client_for(world, r), case.expect[role], foreign=role == "outsider")
    key_expect = case.key_expect(world)
    for role in KEY_ROLES:  # studio API keys (integrations/): same row, key credentials
        request_as(role, key_client, key_expect[role], foreign=role == "key_other")
    assert not failures, f"{case.id}\n" + "\n".join(failures)
