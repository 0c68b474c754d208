"""The per-test sections of the dancer report: which measured numbers are shown, in which words, with
which band class and gauge. One table per test (PLIE_ROWS, STANCE_ROWS) drives one builder,
`report_section`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.utils.safestring import SafeString

from dashboards import charts
from dashboards.rows import drop_trend, is_hip_hike
from dashboards.words import pm
from screenings.change import BETTER, Trend, offset_comparison, smallest_detectable_change, trend
from screenings.selectors import Measure, PlieResult, ResultStatus, ScreeningResult, StanceResult

# Short enough for the band column; the test's explanation above the table spells the bands out.
PLIE_BAND_WORDS = {"aligned": "over the toes", "watch": "on the big toe", "concern": "inside big toe"}
STANCE_BAND_WORDS = {"level": "level", "watch": "small drop", "concern": "drops", "hip_hike": "hip hike"}
FPPA_BAND_WORDS = {"aligned": "in line", "watch": "watch", "concern": "knee inwards"}
BAND_CLASS = {"aligned": "ok", "level": "ok", "watch": "watch", "hip_hike": "watch", "concern": "concern"}


def band_class(band: str | None) -> str:
    """The CSS class of a band in the print stylesheet."""
    return BAND_CLASS.get(band or "", "none")


@dataclass(frozen=True)
class MetricRow:
    """One measured number: now, its band, the previous screening's value and whether it really changed."""

    label: str
    current: str
    band: str | None
    band_words: str
    previous: str
    change: str
    gauge: SafeString | None = None

    @property
    def band_class(self) -> str:
        return band_class(self.band)


@dataclass(frozen=True)
class TestSection:
    test: str  # plie | stance
    status: str  # ok | rejected | pending | missing
    on: date | None
    previous_on: date | None
    rows: tuple[MetricRow, ...] = ()
    secondary: tuple[MetricRow, ...] = ()
    notes: tuple[str, ...] = ()
    message: str = ""
    keyframe: str | None = None  # data: URI (embedded, never fetched)


@dataclass(frozen=True)
class RowSpec:
    """One line of a test's table. `label` may name the {leg}; `attr` is read from the plié result or
    from one stance side; `band` picks the band from the same object."""

    label: str
    attr: str
    key: str  # screenings.selectors.BETTER key: which direction is an improvement
    unit: str
    band: Callable[[Any], str | None] = lambda _: None
    band_words: Mapping[str, str] = field(default_factory=dict)
    gauge: tuple[Sequence[charts.Zone], tuple[float, float]] | None = None
    secondary: bool = False


KNEE_GAUGE = (charts.KNEE_TOE_ZONES, charts.KNEE_TOE_GAUGE)
DROP_GAUGE = (charts.PELVIC_DROP_ZONES, charts.PELVIC_DROP_GAUGE)
PLIE_ROWS = (
    RowSpec("Knee over toes — left", "knee_toe_offset_left", "knee_toe_offset_pct", "%",
            lambda r: r.band_left, PLIE_BAND_WORDS, KNEE_GAUGE),
    RowSpec("Knee over toes — right", "knee_toe_offset_right", "knee_toe_offset_pct", "%",
            lambda r: r.band_right, PLIE_BAND_WORDS, KNEE_GAUGE),
    RowSpec("Depth of the plié", "depth", "depth_pct", "%"),
    RowSpec("Left − right difference", "symmetry", "symmetry_pct", "%"),
    RowSpec("Knee angle (FPPA) — left", "fppa_left", "fppa_deg", "°", secondary=True),
    RowSpec("Knee angle (FPPA) — right", "fppa_right", "fppa_deg", "°", secondary=True),
)  # fmt: skip
STANCE_ROWS = (
    RowSpec("Pelvis level — standing on {leg}", "pelvic_drop_median", "pelvic_drop_deg", "°",
            lambda s: _drop_band(s), STANCE_BAND_WORDS, DROP_GAUGE),
    RowSpec("Trunk lean — standing on {leg}", "trunk_lean", "trunk_lean_deg", "°",
            lambda s: "watch" if s.compensating else None, {"watch": "compensating"}),
    RowSpec("Standing knee angle (FPPA) — {leg}", "stance_fppa", "fppa_deg", "°",
            lambda s: s.fppa_band, FPPA_BAND_WORDS, secondary=True),
    RowSpec("Hold on {leg} leg", "hold_s", "hold_s", " s", secondary=True),
)  # fmt: skip


def _drop_band(side: Any) -> str | None:
    """A hip hike (below −5°) is its own watch band, never "level" (dashboards.rows.is_hip_hike)."""
    hike = is_hip_hike(side.pelvic_drop_median, side.band, getattr(side, "hip_hike", None))
    return "hip_hike" if hike else side.band


