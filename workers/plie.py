"""Plié in second position (frontal): roll correction, reps, knee-toe offset (deepest frame and
depth-matched), depth, symmetry, bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.signal import find_peaks

from workers import geometry as g
from workers.pose import (
    L_ANKLE,
    L_FOOT,
    L_HIP,
    L_KNEE,
    L_SHOULDER,
    R_ANKLE,
    R_FOOT,
    R_HIP,
    R_KNEE,
    R_SHOULDER,
)
from workers.result import FPPA_NOTE, PlieMetrics, SideValues, measured, rnd
from workers.signals import Track

MIN_DEPTH_FRACTION = 0.10  # rep = hip drop >= 10 % of standing leg length
WINDOW_S = 0.10  # measure at the median of frames within +-100 ms of the deepest frame
FIRST_POSITION_GAP = 0.25  # ankle gap / leg length below this = 1st position, else 2nd
MATCHED_DEPTH_PCT = 30.0  # DOMAIN 1.2: the offset compared across screenings, read on each descent
MAX_ROLL_DEG = 15.0  # a larger ankle-line tilt is not camera roll (e.g. one foot raised): not corrected
MIN_ROLL_FRAMES = 3
STANDING_FRACTION = 0.03  # mid-hip within this of its highest position: standing (roll frames)
_LEG = {"left": (L_HIP, L_KNEE, L_ANKLE, L_FOOT, R_HIP), "right": (R_HIP, R_KNEE, R_ANKLE, R_FOOT, L_HIP)}


def band(offset_pct: float) -> str:
    """>= 0 over the toes (aligned), -5..0 on the big toe (watch), < -5 inside it (concern)."""
    if offset_pct >= 0:
        return "aligned"
    return "watch" if offset_pct >= -5 else "concern"


@dataclass(frozen=True)
class Rep:
    frame: int  # deepest frame
    t_s: float
    depth_pct: float
    position: str  # "first" | "second"
    offset_pct: dict[str, float]
    matched_pct: dict[str, float] | None  # offset at MATCHED_DEPTH_PCT on the descent; None if not reached


@dataclass(frozen=True)
class PlieAnalysis:
    reps: list[Rep]
    leg_length_px: dict[str, float]
    standing_hip_y: float
    keyframe: int
    key_rep: Rep
    roll_deg: float | None  # camera roll removed before measuring (None: not estimated)
    notes: list[str] = field(default_factory=list)

    @property
    def measured_reps(self) -> list[Rep]:
        """The reps the summary uses: second-position ones when there are any (the test is a plié
        in second; in first position the foot tips overlap and the toe landmark is unreliable)."""
        return _summary_reps(self.reps)

    @property
    def offset(self) -> dict[str, float]:
        return {s: float(np.median([r.offset_pct[s] for r in self.measured_reps])) for s in ("left", "right")}

    @property
    def matched(self) -> dict[str, float] | None:
        """Median depth-matched offset over the summary reps that reached the matched depth."""
        reps = [r.matched_pct for r in self.measured_reps if r.matched_pct is not None]
        if not reps:
            return None
        return {s: float(np.median([m[s] for m in reps])) for s in ("left", "right")}

    @property
    def depth(self) -> float:
        return float(np.median([r.depth_pct for r in self.measured_reps]))

    def metrics(self) -> PlieMetrics:
        off, matched = self.offset, self.matched
        sides = ("left", "right")
        return {
            "reps": [
                {
                    "t_s": rnd(r.t_s),
                    "position": r.position,
                    "depth_pct": measured(r.depth_pct, "depth_pct"),
                    "knee_toe_offset_pct": _sides(r.offset_pct),
                    "knee_toe_offset_matched_pct": (
                        _sides(r.matched_pct) if r.matched_pct is not None else None
                    ),
                }
                for r in self.reps
            ],
            "rep_count": len(self.reps),
            "summary_positions": sorted({r.position for r in self.measured_reps}),
            "knee_toe_offset_pct": _sides(off),
            "matched_depth_pct": MATCHED_DEPTH_PCT,
            "knee_toe_offset_matched_pct": (_sides(matched) if matched else None),
            "depth_pct": measured(self.depth, "depth_pct"),
            "symmetry_pct": measured(off["left"] - off["right"], "symmetry_pct"),
            "band": {s: band(round(off[s], 2)) for s in sides},
            "fppa_deg": None,
            "fppa_note": FPPA_NOTE,
            "camera_roll_deg": rnd(self.roll_deg),
            "leg_length_px": {s: rnd(v) for s, v in self.leg_length_px.items()},
            "keyframe_t_s": rnd(self.key_rep.t_s),
        }


def _sides(values: dict[str, float]) -> SideValues:
    return {
        "left": measured(values["left"], "knee_toe_offset_pct"),
        "right": measured(values["right"], "knee_toe_offset_pct"),
    }


def _summary_reps(reps: list[Rep]) -> list[Rep]:
    second = [r for r in reps if r.position == "second"]
    return second or reps


def per_frame(xy: NDArray[Any], lengths: dict[str, float]) -> dict[str, NDArray[Any]]:
    """Knee-toe offset per leg per frame (% leg length, + = knee lateral to the toe line)."""
    off: dict[str, NDArray[Any]] = {}
    for side, (hip, knee, _ankle, foot, other) in _LEG.items():
        m = g.medial_sign(xy[:, hip], xy[:, other])
        off[side] = (xy[:, knee, 0] - xy[:, foot, 0]) * (-m) / lengths[side] * 100.0
    return off


def camera_roll_deg(xy: NDArray[Any], standing: NDArray[Any]) -> float | None:
    """Camera roll from the standing frames: a person standing still is vertical.

    Angle of the mid-ankle -> mid-shoulder axis from the image vertical (+ = the image content
    turned clockwise on screen, as by a phone rolled the other way), median over the standing
    frames; None when there are too few or the tilt is too large to be roll. The floor line
    through the ankles is not used: in real clips the feet are rarely at the same distance from
    the camera (plie.mp4: 6.9 deg from the ankles on a level camera, 1 deg from the body axis).
    """
    ankle = (xy[standing, L_ANKLE] + xy[standing, R_ANKLE]) / 2
    shoulder = (xy[standing, L_SHOULDER] + xy[standing, R_SHOULDER]) / 2
    d = shoulder - ankle
    d = d[np.isfinite(d).all(axis=1)]
    if len(d) < MIN_ROLL_FRAMES:
        return None
    roll = float(np.median(np.degrees(np.arctan2(d[:, 0], -d[:, 1]))))
    return roll if abs(roll) <= MAX_ROLL_DEG else None


def level(xy: NDArray[Any], roll_deg: float, width: int, height: int) -> NDArray[Any]:
    """Rotate every point by -roll about the frame centre, so the floor line becomes horizontal."""
    a = np.radians(roll_deg)
    c, s = np.cos(a), np.sin(a)
    x, y = xy[..., 0] - width / 2, xy[..., 1] - height / 2
    out = np.empty_like(xy)
    out[..., 0] = width / 2 + c * x + s * y
    out[..., 1] = height / 2 - s * x + c * y
    return out


def _matched(
    depth: NDArray[Any], off: dict[str, NDArray[Any]], start: int, bottom: int
) -> dict[str, float] | None:
    """Offsets where the descent [start, bottom] first reaches MATCHED_DEPTH_PCT, linearly interpolated."""
    seg = np.arange(start, bottom + 1)
    ok = np.isfinite(depth[seg]) & np.isfinite(off["left"][seg]) & np.isfinite(off["right"][seg])
    seg = seg[ok]
    above = np.flatnonzero(depth[seg] >= MATCHED_DEPTH_PCT)
    if len(seg) < 2 or len(above) == 0 or above[0] == 0:
        return None
    i0, i1 = seg[above[0] - 1], seg[above[0]]
    d0, d1 = depth[i0], depth[i1]
    w = (MATCHED_DEPTH_PCT - d0) / (d1 - d0) if d1 > d0 else 1.0
    return {s: float(off[s][i0] + w * (off[s][i1] - off[s][i0])) for s in off}


def analyse_plie(track: Track) -> PlieAnalysis | None:
    """Reps and offsets, or None when no rep is found (-> test_not_found)."""
    notes: list[str] = []
    xy, roll = _levelled(track, notes)
    legs = g.leg_lengths(xy)
    ref = g.reference_leg_length(legs)
    if not np.isfinite(ref) or ref <= 0:
        return None
    lengths = {s: (v if np.isfinite(v) and v > 0 else ref) for s, (v, _) in legs.items()}

    hip_y = (xy[:, L_HIP, 1] + xy[:, R_HIP, 1]) / 2.0
    finite = np.isfinite(hip_y)
    if finite.sum() < 3:
        return None
    idx = np.arange(track.n)
    y = np.interp(idx, idx[finite], hip_y[finite])  # only for peak finding; measurements use real frames

    up = g.upright_frames(xy)
    upright = finite & up["left"] & up["right"]
    standing = float(np.median(hip_y[upright])) if upright.sum() >= 3 else float(np.percentile(y, 10))

    peaks, _ = find_peaks(y, prominence=MIN_DEPTH_FRACTION * ref)
    off = per_frame(xy, lengths)
    depth_f = (hip_y - standing) / ref * 100.0
    half = WINDOW_S * track.fps + 1e-6
    reps: list[Rep] = []
    prev_bottom = 0
    for p in peaks.tolist():
        win = np.abs(idx - p) <= half
        depth = (np.nanmedian(np.where(win, hip_y, np.nan)) - standing) / ref * 100.0
        if not depth >= MIN_DEPTH_FRACTION * 100.0:
            continue
        vals = {s: float(np.nanmedian(np.where(win, off[s], np.nan))) for s in off}
        # The descent starts at the highest hip position since the previous rep's bottom.
        start = prev_bottom + int(np.argmin(y[prev_bottom : p + 1]))
        prev_bottom = p
        if not all(np.isfinite(v) for v in vals.values()):
            notes.append(f"rep at {p / track.fps:.1f} s skipped: knee or toe not visible")
            continue
        gap = abs(float(np.nanmedian(np.where(win, xy[:, L_ANKLE, 0] - xy[:, R_ANKLE, 0], np.nan))))
        reps.append(
            Rep(
                frame=p,
                t_s=p / track.fps,
                depth_pct=float(depth),
                position="first" if gap / ref < FIRST_POSITION_GAP else "second",
                offset_pct=vals,
                matched_pct=_matched(depth_f, off, start, p),
            )
        )
    if not reps:
        return None
    if not any(r.position == "second" for r in reps):
        notes.append("only first-position pliés: foot tips overlap there, film pliés in second position")
    if not any(r.matched_pct is not None for r in _summary_reps(reps)):
        notes.append(f"no plié reached {MATCHED_DEPTH_PCT:.0f} % depth: no depth-matched offset")
    summary = _summary_reps(reps)
    med = {s: float(np.median([r.offset_pct[s] for r in summary])) for s in ("left", "right")}
    # Key frame: the rep that best represents the reported medians (earliest on ties).
    key = min(
        summary,
        key=lambda r: abs(r.offset_pct["left"] - med["left"]) + abs(r.offset_pct["right"] - med["right"]),
    )
    return PlieAnalysis(
        reps=reps,
        leg_length_px=lengths,
        standing_hip_y=standing,
        keyframe=key.frame,
        key_rep=key,
        roll_deg=roll,
        notes=notes,
    )


def _levelled(track: Track, notes: list[str]) -> tuple[NDArray[Any], float | None]:
    """The track rotated so the body stands vertical in the standing frames before the first rep.

    Standing = mid-hip within 3 % leg length of its highest position (no knee-angle or
    foot test: both break down under the very roll being measured).
    """
    xy = track.xy
    hip_y = (xy[:, L_HIP, 1] + xy[:, R_HIP, 1]) / 2.0
    ref = g.reference_leg_length(g.leg_lengths(xy))
    roll = None
    if np.isfinite(hip_y).sum() >= MIN_ROLL_FRAMES and np.isfinite(ref) and ref > 0:
        with np.errstate(invalid="ignore"):
            top = hip_y <= np.nanpercentile(hip_y, 5) + STANDING_FRACTION * ref
            low = np.flatnonzero(hip_y > np.nanmin(hip_y) + MIN_DEPTH_FRACTION * ref)
        before = top.copy()
        if len(low):
            before[low[0] :] = False
        roll = camera_roll_deg(xy, before if before.sum() >= MIN_ROLL_FRAMES else top)
    if roll is None:
        notes.append("camera roll not estimated (too few standing frames): uncorrected")
        return xy, None
    return level(xy, roll, track.width, track.height), roll
