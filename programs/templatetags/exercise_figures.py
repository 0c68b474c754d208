"""`{% exercise_figure exercise %}`: the project-made drawing of a library exercise (start, end with
the key cue, the common fault), or nothing for a studio's own exercise (no drawing exists)."""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static

from programs.library import EXERCISE_SLUGS

register = template.Library()
FIGURE_DIR = "programs/exercises/"  # drawn by scripts/figures/make.py


def figure_url(exercise: Any) -> str | None:
    if exercise.studio_id is not None or exercise.slug not in EXERCISE_SLUGS:
        return None
    return static(f"{FIGURE_DIR}{exercise.slug}.svg")


@register.inclusion_tag("programs/_exercise_figure.html")
def exercise_figure(exercise: Any) -> dict:
    return {"url": figure_url(exercise), "exercise": exercise}
