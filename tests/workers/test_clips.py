"""Real clips from ../shared/clips through the whole engine (MediaPipe)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from tests.workers.clip_expectations import EXPECTATIONS, Expect
from workers.engine import analyse

pytestmark = pytest.mark.slow


def _val(x: dict[str, Any]) -> float:
    return float(x["value"])


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=lambda e: f"{e.clip}-{e.test}")
def test_clip_yields_expected_result(exp: Expect, clips_dir: Path, run_engine: Any) -> None:
    out = run_engine(clips_dir / exp.clip, exp.test)
    r = out.result
    assert r["reason"] in exp.reasons, (exp.why, r["reason"], r["quality"])
    json.dumps(r, allow_nan=False)  # strictly JSON-serialisable
    assert r["engine_version"] == "1.2.1"
    model = r["model"]  # which model measured it, in every result (rejections too)
    assert model["version"] == "0.10.9" and len(model["files"]["pose_landmark_full.tflite"]) == 64
    if r["status"] == "rejected":
        assert r["metrics"] is None and r["message"]
        return
    assert out.keyframe_jpeg is not None and out.keyframe_jpeg[:3] == b"\xff\xd8\xff"  # JPEG
    assert len(out.keyframe_jpeg) <= 150_000
    img = cv2.imdecode(np.frombuffer(out.keyframe_jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert img is not None and img.shape[0] <= 720
    m = r["metrics"]
    if exp.test == "plie":
        assert m["rep_count"] >= exp.min_reps
        if exp.positions is not None:
            assert {rep["position"] for rep in m["reps"]} == exp.positions, exp.why
    else:
        assert max(_val(s["hold_s"]) for s in m["sides"]) > exp.min_hold_s
        if exp.stance_legs is not None:
            assert tuple(s["stance_leg"] for s in m["sides"]) == exp.stance_legs, exp.why


def test_plie_clip_reps_and_plausible_offsets(clips_dir: Path, run_engine: Any) -> None:
    m = run_engine(clips_dir / "plie.mp4", "plie").result["metrics"]
    assert m["rep_count"] >= 2
    assert {rep["position"] for rep in m["reps"]} == {"second"}  # this clip's pliés are all in 2nd
    for side in ("left", "right"):
        off = _val(m["knee_toe_offset_pct"][side])
        assert -10 < off < 20, off  # a trained dancer: knees a few % outside the toe line
        assert m["band"][side] in {"aligned", "watch", "concern"}
    assert 15 < _val(m["depth_pct"]) < 70
    assert abs(_val(m["symmetry_pct"])) < 10


def test_rotated_tag_matches_upright_clip(clips_dir: Path, run_engine: Any) -> None:
    a = run_engine(clips_dir / "tree_pose.mp4", "stance").result
    b = run_engine(clips_dir / "tree_pose_rotated_tag.mp4", "stance").result
    assert (a["quality"]["width"], a["quality"]["height"]) == (b["quality"]["width"], b["quality"]["height"])
    sa, sb = a["metrics"]["sides"], b["metrics"]["sides"]
    assert [s["stance_leg"] for s in sa] == [s["stance_leg"] for s in sb] == ["right"]
    for key in ("pelvic_drop_deg_median", "trunk_lean_deg", "stance_fppa_deg"):
        assert abs(_val(sa[0][key]) - _val(sb[0][key])) < 1.0, key
    assert abs(_val(sa[0]["hold_s"]) - _val(sb[0]["hold_s"])) <= 0.2


def test_same_clip_twice_gives_identical_json(clips_dir: Path, run_engine: Any) -> None:
    first = run_engine(clips_dir / "plie.mp4", "plie")
    second = analyse(clips_dir / "plie.mp4", test="plie")  # a fresh run, not the cache
    assert json.dumps(first.result, sort_keys=True) == json.dumps(second.result, sort_keys=True)
    assert first.keyframe_jpeg == second.keyframe_jpeg


def test_progress_is_monotonic_0_to_100(clips_dir: Path) -> None:
    seen: list[int] = []
    analyse(clips_dir / "nobody.mp4", test="plie", progress=seen.append)
    assert seen[0] == 0 and seen[-1] == 100
    assert seen == sorted(set(seen))
