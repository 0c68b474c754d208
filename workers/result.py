"""Result schema: versions, provisional SEMs and the builders for the JSON result."""

from __future__ import annotations

import math
from typing import Any

# Bump ENGINE_VERSION whenever a measurement can change for the same clip (results are unique
# per clip and engine version). Bump SCHEMA_VERSION when the JSON shape changes.
ENGINE_VERSION = "1.1.0"
SCHEMA_VERSION = 1

TESTS = ("plie", "stance")

# Provisional measurement error (± SEM) shown next to every number. Literature / DOMAIN.md
# figures until our own repeat-trial SEM replaces them.
SEM = {
    "knee_toe_offset_pct": 2.5,  # DOMAIN.md: 2-3 % leg length
    "depth_pct": 2.5,  # same landmark noise as the offset (hip y instead of knee x)
    "symmetry_pct": 3.5,  # difference of two offsets: sqrt(2) * 2.5
    "fppa_deg": 3.0,  # Munro 2012: 2.7-3.0 deg, upper end
    "pelvic_drop_deg": 1.5,  # our provisional choice, see README-engine.md
    "trunk_lean_deg": 1.5,  # same two-landmark-line geometry as pelvic drop
    "hold_s": 0.3,  # lift-off / touch-down timing, a few frames either way
}

UNITS = {
    "knee_toe_offset_pct": "% of standing leg length (hip-knee + knee-ankle), + = knee outside toe line",
    "depth_pct": "mid-hip drop, % of standing leg length",
    "symmetry_pct": "left - right knee-toe offset, % leg length",
    "fppa_deg": "degrees, 180 - hip-knee-ankle angle in the image, + = knee medial (valgus)",
    "pelvic_drop_deg": "degrees minus baseline, + = raised-leg side lower (Trendelenburg direction)",
    "trunk_lean_deg": "degrees from vertical minus baseline, + = towards the stance leg",
    "hold_s": "seconds on one leg after the first 0.5 s",
    "sem_source": (
        "Each value is {value, sem}; sem is a provisional literature/DOMAIN figure (FPPA 3.0 deg, "
        "Munro 2012; knee-toe 2.5 % leg length; pelvic drop and trunk lean 1.5 deg our choice), "
        "to be replaced by the engine's own repeat-trial SEM. Real change > 1.96*sqrt(2)*sem."
    ),
}


def rnd(x: float | None, nd: int = 2) -> float | None:
    """Round for stable JSON; NaN/inf become None (JSON has no NaN)."""
    if x is None or not math.isfinite(float(x)):
        return None
    v = round(float(x), nd)
    return 0.0 if v == 0 else v  # no "-0.0" in the JSON


def measured(value: float | None, key: str) -> dict[str, float | None]:
    """A measured number with its provisional ± band."""
    return {"value": rnd(value), "sem": SEM[key]}


def build(
    *,
    test: str,
    status: str,
    reason: str | None,
    message: str,
    quality: dict[str, Any],
    metrics: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "engine_version": ENGINE_VERSION,
        "test": test,
        "status": status,
        "reason": reason,
        "message": message,
        "quality": quality,
        "metrics": metrics,
        "units": UNITS if metrics is not None else None,
    }
