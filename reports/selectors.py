"""Reads behind the PDFs. The numbers come from the same selectors as the pages and the API
(screenings.selectors.dancer_results, programs.selectors.compliance_for_dancers /
referral_flags_for_dancers), so a report never disagrees with the dashboard.

Everything here returns plain frozen dataclasses the templates format; bulk reads keep the number
of queries independent of the number of dancers (the season report covers a whole studio).
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString
from PIL import Image

from programs.models import Assignment, DoseOverride, ProgramExercise
from programs.selectors import ReferralReason, compliance_for_dancers, referral_flags_for_dancers
from reports import charts
from reports.models import ReportJob
from screenings.models import Analysis
from screenings.selectors import (
    BETTER,
    Measure,
    PlieResult,
    ResultStatus,
    ScreeningResult,
    StanceResult,
    Trend,
    dancer_results,
    smallest_detectable_change,
    trend,
)
from studios.models import ClassGroup, DancerProfile, Season, Studio
from studios.policies import Actor

REVIEW = "flag for review by a dance medicine specialist"
KEYFRAME_MAX_WIDTH = 900  # px: sharp at 9 cm print width, keeps the PDF small and fast to render
KEYFRAME_CACHE_SECONDS = 15 * 60  # short: a copy of a health image should not linger
COMPLIANCE_BUCKETS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))

# Short enough for the band column; the test's explanation above the table spells the bands out.
PLIE_BAND_WORDS = {"aligned": "over the toes", "watch": "on the big toe", "concern": "inside big toe"}
STANCE_BAND_WORDS = {"level": "level", "watch": "small drop", "concern": "drops"}
FPPA_BAND_WORDS = {"aligned": "in line", "watch": "watch", "concern": "knee inwards"}
BAND_CLASS = {"aligned": "ok", "level": "ok", "watch": "watch", "concern": "concern"}


def pm(measure: Measure | None, unit: str = "", *, signed: bool = True) -> str:
    """A number always travels with its ± error band."""
    if measure is None or measure.value is None:
        return "–"
    sign = "+" if signed and measure.value > 0 else ""
    sem = f" ± {measure.sem:.1f}" if measure.sem is not None else ""
    return f"{sign}{measure.value:.1f}{sem}{unit}"


# --- dancer report ------------------------------------------------------------------------------
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
        return BAND_CLASS.get(self.band or "", "none")


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
class ExerciseDose:
    name: str
    dose: str
    is_technique_cue: bool


@dataclass(frozen=True)
class ProgramBlock:
    name: str
    target: str  # "dancer" | "class"
    starts_on: date
    ends_on: date
    sessions_per_week: int
    paused: bool
    exercises: tuple[ExerciseDose, ...]


@dataclass(frozen=True)
class ComplianceSummary:
    season_pct: float | None
    this_week: str
    streak_weeks: int
    weeks_counted: int
    behind: bool


@dataclass(frozen=True)
class Referral:
    raised: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DancerReport:
    studio: Studio
    dancer: DancerProfile
    generated_on: date
    classes: tuple[str, ...]
    plie: TestSection
    stance: TestSection
    programs: tuple[ProgramBlock, ...]
    compliance: ComplianceSummary | None
    referral: Referral
    screenings_count: int


def _previous_ok(results: Sequence[ScreeningResult], attr: str, before: int) -> Any:
    for r in reversed(results[:before]):
        res = getattr(r, attr)
        if res is not None and res.status == ResultStatus.OK:
            return r, res
    return None, None


def _latest(results: Sequence[ScreeningResult], attr: str) -> tuple[int, ScreeningResult | None, Any]:
    """Index, screening and result of the newest OK result of a test; else the newest of any status."""
    for i in range(len(results) - 1, -1, -1):
        res = getattr(results[i], attr)
        if res is not None and res.status == ResultStatus.OK:
            return i, results[i], res
    for i in range(len(results) - 1, -1, -1):
        res = getattr(results[i], attr)
        if res is not None:
            return i, results[i], res
    return len(results), None, None


def change_words(prev: Measure | None, cur: Measure | None, key: str) -> str:
    """improved / worse only beyond the smallest detectable change 1.96·√2·SEM (DOMAIN.md)."""
    if prev is None or cur is None or prev.value is None or cur.value is None:
        return "first measurement"
    result = trend(prev, cur, better=BETTER[key])
    sdc = smallest_detectable_change(max(prev.sem or 0.0, cur.sem or 0.0))
    if result == Trend.NO_REAL_CHANGE:
        return f"no real change (within ± {sdc:.1f})"
    return f"{result.value} (beyond ± {sdc:.1f})"


def _row(
    label: str,
    cur: Measure | None,
    prev: Measure | None,
    *,
    key: str,
    unit: str,
    band: str | None,
    band_words: dict[str, str],
    zones: Sequence[charts.Zone] | None = None,
) -> MetricRow:
    gauge = None
    if zones is not None and cur is not None and cur.value is not None:
        gauge = charts.band_gauge(
            value=cur.value, sem=cur.sem, zones=zones, previous=prev.value if prev else None
        )
    return MetricRow(
        label=label,
        current=pm(cur, unit),
        band=band,
        band_words=band_words.get(band or "", ""),
        previous=pm(prev, unit) if prev is not None else "–",
        change=change_words(prev, cur, key),
        gauge=gauge,
    )


def _plie_section(results: Sequence[ScreeningResult], keyframes: dict[UUID, str]) -> TestSection:
    idx, screening, cur = _latest(results, "plie")
    if cur is None:
        return TestSection(test="plie", status="missing", on=None, previous_on=None)
    cur_p: PlieResult = cur
    if cur_p.status != ResultStatus.OK:
        return TestSection(
            test="plie", status=str(cur_p.status), on=screening.date, previous_on=None, message=cur_p.message
        )
    prev_s, prev = _previous_ok(results, "plie", idx)
    prev_p: PlieResult | None = prev
    z = charts.KNEE_TOE_ZONES
    rows = (
        _row(
            "Knee over toes — left",
            cur_p.knee_toe_offset_left,
            prev_p.knee_toe_offset_left if prev_p else None,
            key="knee_toe_offset_pct",
            unit="%",
            band=cur_p.band_left,
            band_words=PLIE_BAND_WORDS,
            zones=z,
        ),
        _row(
            "Knee over toes — right",
            cur_p.knee_toe_offset_right,
            prev_p.knee_toe_offset_right if prev_p else None,
            key="knee_toe_offset_pct",
            unit="%",
            band=cur_p.band_right,
            band_words=PLIE_BAND_WORDS,
            zones=z,
        ),
        _row(
            "Depth of the plié",
            cur_p.depth,
            prev_p.depth if prev_p else None,
            key="depth_pct",
            unit="%",
            band=None,
            band_words={},
        ),
        _row(
            "Left − right difference",
            cur_p.symmetry,
            prev_p.symmetry if prev_p else None,
            key="symmetry_pct",
            unit="%",
            band=None,
            band_words={},
        ),
    )
    secondary = (
        _row(
            "Knee angle (FPPA) — left",
            cur_p.fppa_left,
            prev_p.fppa_left if prev_p else None,
            key="fppa_deg",
            unit="°",
            band=None,
            band_words={},
        ),
        _row(
            "Knee angle (FPPA) — right",
            cur_p.fppa_right,
            prev_p.fppa_right if prev_p else None,
            key="fppa_deg",
            unit="°",
            band=None,
            band_words={},
        ),
    )
    notes = (f"Median of {cur_p.rep_count} pliés.",) if cur_p.rep_count else ()
    return TestSection(
        test="plie",
        status="ok",
        on=screening.date,
        previous_on=prev_s.date if prev_s else None,
        rows=rows,
        secondary=secondary,
        notes=notes,
        keyframe=keyframes.get(cur_p.analysis_id),
    )


def _stance_section(results: Sequence[ScreeningResult], keyframes: dict[UUID, str]) -> TestSection:
    idx, screening, cur = _latest(results, "stance")
    if cur is None:
        return TestSection(test="stance", status="missing", on=None, previous_on=None)
    cur_s: StanceResult = cur
    if cur_s.status != ResultStatus.OK:
        return TestSection(
            test="stance",
            status=str(cur_s.status),
            on=screening.date,
            previous_on=None,
            message=cur_s.message,
        )
    prev_sc, prev = _previous_ok(results, "stance", idx)
    prev_s: StanceResult | None = prev
    rows: list[MetricRow] = []
    secondary: list[MetricRow] = []
    notes: list[str] = []
    for side in cur_s.sides:
        leg = side.stance_leg
        before = prev_s.side(leg) if prev_s else None
        rows.append(
            _row(
                f"Pelvis level — standing on {leg}",
                side.pelvic_drop_median,
                before.pelvic_drop_median if before else None,
                key="pelvic_drop_deg",
                unit="°",
                band=side.band,
                band_words=STANCE_BAND_WORDS,
                zones=charts.PELVIC_DROP_ZONES,
            )
        )
        rows.append(
            _row(
                f"Trunk lean — standing on {leg}",
                side.trunk_lean,
                before.trunk_lean if before else None,
                key="trunk_lean_deg",
                unit="°",
                band="watch" if side.compensating else None,
                band_words={"watch": "compensating"},
            )
        )
        secondary.append(
            _row(
                f"Standing knee angle (FPPA) — {leg}",
                side.stance_fppa,
                before.stance_fppa if before else None,
                key="fppa_deg",
                unit="°",
                band=side.fppa_band,
                band_words=FPPA_BAND_WORDS,
            )
        )
        secondary.append(
            _row(
                f"Hold on {leg} leg",
                side.hold_s,
                before.hold_s if before else None,
                key="hold_s",
                unit=" s",
                band=None,
                band_words={},
            )
        )
        if side.touchdowns:
            notes.append(f"Standing on {leg}: the other foot touched down {side.touchdowns} time(s).")
    if cur_s.baseline is False:
        notes.append(
            "The clip started already on one leg, so there was no standing baseline: values are uncorrected."
        )
    return TestSection(
        test="stance",
        status="ok",
        on=screening.date,
        previous_on=prev_sc.date if prev_sc else None,
        rows=tuple(rows),
        secondary=tuple(secondary),
        notes=tuple(notes),
        keyframe=keyframes.get(cur_s.analysis_id),
    )


def keyframe_data_uri(png: bytes, *, max_width: int = KEYFRAME_MAX_WIDTH) -> str:
    """Embed a key frame as a data: URI (the PDF renderer never fetches anything), downscaled."""
    with Image.open(io.BytesIO(png)) as img:
        img.load()
        if img.width > max_width:
            img = img.resize((max_width, round(img.height * max_width / img.width)), Image.LANCZOS)
        out = io.BytesIO()
        img.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    # JPEG: a photo frame compresses ~8× better than PNG at no visible cost at print size.
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _keyframes(*, studio: Studio, analysis_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Key frames as data URIs. An analysis's key frame never changes (results are unique per clip and
    engine version), so the downscaled JPEG is cached; the key carries the studio id."""
    ids = [i for i in analysis_ids if i is not None]
    out: dict[UUID, str] = {}
    if not ids:
        return out
    keys = {i: f"reports:keyframe:v1:{studio.public_id}:{i}:{KEYFRAME_MAX_WIDTH}" for i in ids}
    cached = cache.get_many(list(keys.values()))
    missing = [i for i in ids if keys[i] not in cached]
    out.update({i: cached[keys[i]] for i in ids if keys[i] in cached})
    if not missing:
        return out
    for analysis in Analysis.objects.filter(studio=studio, public_id__in=missing).only(
        "public_id", "keyframe"
    ):
        if not analysis.keyframe:
            continue
        try:
            with analysis.keyframe.open("rb") as fh:
                uri = keyframe_data_uri(fh.read())
        except (OSError, ValueError):
            continue  # a missing or unreadable file: the report says "no key frame" rather than failing
        out[analysis.public_id] = uri
        cache.set(keys[analysis.public_id], uri, timeout=KEYFRAME_CACHE_SECONDS)
    return out


