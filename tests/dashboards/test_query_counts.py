"""The number of queries of every dashboard endpoint and page does not grow with the number of dancers."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.seeding import seed_class
from tests.conftest import client_for
from tests.world import World


def _urls(world: World) -> dict[str, tuple[str, str]]:
    sid = world.a.studio.public_id
    group = world.a.class_group.public_id
    dancer = world.a.dancer.public_id
    return {
        "roster api": ("director", reverse("dashboard-roster-api", kwargs={"studio_id": sid})),
        "roster page": ("director", reverse("dashboard-roster", kwargs={"studio_id": sid})),
        "roster page sorted": (
            "director",
            reverse("dashboard-roster", kwargs={"studio_id": sid}) + "?sort=compliance&dir=desc&show=behind",
        ),
        "class api": ("teacher", reverse("dashboard-class-api", kwargs={"studio_id": sid, "pk": group})),
        "class page": ("teacher", reverse("dashboard-class", kwargs={"studio_id": sid, "pk": group})),
        "dancer api": ("teacher", reverse("dashboard-dancer-api", kwargs={"studio_id": sid, "pk": dancer})),
        "dancer page": ("dancer", reverse("dashboard-dancer", kwargs={"studio_id": sid, "pk": dancer})),
    }


def _count(world: World) -> dict[str, int]:
    counts = {}
    for name, (role, url) in _urls(world).items():
        client = client_for(world, role)
        client.get(url)  # warm-up: session and content-type caches are not part of the page's cost
        cache.clear()  # cold: rows are built from the selectors
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as warm:  # warm: rows come from the row cache
            assert client.get(url).status_code == 200
        counts[f"{name} (cold)"] = len(cold.captured_queries)
        counts[f"{name} (warm)"] = len(warm.captured_queries)
    return counts


@pytest.mark.slow
def test_query_count_is_the_same_for_10_and_200_dancers(world: World) -> None:
    a = world.a
    today = a.studio.today()
    seed_class(
        studio=a.studio, season=a.season, group=a.class_group, n_dancers=9, screenings=3, weeks=6, today=today
    )
    assert a.class_group.dancers.count() == 10
    small = _count(world)
    seed_class(
        studio=a.studio,
        season=a.season,
        group=a.class_group,
        n_dancers=190,
        screenings=3,
        weeks=6,
        today=today,
        seed=8,
    )
    assert a.class_group.dancers.count() == 200
    large = _count(world)
    assert small == large, f"10 dancers: {small}\n200 dancers: {large}"
