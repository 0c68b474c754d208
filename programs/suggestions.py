"""Suggestion rules, pure: which program templates a dancer's latest measured plié and stance call
for, with the reasons shown to the teacher. Loading lives in
programs.selectors.program_suggestions_for_dancer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from programs.library import GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL
from programs.models import Program
from screenings.selectors import PlieResult, StanceResult

SEVERITY = {"watch": 1, "concern": 2}
SUGGESTED_TEMPLATES = (GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL)


def _m(measure: object) -> str:
    """A number with its ± band, or a dash when it was not measured."""
    return str(measure) if measure is not None else "–"


@dataclass(frozen=True)
class Suggestion:
    """A template suggested from the dancer's latest screening flags, with the reasons shown to the teacher."""

    program: Program
    reasons: tuple[str, ...]
    severity: int  # 1 watch, 2 concern


def _stance_reasons(stance: StanceResult) -> tuple[list[str], int]:
    reasons, severity = [], 0
    for side in stance.sides:
        if side.band in SEVERITY:
            severity = max(severity, SEVERITY[side.band])
            reasons.append(
                f"Pelvic drop {_m(side.pelvic_drop_median)}° standing on the {side.stance_leg} leg ({side.band})."
            )
        if side.compensating:
            severity = max(severity, 1)
            reasons.append(
                f"Trunk leans {_m(side.trunk_lean)}° towards the {side.stance_leg} standing leg "
                "(compensating for the hip)."
            )
    return reasons, severity


def _plie_reasons(plie: PlieResult) -> tuple[list[str], int]:
    reasons, severity = [], 0
    for leg, band, offset in (
        ("left", plie.band_left, plie.knee_toe_offset_left),
        ("right", plie.band_right, plie.knee_toe_offset_right),
    ):
        if band in SEVERITY:
            severity = max(severity, SEVERITY[band])
            where = "on the big toe" if band == "watch" else "inside the big toe"
            reasons.append(f"Plié: {leg} knee {where}, knee–toe offset {_m(offset)} % leg length ({band}).")
    return reasons, severity


def suggestions_for(
    *, plie: PlieResult | None, stance: StanceResult | None, templates: Mapping[str, Program]
) -> list[Suggestion]:
    """Templates for the latest measured plié and stance results, most pressing first.

    Plié knee–toe band watch/concern → "Hip external rotators & plié control"; pelvic drop band
    watch/concern or trunk-lean compensation on single-leg stance → "Glute med foundations".
    A tie goes to the foundations (the pelvis is steadied first). No flags → [].
    """
    found: list[Suggestion] = []
    if stance is not None and GLUTE_MED_FOUNDATIONS in templates:
        reasons, severity = _stance_reasons(stance)
        if reasons:
            found.append(Suggestion(templates[GLUTE_MED_FOUNDATIONS], tuple(reasons), severity))
    if plie is not None and HIP_ER_PLIE_CONTROL in templates:
        reasons, severity = _plie_reasons(plie)
        if reasons:
            found.append(Suggestion(templates[HIP_ER_PLIE_CONTROL], tuple(reasons), severity))
    # Stable sort: equal severity keeps the foundations (appended first) in front.
    return sorted(found, key=lambda s: -s.severity)
