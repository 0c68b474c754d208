"""Test data for the mirror: a program holding the library's technique exercises."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps

from programs.library import library_seed
from programs.models import Assignment, Exercise, Program, ProgramExercise
from studios.models import DancerProfile, Studio


def technique_assignment(*, studio: Studio, dancer: DancerProfile) -> Assignment:
    """An active assignment with "plié at the barre" (2 × 10) and "single-leg balance" (3 × 20 s)."""
    library_seed(apps)  # transactional tests flush the migration-seeded library
    program = Program.objects.create(studio=studio, name="Barre control", sessions_per_week=3, weeks=6)
    for order, (slug, reps, hold) in enumerate(
        (("technique-plie-second-toe", 10, None), ("single-leg-balance-passe", None, 20)), start=1
    ):
        ProgramExercise.objects.create(
            program=program, exercise=Exercise.objects.get(studio=None, slug=slug), order=order, sets=2,
            reps=reps, hold_s=hold,
        )  # fmt: skip
    today = studio.today()
    return Assignment.objects.create(
        studio=studio, program=program, dancer=dancer, starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(weeks=5), sessions_per_week=3,
    )  # fmt: skip
