"""The shared formula vectors pass in Python (workers.formulas) and in node (mirror_formulas.js)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workers import formulas as f

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((Path(__file__).parent / "formula_vectors.json").read_text())
JS_TEST = Path(__file__).parent / "formulas.test.mjs"


def _frame(name: str) -> list[f.Point]:
    sparse = VECTORS["frames"][name]
    return [tuple(sparse.get(str(i), [0.0, 0.0, 0.0])) for i in range(33)]  # type: ignore[misc]


def _arg(value: Any) -> Any:
    if isinstance(value, list):  # a list of frames (the camera roll's standing frames)
        return [_arg(v) for v in value]
    return _frame(value[1:]) if isinstance(value, str) and value.startswith("@") else value


def _close(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float):
        return isinstance(actual, float) and math.isclose(actual, expected, abs_tol=VECTORS["tolerance"])
    return bool(actual == expected) and type(actual) is type(expected)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: f"{c['fn']}{c['args'][1:3]}")
def test_case(case: dict[str, Any]) -> None:
    actual = getattr(f, case["fn"])(*[_arg(a) for a in case["args"]])
    if case["expected"] is None:
        assert actual is None
    else:
        assert _close(actual, case["expected"]), (case, actual)


@pytest.mark.parametrize(
    "name", ["plie_counter", "plie_counter_rise_jitter", "plie_counter_sparse", "plie_counter_bottom"]
)
def test_plie_counter_sequence(name: str) -> None:
    seq = VECTORS["sequences"][name]
    counter = f.PlieCounter(leg_length=seq["leg_length"], standing_hip_y=seq["standing_hip_y"])
    for t, y, offsets in seq["samples"]:
        counter.update(t, y, offsets)
    assert len(counter.reps) == len(seq["expected_reps"])
    for rep, want in zip(counter.reps, seq["expected_reps"], strict=True):
        assert rep.t_s == pytest.approx(want["t_s"])
        assert rep.depth_pct == pytest.approx(want["depth_pct"])
        assert rep.offset_pct == pytest.approx(want["offset_pct"])


@pytest.mark.parametrize("name", ["hold_timer", "hold_timer_short_gap"])
def test_hold_timer_sequence(name: str) -> None:
    seq = VECTORS["sequences"][name]
    timer = f.HoldTimer()
    for t, raised in seq["samples"]:
        timer.update(t, raised)
    want = seq["expected"]
    assert (timer.stance, timer.touchdowns, timer.ended) == (
        want["stance"],
        want["touchdowns"],
        want["ended"],
    )
    assert timer.lift_t_s == pytest.approx(want["lift_t_s"])
    assert timer.hold_s == pytest.approx(want["hold_s"])


def test_calibration_sequence() -> None:
    seq = VECTORS["sequences"]["calibration"]
    cal = f.Calibration()
    for name in seq["frames"]:
        cal.update(_frame(name[1:]))
    assert cal.leg_length == pytest.approx(seq["expected"]["leg_length"])
    assert cal.standing_hip_y == pytest.approx(seq["expected"]["standing_hip_y"])
    for side, want in seq["expected"]["side_leg_length"].items():
        assert cal.side_leg_length(side) == pytest.approx(want)


@pytest.mark.parametrize("case", VECTORS["level"], ids=lambda c: f"level{c['roll_deg']:.1f}")
def test_level(case: dict[str, Any]) -> None:
    out = f.level(_arg(case["frame"]), case["roll_deg"], case["width"], case["height"])
    for index, want in case["expected"].items():
        assert out[int(index)] == pytest.approx(tuple(want), abs=VECTORS["tolerance"]), index
    if "then_roll" in case:
        assert f.camera_roll_deg([out] * 3) == pytest.approx(case["then_roll"], abs=VECTORS["tolerance"])


def test_to_pixels_scales_x_and_y_separately() -> None:
    assert f.to_pixels([(0.5, 0.25, 0.9)], width=1280, height=720) == [(640.0, 180.0, 0.9)]


def test_same_vectors_pass_in_node() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install -y nodejs)")
    run = subprocess.run(
        [node, "--test", str(JS_TEST)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout, run.stdout


@pytest.mark.parametrize("case", [c for c in VECTORS["cases"] if c["fn"] == "identity_distance"], ids=lambda c: c["why"])
def test_the_engines_pass_identity_check_reads_the_same_vectors(case: dict[str, Any]) -> None:
    """workers/pose.py (numpy, the gate's multiple_people rule) and the phone's port agree."""
    import numpy as np

    from workers.pose import PoseFrame, identity_distance

    a, b = (PoseFrame(image=np.array(_arg(x), dtype=np.float64), world=np.zeros((33, 3))) for x in case["args"])
    assert identity_distance(a, b, 1, 1) == pytest.approx(case["expected"], abs=VECTORS["tolerance"])
