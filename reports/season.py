"""The season report: every dancer of a season in one table per class, the studio's compliance
distribution, and dancers in the concern band month by month. Bulk reads (screenings.selectors.dancer_results,
programs.selectors.compliance_for_dancers / referral_flags_for_dancers) keep the number of queries
independent of the number of dancers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from dashboards import charts
from dashboards.words import pm
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from reports.sections import band_class
from reports.selectors import referral_summary
from screenings.selectors import PlieResult, ScreeningResult, StanceResult, dancer_results, latest_measured
from studios.models import ClassGroup, DancerProfile, Season, Studio

COMPLIANCE_BUCKETS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


@dataclass(frozen=True)
class SeasonRow:
    dancer: DancerProfile
    last_screened: date | None
    knee_left: str
    knee_right: str
    plie_band: str | None
    drop_left: str
    drop_right: str
    stance_band: str | None
    flagged: bool
    compliance_pct: float | None
    referral: bool

    @property
    def plie_class(self) -> str:
        return band_class(self.plie_band)

    @property
    def stance_class(self) -> str:
        return band_class(self.stance_band)


@dataclass(frozen=True)
class ClassTable:
    name: str
    teachers: str
    rows: tuple[SeasonRow, ...]
    screened: int
    flagged: int
    mean_compliance: float | None


@dataclass(frozen=True)
class ReferralLine:
    dancer: DancerProfile
    classes: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SeasonReport:
    studio: Studio
    season: Season
    generated_on: date
    dancers: int
    screened: int
    flagged: int
    with_program: int
    mean_compliance: float | None
    compliance_buckets: tuple[tuple[str, int], ...]
    compliance_chart: SafeString
    trend_chart: SafeString
    trend_points: tuple[tuple[str, int, int], ...]
    classes: tuple[ClassTable, ...]
    referrals: tuple[ReferralLine, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def _latest_ok(
    results: Sequence[ScreeningResult], upto: date | None = None
) -> tuple[PlieResult | None, StanceResult | None, date | None]:
    """The newest measured plié and stance up to a day, and the day of the newer of the two."""
    so_far = [r for r in results if upto is None or r.date <= upto]
    plie, stance = latest_measured(so_far)
    days = [r.date for r in so_far if (plie and r.plie is plie) or (stance and r.stance is stance)]
    return plie, stance, max(days, default=None)


def _is_flagged(plie: PlieResult | None, stance: StanceResult | None) -> bool:
    """In the concern band = the newest measured result of either test has a concern band. (Shown as
    "in the concern band": "flagged" means the referral rule fired, on every page, PDF and API.)"""
    return "concern" in ((plie.worst_band if plie else None), (stance.worst_band if stance else None))


def _month_ends(start: date, end: date) -> list[date]:
    out = []
    cur = date(start.year, start.month, 1)
    while cur <= end:
        nxt = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        out.append(min(nxt - timedelta(days=1), end))
        cur = nxt
    return out


def _drop(stance: StanceResult | None, leg: str) -> str:
    side = stance.side(leg) if stance else None
    return pm(side.pelvic_drop_median, "°") if side else "–"


def season_dancers(*, studio: Studio, season: Season) -> QuerySet[DancerProfile]:
    """Dancers of the season: in one of its classes, or screened during it."""
    return (
        DancerProfile.objects.filter(studio=studio, archived_at__isnull=True)
        .filter(Q(classes__season=season) | Q(screenings__season=season))
        .distinct()
        .order_by("last_name", "first_name")
    )


def season_report_data(*, studio: Studio, season: Season, today: date | None = None) -> SeasonReport:
    today = today or studio.today()
    dancers = list(season_dancers(studio=studio, season=season))
    ids = [d.pk for d in dancers]
    results = dancer_results(studio=studio, dancer_ids=ids, season=season)
    compliance = compliance_for_dancers(studio=studio, dancer_ids=ids, today=today, season=season)
    flags = referral_flags_for_dancers(
        studio=studio, dancer_ids=ids, today=today, season=season, compliance=compliance, results=results
    )

    groups = list(
        ClassGroup.objects.filter(studio=studio, season=season).prefetch_related("teachers", "dancers")
    )
    class_names: dict[int, list[str]] = defaultdict(list)
    for g in groups:
        for d in g.dancers.all():
            class_names[d.pk].append(g.name)

    rows: dict[int, SeasonRow] = {}
    for d in dancers:
        plie, stance, last = _latest_ok(results.get(d.pk, []))
        c = compliance.get(d.pk)
        ref = referral_summary(flags.get(d.pk))
        rows[d.pk] = SeasonRow(
            dancer=d,
            last_screened=last,
            knee_left=pm(plie.knee_toe_offset_left, "%") if plie else "–",
            knee_right=pm(plie.knee_toe_offset_right, "%") if plie else "–",
            plie_band=plie.worst_band if plie else None,
            drop_left=_drop(stance, "left"),
            drop_right=_drop(stance, "right"),
            stance_band=stance.worst_band if stance else None,
            flagged=_is_flagged(plie, stance),
            compliance_pct=c.season_pct if c is not None and c.has_program else None,
            referral=ref.raised,
        )

    def table(name: str, teachers: str, members: Iterable[DancerProfile]) -> ClassTable:
        trs = tuple(
            rows[m.pk] for m in sorted(members, key=lambda m: (m.last_name, m.first_name)) if m.pk in rows
        )
        pcts = [r.compliance_pct for r in trs if r.compliance_pct is not None]
        return ClassTable(
            name=name,
            teachers=teachers,
            rows=trs,
            screened=sum(1 for r in trs if r.last_screened),
            flagged=sum(1 for r in trs if r.flagged),
            mean_compliance=round(sum(pcts) / len(pcts), 1) if pcts else None,
        )

    tables = [table(g.name, ", ".join(str(t) for t in g.teachers.all()), g.dancers.all()) for g in groups]
    unclassed = [d for d in dancers if d.pk not in class_names]
    if unclassed:
        tables.append(table("Not in a class this season", "", unclassed))

    pcts = [r.compliance_pct for r in rows.values() if r.compliance_pct is not None]
    buckets = tuple(
        (f"{lo}–{min(hi, 100) - (0 if hi > 100 else 1)}%", sum(1 for p in pcts if lo <= p < hi))
        for lo, hi in COMPLIANCE_BUCKETS
    ) + (("no program", sum(1 for r in rows.values() if r.compliance_pct is None)),)

    end = min(today, season.ends_on)
    points = []
    for month_end in _month_ends(season.starts_on, end) if end >= season.starts_on else []:
        flagged_n = screened_n = 0
        for d in dancers:
            plie, stance, last = _latest_ok(results.get(d.pk, []), upto=month_end)
            screened_n += last is not None
            flagged_n += _is_flagged(plie, stance)
        points.append((month_end.strftime("%b %y"), flagged_n, screened_n))

    referrals = tuple(
        ReferralLine(
            dancer=d,
            classes=", ".join(class_names.get(d.pk, [])),
            reasons=referral_summary(flags.get(d.pk)).reasons,
        )
        for d in dancers
        if rows[d.pk].referral
    )
    return SeasonReport(
        studio=studio,
        season=season,
        generated_on=today,
        dancers=len(dancers),
        screened=sum(1 for r in rows.values() if r.last_screened),
        flagged=sum(1 for r in rows.values() if r.flagged),
        with_program=len(pcts),
        mean_compliance=round(sum(pcts) / len(pcts), 1) if pcts else None,
        compliance_buckets=buckets,
        compliance_chart=charts.bar_chart(buckets, colours=charts.COMPLIANCE_COLOURS, y_label="dancers"),
        trend_chart=charts.trend_chart(points),
        trend_points=tuple(points),
        classes=tuple(tables),
        referrals=referrals,
    )
