"""Compliance and streaks on made-up calendars (DOMAIN.md "Compliance"), through the real selectors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from programs.compliance import (
    AssignmentWindow,
    dancer_compliance,
    prescribed_for,
    required_exercises,
    week_start,
)
from programs.group_compliance import compliance_for_class, compliance_for_studio
from programs.models import Assignment, AssignmentPause
from programs.selectors import compliance_for_dancers
from studios.models import DancerProfile
from tests.factories import DancerFactory
from tests.programs.factories import log_session, make_assignment, make_program, pause
from tests.world import World

MON = date(2026, 10, 5)  # a Monday inside the world's season (2026-09-01 … 2027-07-31)


def day(week: int, weekday: int) -> date:
    """Day `weekday` (0 = Monday) of program week `week` (0 = the week of MON)."""
    return MON + timedelta(days=7 * week + weekday)


def own_assignment(world: World, *, starts_on: date = MON, **fields: Any) -> Assignment:
    """A program given to world.a's dancer, from Monday MON unless told."""
    a = world.a
    program = make_program(studio=a.studio)
    return make_assignment(studio=a.studio, program=program, starts_on=starts_on, dancer=a.dancer, **fields)


def log_weeks(
    assignment: Assignment, dancer: DancerProfile, weeks: Iterable[int], weekdays: Iterable[int] = (0, 2, 4)
) -> None:
    """A full session on each of `weekdays` (Mon, Wed, Fri) of each program week in `weeks`."""
    for week in weeks:
        for weekday in weekdays:
            log_session(assignment, dancer, day(week, weekday))


def one(world: World, today: date):  # noqa: ANN201
    return compliance_for_dancers(studio=world.a.studio, dancer_ids=[world.a.dancer.pk], today=today)[
        world.a.dancer.pk
    ]


class TestRules:
    def test_session_needs_80_percent_of_exercises(self) -> None:
        assert [required_exercises(n) for n in (1, 2, 4, 5, 10, 11)] == [1, 2, 4, 4, 8, 9]

    def test_prescribed_prorates_by_available_days(self) -> None:
        # Monday start: 3; Wednesday (5 days): 2; Thursday (4): 2; Friday (3): 1; Saturday (2): 1; Sunday: 0.
        assert [prescribed_for(n, 3) for n in (7, 5, 4, 3, 2, 1, 0)] == [3, 2, 2, 1, 1, 0, 0]
        assert prescribed_for(1, 7) == 1  # never more sessions than available days

    def test_week_start_is_monday(self) -> None:
        assert week_start(date(2026, 10, 11)) == MON  # Sunday → its Monday
        assert week_start(MON) == MON

    def test_pure_function_without_assignments(self) -> None:
        result = dancer_compliance(dancer_id=1, windows=[], session_counts={}, pause_days=set(), today=MON)
        assert result.season_pct is None and result.streak_weeks == 0 and not result.behind
        assert result.weekly == ()

    def test_pure_function_counts_sessions_per_assignment(self) -> None:
        window = AssignmentWindow(1, "x", "P", "dancer", MON, day(5, 6), 3, 5)
        counts = {(1, day(0, 0)): 5, (1, day(0, 2)): 4, (1, day(0, 4)): 3}  # the last is < 80 %
        result = dancer_compliance(
            dancer_id=1, windows=[window], session_counts=counts, pause_days=set(), today=day(1, 0)
        )
        assert result.weekly[0].completed == 2 and result.weekly[0].prescribed == 3
        assert result.weekly[0].pct == pytest.approx(66.7)


