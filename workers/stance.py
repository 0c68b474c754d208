"""Single-leg stance (Trendelenburg), frontal: phases, baseline, pelvic drop, trunk lean, FPPA.

Phases are visibility-aware: an ankle that is not seen is unknown, never "on the floor"; a
touch-down needs the raised ankle seen within 10 % leg length of the stance ankle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from workers import geometry as g
from workers.pose import L_ANKLE, L_HIP, L_SHOULDER, R_ANKLE, R_HIP, R_SHOULDER
from workers.quality import MIN_HOLD_S
from workers.result import StanceMetrics, StanceSideMetrics, measured, rnd
from workers.signals import Track

RAISE_FRACTION = 0.10  # raised ankle >= 10 % leg length above the other one
SKIP_AFTER_LIFT_S = 0.5  # settling time after lift-off, not part of the hold
BASELINE_S = 1.0  # up to 1 s of double-leg standing before lift-off
MIN_BASELINE_FRAMES = 3
MAX_TOUCHDOWN_S = 1.0  # a shorter return to the floor with the same leg counts as a touch-down
COMPENSATING_DEG = 5.0


HIP_HIKE_DEG = -5.0  # DOMAIN 1.2: the raised side higher by more than this is a hip hike


def band(drop_deg: float) -> str:
    """< -5 watch (hip hike), -5..2 level, 2-5 watch, > 5 concern (pelvic drop, degrees).

    A drop below -5 deg (raised side hiked) is a compensation, not a better result: DOMAIN 1.2
    puts it in watch, and `hip_hike` says why.
    """
    if drop_deg < HIP_HIKE_DEG:
        return "watch"
    if drop_deg < 2:
        return "level"
    return "watch" if drop_deg <= 5 else "concern"


def fppa_band(fppa_deg: float) -> str:
    """< 10 aligned, 10-15 watch, > 15 concern (stance knee FPPA, degrees)."""
    if fppa_deg < 10:
        return "aligned"
    return "watch" if fppa_deg <= 15 else "concern"


@dataclass(frozen=True)
class Side:
    stance_leg: str
    lift_off: int
    end: int
    hold_frames: NDArray[Any]  # frame indices of the hold
    drop: NDArray[Any]  # pelvic drop per hold frame (baseline-corrected)
    lean: NDArray[Any]
    fppa: NDArray[Any]
    touchdowns: int
    keyframe: int
    t: NDArray[Any]  # the track's frame times (s)
    dur: NDArray[Any]  # seconds each track frame stands for (VFR-safe)
    unseen: NDArray[Any]  # per hold frame: raised ankle not seen (bridged, not a touch-down)

    @property
    def hold_s(self) -> float:
        return float(self.dur[self.hold_frames].sum())

    @property
    def phase_s(self) -> float:
        """Lift-off to the last frame on one leg (DOMAIN's single-leg phase, >= 3 s)."""
        return float(self.t[self.end] + self.dur[self.end] - self.t[self.lift_off])

    def metrics(self) -> StanceSideMetrics:
        drop_med = float(np.nanmedian(self.drop))
        lean_med = float(np.nanmedian(self.lean))
        fppa_med = float(np.nanmedian(self.fppa))
        return {
            "stance_leg": self.stance_leg,
            "raised_leg": "left" if self.stance_leg == "right" else "right",
            "lift_off_t_s": rnd(self.t[self.lift_off]),
            "end_t_s": rnd(self.t[self.end]),
            "phase_s": rnd(self.phase_s),
            "pelvic_drop_deg_median": measured(drop_med, "pelvic_drop_deg"),
            "pelvic_drop_deg_p95": measured(float(np.nanpercentile(self.drop, 95)), "pelvic_drop_deg"),
            "trunk_lean_deg": measured(lean_med, "trunk_lean_deg"),
            "compensating": bool(round(lean_med, 2) > COMPENSATING_DEG),
            "hip_hike": bool(round(drop_med, 2) < HIP_HIKE_DEG),
            "stance_fppa_deg": measured(fppa_med, "fppa_deg"),
            "hold_s": measured(self.hold_s, "hold_s"),
            "touchdowns": self.touchdowns,
            "unseen_ankle_s": rnd(float(self.dur[self.hold_frames][self.unseen].sum())),
            "band": band(round(drop_med, 2)),
            "fppa_band": fppa_band(round(fppa_med, 2)),
            "keyframe_t_s": rnd(self.t[self.keyframe]),
        }


@dataclass(frozen=True)
class StanceAnalysis:
    sides: list[Side]
    baseline: bool
    baseline_hip_deg: float
    baseline_trunk_deg: float
    leg_length_px: float
    notes: list[str] = field(default_factory=list)

    @property
    def keyframe(self) -> int:
        return self.sides[0].keyframe

    def metrics(self) -> StanceMetrics:
        return {
            "sides": [s.metrics() for s in self.sides],
            "baseline": self.baseline,
            "baseline_hip_line_deg": rnd(self.baseline_hip_deg) if self.baseline else None,
            "baseline_trunk_deg": rnd(self.baseline_trunk_deg) if self.baseline else None,
            "leg_length_px": rnd(self.leg_length_px),
            "keyframe_t_s": rnd(self.sides[0].t[self.keyframe]),
        }


def hip_line_deg(xy: NDArray[Any]) -> NDArray[Any]:
    """Left hip relative to right: atan2(y_L - y_R, |x_L - x_R|); + = left hip lower."""
    d = xy[:, L_HIP] - xy[:, R_HIP]
    return np.asarray(np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0]))))