def dose_text(*, sets: int, reps: int | None, hold_s: int | None, per_side: bool) -> str:
    parts = [f"{sets} × {reps}" if reps else f"{sets} × {hold_s} s hold" if hold_s else f"{sets} sets"]
    if per_side:
        parts.append("each side")
    return " ".join(parts)


def _program_blocks(
    *, studio: Studio, dancer: DancerProfile, public_ids: Sequence[str]
) -> tuple[ProgramBlock, ...]:
    """The running assignments (from compliance) with each exercise's dose, per-dancer overrides applied."""
    if not public_ids:
        return ()
    assignments = list(
        Assignment.objects.filter(studio=studio, public_id__in=list(public_ids)).select_related("program")
    )
    items = defaultdict(list)
    for item in ProgramExercise.objects.filter(
        program__in=[a.program_id for a in assignments]
    ).select_related("exercise"):
        items[item.program_id].append(item)
    overrides = {
        (o.assignment_id, o.exercise_id): o
        for o in DoseOverride.objects.filter(studio=studio, dancer=dancer, assignment__in=assignments)
    }
    order = {str(p): i for i, p in enumerate(public_ids)}
    blocks = []
    for a in sorted(assignments, key=lambda a: order.get(str(a.public_id), 0)):
        exercises = []
        for item in items[a.program_id]:
            o = overrides.get((a.pk, item.exercise_id))
            src = o or item
            exercises.append(
                ExerciseDose(
                    name=item.exercise.name,
                    dose=dose_text(
                        sets=src.sets, reps=src.reps, hold_s=src.hold_s, per_side=item.exercise.per_side
                    ),
                    is_technique_cue=item.exercise.is_technique_cue,
                )
            )
        blocks.append(
            ProgramBlock(
                name=a.program.name,
                target="dancer" if a.dancer_id else "class",
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                sessions_per_week=a.sessions_per_week,
                paused=a.paused_at is not None,
                exercises=tuple(exercises),
            )
        )
    return tuple(blocks)