def change_words(prev: Measure | None, cur: Measure | None, key: str) -> str:
    """improved / worse only beyond the smallest detectable change 1.96·√2·SEM (DOMAIN.md)."""
    if prev is None or cur is None or prev.value is None or cur.value is None:
        return "first measurement"
    # Pelvic drop: distance from the normal range, so a hip hike never reads as "better".
    result = drop_trend(prev, cur) if key == "pelvic_drop_deg" else trend(prev, cur, better=BETTER[key])
    sdc = smallest_detectable_change(max(prev.sem or 0.0, cur.sem or 0.0))
    if result == Trend.NO_REAL_CHANGE:
        return f"no real change (within ± {sdc:.1f})"
    if result == Trend.IMPROVED and key == "pelvic_drop_deg" and is_hip_hike(cur, None):
        return f"changed (beyond ± {sdc:.1f}), still a hip hike"
    return f"{result.value} (beyond ± {sdc:.1f})"


def _row(spec: RowSpec, now: Any, before: Any, leg: str) -> MetricRow:
    cur: Measure | None = getattr(now, spec.attr)
    prev: Measure | None = getattr(before, spec.attr) if before is not None else None
    band = spec.band(now)
    gauge = None
    if spec.gauge is not None and cur is not None and cur.value is not None:
        zones, span = spec.gauge
        gauge = charts.band_gauge(
            value=cur.value, sem=cur.sem, zones=zones, span=span, previous=prev.value if prev else None
        )
    return MetricRow(
        label=spec.label.format(leg=leg),
        current=pm(cur, spec.unit),
        band=band,
        band_words=spec.band_words.get(band or "", ""),
        previous=pm(prev, spec.unit) if prev is not None else "–",
        change=_change(spec, now, before, prev, cur),
        gauge=gauge,
    )


def _change(spec: RowSpec, now: Any, before: Any, prev: Measure | None, cur: Measure | None) -> str:
    """Real change; the knee–toe offset compares the depth-matched values (engine 1.2) when both
    screenings have them, since the offset grows with plié depth (screenings.change.offset_comparison)."""
    if spec.key != "knee_toe_offset_pct" or not isinstance(now, PlieResult):
        return change_words(prev, cur, spec.key)
    side = spec.attr.removeprefix("knee_toe_offset_")
    comp = offset_comparison(before if isinstance(before, PlieResult) else None, now, side)
    words = change_words(comp.previous, comp.current, spec.key)
    if comp.depth_matched:
        return f"{words}, at the same depth"
    return f"{words}. {comp.note}" if comp.note and prev is not None else words


def latest_result(results: Sequence[ScreeningResult], test: str) -> tuple[int, ScreeningResult, Any] | None:
    """Index, screening and result of the newest OK result of a test; else the newest of any status."""
    for wanted_ok in (True, False):
        for i in range(len(results) - 1, -1, -1):
            res = getattr(results[i], test)
            if res is not None and (res.status == ResultStatus.OK or not wanted_ok):
                return i, results[i], res
    return None


def _previous_ok(results: Sequence[ScreeningResult], test: str, before: int) -> tuple[Any, Any]:
    for r in reversed(results[:before]):
        res = getattr(r, test)
        if res is not None and res.status == ResultStatus.OK:
            return r, res
    return None, None


def _units(test: str, cur: Any, prev: Any) -> list[tuple[Any, Any, str]]:
    """What one set of rows is measured on: the plié result once, or each held stance side."""
    if test == "plie":
        return [(cur, prev, "")]
    stance: StanceResult = cur
    return [(side, prev.side(side.stance_leg) if prev else None, side.stance_leg) for side in stance.sides]


def _notes(test: str, cur: Any) -> tuple[str, ...]:
    if test == "plie":
        plie: PlieResult = cur
        return (f"Median of {plie.rep_count} pliés.",) if plie.rep_count else ()
    stance: StanceResult = cur
    notes = [
        f"Standing on {side.stance_leg}: the other foot touched down {side.touchdowns} time(s)."
        for side in stance.sides
        if side.touchdowns
    ]
    if stance.baseline is False:
        notes.append(
            "The clip started already on one leg, so there was no standing baseline: values are uncorrected."
        )
    return tuple(notes)


def report_section(
    results: Sequence[ScreeningResult], test: str, keyframes: Mapping[UUID, str]
) -> TestSection:
    """The section of one test ("plie" | "stance") from a dancer's chronological results."""
    latest = latest_result(results, test)
    if latest is None:
        return TestSection(test=test, status="missing", on=None, previous_on=None)
    idx, screening, cur = latest
    if cur.status != ResultStatus.OK:
        return TestSection(
            test=test, status=str(cur.status), on=screening.date, previous_on=None, message=cur.message
        )
    prev_screening, prev = _previous_ok(results, test, idx)
    rows: list[MetricRow] = []
    secondary: list[MetricRow] = []
    for now, before, leg in _units(test, cur, prev):
        for spec in PLIE_ROWS if test == "plie" else STANCE_ROWS:
            (secondary if spec.secondary else rows).append(_row(spec, now, before, leg))
    return TestSection(
        test=test,
        status="ok",
        on=screening.date,
        previous_on=prev_screening.date if prev_screening else None,
        rows=tuple(rows),
        secondary=tuple(secondary),
        notes=_notes(test, cur),
        keyframe=keyframes.get(cur.analysis_id),
    )
