"""Geometry is exact on made-up pose sequences (no MediaPipe): < 0.5 deg / 0.5 % error."""

from __future__ import annotations

import numpy as np
import pytest

from tests.workers import synthetic as syn
from workers.plie import analyse_plie, band
from workers.signals import Track, condition
from workers.stance import analyse_stance

TOL = 0.5


def _plie(offsets: dict[str, float], **kw: float) -> tuple:
    track, bottoms = syn.plie_sequence(offset_pct=offsets, **kw)
    res = analyse_plie(track)
    assert res is not None
    return res, bottoms


@pytest.mark.parametrize(
    "offsets", [{"left": 4.0, "right": -3.0}, {"left": -7.5, "right": 0.0}, {"left": 2.0, "right": 6.0}]
)
def test_plie_offsets_depth_and_reps_exact(offsets: dict[str, float]) -> None:
    res, bottoms = _plie(offsets, depth_pct=30.0, reps=3)
    assert len(res.reps) == 3
    for rep, t in zip(res.reps, bottoms, strict=True):
        assert abs(rep.t_s - t) <= 0.3 + 1e-9  # the plateau's middle frame
        assert rep.position == "second"
        for side in ("left", "right"):
            assert abs(rep.offset_pct[side] - offsets[side]) < TOL
        assert abs(rep.depth_pct - 30.0) < TOL
    assert abs(res.offset["left"] - res.offset["right"] - (offsets["left"] - offsets["right"])) < TOL
    assert abs(res.leg_length_px["left"] - syn.LEG) < 0.5


def test_plie_metrics_json_shape_and_bands() -> None:
    res, _ = _plie({"left": 3.0, "right": -6.0})
    m = res.metrics()
    assert m["knee_toe_offset_pct"]["left"] == {"value": 3.0, "sem": 2.5, "sem_source": "provisional"}
    assert m["knee_toe_offset_pct"]["right"]["value"] == pytest.approx(-6.0, abs=TOL)
    assert m["band"] == {"left": "aligned", "right": "concern"}
    assert m["symmetry_pct"]["value"] == pytest.approx(9.0, abs=TOL)
    assert m["fppa_deg"] is None and "not valid under turnout" in m["fppa_note"]  # omitted in a plié
    assert [band(x) for x in (0.0, -0.1, -5.0, -5.1)] == ["aligned", "watch", "watch", "concern"]


def test_plie_first_position_is_recognised() -> None:
    track, _ = syn.plie_sequence(offset_pct={"left": 2.0, "right": 2.0}, gap_pct=10.0, reps=2)
    res = analyse_plie(track)
    assert res is not None and [r.position for r in res.reps] == ["first", "first"]


def test_plie_mirrored_input_swaps_sides_exactly() -> None:
    track, _ = syn.plie_sequence(offset_pct={"left": 4.0, "right": -3.0})
    mirrored = Track(xy=syn.mirror(track.xy), fps=track.fps, width=track.width, height=track.height)
    a, b = analyse_plie(track), analyse_plie(mirrored)
    assert a is not None and b is not None
    assert b.offset["left"] == pytest.approx(a.offset["right"], abs=1e-9)
    assert b.offset["right"] == pytest.approx(a.offset["left"], abs=1e-9)
    assert b.depth == pytest.approx(a.depth, abs=1e-9)


def test_plie_geometry_survives_signal_conditioning() -> None:
    """The same sequence through visibility gating + Hampel + gap fill + 6 Hz Butterworth, with a
    spike and a 4-frame dropout added, still measures within tolerance."""
    track, _ = syn.plie_sequence(offset_pct={"left": 4.0, "right": -3.0})
    xy = track.xy.copy()
    vis = np.ones(xy.shape[:2])
    xy[100, 25, 0] += 80.0  # one-frame spike on the left knee
    vis[200:204, 26] = 0.1  # right knee hidden for 4 frames
    cond = Track(xy=condition(xy, vis, track.fps), fps=track.fps, width=track.width, height=track.height)
    res = analyse_plie(cond)
    assert res is not None and len(res.reps) == 3
    assert res.offset["left"] == pytest.approx(4.0, abs=TOL)
    assert res.offset["right"] == pytest.approx(-3.0, abs=TOL)
    assert res.depth == pytest.approx(30.0, abs=TOL)


def test_plie_without_hip_drop_is_not_found() -> None:
    track, _ = syn.plie_sequence(offset_pct={"left": 0.0, "right": 0.0}, depth_pct=5.0)
    assert analyse_plie(track) is None


DROP = {"left": 6.0, "right": 3.0}  # keyed by stance leg
LEAN = {"left": 4.0, "right": 7.0}
FPPA = {"left": 12.0, "right": 8.0}
BOTH_SIDES = [("both", 1.0), ("left", 5.0), ("both", 1.5), ("right", 4.0), ("both", 1.0)]


