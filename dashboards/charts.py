"""Server-side SVG trend charts: one metric over the season, each point with its ± SEM error bar and
the band thresholds shaded behind the line.

Why SVG on the server: no JavaScript or CDN is needed (offline deployments, CSP 'self'), the same
markup prints in PDFs, and a screen reader gets a real table next to it. Only presentation
attributes are used (fill, stroke), never `style=`, so the strict CSP holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Narrow viewBox: on a 390 px phone the chart draws at about 1:1, so 13-unit labels stay legible.
WIDTH, HEIGHT = 400, 230
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 12, 12, 32

# Band colours are light tints (shading) so the dark points and bars keep ≥ 4.5:1 contrast.
ZONE_FILL = {
    "aligned": "#dff1e4",
    "level": "#dff1e4",
    "watch": "#fbeccc",
    "concern": "#f8d9db",
}


@dataclass(frozen=True)
class Zone:
    band: str
    label: str
    low: float | None  # None = unbounded
    high: float | None


@dataclass(frozen=True)
class MetricSpec:
    key: str
    title: str
    unit: str
    better: str  # "higher" | "lower": which direction is an improvement
    zones: tuple[Zone, ...]
    default_range: tuple[float, float]


# DOMAIN.md bands (provisional, configurable later).
KNEE_TOE_ZONES = (
    Zone("aligned", "over the toes (≥ 0)", 0.0, None),
    Zone("watch", "on the big toe (−5 to 0)", -5.0, 0.0),
    Zone("concern", "inside the big toe (< −5)", None, -5.0),
)
PELVIC_DROP_ZONES = (
    Zone("level", "level (< 2°)", None, 2.0),
    Zone("watch", "watch (2–5°)", 2.0, 5.0),
    Zone("concern", "dips (> 5°)", 5.0, None),
)

METRICS: dict[str, MetricSpec] = {
    "knee_toe_left": MetricSpec(
        "knee_toe_left", "Plié: left knee over the toes", "% leg length", "higher", KNEE_TOE_ZONES, (-12, 12)
    ),
    "knee_toe_right": MetricSpec(
        "knee_toe_right",
        "Plié: right knee over the toes",
        "% leg length",
        "higher",
        KNEE_TOE_ZONES,
        (-12, 12),
    ),
    "pelvic_drop_left": MetricSpec(
        "pelvic_drop_left", "Standing on the left leg: pelvic drop", "°", "lower", PELVIC_DROP_ZONES, (-3, 9)
    ),
    "pelvic_drop_right": MetricSpec(
        "pelvic_drop_right",
        "Standing on the right leg: pelvic drop",
        "°",
        "lower",
        PELVIC_DROP_ZONES,
        (-3, 9),
    ),
}


@dataclass(frozen=True)
class Point:
    on: date
    value: float
    sem: float | None
    band: str


@dataclass
class ChartRect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    band: str


@dataclass
class ChartTick:
    pos: float
    label: str


@dataclass
class ChartMark:
    x: float
    y: float
    y_low: float  # error bar ends (pixels)
    y_high: float
    point: Point

    @property
    def cap_left(self) -> float:
        return round(self.x - 5, 1)

    @property
    def cap_right(self) -> float:
        return round(self.x + 5, 1)


@dataclass
class Chart:
    """Everything the SVG template needs, already in pixel coordinates."""

    spec: MetricSpec
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: float = PAD_LEFT
    plot_right: float = WIDTH - PAD_RIGHT
    plot_top: float = PAD_TOP
    plot_bottom: float = HEIGHT - PAD_BOTTOM
    zones: list[ChartRect] = field(default_factory=list)
    y_ticks: list[ChartTick] = field(default_factory=list)
    x_ticks: list[ChartTick] = field(default_factory=list)
    marks: list[ChartMark] = field(default_factory=list)
    polyline: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.marks

    @property
    def y_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def tick_bottom(self) -> float:
        return self.plot_bottom + 5

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 20


def _nice_step(span: float) -> float:
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 50):
        if span / step <= 8:
            return step
    return 100.0


def build_chart(spec: MetricSpec, points: list[Point], *, start: date, end: date) -> Chart:
    """Lay out `points` (chronological) over [start, end]; the y range always shows every band edge
    and every error bar, so a point is never clipped and the shading means the same on every chart."""
    chart = Chart(spec=spec)
    lo, hi = spec.default_range
    for p in points:
        half = p.sem or 0.0
        lo, hi = min(lo, p.value - half - 1), max(hi, p.value + half + 1)
    step = _nice_step(hi - lo)
    lo = step * (lo // step)
    hi = step * -(-hi // step)
    top, bottom = chart.plot_top, chart.plot_bottom
    left, right = chart.plot_left, chart.plot_right

    def y_of(v: float) -> float:
        return round(bottom - (v - lo) / (hi - lo) * (bottom - top), 1)

    days = max((end - start).days, 1)

    def x_of(d: date) -> float:
        frac = min(max((d - start).days / days, 0.0), 1.0)
        return round(left + frac * (right - left), 1)

    for zone in spec.zones:
        z_hi = hi if zone.high is None else min(zone.high, hi)
        z_lo = lo if zone.low is None else max(zone.low, lo)
        if z_hi <= z_lo:
            continue
        chart.zones.append(
            ChartRect(
                x=left,
                y=y_of(z_hi),
                width=round(right - left, 1),
                height=round(y_of(z_lo) - y_of(z_hi), 1),
                fill=ZONE_FILL[zone.band],
                band=zone.band,
            )
        )
    v = lo
    while v <= hi + 1e-9:
        chart.y_ticks.append(ChartTick(pos=y_of(v), label=f"{v:g}"))
        v += step
    # One x tick per month start inside the season, labelled with the short month name.
    month = date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            chart.x_ticks.append(ChartTick(pos=x_of(month), label=month.strftime("%b")))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    for p in points:
        half = p.sem or 0.0
        chart.marks.append(
            ChartMark(
                x=x_of(p.on),
                y=y_of(p.value),
                y_low=y_of(p.value - half),
                y_high=y_of(p.value + half),
                point=p,
            )
        )
    chart.polyline = " ".join(f"{m.x},{m.y}" for m in chart.marks)
    return chart
