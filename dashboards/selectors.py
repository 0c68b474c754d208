"""Reads behind the director roster, the teacher class view and the dancer page.

One place builds the rows, and the pages, the API and (through the same screenings/programs
selectors) the PDFs show the same numbers. Every read is bulk: the number of queries does not
depend on the number of dancers (tests/dashboards/test_query_counts.py pins it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from dashboards import words
from dashboards.cache import cached_rows
from dashboards.charts import METRICS, Chart, Point, build_chart
from programs.compliance import WeekCompliance
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from screenings.selectors import (
    BETTER,
    Measure,
    PlieResult,
    ResultStatus,
    ScreeningResult,
    StanceResult,
    Trend,
    dancer_results,
    trend,
)
from studios.models import ClassGroup, DancerProfile, Season, Studio
from studios.policies import Actor, visible_dancers
from studios.selectors import season_current

BAND_RANK = {None: -1, "aligned": 0, "level": 0, "watch": 1, "concern": 2}
LOW_COMPLIANCE_PCT = 50.0
# A screening day's clips may be filmed over a few sessions; older clips belong to an earlier round.
SCREENING_ROUND_DAYS = 14

SORT_KEYS = (
    "name",
    "class",
    "age",
    "knee_left",
    "knee_right",
    "drop_left",
    "drop_right",
    "compliance",
    "streak",
    "flag",
)
SHOW_FILTERS = {
    "all": "Everyone",
    "flagged": "Flagged for review",
    "behind": "Behind on their program",
    "valgus_low_compliance": "Knee inside the toe line and < 50% compliance",
}


# --- row types ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricCell:
    """The latest measured value of one metric, its band, and the change since the previous one."""

    band: str | None = None
    measure: Measure | None = None
    trend: Trend = Trend.UNKNOWN
    on: date | None = None

    @property
    def arrow(self) -> str:
        # Only a real change (beyond the smallest detectable change) earns an arrow.
        return {Trend.IMPROVED: "↑", Trend.WORSE: "↓"}.get(self.trend, "")

    @property
    def rank(self) -> int:
        return BAND_RANK.get(self.band, -1)


@dataclass(frozen=True)
class ClassRef:
    id: UUID
    name: str


@dataclass(frozen=True)
class DancerRow:
    dancer_pk: int
    id: UUID
    first_name: str
    last_name: str
    age_group: str
    classes: tuple[ClassRef, ...]
    knee_left: MetricCell
    knee_right: MetricCell
    drop_left: MetricCell
    drop_right: MetricCell
    compensating: bool
    last_screened: date | None
    has_program: bool
    season_pct: float | None
    streak_weeks: int
    behind: bool
    flagged: bool
    flag_reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def class_names(self) -> str:
        return ", ".join(c.name for c in self.classes)

    @property
    def sort_values(self) -> dict[str, str | float]:
        """One scalar per sortable column; ascending = better/less first, "no data" first."""

        def knee(c: MetricCell) -> float:
            # Worse band first when descending; within a band, further inside the toe line is worse.
            return c.rank * 1000 - (c.measure.value or 0.0 if c.measure else 0.0)

        def drop(c: MetricCell) -> float:
            return c.rank * 1000 + (c.measure.value or 0.0 if c.measure else 0.0)

        return {
            "name": f"{self.last_name} {self.first_name}".lower(),
            "class": f"{self.class_names} {self.last_name} {self.first_name}".lower(),
            "age": self.age_group,
            "knee_left": round(knee(self.knee_left), 2),
            "knee_right": round(knee(self.knee_right), 2),
            "drop_left": round(drop(self.drop_left), 2),
            "drop_right": round(drop(self.drop_right), 2),
            "compliance": -1.0 if self.season_pct is None else self.season_pct,
            "streak": float(self.streak_weeks),
            "flag": float(len(self.flag_reasons)),
        }

    @property
    def valgus(self) -> bool:
        """Knee on or inside the big-toe line (watch or concern) on either leg at the latest plié."""
        return self.knee_left.rank >= 1 or self.knee_right.rank >= 1

    @property
    def valgus_low_compliance(self) -> bool:
        return self.valgus and (self.season_pct is None or self.season_pct < LOW_COMPLIANCE_PCT)


@dataclass(frozen=True)
class Counts:
    dancers: int
    flagged: int
    behind: int
    concern: int
    not_screened: int
    valgus_low_compliance: int

    @property
    def headline(self) -> str:
        return (
            f"{self.flagged} dancer{'s' if self.flagged != 1 else ''} flagged, "
            f"{self.behind} behind on their program"
        )


@dataclass
class RosterQuery:
    """Sort and filter parameters (from the query string), already validated."""

    sort: str = "name"
    direction: str = "asc"
    class_id: UUID | None = None
    age_group: str = ""
    show: str = "all"

    @classmethod
    def from_params(cls, params: Any) -> RosterQuery:
        sort = params.get("sort") or "name"
        direction = params.get("dir") or "asc"
        show = params.get("show") or "all"
        class_id: UUID | None = None
        try:
            class_id = UUID(params.get("class")) if params.get("class") else None
        except (TypeError, ValueError):
            class_id = None
        return cls(
            sort=sort if sort in SORT_KEYS else "name",
            direction=direction if direction in ("asc", "desc") else "asc",
            class_id=class_id,
            age_group=params.get("age") or "",
            show=show if show in SHOW_FILTERS else "all",
        )

    def as_params(self, **changes: str) -> dict[str, str]:
        out = {"sort": self.sort, "dir": self.direction, "show": self.show}
        if self.class_id:
            out["class"] = str(self.class_id)
        if self.age_group:
            out["age"] = self.age_group
        out.update(changes)
        return out


@dataclass
class Roster:
    season: Season | None
    rows: list[DancerRow]
    counts: Counts  # over every dancer in scope, before filtering: the headline does not move with a filter
    query: RosterQuery
    classes: list[ClassRef] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)


# --- building rows --------------------------------------------------------------------------------
def _metric_cells(results: list[ScreeningResult]) -> dict[str, Any]:
    """Latest and previous measured value per metric, in one pass over chronological results."""
    history: dict[str, list[tuple[date, Measure, str | None]]] = {
        "knee_left": [],
        "knee_right": [],
        "drop_left": [],
        "drop_right": [],
    }
    compensating = False
    for r in results:
        plie, stance = r.plie, r.stance
        if plie and plie.status == ResultStatus.OK:
            if plie.knee_toe_offset_left:
                history["knee_left"].append((r.date, plie.knee_toe_offset_left, plie.band_left))
            if plie.knee_toe_offset_right:
                history["knee_right"].append((r.date, plie.knee_toe_offset_right, plie.band_right))
        if stance and stance.status == ResultStatus.OK:
            compensating = any(s.compensating for s in stance.sides)
            for leg in ("left", "right"):
                side = stance.side(leg)
                if side and side.pelvic_drop_median:
                    history[f"drop_{leg}"].append((r.date, side.pelvic_drop_median, side.band))
    cells: dict[str, Any] = {"compensating": compensating}
    for key, points in history.items():
        if not points:
            cells[key] = MetricCell()
            continue
        on, latest, band = points[-1]
        better = BETTER["knee_toe_offset_pct"] if key.startswith("knee") else BETTER["pelvic_drop_deg"]
        change = trend(points[-2][1], latest, better=better) if len(points) > 1 else Trend.UNKNOWN
        cells[key] = MetricCell(band=band, measure=latest, trend=change, on=on)
    return cells


def _season_dancers(dancers: QuerySet[DancerProfile], season: Season | None) -> QuerySet[DancerProfile]:
    """Dancers in a class of the season (all visible dancers when the studio has no season yet)."""
    if season is None:
        return dancers.prefetch_related(Prefetch("classes", queryset=ClassGroup.objects.none()))
    in_season = ClassGroup.objects.filter(season=season).order_by("name").only("public_id", "name")
    members = ClassGroup.dancers.through.objects.filter(classgroup__season=season).values("dancerprofile_id")
    return (
        dancers.filter(pk__in=members)  # a semi-join: no DISTINCT over the class join
        .only("public_id", "first_name", "last_name", "birth_year", "studio_id")
        .prefetch_related(Prefetch("classes", queryset=in_season))
    )


def dancer_rows(
    *,
    studio: Studio,
    dancers: QuerySet[DancerProfile] | Iterable[DancerProfile],
    season: Season | None,
    today: date | None = None,
) -> list[DancerRow]:
    """One row per dancer: a constant number of queries whatever the number of dancers.

    Rows are cached until the studio's data changes (dashboards/cache.py); on a hit only the ids
    are read, the profiles and their classes are loaded when the rows are (re)built."""
    today = today or studio.today()
    if isinstance(dancers, QuerySet):
        ids = list(dancers.values_list("pk", flat=True))

        def load() -> list[DancerProfile]:
            return list(dancers)

    else:
        loaded = list(dancers)
        ids = [d.pk for d in loaded]

        def load() -> list[DancerProfile]:
            return loaded

    return cached_rows(
        studio=studio,
        season=season,
        today=today,
        dancer_ids=ids,
        build=lambda: _build_rows(studio=studio, dancers=load(), season=season, today=today),
    )


def _build_rows(
    *, studio: Studio, dancers: list[DancerProfile], season: Season | None, today: date
) -> list[DancerRow]:
    ids = [d.pk for d in dancers]
    results = dancer_results(studio=studio, dancer_ids=ids, season=season)
    compliance = compliance_for_dancers(studio=studio, dancer_ids=ids, today=today, season=season)
    flags = referral_flags_for_dancers(
        studio=studio, dancer_ids=ids, today=today, season=season, compliance=compliance, results=results
    )
    year = today.year
    rows = []
    for d in dancers:
        history = results.get(d.pk, [])
        cells = _metric_cells(history)
        comp = compliance.get(d.pk)
        reasons = tuple(r.message for r in flags.get(d.pk, []))
        season_pct = comp.season_pct if comp else None
        rows.append(
            DancerRow(
                dancer_pk=d.pk,
                id=d.public_id,
                first_name=d.first_name,
                last_name=d.last_name,
                age_group=_age_group(year - d.birth_year),
                classes=tuple(ClassRef(c.public_id, c.name) for c in d.classes.all()),
                knee_left=cells["knee_left"],
                knee_right=cells["knee_right"],
                drop_left=cells["drop_left"],
                drop_right=cells["drop_right"],
                compensating=cells["compensating"],
                last_screened=history[-1].date if history else None,
                has_program=bool(comp and (comp.has_program or comp.weekly)),
                season_pct=season_pct,
                streak_weeks=comp.streak_weeks if comp else 0,
                behind=bool(comp and comp.behind),
                flagged=bool(reasons),
                flag_reasons=reasons,
            )
        )
    return rows


def _age_group(age: int) -> str:
    # Same buckets as DancerProfile.age_group, computed from the already-known "today" (no extra query).
    if age < 12:
        return "under 12"
    if age < 15:
        return "12-14"
    if age < 18:
        return "15-17"
    return "18+"


def _counts(rows: list[DancerRow]) -> Counts:
    return Counts(
        dancers=len(rows),
        flagged=sum(r.flagged for r in rows),
        behind=sum(r.behind for r in rows),
        concern=sum(
            max(r.knee_left.rank, r.knee_right.rank, r.drop_left.rank, r.drop_right.rank) >= 2 for r in rows
        ),
        not_screened=sum(r.last_screened is None for r in rows),
        valgus_low_compliance=sum(r.valgus_low_compliance for r in rows),
    )


def _sort_key(sort: str) -> Any:
    # The same scalar the page puts in data-s-* attributes, so JS sorting agrees with the server.
    return lambda r: r.sort_values[sort]


def rows_filter_sort(rows: list[DancerRow], query: RosterQuery) -> list[DancerRow]:
    out = rows
    if query.class_id:
        out = [r for r in out if any(c.id == query.class_id for c in r.classes)]
    if query.age_group:
        out = [r for r in out if r.age_group == query.age_group]
    if query.show == "flagged":
        out = [r for r in out if r.flagged]
    elif query.show == "behind":
        out = [r for r in out if r.behind]
    elif query.show == "valgus_low_compliance":
        out = [r for r in out if r.valgus_low_compliance]
    # Stable sort: by name first so ties are always in name order.
    out = sorted(out, key=_sort_key("name"))
    return sorted(out, key=_sort_key(query.sort), reverse=query.direction == "desc")


def roster_get(
    *, actor: Actor, dancers: QuerySet[DancerProfile] | None = None, query: RosterQuery, season: Season | None
) -> Roster:
    """The director's roster: every dancer of the season in `dancers` (default: visible to the actor)."""
    studio = actor.studio
    scoped = _season_dancers(dancers if dancers is not None else visible_dancers(actor), season)
    rows = dancer_rows(studio=studio, dancers=scoped, season=season)
    classes = (
        [ClassRef(c.public_id, c.name) for c in ClassGroup.objects.filter(studio=studio, season=season)]
        if season
        else []
    )
    return Roster(
        season=season,
        rows=rows_filter_sort(rows, query),
        counts=_counts(rows),
        query=query,
        classes=classes,
        age_groups=sorted({r.age_group for r in rows}),
    )


