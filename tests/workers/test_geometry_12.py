"""Engine 1.2 geometry on made-up sequences (no MediaPipe): roll-corrected plié, depth-matched
offset, visibility-aware stance phases, container timestamps."""

from __future__ import annotations

import numpy as np
import pytest

from tests.workers import synthetic as syn
from workers import pose as P
from workers.plie import MATCHED_DEPTH_PCT, analyse_plie
from workers.signals import Track
from workers.stance import analyse_stance

TOL = 0.5
DROP = {"left": 6.0, "right": 3.0}
LEAN = {"left": 4.0, "right": 7.0}
FPPA = {"left": 12.0, "right": 8.0}


def _rolled(track: Track, deg: float) -> Track:
    return Track(xy=syn.rotate(track.xy, deg), fps=track.fps, width=track.width, height=track.height)


@pytest.mark.parametrize("roll", [-5.0, 5.0, 8.0])
def test_plie_offsets_are_corrected_for_camera_roll(roll: float) -> None:
    """1.1 moved each offset by ~4 % leg length at 5 deg: now the standing body axis levels it."""
    track, _ = syn.plie_sequence(offset_pct={"left": 4.0, "right": -3.0}, depth_pct=40.0)
    res = analyse_plie(_rolled(track, roll))
    assert res is not None and res.roll_deg == pytest.approx(roll, abs=0.05)
    assert res.offset["left"] == pytest.approx(4.0, abs=TOL)
    assert res.offset["right"] == pytest.approx(-3.0, abs=TOL)
    assert res.depth == pytest.approx(40.0, abs=TOL)
    assert res.metrics()["camera_roll_deg"] == pytest.approx(roll, abs=0.05)


def _depth_dependent(depth_pct: float, gain: float) -> Track:
    """A plié whose knee-toe offset grows with depth: offset = gain * depth (both legs)."""
    track, _ = syn.plie_sequence(offset_pct={"left": 0.0, "right": 0.0}, depth_pct=depth_pct)
    xy = track.xy.copy()
    hip_y = (xy[:, P.L_HIP, 1] + xy[:, P.R_HIP, 1]) / 2
    depth = (hip_y - (syn.FLOOR - syn.LEG)) / syn.LEG * 100
    for knee, foot, sgn in ((P.L_KNEE, P.L_FOOT, 1.0), (P.R_KNEE, P.R_FOOT, -1.0)):
        xy[:, knee, 0] = xy[:, foot, 0] + sgn * gain * depth / 100 * syn.LEG
    return Track(xy=xy, fps=track.fps, width=track.width, height=track.height)


def test_depth_matched_offset_does_not_change_with_depth() -> None:
    shallow = analyse_plie(_depth_dependent(35.0, 0.2))
    deep = analyse_plie(_depth_dependent(57.0, 0.2))
    assert shallow is not None and deep is not None
    # At the deepest frame the two "screenings" differ by 0.2 * (57 - 35) = 4.4 % ...
    assert deep.offset["left"] - shallow.offset["left"] == pytest.approx(4.4, abs=TOL)
    # ... at the matched depth they agree: 0.2 * 30 = 6 % on both.
    for res in (shallow, deep):
        assert res.matched is not None
        for side in ("left", "right"):
            assert res.matched[side] == pytest.approx(0.2 * MATCHED_DEPTH_PCT, abs=TOL)
        assert res.metrics()["knee_toe_offset_matched_pct"]["left"]["value"] == pytest.approx(6.0, abs=TOL)


def test_depth_matched_offset_is_absent_when_no_rep_reaches_it() -> None:
    res = analyse_plie(_depth_dependent(25.0, 0.2))
    assert res is not None and res.matched is None
    assert res.metrics()["knee_toe_offset_matched_pct"] is None
    assert any("30 % depth" in n for n in res.notes)


def _hide(track: Track, landmark: int, t0: float, t1: float) -> Track:
    xy = track.xy.copy()
    t = np.arange(track.n) / track.fps
    xy[(t >= t0) & (t < t1), landmark] = np.nan
    return Track(xy=xy, fps=track.fps, width=track.width, height=track.height)


