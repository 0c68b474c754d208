"""Per-side logging through the real API: one side per log, sets numbered per side, a set (and so a
session) counts only when both sides are in; logs without a side stay whole sets; a side on an
exercise that is not per side is a named 400."""

from __future__ import annotations

import pytest

from programs.compliance import whole_sets
from programs.models import Exercise, ExerciseLog, Program, ProgramExercise
from programs.selectors import compliance_for_dancer, today_items
from tests.conftest import client_for
from tests.programs.test_services_api import assign, log_url
from tests.world import World


def test_whole_sets_pair_left_and_right() -> None:
    assert whole_sets({}) == 0
    assert whole_sets({"left": 3}) == 0
    assert whole_sets({"left": 3, "right": 2}) == 2
    assert whole_sets({"": 1, "left": 1, "right": 1}) == 2  # an old whole-set log plus one paired set


def _program(studio, *slugs: str) -> Program:  # noqa: ANN001
    program = Program.objects.create(studio=studio, name="Per side", sessions_per_week=1, weeks=4)
    for order, slug in enumerate(slugs, 1):
        exercise = Exercise.objects.get(studio__isnull=True, slug=slug)
        ProgramExercise.objects.create(program=program, exercise=exercise, order=order, sets=2, reps=10)
    return program


def _body(assignment, exercise: Exercise, key: str, **extra: object) -> dict:  # noqa: ANN001
    return {"idempotency_key": key, "assignment": str(assignment.public_id),
            "exercise": str(exercise.public_id), "reps": 10, **extra}  # fmt: skip


def _clamshell_from_today(a):  # noqa: ANN001, ANN202
    """The library's per-side clamshell, assigned to the dancer from today."""
    program = _program(a.studio, "clamshell")
    assignment = assign(a, dancer=a.dancer, program=program, starts_on=a.studio.today())
    return assignment, Exercise.objects.get(studio__isnull=True, slug="clamshell")


@pytest.mark.django_db
def test_one_side_is_not_a_set_both_sides_are(world: World) -> None:
    a = world.a
    assignment, clamshell = _clamshell_from_today(a)
    client = client_for(world, "dancer")
    left = client.post(
        log_url(a), _body(assignment, clamshell, "side-key-left-1", side="left"), format="json"
    )
    again = client.post(
        log_url(a), _body(assignment, clamshell, "side-key-left-2", side="left"), format="json"
    )
    assert (left.status_code, left.data["side"], left.data["set_number"]) == (201, "left", 1)
    assert (again.data["side"], again.data["set_number"]) == ("left", 2)
    item = today_items(studio=a.studio, dancer=a.dancer)[0]
    assert (item.sets_done, item.left_done, item.right_done) == (0, 2, 0)
    assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 0

    right = client.post(
        log_url(a), _body(assignment, clamshell, "side-key-right-1", side="right"), format="json"
    )
    assert (right.status_code, right.data["set_number"]) == (201, 1)
    item = today_items(studio=a.studio, dancer=a.dancer)[0]
    assert (item.sets_done, item.left_done, item.right_done) == (1, 2, 1)
    assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 1


@pytest.mark.django_db
def test_a_log_without_a_side_is_still_a_whole_set(world: World) -> None:
    a = world.a
    assignment, clamshell = _clamshell_from_today(a)
    response = client_for(world, "dancer").post(
        log_url(a), _body(assignment, clamshell, "old-client-1"), format="json"
    )
    assert response.status_code == 201 and response.data["side"] == ""
    assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 1


@pytest.mark.django_db
def test_a_side_on_a_both_sides_exercise_is_refused_by_name(world: World) -> None:
    a = world.a
    both = Exercise.objects.filter(studio__isnull=True, per_side=False).first()
    assignment = assign(a, dancer=a.dancer, program=_program(a.studio, both.slug), starts_on=a.studio.today())
    client = client_for(world, "dancer")
    response = client.post(log_url(a), _body(assignment, both, "bad-side-1", side="left"), format="json")
    assert response.status_code == 400
    assert "both sides at once" in str(response.data)
    bad = client.post(log_url(a), _body(assignment, both, "bad-side-2", side="up"), format="json")
    assert bad.status_code == 400
    assert not ExerciseLog.objects.filter(dancer=a.dancer).exists()
