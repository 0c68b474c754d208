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


# One sentence per metric and band: {leg}, {value} (with its ± band) and {review} are filled in, and
# {your}/{you} by the reader: second person for the dancer, the dancer's name for staff and parents.
# The target is the second toe; "big toe" names only the line the knee should not reach.
SENTENCES = {
    "knee": {
        "aligned": "In plié {your} {leg} knee stayed over the toes ({value}), where it should be.",
        "watch": (
            "In plié {your} {leg} knee came in to the line of the big toe ({value}); the target is over "
            "the second toe. Plié at the barre, watching the knee in the mirror, trains it."
        ),
        "concern": (
            "In plié {your} {leg} knee moved inside the line of the big toe ({value}). "
            "The hip exercises train the muscles that hold it out; {your} teacher may "
            "{review} if it stays like this or it hurts."
        ),
    },
    "drop": {
        "level": "Standing on the {leg} leg, {your} pelvis stayed level ({value}).",
        "watch": (
            "Standing on the {leg} leg, {your} pelvis dipped a little on the lifted side ({value}). "
            "Side-lying and banded hip exercises help the standing-leg hip hold it level."
        ),
        "concern": (
            "Standing on the {leg} leg, {your} pelvis dipped on the lifted side ({value}). "
            "Keeping on with the hip program helps; {your} teacher may {review} if it stays like this or "
            "it hurts."
        ),
        # A value below −5°: never "level", never an improvement (DOMAIN.md, engine 1.2).
        "hip_hike": (
            "Standing on the {leg} leg, {you} hitched the hip of the lifted leg up (a hip hike, {value}). "
            "The cue: stay tall with both hips at the same height, without leaning over the standing leg."
        ),
    },
}
TRUNK_LEAN = (
    "On one leg {you} leaned the upper body over the standing leg. That can hide a pelvis dip: the cue "
    "is to stay tall, shoulders level."
)
UNITS = {"knee": " % of leg length", "drop": "°"}


def voice(name: str | None) -> dict[str, str]:
    """None: the dancer reads about herself ("your"); a name: staff or a parent reads about her."""
    return {"your": "your", "you": "you"} if name is None else {"your": f"{name}'s", "you": name}


def sentence(metric: str, leg: str, cell: MetricCell, *, name: str | None = None) -> str:
    """The plain sentence for a measured cell ("knee" | "drop"); an unknown band reads as the worst."""
    texts = SENTENCES[metric]
    text = (
        texts["hip_hike"]
        if metric == "drop" and cell.hip_hike
        else texts.get(cell.band or "", texts["concern"])
    )
    words = voice(name)
    return text.format(leg=leg, value=pm(cell.measure, UNITS[metric]), review=REVIEW, **words) + _change(cell)


def findings(row: DancerRow, *, name: str | None = None) -> list[Finding]:
    """The latest results in plain words, written for the reader (see voice())."""
    out = []
    for key, leg in (("knee_left", "left"), ("knee_right", "right")):
        cell = getattr(row, key)
        if cell.measure is not None:
            out.append(Finding(key, cell.band, cell.measure, sentence("knee", leg, cell, name=name)))
    for key, leg in (("drop_left", "left"), ("drop_right", "right")):
        cell = getattr(row, key)
        if cell.measure is not None:
            out.append(Finding(key, cell.band, cell.measure, sentence("drop", leg, cell, name=name)))
    if row.compensating:
        out.append(Finding("trunk_lean", "watch", None, TRUNK_LEAN.format(**voice(name))))
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
