"""Referral flag rules case by case (DOMAIN.md "Referral flag")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from programs.models import ReferralRequest
from programs.selectors import referral_flags_for_dancers
from screenings.models import AnalysisState
from tests.factories import analysis_for, clip_for
from tests.programs.factories import log_session, make_assignment, make_program
from tests.world import World

MON = date(2026, 10, 5)


def screen(world: World, on: date, *, plie_band: str = "aligned", stance_band: str = "level") -> None:
    analysis_for(
        clip_for(world.a, "plie", on=on),
        state=AnalysisState.DONE,
        result={"status": "ok", "metrics": {"band": {"left": plie_band, "right": "aligned"}}},
    )
    analysis_for(
        clip_for(world.a, "stance", on=on),
        state=AnalysisState.DONE,
        result={
            "status": "ok",
            "metrics": {"sides": [{"stance_leg": "left", "band": stance_band, "compensating": False}]},
        },
    )


def follow_program(world: World, *, weeks: int, sessions: int) -> None:
    """The dancer's program from MON, with `sessions` of 3 done each week."""
    a = world.a
    assignment = make_assignment(
        studio=a.studio, program=make_program(studio=a.studio), starts_on=MON, dancer=a.dancer, weeks=12
    )
    for week in range(weeks):
        for weekday in (0, 2, 4)[:sessions]:
            log_session(assignment, a.dancer, MON + timedelta(days=7 * week + weekday))


def codes(world: World, today: date) -> list[str]:
    flags = referral_flags_for_dancers(studio=world.a.studio, dancer_ids=[world.a.dancer.pk], today=today)
    return [r.code for r in flags[world.a.dancer.pk]]


@pytest.mark.django_db
class TestConcernOnTwoScreenings:
    def test_two_concerns_four_weeks_apart_with_good_compliance(self, world: World) -> None:
        follow_program(world, weeks=6, sessions=2)  # 66.7 % ≥ 60 %
        screen(world, MON, plie_band="concern")
        screen(world, MON + timedelta(days=28), stance_band="concern")
        flags = referral_flags_for_dancers(
            studio=world.a.studio, dancer_ids=[world.a.dancer.pk], today=MON + timedelta(weeks=6)
        )[world.a.dancer.pk]
        assert [r.code for r in flags] == ["concern_repeated"]
        assert flags[0].dates == (MON, MON + timedelta(days=28))
        assert "diagnos" not in flags[0].message.lower()

    def test_less_than_four_weeks_apart_is_not_enough(self, world: World) -> None:
        follow_program(world, weeks=6, sessions=3)
        screen(world, MON, plie_band="concern")
        screen(world, MON + timedelta(days=27), plie_band="concern")
        assert codes(world, MON + timedelta(weeks=6)) == []

    def test_low_compliance_does_not_flag(self, world: World) -> None:
        follow_program(world, weeks=6, sessions=1)  # 33 %: do the program first
        screen(world, MON, plie_band="concern")
        screen(world, MON + timedelta(days=35), plie_band="concern")
        assert codes(world, MON + timedelta(weeks=6)) == []

    def test_one_concern_and_one_watch_does_not_flag(self, world: World) -> None:
        follow_program(world, weeks=6, sessions=3)
        screen(world, MON, plie_band="concern")
        screen(world, MON + timedelta(days=35), plie_band="watch")
        assert codes(world, MON + timedelta(weeks=6)) == []

    def test_without_a_program_no_flag(self, world: World) -> None:
        screen(world, MON, plie_band="concern")
        screen(world, MON + timedelta(days=35), plie_band="concern")
        assert codes(world, MON + timedelta(weeks=6)) == []


