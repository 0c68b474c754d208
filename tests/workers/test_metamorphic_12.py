"""Engine 1.2 metamorphic tests on real clips (../shared/clips) and transformed copies of them:
camera roll, a second person (the clip beside its own mirror image), wrong rotation tags, a
variable frame rate, every other frame. Copies are written per session (tests/workers/videotools.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.workers.test_metamorphic import plie_values
from workers.result import SEM

pytestmark = pytest.mark.slow


def _ok(run_engine: Any, path: Any, test: str) -> dict[str, Any]:
    r = run_engine(path, test).result
    assert r["status"] == "ok", (r["reason"], r["quality"])
    return r


@pytest.mark.parametrize("transform", ["roll_p5", "roll_m5"])
def test_camera_roll_of_5_degrees_moves_plie_offsets_by_at_most_1_5_pct(
    transform: str, derived_clips: Any, run_engine: Any
) -> None:
    """1.1 moved each offset by ~4 % leg length and the symmetry by 8 % at a 5 deg roll."""
    ident = _ok(run_engine, derived_clips("plie.mp4", "identity"), "plie")["metrics"]
    rolled = _ok(run_engine, derived_clips("plie.mp4", transform), "plie")["metrics"]
    assert rolled["rep_count"] == ident["rep_count"]
    for side in ("left", "right"):
        a, b = ident["knee_toe_offset_pct"][side]["value"], rolled["knee_toe_offset_pct"][side]["value"]
        assert abs(a - b) <= 1.5, (transform, side, a, b)
    sign = 1 if transform == "roll_m5" else -1  # counter-clockwise picture = negative roll
    assert rolled["camera_roll_deg"] - ident["camera_roll_deg"] == pytest.approx(5.0 * sign, abs=1.0)


@pytest.mark.parametrize(("clip", "test"), [("plie.mp4", "plie"), ("tree_pose.mp4", "stance")])
def test_clip_beside_its_mirror_image_is_multiple_people(
    clip: str, test: str, derived_clips: Any, run_engine: Any
) -> None:
    """1.1 averaged the two passes' different people into a ghost and measured it (plie) or said
    no_person (tree pose, where the model finds nobody on the wide frame)."""
    r = run_engine(derived_clips(clip, "beside_mirror"), test).result
    assert (r["status"], r["reason"]) == ("rejected", "multiple_people"), r["quality"]
    assert r["metrics"] is None


@pytest.mark.parametrize("tag", ["tag90", "tag180", "tag270"])
def test_upright_frames_with_a_wrong_rotation_tag_are_never_measured(
    tag: str, derived_clips: Any, run_engine: Any
) -> None:
    """1.1 measured a 180 tag (legs swapped, FPPA 156.6 deg, "concern") and called 270 not_frontal."""
    r = run_engine(derived_clips("tree_pose.mp4", tag), "stance").result
    assert (r["status"], r["reason"]) == ("rejected", "not_upright"), r["quality"]
    assert "upright" in r["message"].lower()


def test_variable_frame_rate_copy_keeps_the_hold_time(derived_clips: Any, run_engine: Any) -> None:
    """Two frames in three dropped for 3.5 s of the hold: timed from the container, not n / fps."""
    cfr = _ok(run_engine, derived_clips("tree_pose.mp4", "cfr30"), "stance")
    vfr = _ok(run_engine, derived_clips("tree_pose.mp4", "vfr30"), "stance")
    assert vfr["quality"]["vfr"] is True and cfr["quality"]["vfr"] is False
    a, b = cfr["metrics"]["sides"][0], vfr["metrics"]["sides"][0]
    assert a["stance_leg"] == b["stance_leg"] == "right"
    assert abs(a["hold_s"]["value"] - b["hold_s"]["value"]) <= 0.3


def test_every_other_frame_copy_stays_within_the_sems(derived_clips: Any, run_engine: Any) -> None:
    ident = plie_values(_ok(run_engine, derived_clips("plie.mp4", "identity"), "plie")["metrics"])
    half = plie_values(_ok(run_engine, derived_clips("plie.mp4", "half_fps"), "plie")["metrics"])
    sem = {"depth_pct": SEM["depth_pct"], "symmetry_pct": SEM["symmetry_pct"]}
    for key in ident:
        limit = sem.get(key, SEM["knee_toe_offset_pct"])
        assert abs(ident[key] - half[key]) <= limit, (key, ident[key], half[key])
