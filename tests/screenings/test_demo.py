"""The demo seed: a season of clearly-labelled seeded results plus real engine runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from screenings.demo import SEEDED_NOTE, seed_screenings
from screenings.models import Analysis
from screenings.selectors import DEMO_ENGINE_VERSION, ResultStatus, dancer_results
from studios.demo import seed_people


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_screenings_season_and_real_runs(shared_clips: Path) -> None:
    today = timezone.localdate()
    demo = seed_people(today)
    runs = seed_screenings(demo, today)
    results = dancer_results(studio=demo.studio, dancer_ids=[d.pk for d in demo.dancers], season=demo.season)
    seeded = [r for rs in results.values() for r in rs if r.plie and r.plie.is_demo]
    assert all(len(results[d.pk]) >= 3 for d in demo.dancers)
    assert all(r.plie.status == ResultStatus.OK and r.stance.status == ResultStatus.OK for r in seeded)
    assert {r.plie.band_left for r in seeded} >= {"aligned", "concern"}  # varied, not all the same
    assert all(
        SEEDED_NOTE in a.result["quality"]["notes"]
        for a in Analysis.objects.filter(engine_version=DEMO_ENGINE_VERSION)
    )
    # Real engine runs: the bundled multi-person clip is rejected (film-again path); the shared clips measure.
    by_name = {a.clip.original_name.split(" ")[0]: a for a in runs}
    assert by_name["pose2sim_two_people_cam01.mp4"].state == "failed"
    assert by_name["pose2sim_two_people_cam01.mp4"].reason == "too_short"
    assert by_name["plie.mp4"].state == "done" and by_name["plie.mp4"].keyframe
    assert by_name["tree_pose.mp4"].state == "done"
    assert not by_name["plie.mp4"].clip.file  # read from ../shared/clips, never stored
    assert seed_screenings(demo, today) == []  # idempotent
    assert Analysis.objects.filter(engine_version=DEMO_ENGINE_VERSION).count() == len(seeded) * 2
