"""Trends compare plié offsets at the matched depth (engine 1.2), and say so when they cannot."""

from __future__ import annotations

import uuid

from screenings.change import offset_comparison
from screenings.selectors import Measure, PlieResult, ResultStatus


def _plie(deep: float, matched: float | None, version: str = "1.2.0") -> PlieResult:
    m = Measure(matched, 2.5) if matched is not None else None
    return PlieResult(
        status=ResultStatus.OK, analysis_id=uuid.uuid4(), engine_version=version,
        knee_toe_offset_left=Measure(deep, 2.5), knee_toe_offset_right=Measure(deep, 2.5),
        knee_toe_offset_matched_left=m, knee_toe_offset_matched_right=m,
    )  # fmt: skip


def test_matched_values_are_compared_when_both_screenings_have_them() -> None:
    c = offset_comparison(_plie(5.0, 3.0), _plie(9.0, 3.2), "left")  # deeper plié, same knee
    assert c.depth_matched and c.note == ""
    assert (c.previous, c.current) == (Measure(3.0, 2.5), Measure(3.2, 2.5))


def test_a_screening_without_a_matched_value_falls_back_with_a_note() -> None:
    c = offset_comparison(_plie(5.0, None, version="1.1.0"), _plie(9.0, 3.2), "right")
    assert not c.depth_matched and "same depth" in c.note
    assert (c.previous, c.current) == (Measure(5.0, 2.5), Measure(9.0, 2.5))
    first = offset_comparison(None, _plie(9.0, 3.2), "left")
    assert first.previous is None and first.note == ""


def test_roster_and_report_trends_use_the_matched_depth() -> None:
    """Deepest-frame offsets 5 → 12 % (a deeper plié) but 5 → 5.2 % at the matched depth: no real change."""
    from datetime import date

    from dashboards.rows import _metric_cells
    from reports.sections import PLIE_ROWS, _row
    from screenings.change import Trend
    from screenings.selectors import ScreeningResult

    before, now = _plie(5.0, 5.0), _plie(12.0, 5.2)
    results = [
        ScreeningResult(screening_id=uuid.uuid4(), dancer_id=1, season_id=1, date=on, plie=p, stance=None)
        for on, p in ((date(2026, 9, 1), before), (date(2026, 11, 1), now))
    ]
    assert _metric_cells(results)["knee_left"].trend == Trend.NO_REAL_CHANGE
    assert _row(PLIE_ROWS[0], now, before, "left").change.startswith("no real change")
    assert _row(PLIE_ROWS[0], now, before, "left").change.endswith("at the same depth")
    # Without matched values (a 1.1 result) the deepest-frame values are compared, and the note says so.
    old = _plie(5.0, None, version="1.1.0")
    assert "could not be compared at the same depth" in _row(PLIE_ROWS[0], now, old, "left").change
