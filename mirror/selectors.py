"""Reads for the mirror page: the dancer's exercise to log from a practice, and the gate's reasons."""

from __future__ import annotations

from dataclasses import dataclass

from programs.selectors import today_items
from studios.models import DancerProfile, Studio

# The library exercise a practice in each test logs (programs/library.py slugs).
EXERCISE_FOR_TEST = {"plie": "technique-plie-second-toe", "stance": "single-leg-balance-passe"}
# Band words on the mirror (DOMAIN.md bands; never a diagnosis).
BAND_WORDS = {
    "offset": {
        "aligned": "over the toes",
        "watch": "on the big toe: watch",
        "concern": "inside the big toe: concern",
    },
    "pelvis": {
        "level": "level",
        "watch": "raised side a little lower: watch",
        "concern": "raised side lower: concern",
        "hip_hike": "raised side higher (hip hike): watch",
    },
}


@dataclass(frozen=True)
class LogTarget:
    """Where "log it" writes: today's assignment item holding the practised exercise."""

    assignment_id: str
    exercise_id: str
    exercise_name: str
    sets: int
    sets_done: int
    reps: int | None
    hold_s: int | None


def mirror_log_target(*, studio: Studio, dancer: DancerProfile, test: str) -> LogTarget | None:
    """Today's assigned item for the test's exercise, or None (then the mirror is practice only)."""
    slug = EXERCISE_FOR_TEST.get(test)
    for item in today_items(studio=studio, dancer=dancer):
        if item.exercise.slug == slug:
            return LogTarget(
                assignment_id=str(item.assignment.public_id),
                exercise_id=str(item.exercise.public_id),
                exercise_name=item.exercise.name,
                sets=item.sets,
                sets_done=item.sets_done,
                reps=item.reps,
                hold_s=item.hold_s,
            )
    return None
