"""The exercise drawings: one per library exercise, exactly what scripts/figures/make.py draws,
each with its three panels (start, end with the key cue, common fault) and an accessible title;
shown on the Today page and the exercise library page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from programs.library import EXERCISE_SLUGS, library_ensure
from programs.models import Assignment, Exercise, Program, ProgramExercise
from scripts.figures.make import FIGURES, OUT, build
from tests.world import World

SVG = "{http://www.w3.org/2000/svg}"


def test_every_library_exercise_has_its_drawing_and_the_files_match_the_generator() -> None:
    assert set(FIGURES) == set(EXERCISE_SLUGS)
    for slug in EXERCISE_SLUGS:
        path = OUT / f"{slug}.svg"
        assert path.read_text(encoding="utf-8") == build(slug), f"run python -m scripts.figures.make ({slug})"
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.get("role") == "img" and root.find(f"{SVG}title").text  # type: ignore[union-attr]
        panels = [g.get("class") for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("panel")]
        assert panels == ["panel ok", "panel cue", "panel fault"], slug
        assert "licence: the project's" in path.read_text(encoding="utf-8")


def test_no_stray_drawings() -> None:
    assert {p.stem for p in Path(OUT).glob("*.svg")} == set(EXERCISE_SLUGS)


@pytest.mark.django_db
def test_today_and_the_library_page_show_the_drawings(world: World) -> None:
    a = world.a
    library_ensure()
    program = Program.objects.create(studio=a.studio, name="Two", sessions_per_week=3, weeks=6)
    own = Exercise.objects.create(studio=a.studio, slug="studio-own", name="Our own stretch", cues="Breathe")
    for order, exercise in enumerate((Exercise.objects.get(studio=None, slug="clamshell"), own), start=1):
        ProgramExercise.objects.create(program=program, exercise=exercise, order=order, sets=2, reps=10)
    today = a.studio.today()
    Assignment.objects.create(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(weeks=4), sessions_per_week=3,
    )  # fmt: skip
    client = Client()
    client.force_login(a.dancer_user)
    html = client.get(f"/s/{a.studio.public_id}/programs/today/").content.decode()
    assert html.count('class="exercise-figure"') == 1  # the studio's own exercise has no drawing
    assert "/static/programs/exercises/clamshell.svg" in html
    library = client.get(f"/s/{a.studio.public_id}/programs/exercises/").content.decode()
    for slug in EXERCISE_SLUGS:
        assert f"/static/programs/exercises/{slug}.svg" in library
    assert "Our own stretch" in library
