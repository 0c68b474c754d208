"""Server-side SVG charts for the PDFs (inline <svg>: no scripts, no network, crisp at any zoom).

Pure functions from numbers to markup; text is escaped. Colours match app.css bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAND_COLOURS = {"ok": "#1d6b35", "watch": "#8a5a00", "concern": "#a1232b"}
BAND_FILLS = {"ok": "#dcefe2", "watch": "#fbeccb", "concern": "#f6d5d7"}
INK, MUTED, GRID, ACCENT = "#1b1f24", "#4a5360", "#d0d6de", "#0b5cad"
FONT = "DejaVu Sans"


def _f(x: float) -> str:
    return f"{x:.1f}"


@dataclass(frozen=True)
class Zone:
    """A band drawn on a gauge: [lo, hi) in the metric's unit."""

    lo: float
    hi: float
    kind: str  # ok | watch | concern
    label: str


# DOMAIN.md bands (provisional): knee–toe offset % leg length; pelvic drop degrees.
KNEE_TOE_ZONES = (
    Zone(-15, -5, "concern", "inside big toe"),
    Zone(-5, 0, "watch", "on big toe"),
    Zone(0, 15, "ok", "over the toes"),
)
PELVIC_DROP_ZONES = (
    Zone(-8, 2, "ok", "level"),
    Zone(2, 5, "watch", "watch"),
    Zone(5, 12, "concern", "concern"),
)


def band_gauge(
    *,
    value: float | None,
    sem: float | None,
    zones: Sequence[Zone],
    previous: float | None = None,
    width: float = 240,
    height: float = 34,
) -> SafeString:
    """A horizontal scale coloured by band, the value as a dot with its ± SEM whisker, and the
    previous screening's value as a hollow tick, so a family sees where the number sits."""
    lo, hi = zones[0].lo, zones[-1].hi
    pad = 4.0
    inner = width - 2 * pad

    def x(v: float) -> float:
        return pad + inner * (min(max(v, lo), hi) - lo) / (hi - lo)

    bar_y, bar_h = 6.0, 12.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" class="gauge" role="img">'
    ]
    for z in zones:
        parts.append(
            f'<rect x="{_f(x(z.lo))}" y="{_f(bar_y)}" width="{_f(x(z.hi) - x(z.lo))}" height="{_f(bar_h)}" '
            f'fill="{BAND_FILLS[z.kind]}" stroke="{GRID}" stroke-width="0.5"/>'
        )
    for z in zones[1:]:
        parts.append(
            f'<text x="{_f(x(z.lo))}" y="{_f(height - 3)}" font-family="{FONT}" font-size="7" '
            f'fill="{MUTED}" text-anchor="middle">{escape(f"{z.lo:g}")}</text>'
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
            f'height="{_f(y(0) - y(flagged))}" fill="{BAND_COLOURS["concern"]}"/>'
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
        f'<rect x="{_f(left)}" y="{_f(ly - 6)}" width="8" height="6" fill="{BAND_COLOURS["concern"]}"/>'
        f'<text x="{_f(left + 11)}" y="{_f(ly)}" font-family="{FONT}" font-size="7.5" fill="{INK}">'
        f"dancers with a concern band (latest screening so far)</text>"
        f'<line x1="{_f(left + 230)}" y1="{_f(ly - 3)}" x2="{_f(left + 242)}" y2="{_f(ly - 3)}" '
        f'stroke="{ACCENT}" stroke-width="1.5"/>'
        f'<text x="{_f(left + 246)}" y="{_f(ly)}" font-family="{FONT}" font-size="7.5" fill="{INK}">'
        f"dancers screened so far</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
