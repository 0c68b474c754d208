"""Error bands and real change between two screenings (DOMAIN.md "Error bands and change"):
the smallest detectable change, trends per metric, and the depth-matched plié comparison."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from screenings.selectors import Measure, PlieResult


def smallest_detectable_change(sem: float) -> float:
    """A difference between two screenings is real only above 1.96·√2·SEM."""
    return 1.96 * math.sqrt(2) * sem


class Trend(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    NO_REAL_CHANGE = "no real change"
    UNKNOWN = "unknown"  # one side missing


# Which direction is better for each metric: +1 higher, -1 lower, 0 closer to zero.
BETTER = {
    "knee_toe_offset_pct": 1,
    "depth_pct": 1,
    "symmetry_pct": 0,
    "fppa_deg": -1,
    "pelvic_drop_deg": -1,
    "trunk_lean_deg": -1,
    "hold_s": 1,
}


def trend(prev: Measure | None, cur: Measure | None, *, better: int = 1) -> Trend:
    """improved / worse / no real change between two measures, using the larger of the two SEMs.

    better: +1 when a higher value is better (knee–toe offset, hold), -1 when lower is better
    (pelvic drop, FPPA, trunk lean), 0 when closer to zero is better (symmetry).
    """
    if prev is None or cur is None or prev.value is None or cur.value is None:
        return Trend.UNKNOWN
    sem = max(prev.sem or 0.0, cur.sem or 0.0)
    if better == 0:
        delta = abs(prev.value) - abs(cur.value)  # positive = moved towards zero
    else:
        delta = (cur.value - prev.value) * (1 if better > 0 else -1)
    if abs(delta) <= smallest_detectable_change(sem):
        return Trend.NO_REAL_CHANGE
    return Trend.IMPROVED if delta > 0 else Trend.WORSE


@dataclass(frozen=True)
class OffsetComparison:
    """Two screenings' knee–toe offsets for one leg, as a trend must compare them."""

    previous: Measure | None
    current: Measure | None
    depth_matched: bool  # both at the matched depth; False: deepest-frame values, depths may differ
    note: str  # "" when depth-matched


def offset_comparison(previous: PlieResult | None, current: PlieResult, side: str) -> OffsetComparison:
    """The matched-depth offsets when both screenings have them, else the deepest-frame ones + a note."""

    def pick(r: PlieResult | None, matched: bool) -> Measure | None:
        return getattr(r, f"knee_toe_offset_{'matched_' if matched else ''}{side}") if r else None

    if pick(previous, True) and pick(current, True):
        return OffsetComparison(pick(previous, True), pick(current, True), depth_matched=True, note="")
    note = (
        "The two pliés could not be compared at the same depth; a change may partly be depth."
        if previous
        else ""
    )
    return OffsetComparison(pick(previous, False), pick(current, False), depth_matched=False, note=note)
