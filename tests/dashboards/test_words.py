"""The words of results and referral reasons: a hip hike is never "level" or "better", referral reasons
name measure, side, value ± band and date, and "flagged" / "behind" say what they count."""

from __future__ import annotations

import uuid
from datetime import date

from dashboards.rows import Counts, MetricCell, drop_trend, is_hip_hike
from dashboards.words import sentence
from programs import referral
from reports.sections import STANCE_ROWS, _row, change_words
from screenings.change import Trend
from screenings.selectors import (
    Measure,
    PlieResult,
    ResultStatus,
    ScreeningResult,
    StanceResult,
    StanceSide,
)

HIKE = Measure(value=-10.0, sem=2.5)


def _side(leg: str, drop: Measure, band: str, fppa_band: str = "aligned") -> StanceSide:
    return StanceSide(
        stance_leg=leg, pelvic_drop_median=drop, pelvic_drop_p95=None, band=band, trunk_lean=None,
        compensating=False, stance_fppa=Measure(value=17.0, sem=2.8), fppa_band=fppa_band, hold_s=None,
        touchdowns=None,
    )  # fmt: skip


def test_a_ten_degree_hip_hike_is_neither_level_nor_better() -> None:
    # An engine that predates the hip_hike band reports "level" for any value under 2°.
    assert is_hip_hike(HIKE, "level") and is_hip_hike(Measure(-1.0, 1.0), "hip_hike")
    assert not is_hip_hike(Measure(-4.9, 2.5), "level") and not is_hip_hike(HIKE, "level", False)
    precise = Measure(value=-10.0, sem=1.0)  # a real change needs more than 1.96·√2·SEM
    assert drop_trend(Measure(-2.0, 0.5), precise) == Trend.WORSE  # further from the normal range
    assert drop_trend(Measure(-2.0, 0.5), HIKE) == Trend.NO_REAL_CHANGE  # within ± 6.9°
    cell = MetricCell(band="watch", measure=HIKE, trend=Trend.IMPROVED, hip_hike=True)
    text = sentence("drop", "left", cell)
    assert "hip hike" in text and "-10.0 ± 2.5°" in text
    assert "level" not in text and "better" not in text
    assert cell.arrow == ""


def test_the_pdf_row_calls_a_hike_a_hip_hike_not_level_or_improved() -> None:
    now = _side("left", Measure(value=-10.0, sem=1.0), "level")
    before = _side("left", Measure(-2.0, 0.5), "level")
    row = _row(STANCE_ROWS[0], now, before, "left")
    assert row.band_words == "hip hike" and row.band_class == "watch"
    assert row.change.startswith("worse")
    assert "improved" not in change_words(Measure(-12.0, 0.5), HIKE, "pelvic_drop_deg")


def test_a_referral_reason_names_measure_side_value_band_and_date() -> None:
    first, last = date(2026, 7, 28), date(2026, 11, 10)
    stance = StanceResult(
        status=ResultStatus.OK, analysis_id=uuid.uuid4(), engine_version="1.2",
        sides=(_side("left", Measure(1.0, 2.5), "level", fppa_band="concern"),),
    )  # fmt: skip
    plie = PlieResult(
        status=ResultStatus.OK, analysis_id=uuid.uuid4(), engine_version="1.2",
        knee_toe_offset_left=Measure(-7.2, 2.5), band_left="concern",
        knee_toe_offset_right=Measure(2.0, 2.5), band_right="aligned",
    )  # fmt: skip

    def screening(on: date, **tests: object) -> ScreeningResult:
        return ScreeningResult(screening_id=uuid.uuid4(), dancer_id=1, season_id=1, date=on,
                               **{"plie": None, "stance": None, **tests})  # type: ignore[arg-type]  # fmt: skip

    named = {
        first: referral.concern_findings(screening(first, plie=plie)),
        last: referral.concern_findings(screening(last, stance=stance)),
    }
    reason = referral.concern_repeated([first, last], 75.0, named)
    assert reason is not None
    assert "28 Jul 2026: plié left knee–toe offset -7.2 ± 2.5 % leg length" in reason.message
    assert "10 Nov 2026: standing on the left leg, knee angle (FPPA) +17.0 ± 2.8°" in reason.message
    assert "right" not in reason.message  # the aligned right knee is not a reason


def test_flagged_and_behind_say_what_they_count() -> None:
    counts = Counts(dancers=20, flagged=6, behind=0, concern=4, not_screened=1, valgus_low_compliance=2,
                    low_compliance=2)  # fmt: skip
    assert counts.headline == (
        "6 dancers flagged for review, 0 behind this week, 2 under 50% season compliance"
    )
