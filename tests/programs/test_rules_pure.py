"""The referral rules as plain functions (programs/referral.py): no database, only dates and numbers.
The same rules through the bulk selector and real rows are in test_referral.py."""

from __future__ import annotations

from datetime import date, timedelta

from programs import referral

MON = date(2026, 10, 5)


def test_two_concern_screenings_four_weeks_apart_need_the_program_followed() -> None:
    days = [MON, MON + timedelta(days=28)]
    reason = referral.concern_repeated(days, season_pct=75.0)
    assert reason is not None and reason.code == "concern_repeated"
    assert reason.dates == (MON, MON + timedelta(days=28))
    assert "5 Oct 2026" in reason.message and "2 Nov 2026" in reason.message and "75%" in reason.message
    assert referral.concern_repeated(days, season_pct=59.0) is None  # program not followed: not yet
    assert referral.concern_repeated(days, season_pct=None) is None
    assert referral.concern_repeated([MON, MON + timedelta(days=27)], season_pct=90.0) is None


def test_high_pain_counts_days_within_one_monday_week() -> None:
    # Sunday and the next Monday are two weeks; Monday and Wednesday of one week flag it.
    assert referral.pain_high({MON - timedelta(days=1): 6, MON: 7}) is None
    reason = referral.pain_high({MON: 5, MON + timedelta(days=2): 8, MON + timedelta(days=3): 2})
    assert reason is not None and reason.dates == (MON, MON + timedelta(days=2))
    assert reason.message == "Pain of 5/10 or more logged on 2 days in the week of 5 Oct 2026."


def test_rising_pain_names_the_newest_run_of_three() -> None:
    pain = {MON: 1, MON + timedelta(days=1): 2, MON + timedelta(days=2): 3, MON + timedelta(days=3): 4}
    reason = referral.pain_rising(pain)
    assert reason is not None
    assert reason.dates == (MON + timedelta(days=1), MON + timedelta(days=2), MON + timedelta(days=3))
    assert "2/10 → 3/10 → 4/10" in reason.message
    assert referral.pain_rising({MON: 3, MON + timedelta(days=1): 3, MON + timedelta(days=2): 4}) is None


def test_reasons_come_in_rule_order_and_none_means_no_flag() -> None:
    assert referral.referral_reasons(concern_days=[], season_pct=None, day_pain={}, asked_on=[]) == []
    reasons = referral.referral_reasons(
        concern_days=[MON, MON + timedelta(days=35)],
        season_pct=80.0,
        day_pain={MON: 6, MON + timedelta(days=1): 7, MON + timedelta(days=2): 8},
        asked_on=[MON, MON + timedelta(days=3)],
    )
    assert [r.code for r in reasons] == ["concern_repeated", "pain_high", "pain_rising", "requested"]
    assert reasons[-1].message == "The dancer or a guardian asked for an evaluation on 8 Oct 2026."
    assert all("diagnos" not in r.message.lower() for r in reasons)