# --- teacher class view --------------------------------------------------------------------------
@dataclass(frozen=True)
class ChecklistItem:
    """Screening-day checklist: which clips a dancer still needs in the current round."""

    dancer_id: UUID
    name: str
    plie: str  # measured | film again | analysing | missing
    stance: str

    @property
    def done(self) -> bool:
        return self.plie == "measured" and self.stance == "measured"


@dataclass
class ClassView:
    group: ClassGroup
    roster: Roster
    round_started: date | None
    checklist: list[ChecklistItem]

    @property
    def still_to_film(self) -> list[ChecklistItem]:
        return [c for c in self.checklist if not c.done]


def _test_state(result: PlieResult | StanceResult | None) -> str:
    if result is None:
        return "missing"
    return {
        ResultStatus.OK: "measured",
        ResultStatus.REJECTED: "film again",
        ResultStatus.PENDING: "analysing",
    }[result.status]


_STATE_RANK = {"missing": 0, "film again": 1, "analysing": 2, "measured": 3}


def class_checklist(
    *, studio: Studio, dancers: list[DancerProfile], season: Season | None, today: date
) -> tuple[date | None, list[ChecklistItem]]:
    """The round is the latest screening day of the class (± SCREENING_ROUND_DAYS); a dancer still
    needs a clip of each test that has no measured result in that round."""
    results = dancer_results(studio=studio, dancer_ids=[d.pk for d in dancers], season=season)
    days = [r.date for rs in results.values() for r in rs]
    round_start = max(days) - timedelta(days=SCREENING_ROUND_DAYS) if days else None
    items = []
    for d in dancers:
        best = {"plie": "missing", "stance": "missing"}
        for r in results.get(d.pk, []):
            if round_start is None or r.date < round_start:
                continue
            for test, res in (("plie", r.plie), ("stance", r.stance)):
                state = _test_state(res)
                if _STATE_RANK[state] > _STATE_RANK[best[test]]:
                    best[test] = state
        items.append(ChecklistItem(d.public_id, d.full_name, best["plie"], best["stance"]))
    return round_start, items


