"""dancer_results: constant query count, newest measured result per test, trend and SDC."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screenings.change import Trend, smallest_detectable_change, trend
from screenings.models import Analysis, Clip, Screening
from screenings.models import TestType as Kind
from screenings.selectors import Measure, ResultStatus, dancer_results, latest_measured, latest_result
from tests.factories import DancerFactory
from tests.world import World

pytestmark = pytest.mark.django_db


def _plie(offset_left: float, band: str = "aligned") -> dict:
    m = lambda v: {"value": v, "sem": 2.5}  # noqa: E731
    return {
        "status": "ok",
        "metrics": {
            "knee_toe_offset_pct": {"left": m(offset_left), "right": m(1.0)},
            "band": {"left": band, "right": "aligned"},
            "depth_pct": m(20.0),
            "symmetry_pct": {"value": offset_left - 1.0, "sem": 3.5},
            "fppa_deg": {"left": {"value": 5.0, "sem": 3.0}, "right": {"value": 4.0, "sem": 3.0}},
            "rep_count": 3,
        },
    }


def _screen(
    world: World, dancer, day: int, result: dict | None, state: str = "done", reason: str = ""
) -> Screening:  # noqa: ANN001
    t = world.a
    s = Screening.objects.create(
        studio=t.studio, dancer=dancer, season=t.season, date=t.season.starts_on + timedelta(days=day)
    )
    clip = Clip.objects.create(studio=t.studio, screening=s, dancer=dancer, test=Kind.PLIE)
    Analysis.objects.create(
        studio=t.studio, clip=clip, dancer=dancer, test=Kind.PLIE, engine_version="1.0.0",
        state=state, result=result, reason=reason, message="Face the camera." if reason else "",
    )  # fmt: skip
    return s


def test_dancer_results_is_chronological_and_flattened(world: World) -> None:
    dancer = world.a.dancer
    _screen(world, dancer, 30, _plie(-6.0, "concern"))
    _screen(world, dancer, 0, _plie(2.0))
    _screen(world, dancer, 60, None, state="failed", reason="not_frontal")
    results = dancer_results(studio=world.a.studio, dancer_ids=[dancer.pk])[dancer.pk]
    assert [r.date for r in results] == sorted(r.date for r in results)
    first, second, third = results
    assert first.plie.knee_toe_offset_left == Measure(2.0, 2.5)
    assert second.plie.band_left == "concern" and second.has_concern
    assert third.plie.status == ResultStatus.REJECTED and third.plie.reason == "not_frontal"
    assert third.stance is None
    plie, stance = latest_measured(results)
    assert plie.knee_toe_offset_left.value == -6.0 and stance is None
    assert latest_result(studio=world.a.studio, dancer_id=dancer.pk).screening_id == third.screening_id


def test_dancer_results_query_count_does_not_grow_with_dancers(world: World) -> None:
    dancers = [world.a.dancer] + [DancerFactory(studio=world.a.studio) for _ in range(5)]
    for i, d in enumerate(dancers):
        _screen(world, d, i, _plie(float(i)))
        _screen(world, d, 40 + i, _plie(float(-i)))
    with CaptureQueriesContext(connection) as ctx:
        results = dancer_results(studio=world.a.studio, dancer_ids=[d.pk for d in dancers])
    assert len(ctx.captured_queries) == 2
    assert all(len(results[d.pk]) == 2 for d in dancers)


def test_other_studio_rows_never_appear(world: World) -> None:
    _screen(world, world.a.dancer, 0, _plie(1.0))
    results = dancer_results(studio=world.b.studio, dancer_ids=[world.a.dancer.pk])
    assert results == {world.a.dancer.pk: []}


def test_trend_uses_the_smallest_detectable_change() -> None:
    sdc = smallest_detectable_change(2.5)
    assert sdc == pytest.approx(6.93, abs=0.01)
    assert trend(Measure(0.0, 2.5), Measure(sdc - 0.1, 2.5)) == Trend.NO_REAL_CHANGE
    assert trend(Measure(0.0, 2.5), Measure(sdc + 0.1, 2.5)) == Trend.IMPROVED
    assert trend(Measure(8.0, 1.5), Measure(2.0, 1.5), better=-1) == Trend.IMPROVED  # pelvic drop fell
    assert trend(Measure(-1.0, 3.5), Measure(-12.0, 3.5), better=0) == Trend.WORSE  # less symmetric
    assert trend(None, Measure(1.0, 1.0)) == Trend.UNKNOWN
