"""The row cache: write services bump data versions on commit, and only the changed rows are rebuilt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import dashboards.rows
from dashboards.seeding import add_screening, make_program, plie_json
from programs.dancer_services import log_set
from programs.models import Assignment
from programs.services import assignment_create
from screenings.models import Analysis, AnalysisState
from screenings.services.analyses import analysis_complete
from studios.models import User
from studios.policies import Actor, actor_for
from studios.services import class_set_dancers
from tests.conftest import client_for
from tests.world import World

Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks


def _actor(user: User, w: World) -> Actor:
    actor = actor_for(user=user, studio=w.a.studio)
    assert actor is not None
    return actor


def _roster(client: Client, w: World) -> dict[str, dict]:
    url = reverse("dashboard-roster-api", kwargs={"studio_id": w.a.studio.public_id})
    return {r["first_name"]: r for r in client.get(url).json()["rows"]}


def _built(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Record which dancers each rebuild covered (the real builder still runs)."""
    calls: list[list[int]] = []
    real = dashboards.rows._build_rows

    def spy(**kw: Any) -> Any:
        calls.append(sorted(d.pk for d in kw["dancers"]))
        return real(**kw)

    monkeypatch.setattr(dashboards.rows, "_build_rows", spy)
    return calls


def _screen(w: World) -> None:
    today = w.a.studio.today()
    for dancer in (w.a.dancer, w.a.other_dancer):
        add_screening(studio=w.a.studio, season=w.a.season, dancer=dancer, on=today - timedelta(days=30),
                      plie=plie_json(1.0, 1.0))  # fmt: skip


def _program_for(w: World) -> Assignment:
    today = w.a.studio.today()
    program = make_program(studio=w.a.studio, exercises=1, sessions_per_week=1)
    with_actor = _actor(w.a.director, w)
    return assignment_create(studio=w.a.studio, actor=with_actor, program=program, dancer=w.a.dancer,
                             starts_on=today - timedelta(days=14), weeks=8, sessions_per_week=1)  # fmt: skip


def _warm_roster(
    w: World, monkeypatch: pytest.MonkeyPatch, capture: Capture
) -> tuple[Assignment, Client, list[list[int]], dict[str, dict]]:
    """Ada screened and on a program, the rebuild spy on, the director's roster built once (cold)."""
    cache.clear()
    _screen(w)
    with capture(execute=True):
        assignment = _program_for(w)
    client = client_for(w, "director")
    built = _built(monkeypatch)
    return assignment, client, built, _roster(client, w)


def _log_for_ada(w: World, capture: Capture, assignment: Assignment, key: str, days_ago: int) -> None:
    """Ada logs her program's one exercise `days_ago` days back, through the service, committed."""
    with capture(execute=True):
        log_set(studio=w.a.studio, actor=_actor(w.a.dancer_user, w), dancer=w.a.dancer, assignment=assignment,
                exercise=assignment.program.items.get().exercise, idempotency_key=key,
                on=w.a.studio.today() - timedelta(days=days_ago))  # fmt: skip


def test_one_dancers_log_rebuilds_only_her_row(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Capture
) -> None:
    assignment, client, built, before = _warm_roster(world, monkeypatch, django_capture_on_commit_callbacks)
    ada, other = world.a.dancer.pk, world.a.other_dancer.pk
    assert built == [sorted([ada, other])]  # cold: every row, in one build
    assert _roster(client, world) == before and len(built) == 1  # warm: nothing built
    _log_for_ada(world, django_capture_on_commit_callbacks, assignment, "k1", days_ago=8)
    after = _roster(client, world)
    assert built[-1] == [ada]  # only Ada's row was rebuilt
    assert after["Ada"]["season_pct"] != before["Ada"]["season_pct"]
    other_name = world.a.other_dancer.first_name
    assert after[other_name] == before[other_name]


def test_no_bump_before_commit(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    """A reader between the write and its commit must not cache old rows under the new version."""
    from studiohealth.core.versions import dancer_versions

    pk = world.a.dancer.pk
    first = dancer_versions([pk])[pk]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _program_for(world)
    assert dancer_versions([pk])[pk] == first  # not yet committed: same version
    for callback in callbacks:
        callback()
    assert dancer_versions([pk])[pk] != first


def test_cached_rows_follow_every_change(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    """The row cache never serves stale numbers: a finished analysis, a program, a log, a class change."""
    client = client_for(world, "director")
    _screen(world)
    assert _roster(client, world)["Ada"]["knee_left"]["band"] == "aligned"
    # A newer screening finished by the worker's completion service (a conditional UPDATE).
    add_screening(studio=world.a.studio, season=world.a.season, dancer=world.a.dancer,
                  on=world.a.studio.today(), plie=plie_json(0, 0), state=AnalysisState.RUNNING)  # fmt: skip
    running = Analysis.objects.get(dancer=world.a.dancer, state=AnalysisState.RUNNING)
    Analysis.objects.filter(pk=running.pk).update(claimed_by="worker-1")  # the claim
    with django_capture_on_commit_callbacks(execute=True):
        assert analysis_complete(
            analysis_id=running.pk, token="worker-1", result=plie_json(-8.0, -8.0), keyframe=None
        )
    assert _roster(client, world)["Ada"]["knee_left"]["band"] == "concern"
    with django_capture_on_commit_callbacks(execute=True):
        assignment = _program_for(world)
    ada = _roster(client, world)["Ada"]
    assert ada["has_program"] is True
    _log_for_ada(world, django_capture_on_commit_callbacks, assignment, "k1", days_ago=8)
    assert _roster(client, world)["Ada"]["season_pct"] != ada["season_pct"]
    group = world.a.other_class
    ids = [str(d.public_id) for d in group.dancers.all()] + [str(world.a.dancer.public_id)]
    with django_capture_on_commit_callbacks(execute=True):
        class_set_dancers(studio=world.a.studio, actor=_actor(world.a.director, world),
                          group=group, dancer_ids=ids)  # fmt: skip
    assert {c["name"] for c in _roster(client, world)["Ada"]["classes"]} == {"Ballet III", "Ballet IV"}


def test_lost_change_records_fall_back_to_every_dancers_version(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Capture
) -> None:
    """The scope index is brought up to date from the change records; when one is lost (or the
    change number itself), every dancer's version is checked instead: still only her row rebuilt."""
    from studiohealth.core.versions import CHANGE_KEY, CHANGE_NUMBER_KEY, studio_versions

    assignment, client, built, before = _warm_roster(world, monkeypatch, django_capture_on_commit_callbacks)
    studio_pk, ada = world.a.studio.pk, world.a.dancer.pk
    for n, lose in enumerate(("record", "number")):
        _log_for_ada(world, django_capture_on_commit_callbacks, assignment, f"lost-{n}", days_ago=8 - n)
        number = studio_versions(studio_pk)[1]
        cache.delete(
            CHANGE_KEY.format(studio_pk, number) if lose == "record" else CHANGE_NUMBER_KEY.format(studio_pk)
        )
        after = _roster(client, world)
        assert built[-1] == [ada], lose  # her index entry was stale by version, Bea's was not
        cache.clear()
        assert _roster(client, world) == after, lose  # what a cold build says: nothing stale
    assert before["Ada"]["season_pct"] != after["Ada"]["season_pct"]
