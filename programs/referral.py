"""Referral rules (DOMAIN.md "Referral flag"), pure: from a dancer's concern-band screening days,
season compliance, pain per logging day and evaluation requests to the reasons to "consider a dance
medicine evaluation". Advisory wording, never a diagnosis. Loading lives in
programs.selectors.referral_flags_for_dancers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from programs.compliance import week_start
from screenings.selectors import Measure, ResultStatus, ScreeningResult
from studiohealth.core.dates import day_label

CONCERN_GAP_DAYS = 28  # DOMAIN.md: two screenings >= 4 weeks apart
CONCERN_MIN_COMPLIANCE = 60.0  # ... while season compliance >= 60 %
PAIN_HIGH = 5  # pain >= 5/10 ...
# What a dancer reads on Today when she logs pain at PAIN_HIGH or more (advice, never a diagnosis).
PAIN_ADVICE = (
    f"Pain {PAIN_HIGH}/10 or more: stop this exercise for today and tell your teacher or a parent. "
    "If it keeps coming back, ask for a review by a dance medicine specialist."
)
PAIN_HIGH_DAYS = 2  # ... logged on 2 days in one (studio-local, Monday-start) week
PAIN_RISING_LOGS = 3  # pain rising across 3 consecutive logging days
PAIN_LOOKBACK_DAYS = 56  # provisional (ours): pain rules look at the last 8 weeks

ADVICE = "Consider a dance medicine evaluation: flag for review by a dance medicine specialist."


@dataclass(frozen=True)
class ReferralReason:
    """One reason to consider a dance medicine evaluation. Advisory wording, never a diagnosis."""

    code: str  # concern_repeated | pain_high | pain_rising | requested
    message: str
    dates: tuple[date, ...]


def _fmt(day: date) -> str:
    return day_label(day, "%-d %b %Y")


def _pm(measure: Measure | None, unit: str) -> str:
    if measure is None or measure.value is None:
        return "not measured"
    sem = f" ± {measure.sem:.1f}" if measure.sem is not None else ""
    return f"{'+' if measure.value > 0 else ''}{measure.value:.1f}{sem}{unit}"


def concern_findings(result: ScreeningResult) -> list[str]:
    """Each concern-band measure of one screening, named: test, measure, side, value ± band."""
    out = []
    plie, stance = result.plie, result.stance
    if plie is not None and plie.status == ResultStatus.OK:
        for leg, band, measure in (
            ("left", plie.band_left, plie.knee_toe_offset_left),
            ("right", plie.band_right, plie.knee_toe_offset_right),
        ):
            if band == "concern":
                out.append(f"plié {leg} knee–toe offset {_pm(measure, ' % leg length')}")
    if stance is not None and stance.status == ResultStatus.OK:
        for side in stance.sides:
            if side.band == "concern":
                out.append(
                    f"standing on the {side.stance_leg} leg, pelvic drop {_pm(side.pelvic_drop_median, '°')}"
                )
            if side.fppa_band == "concern":
                out.append(
                    f"standing on the {side.stance_leg} leg, knee angle (FPPA) {_pm(side.stance_fppa, '°')}"
                )
    return out


def concern_repeated(
    concern_days: Sequence[date],
    season_pct: float | None,
    findings: Mapping[date, Sequence[str]] | None = None,
) -> ReferralReason | None:
    """A concern-band result on two screenings >= 4 weeks apart, with season compliance >= 60 %.

    `findings` names the concern-band measures of each day (`concern_findings`) so the reason says
    which measure, side, value ± band and date, not just "a concern-band result".
    """
    days = sorted(set(concern_days))
    if (
        len(days) >= 2
        and (days[-1] - days[0]).days >= CONCERN_GAP_DAYS
        and season_pct is not None
        and season_pct >= CONCERN_MIN_COMPLIANCE
    ):
        named = findings or {}
        parts = [
            f"{_fmt(day)}: {'; '.join(named[day])}" if named.get(day) else _fmt(day)
            for day in (days[0], days[-1])
        ]
        return ReferralReason(
            code="concern_repeated",
            message=(
                f"Concern band on two screenings at least 4 weeks apart ({' and '.join(parts)}), although "
                f"the program was followed ({season_pct:.0f}% this season)."
            ),
            dates=(days[0], days[-1]),
        )
    return None


def pain_high(day_pain: Mapping[date, int]) -> ReferralReason | None:
    """Pain >= 5/10 on two days of one week (the newest such week)."""
    high_by_week: dict[date, list[date]] = defaultdict(list)
    for day, pain in sorted(day_pain.items()):
        if pain >= PAIN_HIGH:
            high_by_week[week_start(day)].append(day)
    flagged_week = next(
        (w for w, ds in sorted(high_by_week.items(), reverse=True) if len(ds) >= PAIN_HIGH_DAYS), None
    )
    if flagged_week is None:
        return None
    days = tuple(high_by_week[flagged_week])
    return ReferralReason(
        code="pain_high",
        message=(
            f"Pain of {PAIN_HIGH}/10 or more logged on {len(days)} days in the week of {_fmt(flagged_week)}."
        ),
        dates=days,
    )


def pain_rising(day_pain: Mapping[date, int]) -> ReferralReason | None:
    """Pain rising across three consecutive logging days (the newest such run)."""
    ordered = sorted(day_pain.items())
    for i in range(len(ordered) - PAIN_RISING_LOGS, -1, -1):  # newest run first
        run = ordered[i : i + PAIN_RISING_LOGS]
        if all(run[k][1] < run[k + 1][1] for k in range(len(run) - 1)):
            return ReferralReason(
                code="pain_rising",
                message=(
                    "Pain rising across three logging days in a row ("
                    + " → ".join(f"{p}/10" for _, p in run)
                    + f", {_fmt(run[0][0])} to {_fmt(run[-1][0])})."
                ),
                dates=tuple(d for d, _ in run),
            )
    return None


def requested(asked_on: Sequence[date]) -> ReferralReason | None:
    """The dancer or a guardian asked (days in order; the newest is named)."""
    if not asked_on:
        return None
    return ReferralReason(
        code="requested",
        message=f"The dancer or a guardian asked for an evaluation on {_fmt(asked_on[-1])}.",
        dates=tuple(asked_on),
    )


def referral_reasons(
    *,
    concern_days: Sequence[date],
    season_pct: float | None,
    day_pain: Mapping[date, int],
    asked_on: Sequence[date],
    concern_named: Mapping[date, Sequence[str]] | None = None,
) -> list[ReferralReason]:
    """Every rule, in the order the reasons are shown; [] = no flag."""
    found = (
        concern_repeated(concern_days, season_pct, concern_named),
        pain_high(day_pain),
        pain_rising(day_pain),
        requested(asked_on),
    )
    return [reason for reason in found if reason is not None]
