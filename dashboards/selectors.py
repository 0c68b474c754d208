"""Page assembly for the director roster, the teacher class view and the dancer page (also their
JSON API): rows (dashboards/rows.py) filtered and sorted by the query (dashboards/query.py), the
class checklist (dashboards/checklist.py), plain words (dashboards/words.py) and charts
(dashboards/charts.py + series.py). The pages, the API and the PDFs read the same selectors, so
they show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from dashboards import words
from dashboards.charts import METRICS, Chart, build_chart
from dashboards.checklist import ChecklistItem, class_checklist
from dashboards.hiding import rows_hide_results
from dashboards.paging import roster_slice_get
from dashboards.query import RosterQuery
from dashboards.rows import ClassRef, Counts, DancerRow, dancer_rows, season_dancers
from dashboards.series import metric_series
from programs.compliance import WeekCompliance
from programs.selectors import compliance_for_dancers
from screenings.selectors import ResultStatus, ScreeningResult, dancer_results
from studios.models import ClassGroup, DancerProfile, Season, Studio
from studios.policies import Actor, is_own_dancer, visible_dancers
from studios.results_access import results_hidden_ids, results_hidden_reason
from studios.selectors import season_current


@dataclass
class Roster:
    season: Season | None
    rows: list[DancerRow]  # the page shown (every matching row when not paginated)
    counts: Counts  # over every dancer in scope, before filtering: the headline does not move with a filter
    query: RosterQuery
    classes: list[ClassRef] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)
    total: int = 0  # rows matching the query, over all pages
    offset: int = 0
    limit: int | None = None
    key: str = ""  # names exactly this data: a rendering of it may be cached under it

    @property
    def paginated(self) -> bool:
        return len(self.rows) < self.total


def roster_get(
    *,
    actor: Actor,
    dancers: QuerySet[DancerProfile] | None = None,
    query: RosterQuery,
    season: Season | None,
    offset: int = 0,
    limit: int | None = None,
) -> Roster:
    """The director's roster: every dancer of the season in `dancers` (default: visible to the actor),
    filtered and sorted over all of them, rows `offset` … `offset + limit` shown (all if no limit)."""
    studio = actor.studio
    current = (dancers if dancers is not None else visible_dancers(actor)).filter(archived_at__isnull=True)
    scoped = season_dancers(current, season)  # an archived dancer left: kept for history, off the roster

    def classes() -> list[ClassRef]:
        if season is None:
            return []
        return [
            ClassRef(c.public_id, c.name) for c in ClassGroup.objects.filter(studio=studio, season=season)
        ]

    page = roster_slice_get(
        studio=studio, dancers=scoped, season=season, query=query, offset=offset, limit=limit, classes=classes
    )
    return Roster(
        season=season,
        rows=page.rows,
        counts=page.counts,
        query=query,
        classes=page.classes,
        age_groups=page.age_groups,
        total=page.total,
        offset=offset,
        limit=limit,
        key=page.key,
    )


@dataclass
class ClassView:
    group: ClassGroup
    roster: Roster
    round_started: date | None
    checklist: list[ChecklistItem]

    @property
    def still_to_film(self) -> list[ChecklistItem]:
        return [c for c in self.checklist if not c.done]


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
    page = roster_slice_get(studio=studio, dancers=dancer_qs, season=season, query=query)
    dancers = list(dancer_qs.only("public_id", "first_name", "last_name", "user_id"))
    roster = Roster(
        season=season,
        # Hidden per viewer after the cache: the cached page is the same for the director and the teacher.
        rows=rows_hide_results(page.rows, results_hidden_ids(actor, dancers)),
        counts=page.counts,
        query=query,
        classes=[ClassRef(group.public_id, group.name)],
        age_groups=page.age_groups,
        total=page.total,
    )
    round_started, checklist = class_checklist(
        studio=studio, dancers=dancers, season=season, today=studio.today()
    )
    return ClassView(group=group, roster=roster, round_started=round_started, checklist=checklist)


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
    findings: list[words.Finding]
    rejected: list[tuple[str, str]]  # (test label, what to fix) for the newest unmeasured clips
    keyframes: list[KeyFrame]
    charts: list[Chart]
    weekly: list[WeekCompliance]
    results_hidden: str | None = None  # why this viewer sees no results (studios.results_access)


def dancer_page_get(*, actor: Actor, dancer: DancerProfile, season: Season | None = None) -> DancerPage:
    studio = actor.studio
    season = season or season_current(studio=studio)
    in_season = (
        ClassGroup.objects.filter(season=season).order_by("name") if season else ClassGroup.objects.none()
    )
    dancer = DancerProfile.objects.prefetch_related(Prefetch("classes", queryset=in_season)).get(pk=dancer.pk)
    today = studio.today()
    hidden = results_hidden_reason(actor, dancer)
    results = (
        [] if hidden else dancer_results(studio=studio, dancer_ids=[dancer.pk], season=season)[dancer.pk]
    )
    row = dancer_rows(studio=studio, dancers=[dancer], season=season, today=today)[0]
    row = rows_hide_results([row], {dancer.pk} if hidden else set())[0]
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
        # Second person only when the dancer reads her own page.
        findings=words.findings(row, name=None if is_own_dancer(actor, dancer) else dancer.first_name),
        rejected=words.rejected(results),
        keyframes=_keyframes(results),
        charts=[
            build_chart(spec, metric_series(results, key), start=start, end=end)
            for key, spec in METRICS.items()
        ],
        weekly=list(comp.weekly) if comp else [],
        results_hidden=hidden,
    )


def _keyframes(results: list[ScreeningResult]) -> list[KeyFrame]:
    """The key frame of the newest measured plié and stance (what the numbers were read from)."""
    frames = []
    # The numbers drawn on a key frame are that one moment's; the findings are the median over reps
    # (plié) or over the hold (stance), so the caption says which is which.
    for test, label in (
        ("plie", "Plié: the deepest frame of one rep. The numbers drawn on it are that rep's; the results "
                 "above are the median over all reps"),
        ("stance", "Single-leg stance: one frame of the hold. The numbers drawn on it are that moment's; the "
                   "results above are the median over the hold"),
    ):  # fmt: skip
        for r in reversed(results):
            res = getattr(r, test)
            if res and res.status == ResultStatus.OK:
                if res.has_keyframe:
                    made = (
                        " · Synthetic: a computer-generated demo clip, not a real dancer"
                        if res.is_synthetic
                        else ""
                    )
                    frames.append(KeyFrame(res.analysis_id, test, f"{r.date:%-d %b %Y}{made} · {label}."))
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
