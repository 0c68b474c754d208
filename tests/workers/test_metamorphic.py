"""Metamorphic tests on real clips: flip swaps sides; half resolution / half frame rate barely move.

Every variant, the identity included, is re-encoded with the same near-lossless MJPG writer, and
compared with the identity copy, so only the transform differs. Where MediaPipe itself is not
mirror-symmetric the measured bound is written down (README-engine.md, "Metamorphic results")
instead of the 1 deg / 1 % target; the strict target is kept as a strict xfail so an improvement
shows up.
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
        v[f"fppa_{side}"] = m["fppa_deg"][s[side]]["value"]
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

# Measured flip deltas that exceed the 1 deg / 1 % target, with their cause (README-engine.md):
# MediaPipe places the subject's left knee ~6.6 px further out when the frame is mirrored (the
# network is not mirror-equivariant), i.e. ~2.8 % leg length on plie.mp4; tree_pose.mp4 has a
# 100 px leg, so 1 px at the knee is ~1 deg.
FLIP_MEASURED = {
    "offset_left": 3.5, "offset_right": 1.5, "symmetry_pct": 4.5, "fppa_left": 7.0, "fppa_right": 3.0,
    "right_pelvic_drop_deg_median": 1.5, "right_stance_fppa_deg": 4.5,
}  # fmt: skip


@pytest.mark.parametrize("clip", list(CASES))
def test_flip_swaps_left_and_right(clip: str, derived_clips: Any, run_engine: Any) -> None:
    test, values = CASES[clip]
    ident = values(_metrics(run_engine, derived_clips(clip, "identity"), test))
    flipped = values(_metrics(run_engine, derived_clips(clip, "flip"), test), swap=True)
    for key, d in _deltas(ident, flipped).items():
        assert d <= FLIP_MEASURED.get(key, 1.0), (key, d, ident[key], flipped[key])


@pytest.mark.xfail(strict=True, reason="MediaPipe is not mirror-symmetric at the knee (README-engine.md)")
def test_flip_meets_1pct_target_on_plie(derived_clips: Any, run_engine: Any) -> None:
    ident = plie_values(_metrics(run_engine, derived_clips("plie.mp4", "identity"), "plie"))
    flipped = plie_values(_metrics(run_engine, derived_clips("plie.mp4", "flip"), "plie"), swap=True)
    assert max(_deltas(ident, flipped).values()) <= 1.0


# tree_pose.mp4 is 10 fps, so half frame rate (5 fps) is rejected as bad_dimensions by design.
# Its 95th percentile of pelvic drop is a tail statistic over ~57 frames of a 100 px leg: measured
# 2.3 deg at half resolution (README-engine.md); the median meets 2 deg.
HALF_MEASURED = {"right_pelvic_drop_deg_p95": 3.0}


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
        assert d < HALF_MEASURED.get(key, 2.0), (transform, key, d)


def test_mirrored_flag_undoes_a_flip(derived_clips: Any, run_engine: Any) -> None:
    ident = stance_values(_metrics(run_engine, derived_clips("tree_pose.mp4", "identity"), "stance"))
    r = run_engine(derived_clips("tree_pose.mp4", "flip"), "stance", mirrored=True).result
    assert r["quality"]["mirrored"] is True
    for key, d in _deltas(ident, stance_values(r["metrics"])).items():
        assert d <= 0.5, (key, d)