def class_view_get(*, actor: Actor, group: ClassGroup, query: RosterQuery) -> ClassView:
    """The teacher's class: the roster columns for the class's dancers and the screening checklist."""
    studio = actor.studio
    season = group.season
    in_season = ClassGroup.objects.filter(season=season).order_by("name")
    dancer_qs = (
        group.dancers.filter(studio=studio)
        .order_by("last_name", "first_name")
        .prefetch_related(Prefetch("classes", queryset=in_season))
    )
    rows = dancer_rows(studio=studio, dancers=dancer_qs, season=season)
    dancers = list(dancer_qs.only("public_id", "first_name", "last_name"))
    roster = Roster(
        season=season,
        rows=rows_filter_sort(rows, query),
        counts=_counts(rows),
        query=query,
        classes=[ClassRef(group.public_id, group.name)],
        age_groups=sorted({r.age_group for r in rows}),
    )
    round_started, checklist = class_checklist(
        studio=studio, dancers=dancers, season=season, today=studio.today()
    )
    return ClassView(group=group, roster=roster, round_started=round_started, checklist=checklist)


# --- dancer page ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One latest result explained in plain words (never a diagnosis)."""

    metric: str
    band: str | None
    measure: Measure | None
    text: str


@dataclass(frozen=True)
class KeyFrame:
    analysis_id: UUID
    test: str
    label: str


