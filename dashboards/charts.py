"""The one chart module, for pages and PDFs: the band table (DOMAIN.md thresholds, their labels and
tints), the season trend layout the pages draw (`build_chart` + `_chart.html`) and the inline SVGs
the PDFs embed (`band_gauge`, `bar_chart`, `trend_chart`).

Why SVG on the server: no JavaScript or CDN is needed (offline deployments, CSP 'self'), the same
markup prints in PDFs, and a screen reader gets a real table next to it. Only presentation
attributes are used (fill, stroke), never `style=`, so the strict CSP holds; text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Narrow viewBox: on a 390 px phone the chart draws at about 1:1, so 13-unit labels stay legible.
WIDTH, HEIGHT = 400, 230
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 12, 12, 32

# Band colours are light tints (shading) so the dark points and bars keep ≥ 4.5:1 contrast; the same
# tints are the swatches in app.css. CONCERN_INK is the strong colour of a concern count in the PDFs.
ZONE_FILL = {"aligned": "#dff1e4", "level": "#dff1e4", "watch": "#fbeccc", "concern": "#f8d9db"}
CONCERN_INK = "#a1232b"
# Season compliance buckets, 0–19 % … 80–100 % and "no program": concern red through aligned green.
COMPLIANCE_COLOURS = ("#a1232b", "#c0562a", "#8a5a00", "#4f7d2c", "#1d6b35", "#8a939e")
INK, MUTED, GRID, ACCENT = "#1b1f24", "#4a5360", "#d0d6de", "#0b5cad"
FONT = "DejaVu Sans"


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
# The stretch of each scale a PDF gauge draws (the bands above are unbounded at the ends).
KNEE_TOE_GAUGE = (-15.0, 15.0)
PELVIC_DROP_GAUGE = (-8.0, 12.0)

METRICS: dict[str, MetricSpec] = {
    **{
        f"knee_toe_{leg}": MetricSpec(
            f"knee_toe_{leg}", f"Plié: {leg} knee over the toes", "% leg length", "higher", KNEE_TOE_ZONES,
            (-12, 12),
        )
        for leg in ("left", "right")
    },
    **{
        f"pelvic_drop_{leg}": MetricSpec(
            f"pelvic_drop_{leg}", f"Standing on the {leg} leg: pelvic drop", "°", "lower", PELVIC_DROP_ZONES,
            (-3, 9),
        )
        for leg in ("left", "right")
    },
}  # fmt: skip


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


# --- inline SVG for the PDFs ---------------------------------------------------------------------
def _f(x: float) -> str:
    return f"{x:.1f}"


def band_gauge(
    *,
    value: float | None,
    sem: float | None,
    zones: Sequence[Zone],
    span: tuple[float, float],
    previous: float | None = None,
    width: float = 240,
    height: float = 34,
) -> SafeString:
    """A horizontal scale coloured by band, the value as a dot with its ± SEM whisker, and the
    previous screening's value as a hollow tick, so a family sees where the number sits. `span` is the
    stretch of the scale drawn; the bands are clipped to it."""
    lo, hi = span
    clipped = sorted(
        (max(lo, z.low if z.low is not None else lo), min(hi, z.high if z.high is not None else hi), z.band)
        for z in zones
    )
    pad = 4.0
    inner = width - 2 * pad

    def x(v: float) -> float:
        return pad + inner * (min(max(v, lo), hi) - lo) / (hi - lo)

    bar_y, bar_h = 6.0, 12.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" class="gauge" role="img">'
    ]
    for z_lo, z_hi, band in clipped:
        parts.append(
            f'<rect x="{_f(x(z_lo))}" y="{_f(bar_y)}" width="{_f(x(z_hi) - x(z_lo))}" height="{_f(bar_h)}" '
            f'fill="{ZONE_FILL[band]}" stroke="{GRID}" stroke-width="0.5"/>'
        )
    for z_lo, _, _ in clipped[1:]:
        parts.append(
            f'<text x="{_f(x(z_lo))}" y="{_f(height - 3)}" font-family="{FONT}" font-size="7" '
            f'fill="{MUTED}" text-anchor="middle">{escape(f"{z_lo:g}")}</text>'
        )
    if previous is not None:
        px = x(previous)
        parts.append(
            f'<line x1="{_f(px)}" y1="{_f(bar_y - 3)}" x2="{_f(px)}" y2="{_f(bar_y + bar_h + 3)}" '
            f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="2,1.5"/>'
        )
    if value is not None:
        cx, cy = x(value), bar_y + bar_h / 2
        if sem:
            x1, x2 = x(value - sem), x(value + sem)
            parts.append(
                f'<line x1="{_f(x1)}" y1="{_f(cy)}" x2="{_f(x2)}" y2="{_f(cy)}" stroke="{INK}" stroke-width="1.2"/>'
                f'<line x1="{_f(x1)}" y1="{_f(cy - 3)}" x2="{_f(x1)}" y2="{_f(cy + 3)}" stroke="{INK}" stroke-width="1.2"/>'
                f'<line x1="{_f(x2)}" y1="{_f(cy - 3)}" x2="{_f(x2)}" y2="{_f(cy + 3)}" stroke="{INK}" stroke-width="1.2"/>'
            )
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="3.2" fill="{INK}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def bar_chart(
    bars: Sequence[tuple[str, int]],
    *,
    width: float = 300,
    height: float = 150,
    colours: Sequence[str] | None = None,
    y_label: str = "",
) -> SafeString:
    """Vertical bars with their counts written on top (a printed chart must be readable without hover)."""
    left, right, top, bottom = 30.0, 6.0, 14.0, 26.0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, v in bars] + [1])
    step = plot_w / max(len(bars), 1)
    bar_w = step * 0.64
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" class="chart" role="img">',
        f'<line x1="{_f(left)}" y1="{_f(top + plot_h)}" x2="{_f(width - right)}" y2="{_f(top + plot_h)}" '
        f'stroke="{MUTED}" stroke-width="0.8"/>',
    ]
    if y_label:
        parts.append(
            f'<text x="2" y="{_f(top - 4)}" font-family="{FONT}" font-size="7.5" fill="{MUTED}">'
            f"{escape(y_label)}</text>"
        )
    for i, (label, count) in enumerate(bars):
        colour = (colours[i] if colours else None) or ACCENT
        h = plot_h * count / peak
        bx = left + i * step + (step - bar_w) / 2
        by = top + plot_h - h
        parts.append(
            f'<rect x="{_f(bx)}" y="{_f(by)}" width="{_f(bar_w)}" height="{_f(h)}" fill="{colour}"/>'
            f'<text x="{_f(bx + bar_w / 2)}" y="{_f(by - 2.5)}" font-family="{FONT}" font-size="8" '
            f'fill="{INK}" text-anchor="middle">{count}</text>'
            f'<text x="{_f(bx + bar_w / 2)}" y="{_f(top + plot_h + 11)}" font-family="{FONT}" '
            f'font-size="7.5" fill="{MUTED}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above


def trend_chart(
    points: Sequence[tuple[str, int, int]],
    *,
    width: float = 460,
    height: float = 170,
) -> SafeString:
    """Flagged dancers over the season (bars) against dancers screened so far (line)."""
    left, right, top, bottom = 30.0, 8.0, 18.0, 28.0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(f, s) for _, f, s in points] + [1])
    n = max(len(points), 1)
    step = plot_w / n
    bar_w = step * 0.5

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" class="chart" role="img">',
    ]
    for frac in (0.5, 1.0):
        gy = y(peak * frac)
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(gy)}" x2="{_f(width - right)}" y2="{_f(gy)}" stroke="{GRID}" '
            f'stroke-width="0.5"/><text x="{_f(left - 3)}" y="{_f(gy + 3)}" font-family="{FONT}" '
            f'font-size="7" fill="{MUTED}" text-anchor="end">{round(peak * frac)}</text>'
        )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(y(0))}" x2="{_f(width - right)}" y2="{_f(y(0))}" '
        f'stroke="{MUTED}" stroke-width="0.8"/>'
    )
    line_pts = []
    for i, (label, flagged, screened) in enumerate(points):
        cx = left + i * step + step / 2
        parts.append(
            f'<rect x="{_f(cx - bar_w / 2)}" y="{_f(y(flagged))}" width="{_f(bar_w)}" '
            f'height="{_f(y(0) - y(flagged))}" fill="{CONCERN_INK}"/>'
            f'<text x="{_f(cx)}" y="{_f(y(flagged) - 2.5)}" font-family="{FONT}" font-size="8" '
            f'fill="{INK}" text-anchor="middle">{flagged}</text>'
            f'<text x="{_f(cx)}" y="{_f(y(0) + 11)}" font-family="{FONT}" font-size="7.5" '
            f'fill="{MUTED}" text-anchor="middle">{escape(label)}</text>'
        )
        line_pts.append(f"{_f(cx)},{_f(y(screened))}")
    if line_pts:
        parts.append(
            f'<polyline points="{" ".join(line_pts)}" fill="none" stroke="{ACCENT}" stroke-width="1.5"/>'
        )
        parts.extend(
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2" fill="{ACCENT}"/>' for p in line_pts
        )
    # Legend: a printed chart carries its own key.
    ly = height - 6
    parts.append(
        f'<rect x="{_f(left)}" y="{_f(ly - 6)}" width="8" height="6" fill="{CONCERN_INK}"/>'
        f'<text x="{_f(left + 11)}" y="{_f(ly)}" font-family="{FONT}" font-size="7.5" fill="{INK}">'
        f"dancers with a concern band (latest screening so far)</text>"
        f'<line x1="{_f(left + 230)}" y1="{_f(ly - 3)}" x2="{_f(left + 242)}" y2="{_f(ly - 3)}" '
        f'stroke="{ACCENT}" stroke-width="1.5"/>'
        f'<text x="{_f(left + 246)}" y="{_f(ly)}" font-family="{FONT}" font-size="7.5" fill="{INK}">'
        f"dancers screened so far</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