def trunk_deg(xy: NDArray[Any]) -> NDArray[Any]:
    """Mid-hip -> mid-shoulder line from vertical; + = shoulders towards image +x."""
    sh = (xy[:, L_SHOULDER] + xy[:, R_SHOULDER]) / 2.0
    hp = (xy[:, L_HIP] + xy[:, R_HIP]) / 2.0
    return np.asarray(np.degrees(np.arctan2(sh[:, 0] - hp[:, 0], hp[:, 1] - sh[:, 1])))


def _runs(mask: NDArray[Any]) -> list[tuple[int, int]]:
    m = np.concatenate(([False], mask, [False])).astype(np.int8)
    d = np.diff(m)
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


UNKNOWN = 2  # phase state: ankle height not seen


def phase_states(h: NDArray[Any], thr: float) -> NDArray[Any]:
    """Per frame: 1 left raised, -1 right raised, 0 both seen on the floor, UNKNOWN not seen.

    An unseen stretch between two frames with the same leg raised is bridged as still raised: a
    foot hidden behind the standing leg has not touched down (the hips are still measured).
    """
    state = np.full(len(h), UNKNOWN, dtype=np.int8)
    seen = np.isfinite(h)
    state[seen] = 0
    state[seen & (h >= thr)] = 1
    state[seen & (h <= -thr)] = -1
    for a, b in _runs(state == UNKNOWN):
        if a > 0 and b < len(state) and state[a - 1] == state[b] and state[b] in (1, -1):
            state[a:b] = state[b]
    return state