def test_hidden_raised_ankle_is_unknown_not_a_touchdown() -> None:
    """1.1 counted an unseen raised ankle as down: the hold split into fake touch-downs."""
    track = syn.stance_sequence(phases=[("both", 1.0), ("left", 6.0), ("both", 1.0)], drop_deg=DROP,
                                lean_deg=LEAN, fppa_deg=FPPA)  # fmt: skip
    res = analyse_stance(_hide(track, P.L_ANKLE, 2.5, 4.0))  # left (raised) ankle unseen for 1.5 s
    assert res is not None and len(res.sides) == 1
    side = res.sides[0]
    assert side.touchdowns == 0
    assert side.hold_s == pytest.approx(6.0 - 0.5, abs=1 / 30 + 1e-9)
    m = side.metrics()
    assert m["unseen_ankle_s"] == pytest.approx(1.5, abs=1 / 30 + 1e-9)
    assert m["pelvic_drop_deg_median"]["value"] == pytest.approx(DROP["right"], abs=TOL)


def test_a_touchdown_needs_the_ankle_seen_on_the_floor() -> None:
    phases = [("both", 1.0), ("left", 2.5), ("both", 0.4), ("left", 2.5), ("both", 1.0)]
    track = syn.stance_sequence(phases=phases, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA)
    seen = analyse_stance(track)
    hidden = analyse_stance(_hide(track, P.L_ANKLE, 3.0, 4.5))  # the touch-down is not seen
    assert seen is not None and seen.sides[0].touchdowns == 1
    assert hidden is not None and hidden.sides[0].touchdowns == 0


def test_raw_visibility_overrides_gap_filling_for_phases() -> None:
    """An ankle only interpolated by the signal chain (<= 5 frames) is still unseen for phases."""
    phases = [("both", 1.0), ("left", 2.5), ("both", 0.15), ("left", 2.5), ("both", 1.0)]
    track = syn.stance_sequence(phases=phases, drop_deg=DROP, lean_deg=LEAN, fppa_deg=FPPA)
    seen = np.ones(track.xy.shape[:2], bool)
    t = np.arange(track.n) / track.fps
    seen[(t >= 3.4) & (t < 3.7), P.L_ANKLE] = False
    res = analyse_stance(track, raw_seen=seen)
    assert res is not None and res.sides[0].touchdowns == 0


def test_hold_time_uses_container_timestamps() -> None:
    """A variable-frame-rate clip: frames missing in part of the hold must not shorten it."""
    track = syn.stance_sequence(phases=[("both", 1.0), ("left", 5.0), ("both", 1.0)], drop_deg=DROP,
                                lean_deg=LEAN, fppa_deg=FPPA)  # fmt: skip
    t = np.arange(track.n) / track.fps
    keep = ~((t > 2.0) & (t < 4.0) & (np.arange(track.n) % 2 == 1))  # 15 fps for 2 s of the hold
    vfr = Track(xy=track.xy[keep], fps=track.fps, width=track.width, height=track.height, t=t[keep])
    a, b = analyse_stance(track), analyse_stance(vfr)
    assert a is not None and b is not None
    assert b.sides[0].hold_s == pytest.approx(a.sides[0].hold_s, abs=0.05)
    assert b.sides[0].phase_s == pytest.approx(5.0, abs=0.05)


def test_a_hip_hike_beyond_5_degrees_is_watch_not_level() -> None:
    """DOMAIN 1.2: down to -5 deg is normal; beyond it a hip hike, never worded as level."""
    from workers.stance import band

    assert [band(x) for x in (-5.1, -5.0, 0.0, 1.9, 2.0, 5.0, 5.1)] == [
        "watch", "level", "level", "level", "watch", "watch", "concern",
    ]  # fmt: skip
    phases = [("both", 1.0), ("left", 5.0), ("both", 1.0)]
    res = analyse_stance(syn.stance_sequence(phases=phases, drop_deg={"left": 0.0, "right": -8.0},
                                             lean_deg=LEAN, fppa_deg=FPPA))  # fmt: skip
    assert res is not None
    m = res.sides[0].metrics()
    assert m["hip_hike"] is True and m["band"] == "watch"
