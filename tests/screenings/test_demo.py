"""The demo seed: a season of clearly-labelled seeded results plus real engine runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from screenings.demo import SEEDED_NOTE, seed_screenings
from screenings.models import Analysis
from screenings.selectors import DEMO_ENGINE_VERSION, ResultStatus, dancer_results
from tests.screenings.conftest import seed_demo


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_screenings_season_and_real_runs(shared_clips: Path) -> None:
    demo, runs, today = seed_demo()
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


@pytest.mark.slow
@pytest.mark.django_db
def test_without_shared_clips_the_demo_still_measures_its_synthetic_clip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make demo` on a machine without ../shared: the bundled computer-generated stance clip
    (Apache-2.0) is measured for real, and every place that shows it says it is synthetic."""
    from django.test import Client

    from dashboards.selectors import dancer_page_get
    from screenings import demo as demo_module
    from screenings.selectors import SYNTHETIC_MARK
    from studios.policies import actor_for

    monkeypatch.setattr(demo_module, "SHARED_CLIPS", tmp_path / "no-shared-clips")
    demo, runs, _ = seed_demo()
    by_name = {a.clip.original_name: a for a in runs}
    assert set(by_name) == {"pose2sim_two_people_cam01.mp4", f"cg_one_leg_stance_apache.mp4{SYNTHETIC_MARK}"}
    cg = by_name[f"cg_one_leg_stance_apache.mp4{SYNTHETIC_MARK}"]
    assert cg.state == "done" and cg.clip.file and cg.keyframe  # stored: a worker can re-run it
    side = cg.result["metrics"]["sides"][0]
    assert side["stance_leg"] == "left" and side["hold_s"]["value"] >= 3.0

    latest = dancer_results(studio=demo.studio, dancer_ids=[cg.dancer_id], season=demo.season)[cg.dancer_id][
        -1
    ]
    assert latest.stance is not None and latest.stance.is_synthetic and not latest.stance.is_demo
    director = demo.director
    actor = actor_for(user=director, studio=demo.studio)
    assert actor is not None
    page = dancer_page_get(actor=actor, dancer=cg.dancer)
    assert any("Synthetic: a computer-generated demo clip" in k.label for k in page.keyframes)

    client = Client()
    client.force_login(director)
    html = client.get(f"/s/{demo.studio.public_id}/analyses/{cg.public_id}/").content.decode()
    assert 'id="synthetic-clip"' in html and "computer-generated" in html