@pytest.mark.django_db
class TestPain:
    def _assignment(self, world: World):  # noqa: ANN202
        a = world.a
        return make_assignment(
            studio=a.studio, program=make_program(studio=a.studio, n=1), starts_on=MON, dancer=a.dancer
        )

    def test_pain_5_on_two_days_in_one_week(self, world: World) -> None:
        assignment = self._assignment(world)
        log_session(assignment, world.a.dancer, MON, pain=5)
        log_session(assignment, world.a.dancer, MON + timedelta(days=3), pain=6)
        flags = referral_flags_for_dancers(
            studio=world.a.studio, dancer_ids=[world.a.dancer.pk], today=MON + timedelta(days=6)
        )[world.a.dancer.pk]
        assert [r.code for r in flags] == ["pain_high"]
        assert flags[0].dates == (MON, MON + timedelta(days=3))

    def test_pain_5_on_two_days_in_different_weeks_does_not_flag(self, world: World) -> None:
        assignment = self._assignment(world)
        log_session(assignment, world.a.dancer, MON + timedelta(days=6), pain=7)  # Sunday
        log_session(assignment, world.a.dancer, MON + timedelta(days=7), pain=7)  # next Monday
        assert codes(world, MON + timedelta(days=8)) == []

    def test_pain_5_twice_on_the_same_day_does_not_flag(self, world: World) -> None:
        assignment = self._assignment(world)
        log_session(assignment, world.a.dancer, MON, pain=5)
        log_session(assignment, world.a.dancer, MON, pain=8)
        assert codes(world, MON + timedelta(days=2)) == []

    def test_pain_4_does_not_count_as_high(self, world: World) -> None:
        assignment = self._assignment(world)
        for offset, pain in ((0, 4), (2, 4), (4, 3)):
            log_session(assignment, world.a.dancer, MON + timedelta(days=offset), pain=pain)
        assert codes(world, MON + timedelta(days=6)) == []

    def test_pain_rising_across_three_consecutive_logs(self, world: World) -> None:
        assignment = self._assignment(world)
        for offset, pain in ((0, 1), (2, 2), (9, 3)):  # spans two weeks; none high
            log_session(assignment, world.a.dancer, MON + timedelta(days=offset), pain=pain)
        flags = referral_flags_for_dancers(
            studio=world.a.studio, dancer_ids=[world.a.dancer.pk], today=MON + timedelta(days=10)
        )[world.a.dancer.pk]
        assert [r.code for r in flags] == ["pain_rising"]
        assert "1/10 → 2/10 → 3/10" in flags[0].message

    def test_rise_interrupted_does_not_flag(self, world: World) -> None:
        assignment = self._assignment(world)
        for offset, pain in ((0, 1), (1, 3), (2, 2), (3, 3)):
            log_session(assignment, world.a.dancer, MON + timedelta(days=offset), pain=pain)
        assert codes(world, MON + timedelta(days=5)) == []

    def test_logs_without_pain_are_skipped_not_zero(self, world: World) -> None:
        assignment = self._assignment(world)
        log_session(assignment, world.a.dancer, MON, pain=2)
        log_session(assignment, world.a.dancer, MON + timedelta(days=1))  # no pain recorded
        log_session(assignment, world.a.dancer, MON + timedelta(days=2), pain=3)
        log_session(assignment, world.a.dancer, MON + timedelta(days=3), pain=4)
        assert codes(world, MON + timedelta(days=5)) == ["pain_rising"]

    def test_old_pain_outside_the_lookback_does_not_flag(self, world: World) -> None:
        assignment = self._assignment(world)
        log_session(assignment, world.a.dancer, MON, pain=6)
        log_session(assignment, world.a.dancer, MON + timedelta(days=1), pain=7)
        assert codes(world, MON + timedelta(days=6)) == ["pain_high"]
        assert codes(world, MON + timedelta(weeks=9)) == []


@pytest.mark.django_db
def test_request_by_dancer_or_guardian(world: World) -> None:
    a = world.a
    ReferralRequest.objects.create(studio=a.studio, dancer=a.dancer, requested_by=a.guardian)
    flags = referral_flags_for_dancers(studio=a.studio, dancer_ids=[a.dancer.pk, a.other_dancer.pk])
    assert [r.code for r in flags[a.dancer.pk]] == ["requested"]
    assert flags[a.other_dancer.pk] == []


@pytest.mark.django_db
def test_referral_query_count_is_constant(world: World, django_assert_max_num_queries) -> None:  # noqa: ANN001
    from tests.factories import DancerFactory

    dancers = [DancerFactory(studio=world.a.studio) for _ in range(30)]
    with django_assert_max_num_queries(12) as small:
        referral_flags_for_dancers(studio=world.a.studio, dancer_ids=[d.pk for d in dancers[:3]], today=MON)
    with django_assert_max_num_queries(12) as large:
        referral_flags_for_dancers(studio=world.a.studio, dancer_ids=[d.pk for d in dancers], today=MON)
    assert len(small.captured_queries) == len(large.captured_queries)
