"""The series a season trend chart draws: one point per screening with a measured value of a metric."""

from __future__ import annotations

from dashboards.charts import Point
from screenings.selectors import ResultStatus, ScreeningResult


def metric_series(results: list[ScreeningResult], key: str) -> list[Point]:
    points = []
    for r in results:
        if key.startswith("knee_toe") and r.plie and r.plie.status == ResultStatus.OK:
            leg = key.rsplit("_", 1)[1]
            m = getattr(r.plie, f"knee_toe_offset_{leg}")
            band = getattr(r.plie, f"band_{leg}")
        elif key.startswith("pelvic_drop") and r.stance and r.stance.status == ResultStatus.OK:
            side = r.stance.side(key.rsplit("_", 1)[1])
            m, band = (side.pelvic_drop_median, side.band) if side else (None, None)
        else:
            continue
        if m is not None and m.value is not None:
            points.append(Point(on=r.date, value=m.value, sem=m.sem, band=band or ""))
    return points
