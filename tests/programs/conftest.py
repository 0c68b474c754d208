from __future__ import annotations

import pytest

from programs.library import library_ensure


@pytest.fixture(autouse=True)
def _seeded_library(request: pytest.FixtureRequest) -> None:
    """A transactional test elsewhere in the suite (live-server browser tests) flushes every table,
    the migration-seeded library included; put it back before database tests that read it."""
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_world", "live_server"}:
        return
    marker = request.node.get_closest_marker("django_db")
    if "world" in names or "db" in names or marker is not None:
        request.getfixturevalue("db")
        library_ensure()
