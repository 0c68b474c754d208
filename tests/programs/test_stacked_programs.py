"""Two programs on one dancer: a shared exercise is listed once on Today and a log of it counts for
both; assigning with replace_existing ends the class's running programs in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from programs import services
from programs.models import Assignment, ProgramExercise
from programs.selectors import compliance_for_dancers, today_items
from studios.policies import actor_for
from tests.programs.factories import log_session, make_assignment, make_program
from tests.world import World

pytestmark = pytest.mark.django_db


def _two_programs_sharing_one_exercise(world: World) -> tuple[Assignment, Assignment]:
    a = world.a
    first, second = make_program(studio=a.studio, n=2), make_program(studio=a.studio, n=1)
    shared = first.items.first()
    assert shared is not None
    ProgramExercise.objects.create(program=second, exercise=shared.exercise, order=2, sets=3, reps=12)
    start = a.studio.today() - timedelta(days=a.studio.today().weekday())  # this Monday
    return (
        make_assignment(studio=a.studio, program=first, starts_on=start, class_group=a.class_group),
        make_assignment(studio=a.studio, program=second, starts_on=start, dancer=a.dancer),
    )


def test_today_lists_a_shared_exercise_once_and_counts_its_sets(world: World) -> None:
    a = world.a
    first, second = _two_programs_sharing_one_exercise(world)
    log_session(second, a.dancer, a.studio.today())  # both of the second program's exercises
    items = today_items(studio=a.studio, dancer=a.dancer)
    names = [i.exercise.name for i in items]
    assert len(names) == len(set(names)) == 3
    shared = next(i for i in items if i.assignment == first and i.sets_done)
    assert shared.sets_done == 1  # logged under the other program, shown under the first


def test_a_log_of_a_shared_exercise_counts_for_both_programs(world: World) -> None:
    a = world.a
    first, second = _two_programs_sharing_one_exercise(world)
    today = a.studio.today()
    log_session(first, a.dancer, today)  # both exercises of the first program, one of them shared
    log_session(second, a.dancer, today, exercises=1)  # the second program's own exercise
    result = compliance_for_dancers(studio=a.studio, dancer_ids=[a.dancer.pk], today=today)[a.dancer.pk]
    # One session each: the second program's shared exercise was logged under the first.
    assert result.this_week.completed == 2


def test_replace_existing_ends_the_class_program_today(world: World) -> None:
    a = world.a
    first, _ = _two_programs_sharing_one_exercise(world)
    actor = actor_for(user=a.teacher, studio=a.studio)
    assert actor is not None
    new = services.assignment_create(
        studio=a.studio, actor=actor, program=make_program(studio=a.studio, n=3),
        class_group=a.class_group, replace_existing=True,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.ended_at is not None and new.ended_at is None
    names = {i.exercise.name for i in today_items(studio=a.studio, dancer=a.dancer)}
    assert names == {i.exercise.name for i in new.program.items.all()} | {
        i.exercise.name for i in Assignment.objects.get(dancer=a.dancer).program.items.all()
    }