def _referral(reasons: Sequence[ReferralReason] | None) -> Referral:
    """programs.selectors decides; an empty list means no flag."""
    messages = tuple(r.message for r in reasons or ())
    return Referral(raised=bool(messages), reasons=messages)


def _compliance(c: Any) -> ComplianceSummary | None:
    if c is None or not c.has_program:
        return None
    tw = c.this_week
    this_week = f"{tw.completed} of {tw.prescribed} sessions" if tw.prescribed else "nothing prescribed"
    return ComplianceSummary(
        season_pct=c.season_pct,
        this_week=this_week,
        streak_weeks=c.streak_weeks,
        weeks_counted=sum(1 for w in c.weekly if w.pct is not None and not w.in_progress),
        behind=c.behind,
    )


def dancer_report_data(*, studio: Studio, dancer: DancerProfile, today: date | None = None) -> DancerReport:
    """Everything the dancer's screening report shows. `dancer` must already be access-checked."""
    today = today or studio.today()
    results = dancer_results(studio=studio, dancer_ids=[dancer.pk])[dancer.pk]
    wanted = [r.plie.analysis_id for r in results if r.plie] + [
        r.stance.analysis_id for r in results if r.stance
    ]
    # Only the two shown key frames are read from storage.
    _, _, plie_cur = _latest(results, "plie")
    _, _, stance_cur = _latest(results, "stance")
    shown = [x.analysis_id for x in (plie_cur, stance_cur) if x is not None and x.analysis_id in wanted]
    keyframes = _keyframes(studio=studio, analysis_ids=shown)
    compliance = compliance_for_dancers(studio=studio, dancer_ids=[dancer.pk], today=today).get(dancer.pk)
    flags = referral_flags_for_dancers(studio=studio, dancer_ids=[dancer.pk], today=today)
    running = [a.public_id for a in compliance.assignments] if compliance is not None else []
    classes = tuple(
        ClassGroup.objects.filter(studio=studio, dancers=dancer)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return DancerReport(
        studio=studio,
        dancer=dancer,
        generated_on=today,
        classes=classes,
        plie=_plie_section(results, keyframes),
        stance=_stance_section(results, keyframes),
        programs=_program_blocks(studio=studio, dancer=dancer, public_ids=running),
        compliance=_compliance(compliance),
        referral=_referral(flags.get(dancer.pk)),
        screenings_count=len(results),
    )


# --- season report -------------------------------------------------------------------------------
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
        return BAND_CLASS.get(self.plie_band or "", "none")

    @property
    def stance_class(self) -> str:
        return BAND_CLASS.get(self.stance_band or "", "none")


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


def _latest_ok(results: Sequence[ScreeningResult], upto: date | None = None) -> tuple[Any, Any, date | None]:
    plie = stance = None
    last: date | None = None
    for r in results:
        if upto is not None and r.date > upto:
            break
        if r.plie is not None and r.plie.status == ResultStatus.OK:
            plie, last = r.plie, r.date
        if r.stance is not None and r.stance.status == ResultStatus.OK:
            stance, last = r.stance, r.date
    return plie, stance, last


def _is_flagged(plie: Any, stance: Any) -> bool:
    """Flagged = the newest measured result of either test has a concern band."""
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
        DancerProfile.objects.filter(studio=studio)
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
        ref = _referral(flags.get(d.pk))
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
    bucket_colours = ["#a1232b", "#c0562a", "#8a5a00", "#4f7d2c", "#1d6b35", "#8a939e"]

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
            dancer=d, classes=", ".join(class_names.get(d.pk, [])), reasons=_referral(flags.get(d.pk)).reasons
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
        compliance_chart=charts.bar_chart(buckets, colours=bucket_colours, y_label="dancers"),
        trend_chart=charts.trend_chart(points),
        trend_points=tuple(points),
        classes=tuple(tables),
        referrals=referrals,
    )


# --- jobs ----------------------------------------------------------------------------------------
def report_job_list(*, actor: Actor) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(studio=actor.studio).select_related("season", "requested_by")


def report_job_get(*, actor: Actor, job_id: Any) -> ReportJob | None:
    try:
        value = UUID(str(job_id))
    except (TypeError, ValueError, AttributeError):
        return None
    return report_job_list(actor=actor).filter(public_id=value).first()