@dataclass
class DancerPage:
    dancer: DancerProfile
    row: DancerRow
    season: Season | None
    results: list[ScreeningResult]
    findings: list[Finding]
    rejected: list[tuple[str, str]]  # (test label, what to fix) for the newest unmeasured clips
    keyframes: list[KeyFrame]
    charts: list[Chart]
    weekly: list[WeekCompliance]


def dancer_page_get(*, actor: Actor, dancer: DancerProfile, season: Season | None = None) -> DancerPage:
    studio = actor.studio
    season = season or season_current(studio=studio)
    in_season = (
        ClassGroup.objects.filter(season=season).order_by("name") if season else ClassGroup.objects.none()
    )
    dancer = DancerProfile.objects.prefetch_related(Prefetch("classes", queryset=in_season)).get(pk=dancer.pk)
    today = studio.today()
    results = dancer_results(studio=studio, dancer_ids=[dancer.pk], season=season)[dancer.pk]
    row = dancer_rows(studio=studio, dancers=[dancer], season=season, today=today)[0]
    comp = compliance_for_dancers(studio=studio, dancer_ids=[dancer.pk], today=today, season=season).get(
        dancer.pk
    )
    start = season.starts_on if season else (results[0].date if results else today - timedelta(days=90))
    end = min(season.ends_on, max(today, start + timedelta(days=30))) if season else today
    return DancerPage(
        dancer=dancer,
        row=row,
        season=season,
        results=results,
        findings=words.findings(row),
        rejected=words.rejected(results),
        keyframes=_keyframes(results),
        charts=[
            build_chart(spec, metric_series(results, key), start=start, end=end)
            for key, spec in METRICS.items()
        ],
        weekly=list(comp.weekly) if comp else [],
    )


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