@pytest.mark.django_db
class TestDancerCompliance:
    def test_full_weeks_and_streak(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        log_weeks(assignment, a.dancer, range(3))
        result = one(world, today=day(3, 0))
        assert [w.pct for w in result.weekly] == [100.0, 100.0, 100.0, 0.0]
        assert result.weekly[-1].in_progress
        assert result.season_pct == 100.0
        assert result.streak_weeks == 3  # the week in progress (Monday, nothing yet) does not break it
        assert not result.behind  # nothing was due before Monday
        assert result.assignments[0].program_name == assignment.program.name

    def test_week_below_target_breaks_streak_and_lowers_season(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        plan = {0: (0, 2, 4), 1: (1,), 2: (0, 3, 5), 3: (0, 1, 2, 3, 4)}  # week 3: 5 sessions, capped
        for week, weekdays in plan.items():
            for weekday in weekdays:
                log_session(assignment, a.dancer, day(week, weekday))
        result = one(world, today=day(4, 3))
        assert [w.pct for w in result.weekly[:4]] == [100.0, 33.3, 100.0, 100.0]
        assert result.weekly[3].completed == 3  # capped at the prescribed 3
        assert result.season_pct == pytest.approx((100 + 33.3 + 100 + 100) / 4, abs=0.1)
        assert result.streak_weeks == 2
        # Thursday of week 4 with nothing done: round(3 × 3/7) = 1 session was due → behind.
        assert result.this_week.due_by_now == 1 and result.behind

    def test_current_week_at_target_extends_streak(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        log_weeks(assignment, a.dancer, range(2))
        result = one(world, today=day(1, 5))
        assert result.this_week.completed == 3 and result.this_week.pct == 100.0
        assert result.streak_weeks == 2
        assert result.season_pct == 100.0  # only the finished week is averaged

    def test_program_starting_mid_week_prorates_first_week(self, world: World) -> None:
        a = world.a
        thursday = day(0, 3)
        assignment = own_assignment(world, starts_on=thursday)
        log_session(assignment, a.dancer, day(0, 1))  # before the start: ignored
        log_session(assignment, a.dancer, day(0, 4))
        log_session(assignment, a.dancer, day(0, 6))
        result = one(world, today=day(1, 0))
        first = result.weekly[0]
        assert (first.week_start, first.completed, first.prescribed, first.pct) == (MON, 2, 2, 100.0)
        assert result.streak_weeks == 1

    def test_program_starting_on_sunday_has_no_first_week(self, world: World) -> None:
        a = world.a
        assignment = make_assignment(
            studio=a.studio, program=make_program(studio=a.studio), starts_on=day(0, 6), dancer=a.dancer
        )
        log_weeks(assignment, a.dancer, [1])
        result = one(world, today=day(2, 0))
        assert result.weekly[0].prescribed == 0 and result.weekly[0].pct is None
        assert result.season_pct == 100.0 and result.streak_weeks == 1

    def test_pause_days_reduce_prescribed_and_keep_streak(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        log_weeks(assignment, a.dancer, [0])
        for weekday in range(4):  # ill Monday–Thursday of week 1: 3 days left → 1 session prescribed
            pause(a.dancer, day(1, weekday), kind="illness")
        log_session(assignment, a.dancer, day(1, 5))
        for weekday in range(7):  # injured the whole of week 2: not a program week
            pause(a.dancer, day(2, weekday), kind="injury")
        log_weeks(assignment, a.dancer, [3])
        result = one(world, today=day(4, 0))
        weeks = result.weekly
        assert (weeks[1].completed, weeks[1].prescribed, weeks[1].pct) == (1, 1, 100.0)
        assert (weeks[2].prescribed, weeks[2].pct) == (0, None)
        assert result.season_pct == 100.0
        assert result.streak_weeks == 3  # the paused week neither counts nor breaks it

    def test_teacher_pause_period_is_not_prescribed(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        AssignmentPause.objects.create(
            studio=a.studio, assignment=assignment, starts_on=day(1, 0), ends_on=day(1, 6)
        )
        log_weeks(assignment, a.dancer, [0])
        result = one(world, today=day(2, 0))
        assert result.weekly[1].prescribed == 0
        assert result.streak_weeks == 1

    def test_logs_after_end_count_for_nothing(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world, starts_on=MON, weeks=1)
        log_weeks(assignment, a.dancer, [0])
        for weekday in (0, 1, 2):
            log_session(assignment, a.dancer, day(1, weekday))  # after the end
        result = one(world, today=day(2, 0))
        assert [(w.completed, w.prescribed) for w in result.weekly] == [(3, 3), (0, 0), (0, 0)]
        assert result.season_pct == 100.0
        assert result.assignments == ()  # finished programs are not "to do"

    def test_ended_early_stops_prescribing(self, world: World) -> None:
        a = world.a
        assignment = own_assignment(world)
        log_weeks(assignment, a.dancer, [0])
        # Ended on Tuesday of week 1 (studio-local): Monday and Tuesday remain → 1 session prescribed.
        assignment.ended_at = datetime(2026, 10, 13, 10, 0, tzinfo=UTC)
        assignment.save()
        log_session(assignment, a.dancer, day(1, 0))
        result = one(world, today=day(3, 0))
        assert [(w.completed, w.prescribed) for w in result.weekly[:3]] == [(3, 3), (1, 1), (0, 0)]

    def test_class_assignment_applies_to_class_dancers_only(self, world: World) -> None:
        a = world.a
        assignment = make_assignment(
            studio=a.studio, program=make_program(studio=a.studio), starts_on=MON, class_group=a.class_group
        )
        log_weeks(assignment, a.dancer, [0])
        result = compliance_for_dancers(
            studio=a.studio, dancer_ids=[a.dancer.pk, a.other_dancer.pk], today=day(1, 0)
        )
        assert result[a.dancer.pk].season_pct == 100.0
        assert result[a.dancer.pk].assignments[0].target == "class"
        assert result[a.other_dancer.pk].weekly == ()
        group = compliance_for_class(studio=a.studio, class_group=a.class_group, today=day(1, 0))
        assert (group.dancer_count, group.season_pct, group.this_week_prescribed) == (1, 100.0, 3)

    def test_two_assignments_add_up(self, world: World) -> None:
        a = world.a
        first = make_assignment(
            studio=a.studio, program=make_program(studio=a.studio), starts_on=MON, dancer=a.dancer
        )
        second = make_assignment(
            studio=a.studio,
            program=make_program(studio=a.studio, sessions_per_week=2),
            starts_on=MON,
            dancer=a.dancer,
        )
        for weekday in (0, 2, 4):
            log_session(first, a.dancer, day(0, weekday))
        log_session(second, a.dancer, day(0, 1))
        result = one(world, today=day(1, 0))
        assert (result.weekly[0].completed, result.weekly[0].prescribed) == (4, 5)
        assert result.weekly[0].pct == 80.0

    def test_other_studio_ids_are_dropped(self, world: World) -> None:
        result = compliance_for_dancers(studio=world.a.studio, dancer_ids=[world.b.dancer.pk], today=MON)
        assert result == {}

    def test_studio_aggregation(self, world: World) -> None:
        a = world.a
        class_assignment = make_assignment(
            studio=a.studio, program=make_program(studio=a.studio), starts_on=MON, class_group=a.class_group
        )
        other = make_assignment(
            studio=a.studio, program=make_program(studio=a.studio), starts_on=MON, class_group=a.other_class
        )
        for weekday in (0, 2, 4):
            log_session(class_assignment, a.dancer, day(0, weekday))
        log_session(other, a.other_dancer, day(0, 0))
        studio = compliance_for_studio(studio=a.studio, today=day(1, 0))
        by_name = {c.name: c for c in studio.classes}
        assert by_name["Ballet III"].season_pct == 100.0
        assert by_name["Ballet IV"].season_pct == 33.3
        assert studio.overall.season_pct == pytest.approx((100 + 33.3) / 2, abs=0.1)
        assert studio.overall.weekly[0].dancers == 2


@pytest.mark.django_db
@pytest.mark.parametrize("studio_tz", ["Europe/Athens", "America/New_York"])
def test_week_boundaries_follow_the_studio_calendar(world: World, studio_tz: str) -> None:
    """Logs are stored as studio-local dates; the week they fall in is the studio's week."""
    a = world.a
    a.studio.timezone = studio_tz
    a.studio.save()
    assignment = own_assignment(world)
    log_session(assignment, a.dancer, day(0, 6))  # Sunday: still week 0
    log_session(assignment, a.dancer, day(1, 0))  # Monday: week 1
    result = one(world, today=day(1, 1))
    assert (result.weekly[0].completed, result.weekly[1].completed) == (1, 1)


@pytest.mark.django_db
def test_query_count_is_constant_in_number_of_dancers(world: World, django_assert_num_queries) -> None:  # noqa: ANN001
    a = world.a
    program = make_program(studio=a.studio)
    class_assignment = make_assignment(
        studio=a.studio, program=program, starts_on=MON, class_group=a.class_group
    )
    dancers = [DancerFactory(studio=a.studio) for _ in range(50)]
    a.class_group.dancers.add(*dancers)
    for i, dancer in enumerate(dancers):
        if i % 3 == 0:
            make_assignment(studio=a.studio, program=program, starts_on=MON, dancer=dancer)
        log_session(class_assignment, dancer, day(0, i % 5))
        if i % 4 == 0:
            pause(dancer, day(0, 6))
    AssignmentPause.objects.create(studio=a.studio, assignment=class_assignment, starts_on=day(2, 0))

    def run(ids: list[int]) -> int:
        with django_assert_num_queries(7) as ctx:
            result = compliance_for_dancers(studio=a.studio, dancer_ids=ids, today=day(3, 2))
        assert len(result) == len(ids)
        return len(ctx.captured_queries)

    assert run([d.pk for d in dancers[:5]]) == run([d.pk for d in dancers])
