"""Factories for programs. Every SubFactory chain stays inside one studio."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from programs.models import Assignment, Exercise, ExerciseLog, PauseDay, Program, ProgramExercise
from programs.services import assignment_build
from studios.models import DancerProfile, Studio


class ExerciseFactory(DjangoModelFactory[Exercise]):
    class Meta:
        model = Exercise

    studio = None
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    target_muscles = "gluteus medius"
    cues = "Keep the pelvis level."
    common_faults = "Rolling the pelvis back."
    default_sets = 3
    default_reps = 12
    per_side = False  # a whole set per log; per-side logging has its own tests


def make_program(*, studio: Studio | None, n: int = 5, sessions_per_week: int = 3, weeks: int = 6) -> Program:
    program = Program.objects.create(
        studio=studio,
        name=f"Program {n}x{sessions_per_week}",
        sessions_per_week=sessions_per_week,
        weeks=weeks,
    )
    for i in range(n):
        ProgramExercise.objects.create(
            program=program, exercise=ExerciseFactory(), order=i + 1, sets=3, reps=12
        )
    return program


def make_assignment(
    *,
    studio: Studio,
    program: Program,
    starts_on: date,
    dancer: DancerProfile | None = None,
    class_group=None,  # noqa: ANN001
    weeks: int | None = None,
) -> Assignment:
    assignment = assignment_build(
        studio=studio, program=program, starts_on=starts_on, dancer=dancer, class_group=class_group, weeks=weeks
    )
    assignment.save()
    return assignment


def log_session(
    assignment: Assignment,
    dancer: DancerProfile,
    day: date,
    *,
    exercises: int | None = None,
    pain: int | None = None,
) -> None:
    """Log one set of the first `exercises` items (all by default) on `day`."""
    items = list(assignment.program.items.all())
    for item in items[: exercises if exercises is not None else len(items)]:
        ExerciseLog.objects.create(
            studio=assignment.studio,
            dancer=dancer,
            assignment=assignment,
            exercise=item.exercise,
            date=day,
            set_number=ExerciseLog.objects.filter(
                dancer=dancer, assignment=assignment, exercise=item.exercise, date=day
            ).count()
            + 1,  # set numbers are unique per dancer, assignment, exercise and day
            reps=item.reps,
            pain=pain,
            idempotency_key=f"{assignment.pk}-{item.pk}-{day.isoformat()}-{ExerciseLog.objects.count()}",
        )


def pause(dancer: DancerProfile, day: date, kind: str = "rest") -> PauseDay:
    return PauseDay.objects.create(studio=dancer.studio, dancer=dancer, date=day, kind=kind)