def _keyframes(results: list[ScreeningResult]) -> list[KeyFrame]:
    """The key frame of the newest measured plié and stance (what the numbers were read from)."""
    frames = []
    for test, label in (("plie", "Plié at its deepest"), ("stance", "Single-leg stance")):
        for r in reversed(results):
            res = getattr(r, test)
            if res and res.status == ResultStatus.OK:
                if res.has_keyframe:
                    frames.append(KeyFrame(res.analysis_id, test, f"{label}, {r.date:%d %b %Y}"))
                break
    return frames


@dataclass(frozen=True)
class DancerSummary:
    streak_weeks: int
    season_pct: float | None
    behind: bool
    this_week_completed: int
    this_week_prescribed: int


def dancer_summary_get(*, studio: Studio, dancer: DancerProfile) -> DancerSummary:
    """The numbers that change when a set is logged (same selector as the page, so they agree)."""
    season = season_current(studio=studio)
    comp = compliance_for_dancers(studio=studio, dancer_ids=[dancer.pk], season=season).get(dancer.pk)
    if comp is None:
        return DancerSummary(0, None, False, 0, 0)
    return DancerSummary(
        streak_weeks=comp.streak_weeks,
        season_pct=comp.season_pct,
        behind=comp.behind,
        this_week_completed=comp.this_week.completed,
        this_week_prescribed=comp.this_week.prescribed,
    )
