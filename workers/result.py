"""Result schema: versions, SEMs, the typed shape of the JSON result and its builders.

The TypedDicts below are the one definition of the engine's JSON; `screenings.selectors` parses
stored results with the same types.
"""

from __future__ import annotations

import math
from typing import Literal, TypedDict

# Bump ENGINE_VERSION whenever a measurement can change for the same clip (results are unique
# per clip and engine version). Bump SCHEMA_VERSION when the JSON shape changes.
ENGINE_VERSION = "1.2.1"
SCHEMA_VERSION = 2

TESTS = ("plie", "stance")

# Measurement error (± SEM) shown next to every number. "measured" ones come from the engine's
# repeat-trial study (docs/engine.md, "SEM study"; python -m workers.sem_study); the others are
# still literature / DOMAIN figures. Rule: a band is raised on measured evidence, lowered only on
# enough of it (one real dancer per test so far), so "real change" is never claimed on thin data.
SEM = {
    "knee_toe_offset_pct": 2.5,  # provisional (DOMAIN 2-3 %); measured 1.4-1.5 % from 2-4 rep pairs of one dancer
    "depth_pct": 2.5,  # provisional: same landmark noise as the offset (hip y instead of knee x)
    "symmetry_pct": 3.5,  # provisional: difference of two offsets, sqrt(2) * 2.5
    "fppa_deg": 3.0,  # provisional: Munro 2012, 2.7-3.0 deg (split halves of our real hold: 2.0)
    "pelvic_drop_deg": 2.5,  # measured: split halves of the real hold 2.5 deg (1.1 assumed 1.5)
    "trunk_lean_deg": 2.0,  # measured: split halves of the real hold 1.9 deg (1.1 assumed 1.5)
    "hold_s": 0.3,  # provisional: lift-off / touch-down timing, a few frames either way
}
SEM_SOURCE = {
    "knee_toe_offset_pct": "provisional",
    "depth_pct": "provisional",
    "symmetry_pct": "provisional",
    "fppa_deg": "provisional",
    "pelvic_drop_deg": "measured",
    "trunk_lean_deg": "measured",
    "hold_s": "provisional",
}

FPPA_NOTE = (
    "Knee angle (FPPA) is not reported for the plié: it is not valid under turnout (the thigh "
    "rotates out of the frontal plane)."
)

UNITS = {
    "knee_toe_offset_pct": "% of standing leg length (hip-knee + knee-ankle), + = knee outside toe line",
    "knee_toe_offset_matched_pct": "the same offset read where each descent reaches 30 % depth",
    "depth_pct": "mid-hip drop, % of standing leg length",
    "symmetry_pct": "left - right knee-toe offset, % leg length",
    "fppa_deg": "degrees, 180 - hip-knee-ankle angle in the image, + = knee medial (valgus)",
    "pelvic_drop_deg": "degrees minus baseline, + = raised-leg side lower (Trendelenburg direction)",
    "trunk_lean_deg": "degrees from vertical minus baseline, + = towards the stance leg",
    "hold_s": "seconds on one leg after the first 0.5 s",
    "sem_source": (
        "Each value is {value, sem}; sem is the engine's measured repeat-trial SEM for pelvic drop "
        "and trunk lean (split halves of a hold, docs/engine.md) and a provisional literature/DOMAIN "
        "figure, not yet replaced by enough repeat trials, for knee-toe offset, depth, symmetry, "
        "FPPA (Munro 2012) and hold time. Real change > 1.96*sqrt(2)*sem."
    ),
}


class Measured(TypedDict):
    value: float | None
    sem: float
    sem_source: str  # "measured" (engine's repeat trials) | "provisional" (literature / DOMAIN)


class SideValues(TypedDict):
    left: Measured
    right: Measured


class PlieRepMetrics(TypedDict):
    t_s: float | None
    position: str
    depth_pct: Measured
    knee_toe_offset_pct: SideValues
    knee_toe_offset_matched_pct: SideValues | None


class PlieMetrics(TypedDict):
    reps: list[PlieRepMetrics]
    rep_count: int
    summary_positions: list[str]
    knee_toe_offset_pct: SideValues
    matched_depth_pct: float
    knee_toe_offset_matched_pct: SideValues | None
    depth_pct: Measured
    symmetry_pct: Measured
    band: dict[str, str]
    fppa_deg: None  # omitted: not valid under turnout (fppa_note says so)
    fppa_note: str
    camera_roll_deg: float | None
    leg_length_px: dict[str, float | None]
    keyframe_t_s: float | None


class StanceSideMetrics(TypedDict):
    stance_leg: str
    raised_leg: str
    lift_off_t_s: float | None
    end_t_s: float | None
    phase_s: float | None
    pelvic_drop_deg_median: Measured
    pelvic_drop_deg_p95: Measured
    trunk_lean_deg: Measured
    compensating: bool
    hip_hike: bool  # pelvic drop below -5 deg: raised side hiked (watch band), not "level"
    stance_fppa_deg: Measured
    hold_s: Measured
    touchdowns: int
    unseen_ankle_s: float | None
    band: str
    fppa_band: str
    keyframe_t_s: float | None


class StanceMetrics(TypedDict):
    sides: list[StanceSideMetrics]
    baseline: bool
    baseline_hip_line_deg: float | None
    baseline_trunk_deg: float | None
    leg_length_px: float | None
    keyframe_t_s: float | None


class ModelInfo(TypedDict):
    name: str
    version: str
    files: dict[str, str]  # model file name -> sha256


class Quality(TypedDict, total=False):
    mirrored: bool
    notes: list[str]
    width: int
    height: int
    fps: float | None
    declared_frames: int
    duration_s: float | None
    size_bytes: int
    analysis_width: int
    analysis_height: int
    frame_step: int
    pose_frames_run: int  # analysed frames the pose model ran on (the rest filled: workers/schedule.py)
    vfr: bool
    frames: int
    analysed_frames: int
    pose_fraction: float | None
    upright_deg: float | None
    identity_mismatch_fraction: float | None
    multi_person_fraction: float | None
    multi_person_sampled_frames: int
    side_by_side_fraction: float | None
    hip_turn_deg: float | None
    shoulder_turn_deg: float | None
    visible_fraction: float | None
    feet_visible_fraction: float | None
    baseline: bool


Status = Literal["ok", "rejected"]


class EngineResult(TypedDict):
    schema_version: int
    engine_version: str
    model: ModelInfo | None
    test: str
    status: Status
    reason: str | None
    message: str
    quality: Quality
    metrics: PlieMetrics | StanceMetrics | None
    units: dict[str, str] | None


def rnd(x: float | None, nd: int = 2) -> float | None:
    """Round for stable JSON; NaN/inf become None (JSON has no NaN)."""
    if x is None or not math.isfinite(float(x)):
        return None
    v = round(float(x), nd)
    return 0.0 if v == 0 else v  # no "-0.0" in the JSON


def measured(value: float | None, key: str) -> Measured:
    """A measured number with its ± band and where the band comes from."""
    return {"value": rnd(value), "sem": SEM[key], "sem_source": SEM_SOURCE[key]}


def build(
    *,
    test: str,
    status: Status,
    reason: str | None,
    message: str,
    quality: Quality,
    metrics: PlieMetrics | StanceMetrics | None,
    model: ModelInfo | None,
) -> EngineResult:
    return {
        "schema_version": SCHEMA_VERSION,
        "engine_version": ENGINE_VERSION,
        "model": model,
        "test": test,
        "status": status,
        "reason": reason,
        "message": message,
        "quality": quality,
        "metrics": metrics,
        "units": UNITS if metrics is not None else None,
    }
