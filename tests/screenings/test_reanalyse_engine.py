"""reanalyse_clips moves the demo's real engine runs to the current engine, keeping both versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from screenings.models import Analysis
from screenings.selectors import dancer_results
from tests.screenings.conftest import seed_demo
from workers.result import ENGINE_VERSION


@pytest.mark.slow
@pytest.mark.django_db
def test_reanalyse_moves_demo_runs_to_the_current_engine_and_keeps_the_old(shared_clips: Path) -> None:
    demo, runs, _ = seed_demo()
    assert runs
    # The database as an engine 1.1 deployment left it.
    Analysis.objects.filter(pk__in=[a.pk for a in runs]).update(engine_version="1.1.0")

    call_command("reanalyse_clips", studio=str(demo.studio.public_id), run_now=True)

    for old in runs:
        versions = {
            a.engine_version: a for a in Analysis.objects.filter(clip=old.clip).order_by("created_at")
        }
        assert set(versions) == {"1.1.0", ENGINE_VERSION}, old.clip.original_name
        new = versions[ENGINE_VERSION]
        assert new.state in {"done", "failed"} and new.result["engine_version"] == ENGINE_VERSION
        assert new.result["model"]["version"] == "0.10.9"
        if new.state == "done":
            assert new.keyframe.name.endswith(".jpg")
    # Pages read the newest measured result: the current engine's.
    first = demo.dancers[0]
    latest = dancer_results(studio=demo.studio, dancer_ids=[first.pk])[first.pk][-1]
    assert latest.plie is not None and latest.plie.engine_version == ENGINE_VERSION
    assert latest.plie.knee_toe_offset_matched_left is not None  # 1.2's depth-matched value
    call_command("reanalyse_clips", studio=str(demo.studio.public_id), run_now=True)  # idempotent
    assert Analysis.objects.filter(
        engine_version=ENGINE_VERSION, clip__in=[a.clip for a in runs]
    ).count() == len(runs)