@pytest.mark.parametrize(("roll", "tilt", "trunk"), [(0.0, 0.0, 0.0), (5.0, 2.0, -3.0), (-8.0, -1.5, 2.0)])
def test_stance_both_sides_exact_with_camera_roll_baseline(roll: float, tilt: float, trunk: float) -> None:
    track = syn.stance_sequence(
        phases=BOTH_SIDES, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA,
        natural_tilt_deg=tilt, natural_trunk_deg=trunk, roll_deg=roll,
    )  # fmt: skip
    res = analyse_stance(track)
    assert res is not None and res.baseline
    assert [s.stance_leg for s in res.sides] == ["right", "left"]  # left raised first
    for side in res.sides:
        m = side.metrics()
        leg = side.stance_leg
        assert m["pelvic_drop_deg_median"]["value"] == pytest.approx(DROP[leg], abs=TOL)
        assert m["pelvic_drop_deg_p95"]["value"] == pytest.approx(DROP[leg], abs=TOL)
        assert m["trunk_lean_deg"]["value"] == pytest.approx(LEAN[leg], abs=TOL)
        assert m["stance_fppa_deg"]["value"] == pytest.approx(FPPA[leg], abs=TOL)
        assert m["touchdowns"] == 0
        assert m["compensating"] is (LEAN[leg] > 5)
    right, left = res.sides
    assert right.hold_s == pytest.approx(5.0 - 0.5, abs=1 / 30 + 1e-9)
    assert left.hold_s == pytest.approx(4.0 - 0.5, abs=1 / 30 + 1e-9)
    assert right.metrics()["band"] == "watch" and left.metrics()["band"] == "concern"
    assert right.metrics()["fppa_band"] == "aligned" and left.metrics()["fppa_band"] == "watch"


def test_stance_mirrored_input_swaps_sides_exactly() -> None:
    track = syn.stance_sequence(phases=BOTH_SIDES, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA, roll_deg=3.0)
    mirrored = Track(xy=syn.mirror(track.xy), fps=track.fps, width=track.width, height=track.height)
    a, b = analyse_stance(track), analyse_stance(mirrored)
    assert a is not None and b is not None
    ma = {s.stance_leg: s.metrics() for s in a.sides}
    mb = {s.stance_leg: s.metrics() for s in b.sides}
    for key in ("pelvic_drop_deg_median", "trunk_lean_deg", "stance_fppa_deg", "hold_s"):
        assert mb["left"][key]["value"] == pytest.approx(ma["right"][key]["value"], abs=0.01)
        assert mb["right"][key]["value"] == pytest.approx(ma["left"][key]["value"], abs=0.01)


def test_stance_without_baseline_is_uncorrected_and_says_so() -> None:
    track = syn.stance_sequence(
        phases=[("right", 5.0), ("both", 1.0)], drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA,
        natural_tilt_deg=2.0, roll_deg=1.0,
    )  # fmt: skip
    res = analyse_stance(track)
    assert res is not None and not res.baseline
    assert res.metrics()["baseline"] is False
    assert any("uncorrected" in n for n in res.notes)
    # raw hip line: drop on the raised (right) side = drop - natural tilt (left lower) + roll effect
    m = res.sides[0].metrics()
    assert res.sides[0].stance_leg == "left"
    assert m["pelvic_drop_deg_median"]["value"] == pytest.approx(DROP["left"] - 2.0 - 1.0, abs=TOL)


def test_stance_touchdown_is_counted_and_excluded_from_hold() -> None:
    phases = [("both", 1.0), ("left", 2.5), ("both", 0.3), ("left", 2.5), ("both", 1.0)]
    res = analyse_stance(syn.stance_sequence(phases=phases, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA))
    assert res is not None and len(res.sides) == 1
    side = res.sides[0]
    assert side.touchdowns == 1
    assert side.hold_s == pytest.approx(5.0 - 0.5, abs=1 / 30 + 1e-9)


@pytest.mark.parametrize(("secs", "found"), [(2.8, False), (3.1, True)])
def test_stance_needs_a_3s_single_leg_phase(secs: float, found: bool) -> None:
    """DOMAIN: a single-leg phase of >= 3 s (1.1 wanted 3 s *after* the 0.5 s skip)."""
    phases = [("both", 1.0), ("left", secs), ("both", 1.0)]
    res = analyse_stance(syn.stance_sequence(phases=phases, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA))
    assert (res is not None) is found
    if res is not None:
        assert res.sides[0].phase_s == pytest.approx(secs, abs=1 / 30 + 1e-9)
        assert res.sides[0].hold_s == pytest.approx(secs - 0.5, abs=1 / 30 + 1e-9)


def test_plie_summary_prefers_second_position_reps() -> None:
    first, _ = syn.plie_sequence(offset_pct={"left": 20.0, "right": 20.0}, gap_pct=10.0, reps=1)
    second, _ = syn.plie_sequence(offset_pct={"left": 3.0, "right": -2.0}, reps=2)
    assert (res := analyse_plie(first)) is not None and any("first-position" in n for n in res.notes)
    both = Track(xy=np.concatenate([first.xy, second.xy]), fps=30.0, width=syn.W, height=syn.H)
    res = analyse_plie(both)
    assert res is not None and [r.position for r in res.reps] == ["first", "second", "second"]
    assert res.offset["left"] == pytest.approx(3.0, abs=TOL) and res.offset["right"] == pytest.approx(
        -2.0, abs=TOL
    )
    assert res.metrics()["summary_positions"] == ["second"]
