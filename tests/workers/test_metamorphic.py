"""Metamorphic tests on real clips: flip swaps sides; half resolution / half frame rate barely move.

Every variant, the identity included, is re-encoded with the same near-lossless MJPG writer, and
compared with the identity copy, so only the transform differs. The flip meets issue 3's
1 deg / 1 % because the pose layer averages each frame with its mirror image (README-engine.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def plie_values(m: dict[str, Any], swap: bool = False) -> dict[str, float]:
    s = {"left": "right", "right": "left"} if swap else {"left": "left", "right": "right"}
    v = {"depth_pct": m["depth_pct"]["value"]}
    for side in ("left", "right"):
        v[f"offset_{side}"] = m["knee_toe_offset_pct"][s[side]]["value"]
        v[f"matched_{side}"] = m["knee_toe_offset_matched_pct"][s[side]]["value"]
    v["symmetry_pct"] = -m["symmetry_pct"]["value"] if swap else m["symmetry_pct"]["value"]
    return v


def stance_values(m: dict[str, Any], swap: bool = False) -> dict[str, float]:
    v: dict[str, float] = {}
    for side in m["sides"]:
        leg = side["stance_leg"]
        if swap:
            leg = "left" if leg == "right" else "right"
        for key in (
            "pelvic_drop_deg_median",
            "pelvic_drop_deg_p95",
            "trunk_lean_deg",
            "stance_fppa_deg",
            "hold_s",
        ):
            v[f"{leg}_{key}"] = side[key]["value"]
    return v


def _deltas(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    assert a.keys() == b.keys(), (a, b)
    return {k: abs(a[k] - b[k]) for k in a}


def _metrics(run_engine: Any, path: Path, test: str) -> dict[str, Any]:
    r = run_engine(path, test).result
    assert r["status"] == "ok", r
    return r["metrics"]


CASES = {"plie.mp4": ("plie", plie_values), "tree_pose.mp4": ("stance", stance_values)}


@pytest.mark.parametrize("clip", list(CASES))
def test_flip_swaps_left_and_right_within_1pct_1deg(clip: str, derived_clips: Any, run_engine: Any) -> None:
    """Issue 3's target. Holds because the pose layer is flip-symmetrised (pose.SymmetrisedEstimator):
    without it MediaPipe's own handedness bias gave up to 3.05 % / 6.5 deg (README-engine.md)."""
    test, values = CASES[clip]
    ident = values(_metrics(run_engine, derived_clips(clip, "identity"), test))
    flipped = values(_metrics(run_engine, derived_clips(clip, "flip"), test), swap=True)
    for key, d in _deltas(ident, flipped).items():
        assert d <= 1.0, (key, d, ident[key], flipped[key])


# tree_pose.mp4 is 10 fps, so half frame rate (5 fps) is rejected as bad_dimensions by design.
# (Before flip symmetrisation its pelvic-drop p95 moved 2.3 deg at half resolution; now ~1 deg.)


@pytest.mark.parametrize(
    ("clip", "transform"), [("plie.mp4", "half_res"), ("plie.mp4", "half_fps"), ("tree_pose.mp4", "half_res")]
)
def test_half_resolution_and_half_frame_rate_change_little(
    clip: str, transform: str, derived_clips: Any, run_engine: Any
) -> None:
    test, values = CASES[clip]
    ident = _metrics(run_engine, derived_clips(clip, "identity"), test)
    changed = _metrics(run_engine, derived_clips(clip, transform), test)
    if test == "plie":
        assert changed["rep_count"] == ident["rep_count"]
    for key, d in _deltas(values(ident), values(changed)).items():
        assert d < 2.0, (transform, key, d)


def test_mirrored_flag_undoes_a_flip(derived_clips: Any, run_engine: Any) -> None:
    ident = stance_values(_metrics(run_engine, derived_clips("tree_pose.mp4", "identity"), "stance"))
    r = run_engine(derived_clips("tree_pose.mp4", "flip"), "stance", mirrored=True).result
    assert r["quality"]["mirrored"] is True
    for key, d in _deltas(ident, stance_values(r["metrics"])).items():
        assert d <= 1.0, (key, d)  # re-encoding noise only, as in the flip test


@pytest.mark.parametrize("clip", list(CASES))
def test_mirrored_flag_only_relabels_sides(clip: str, derived_clips: Any, run_engine: Any) -> None:
    """Exact flip-equivariance of the whole engine, free of re-encoding noise: on the same decoded
    frames, --mirrored feeds each of the two pose passes what the other one saw without it, so the
    measurements are the same with left and right swapped (to the last rounded digit). plie.mp4
    (30 fps) is thinned outside its measurement windows (workers/schedule.py): the schedule is
    read from the symmetrised pose, so it is the same both ways and this still holds exactly."""
    test, values = CASES[clip]
    flip = derived_clips(clip, "flip")
    plain = values(_metrics(run_engine, flip, test), swap=True)
    flagged = run_engine(flip, test, mirrored=True).result
    assert flagged["quality"]["pose_frames_run"] < flagged["quality"]["frames"] or clip != "plie.mp4"
    relabelled = values(flagged["metrics"])
    for key, d in _deltas(plain, relabelled).items():
        assert d <= 0.011, (key, d, plain[key], relabelled[key])