def _groups(state: NDArray[Any], t: NDArray[Any]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Raised-leg segments merged across short touch-downs: [(raised_leg, [(start, stop), ...])].

    Two segments of the same leg merge when the frames between them include a seen touch-down
    lasting <= MAX_TOUCHDOWN_S (state 0); the gap is a touch-down, its frames are not hold.
    """
    segs = sorted(
        [("left", a, b) for a, b in _runs(state == 1)] + [("right", a, b) for a, b in _runs(state == -1)],
        key=lambda s: s[1],
    )
    groups: list[tuple[str, list[tuple[int, int]]]] = []
    for leg, a, b in segs:
        if groups and groups[-1][0] == leg and t[a] - t[groups[-1][1][-1][1] - 1] <= MAX_TOUCHDOWN_S:
            groups[-1][1].append((a, b))
        else:
            groups.append((leg, [(a, b)]))
    return groups


def analyse_stance(track: Track, raw_seen: NDArray[Any] | None = None) -> StanceAnalysis | None:
    """Sides whose single-leg phase lasts >= 3 s, or None (-> test_not_found).

    `raw_seen` (T, 33) marks landmarks the model itself saw (before gap filling); an ankle that
    was only interpolated counts as unseen for the phases. None = every finite landmark was seen.
    """
    xy, t, dur = track.xy, track.times, track.durations()
    ref = g.reference_leg_length(g.leg_lengths(xy))
    if not np.isfinite(ref) or ref <= 0:
        return None
    # Height of the left ankle above the right one (image y grows downwards).
    h = xy[:, R_ANKLE, 1] - xy[:, L_ANKLE, 1]
    if raw_seen is not None:
        h = np.where(raw_seen[:, L_ANKLE] & raw_seen[:, R_ANKLE], h, np.nan)
    thr = RAISE_FRACTION * ref
    state = phase_states(h, thr)
    seen_raised = np.isfinite(h)
    down = state == 0

    hip = hip_line_deg(xy)
    trunk = trunk_deg(xy)
    groups = _groups(state, t)
    notes: list[str] = []

    # One baseline per clip (camera roll and standing posture don't change between sides): the
    # double-leg frames in the 1 s before the first lift-off that has them.
    base_hip, base_trunk, baseline = 0.0, 0.0, False
    for _, segs in groups:
        lift = segs[0][0]
        sel = np.flatnonzero((t >= t[lift] - BASELINE_S) & (t < t[lift]))
        sel = sel[down[sel] & np.isfinite(hip[sel]) & np.isfinite(trunk[sel])]
        if len(sel) >= MIN_BASELINE_FRAMES:
            base_hip, base_trunk, baseline = float(np.median(hip[sel])), float(np.median(trunk[sel])), True
            break
    if not baseline:
        notes.append("no double-leg standing before lift-off: pelvic drop and trunk lean are uncorrected")

    best: dict[str, Side] = {}
    for raised, segs in groups:
        stance_leg = "right" if raised == "left" else "left"
        lift, end = segs[0][0], segs[-1][1] - 1
        frames = np.concatenate([np.arange(a, b) for a, b in segs])
        frames = frames[t[frames] >= t[lift] + SKIP_AFTER_LIFT_S - 1e-9]
        if len(frames) == 0:
            continue
        sign = 1.0 if raised == "left" else -1.0  # hip_line_deg is "left hip lower"
        drop = sign * (hip[frames] - base_hip)
        st, ra = (R_HIP, L_HIP) if raised == "left" else (L_HIP, R_HIP)
        towards_stance = np.sign(xy[frames, st, 0] - xy[frames, ra, 0])
        lean = towards_stance * (trunk[frames] - base_trunk)
        s_hip, s_knee, s_ank, o_hip = g.LEGS[stance_leg]
        fp = g.fppa(
            xy[frames, s_hip],
            xy[frames, s_knee],
            xy[frames, s_ank],
            g.medial_sign(xy[frames, s_hip], xy[frames, o_hip]),
        )
        ok = np.isfinite(drop)
        if not ok.any():
            continue
        med = np.nanmedian(drop)
        pick = ok & track.ran[frames] if track.ran is not None and (ok & track.ran[frames]).any() else ok
        key = int(frames[pick][np.argmin(np.abs(drop[pick] - med))])  # a frame the model ran on
        side = Side(
            stance_leg=stance_leg,
            lift_off=lift,
            end=end,
            hold_frames=frames,
            drop=drop,
            lean=lean,
            fppa=fp,
            touchdowns=len(segs) - 1,
            keyframe=key,
            t=t,
            dur=dur,
            unseen=~seen_raised[frames],
        )
        if stance_leg not in best or side.phase_s > best[stance_leg].phase_s:
            best[stance_leg] = side
    sides = []
    for side in sorted(best.values(), key=lambda s: s.lift_off):
        if side.phase_s >= MIN_HOLD_S - 1e-9:
            sides.append(side)
        else:
            notes.append(
                f"{side.stance_leg} leg: on one leg only {side.phase_s:.1f} s (needs {MIN_HOLD_S:.0f} s)"
            )
    if not sides:
        return None
    return StanceAnalysis(
        sides=sides,
        baseline=baseline,
        baseline_hip_deg=base_hip,
        baseline_trunk_deg=base_trunk,
        leg_length_px=ref,
        notes=notes,
    )
