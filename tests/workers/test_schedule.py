"""The frame schedule (workers/schedule.py) on made-up sequences, no MediaPipe: every frame a
measurement is read from runs, standing still is thinned, a mirrored clip gets the same schedule,
and the thinned-and-filled track measures what the full track measures."""

from __future__ import annotations

import numpy as np
import pytest

from tests.workers import synthetic as syn
from workers.plie import MATCHED_DEPTH_PCT, analyse_plie
from workers.pose import PoseFrame, unmirror
from workers.schedule import Schedule, fill_skipped
from workers.signals import Track
from workers.stance import analyse_stance

FPS = 15.0  # the track rate of a 30 fps clip (frame step 2)


def _raw(track: Track) -> np.ndarray:
    """(T, 33, 3) normalised poses with visibility 1 where the landmark exists, NaN elsewhere."""
    xy = track.xy / np.array([track.width, track.height])
    vis = np.where(np.isfinite(xy[..., :1]), 1.0, 0.0)
    return np.concatenate([np.nan_to_num(xy, nan=0.5), vis], axis=2)


def _schedule(track: Track, test: str, raw: np.ndarray) -> np.ndarray:
    """The engine's loop: run what the schedule wants, and the frames passed over when a window opens."""
    plan = Schedule(test, track.fps, track.width, track.height)
    ran, skipped = [], []
    for k, t in enumerate(track.times):
        ran.append(plan.wants(float(t)))
        if not ran[-1]:
            skipped.append(k)
            continue
        if plan.observe(float(t), PoseFrame(image=raw[k], world=np.zeros((33, 3)))):
            for j in skipped:
                ran[j] = True
        skipped.clear()
    return np.asarray(ran)


def _filled(track: Track, raw: np.ndarray, ran: np.ndarray) -> Track:
    masked = np.where(ran[:, None, None], raw, np.nan)
    full = fill_skipped(masked, ran)
    xy = full[..., :2] * np.array([track.width, track.height])
    xy[full[..., 2] < 0.5] = np.nan
    return Track(xy=xy, fps=track.fps, width=track.width, height=track.height, ran=ran)


def test_plie_runs_every_frame_around_each_bottom_and_30_pct_crossing_and_thins_standing() -> None:
    track, bottoms = syn.plie_sequence(fps=FPS, depth_pct=45.0, offset_pct={"left": 4.0, "right": -3.0})
    raw = _raw(track)
    ran = _schedule(track, "plie", raw)
    t = track.times
    for b in bottoms:
        assert ran[np.abs(t - b) <= 0.3 + 1e-9].all()  # the deepest frame and the +-100 ms window
    hip_y = (track.xy[:, 23, 1] + track.xy[:, 24, 1]) / 2
    depth = (hip_y - hip_y.min()) / syn.LEG * 100
    crossings = np.flatnonzero((depth[1:] >= MATCHED_DEPTH_PCT) & (depth[:-1] < MATCHED_DEPTH_PCT))
    assert len(crossings) == len(bottoms)
    for c in crossings:
        assert ran[c] and ran[c + 1]  # both frames the matched offset is interpolated between
    standing = t < 1.4
    assert ran[standing].mean() <= 0.4  # ~5 fps of 15 while she stands
    assert ran.mean() < 0.75

    full, thinned = analyse_plie(track), analyse_plie(_filled(track, raw, ran))
    assert full is not None and thinned is not None and len(thinned.reps) == len(full.reps)
    assert thinned.matched is not None and full.matched is not None
    for side in ("left", "right"):
        assert thinned.offset[side] == pytest.approx(full.offset[side], abs=0.05)
        assert thinned.matched[side] == pytest.approx(full.matched[side], abs=0.05)
    assert thinned.depth == pytest.approx(full.depth, abs=0.05)


def test_stance_runs_every_frame_at_lift_off_and_touch_down_and_thins_the_steady_hold() -> None:
    track = syn.stance_sequence(
        fps=FPS, phases=[("both", 1.5), ("left", 5.0), ("both", 1.5)],
        drop_deg={"left": 6.0, "right": 3.0}, lean_deg={"left": 4.0, "right": 7.0},
        fppa_deg={"left": 12.0, "right": 8.0},
    )  # fmt: skip
    raw = _raw(track)
    ran = _schedule(track, "stance", raw)
    t = track.times
    lift = np.abs(track.xy[:, 27, 1] - track.xy[:, 28, 1]) / syn.LEG
    edges = np.flatnonzero(np.diff(lift >= 0.10))
    assert len(edges) == 2  # lift-off and touch-down
    for e in edges:  # the frames either side of each edge ran, and the next 0.5 s
        assert ran[e] and ran[(t > t[e]) & (t <= t[e] + 0.5)].all()
    steady = (t > 2.5) & (t < 6.0)
    assert ran[steady].mean() <= 0.4
    full = analyse_stance(track)
    thinned = analyse_stance(_filled(track, raw, ran))
    assert full is not None and thinned is not None
    a, b = full.sides[0], thinned.sides[0]
    assert b.stance_leg == a.stance_leg and b.touchdowns == a.touchdowns
    assert b.metrics()["hold_s"]["value"] == pytest.approx(a.metrics()["hold_s"]["value"], abs=0.1)
    for key in ("pelvic_drop_deg_median", "trunk_lean_deg", "stance_fppa_deg"):
        assert b.metrics()[key]["value"] == pytest.approx(a.metrics()[key]["value"], abs=0.1), key
    assert thinned.sides[0].keyframe in np.flatnonzero(ran)  # the key frame is a frame the model saw


def test_a_mirrored_clip_gets_exactly_the_same_schedule() -> None:
    """The schedule reads only what a mirror leaves unchanged (heights, distances), from the
    symmetrised pose: so the flip-equivariance of the engine stays exact."""
    for test, track in (
        ("plie", syn.plie_sequence(fps=FPS, depth_pct=40.0, offset_pct={"left": 5.0, "right": 1.0})[0]),
        ("stance", syn.stance_sequence(
            fps=FPS, phases=[("both", 1.0), ("right", 4.0), ("both", 1.0)], drop_deg={"left": 0.0, "right": 5.0},
            lean_deg={"left": 0.0, "right": 3.0}, fppa_deg={"left": 0.0, "right": 9.0},
        )),
    ):  # fmt: skip
        raw = _raw(track)
        mirrored = np.stack([unmirror(PoseFrame(image=r, world=np.zeros((33, 3)))).image for r in raw])
        assert (_schedule(track, test, raw) == _schedule(track, test, mirrored)).all(), test


def test_skipped_frames_are_filled_between_run_neighbours_only() -> None:
    raw = np.full((6, 33, 3), np.nan)
    raw[0], raw[3] = 0.2, 0.5
    ran = np.array([True, False, False, True, False, False])
    out = fill_skipped(raw, ran)
    assert out[1, 0] == pytest.approx([0.3, 0.3, 0.3]) and out[2, 0] == pytest.approx([0.4, 0.4, 0.4])
    assert np.isnan(out[4:]).all()  # nothing after the last run frame to interpolate towards
    raw[3] = np.nan  # a run frame without a pose: the gap before it stays empty
    assert np.isnan(fill_skipped(raw, ran)[1:3]).all()


def test_slow_tracks_and_the_full_rate_reference_are_never_thinned() -> None:
    assert not Schedule("plie", 10.0, 600, 338).thinned  # tree_pose.mp4: 10 fps, every frame
    assert not Schedule("plie", 30.0, 1280, 720, thin=False).thinned  # analyse(step=1)
    assert Schedule("stance", 15.0, 1280, 720).thinned
