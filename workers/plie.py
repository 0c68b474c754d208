"""Plié in second position (frontal): reps, knee-toe offset, depth, symmetry, bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.signal import find_peaks

from workers import geometry as g
from workers.pose import L_ANKLE, L_FOOT, L_HIP, L_KNEE, R_ANKLE, R_FOOT, R_HIP, R_KNEE
from workers.result import measured, rnd
from workers.signals import Track

MIN_DEPTH_FRACTION = 0.10  # rep = hip drop >= 10 % of standing leg length
WINDOW_S = 0.10  # measure at the median of frames within +-100 ms of the deepest frame
FIRST_POSITION_GAP = 0.25  # ankle gap / leg length below this = 1st position, else 2nd
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
    fppa_deg: dict[str, float]


@dataclass(frozen=True)
class PlieAnalysis:
    reps: list[Rep]
    leg_length_px: dict[str, float]
    standing_hip_y: float
    keyframe: int
    key_rep: Rep
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
    def fppa(self) -> dict[str, float]:
        return {s: float(np.median([r.fppa_deg[s] for r in self.measured_reps])) for s in ("left", "right")}

    @property
    def depth(self) -> float:
        return float(np.median([r.depth_pct for r in self.measured_reps]))

    def metrics(self) -> dict[str, Any]:
        off, fp = self.offset, self.fppa
        return {
            "reps": [
                {
                    "t_s": rnd(r.t_s),
                    "position": r.position,
                    "depth_pct": measured(r.depth_pct, "depth_pct"),
                    "knee_toe_offset_pct": {s: measured(r.offset_pct[s], "knee_toe_offset_pct") for s in off},
                    "fppa_deg": {s: measured(r.fppa_deg[s], "fppa_deg") for s in fp},
                }
                for r in self.reps
            ],
            "rep_count": len(self.reps),
            "summary_positions": sorted({r.position for r in self.measured_reps}),
            "knee_toe_offset_pct": {s: measured(off[s], "knee_toe_offset_pct") for s in off},
            "depth_pct": measured(self.depth, "depth_pct"),
            "symmetry_pct": measured(off["left"] - off["right"], "symmetry_pct"),
            "band": {s: band(round(off[s], 2)) for s in off},
            "fppa_deg": {
                **{s: measured(fp[s], "fppa_deg") for s in fp},
                "secondary": True,
                "note": "FPPA is not valid under turnout (thigh rotates out of the frontal plane); "
                "shown for reference only.",
            },
            "leg_length_px": {s: rnd(v) for s, v in self.leg_length_px.items()},
            "keyframe_t_s": rnd(self.key_rep.t_s),
        }


def _summary_reps(reps: list[Rep]) -> list[Rep]:
    second = [r for r in reps if r.position == "second"]
    return second or reps


def per_frame(
    xy: np.ndarray, lengths: dict[str, float]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Knee-toe offset (% leg length, + = knee lateral to the toe line) and FPPA per leg per frame."""
    off: dict[str, np.ndarray] = {}
    fp: dict[str, np.ndarray] = {}
    for side, (hip, knee, ankle, foot, other) in _LEG.items():
        m = g.medial_sign(xy[:, hip], xy[:, other])
        off[side] = (xy[:, knee, 0] - xy[:, foot, 0]) * (-m) / lengths[side] * 100.0
        fp[side] = g.fppa(xy[:, hip], xy[:, knee], xy[:, ankle], m)
    return off, fp


def analyse_plie(track: Track) -> PlieAnalysis | None:
    """Reps and offsets, or None when no rep is found (-> test_not_found)."""
    xy = track.xy
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
    off, fp = per_frame(xy, lengths)
    half = WINDOW_S * track.fps + 1e-6
    reps: list[Rep] = []
    notes: list[str] = []
    for p in peaks.tolist():
        win = np.abs(idx - p) <= half
        depth = (np.nanmedian(np.where(win, hip_y, np.nan)) - standing) / ref * 100.0
        if not depth >= MIN_DEPTH_FRACTION * 100.0:
            continue
        vals = {s: float(np.nanmedian(np.where(win, off[s], np.nan))) for s in off}
        fvals = {s: float(np.nanmedian(np.where(win, fp[s], np.nan))) for s in fp}
        if not all(np.isfinite(v) for v in (*vals.values(), *fvals.values())):
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
                fppa_deg=fvals,
            )
        )
    if not reps:
        return None
    if not any(r.position == "second" for r in reps):
        notes.append("only first-position pliés: foot tips overlap there, film pliés in second position")
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
        notes=notes,
    )
