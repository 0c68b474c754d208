"""Plain words for results. They describe what was measured and what to practise; they never
diagnose. Anything persistent or painful: "flag for review by a dance medicine specialist"."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards.rows import DancerRow, MetricCell
from screenings.change import Trend
from screenings.selectors import Measure, ResultStatus, ScreeningResult

REVIEW = "flag for review by a dance medicine specialist"
TEST_LABEL = {"plie": "Plié in second", "stance": "Single-leg stance"}


def pm(measure: Measure | None, unit: str) -> str:
    """A number always travels with its ± error band."""
    if measure is None or measure.value is None:
        return "–"
    sign = "+" if measure.value > 0 else ""
    sem = f" ± {measure.sem:.1f}" if measure.sem is not None else ""
    return f"{sign}{measure.value:.1f}{sem}{unit}"


@dataclass(frozen=True)
class Finding:
    """One latest result explained in plain words (never a diagnosis)."""

    metric: str
    band: str | None
    measure: Measure | None
    text: str


def _change(cell: MetricCell) -> str:
    if cell.hip_hike and cell.trend == Trend.IMPROVED:
        return (
            " That has changed since last time, by more than the measurement error; it is still a hip hike."
        )
    if cell.trend == Trend.IMPROVED:
        return " That is better than last time, by more than the measurement error."
    if cell.trend == Trend.WORSE:
        return " That is worse than last time, by more than the measurement error."
    if cell.trend == Trend.NO_REAL_CHANGE:
        return " No real change since last time (within the measurement error)."
    return ""


# One sentence per metric and band: {leg}, {value} (with its ± band) and {review} are filled in.
SENTENCES = {
    "knee": {
        "aligned": "In plié your {leg} knee stayed over your toes ({value}). Keep it up.",
        "watch": (
            "In plié your {leg} knee came to about the line of your big toe ({value}). "
            "Practise plié at the barre watching your knee over your second toe in the mirror."
        ),
        "concern": (
            "In plié your {leg} knee moved inside the line of your big toe ({value}). "
            "Your hip exercises train the muscles that hold it out; your teacher may "
            "{review} if it stays like this or it hurts."
        ),
    },
    "drop": {
        "level": "Standing on your {leg} leg, your pelvis stayed level ({value}).",
        "watch": (
            "Standing on your {leg} leg, your pelvis dipped a little on the lifted side ({value}). "
            "Side-lying and banded hip exercises help the standing-leg hip hold it level."
        ),
        "concern": (
            "Standing on your {leg} leg, your pelvis dipped on the lifted side ({value}). "
            "Keep going with your hip program; your teacher may {review} if it stays like this or it hurts."
        ),
        # A value below −5°: never "level", never an improvement (DOMAIN.md, engine 1.2).
        "hip_hike": (
            "Standing on your {leg} leg, you hitched the hip of your lifted leg up (a hip hike, {value}). "
            "Stay tall with both hips at the same height, without leaning over the standing leg."
        ),
    },
}
UNITS = {"knee": " % of leg length", "drop": "°"}


def sentence(metric: str, leg: str, cell: MetricCell) -> str:
    """The plain sentence for a measured cell ("knee" | "drop"); an unknown band reads as the worst."""
    texts = SENTENCES[metric]
    text = (
        texts["hip_hike"]
        if metric == "drop" and cell.hip_hike
        else texts.get(cell.band or "", texts["concern"])
    )
    return text.format(leg=leg, value=pm(cell.measure, UNITS[metric]), review=REVIEW) + _change(cell)


def findings(row: DancerRow) -> list[Finding]:
    out = []
    for key, leg in (("knee_left", "left"), ("knee_right", "right")):
        cell = getattr(row, key)
        if cell.measure is not None:
            out.append(Finding(key, cell.band, cell.measure, sentence("knee", leg, cell)))
    for key, leg in (("drop_left", "left"), ("drop_right", "right")):
        cell = getattr(row, key)
        if cell.measure is not None:
            out.append(Finding(key, cell.band, cell.measure, sentence("drop", leg, cell)))
    if row.compensating:
        out.append(
            Finding(
                "trunk_lean",
                "watch",
                None,
                "On one leg you leaned your upper body over the standing leg. That can hide a pelvis "
                "dip: try to stay tall, shoulders level.",
            )
        )
    return out


def rejected(results: list[ScreeningResult]) -> list[tuple[str, str]]:
    """For the newest screening: clips that could not be measured, with the fix in the dancer's words."""
    if not results:
        return []
    latest = results[-1]
    out = []
    for test in ("plie", "stance"):
        res = getattr(latest, test)
        if res is not None and res.status == ResultStatus.REJECTED:
            out.append(
                (TEST_LABEL[test], res.message or "This clip could not be measured: please film again.")
            )
    return out
