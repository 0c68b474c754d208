"""Dashboard rows: one per dancer with the latest measured value of each metric, its band, a trend
arrow beyond the smallest detectable change, compliance, streak and referral flag. Built in bulk (a
constant number of queries, tests/dashboards/test_query_counts.py) and cached (dashboards/cache.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from dashboards.cache import RowCache
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from screenings.change import BETTER, Trend, offset_comparison, trend
from screenings.selectors import Measure, PlieResult, ResultStatus, ScreeningResult, dancer_results
from studios.models import ADULT_AGE, ClassGroup, ConsentScope, DancerProfile, Season, Studio
from studios.selectors import CONSENT_MISSING, consent_states

BAND_RANK = {None: -1, "aligned": 0, "level": 0, "watch": 1, "concern": 2}
# DOMAIN.md "Pelvic drop below zero": the raised side higher by more than 5° is a hip hike, a watch
# finding. Decided here from the value too, so engines that predate the `hip_hike` band/flag agree.
HIP_HIKE_DEG = -5.0
LOW_COMPLIANCE_PCT = 50.0
# The sortable columns, in the order of RowIndex.sort (and the keys of DancerRow.sort_values).
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


@dataclass(frozen=True)
class MetricCell:
    """The latest measured value of one metric, its band, and the change since the previous one."""

    band: str | None = None
    measure: Measure | None = None
    trend: Trend = Trend.UNKNOWN
    on: date | None = None
    hip_hike: bool = False

    @property
    def arrow(self) -> str:
        # Only a real change (beyond the smallest detectable change) earns an arrow.
        if self.hip_hike and self.trend == Trend.IMPROVED:
            return ""  # a hip hike is never shown as an improvement
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
    # Consent per purpose ("given" / "renew" / "missing", studios.selectors.consent_states), and whether
    # this viewer may not see the results (set per viewer after the cache: dashboards.hiding).
    consent_pairs: tuple[tuple[str, str], ...] = ()
    results_hidden: bool = False

    @property
    def consent(self) -> dict[str, str]:
        return dict(self.consent_pairs)

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
    low_compliance: int = 0  # season compliance under LOW_COMPLIANCE_PCT

    @property
    def headline(self) -> str:
        # "flagged" has one meaning everywhere: the referral rule fired (not "a concern band").
        # "behind" is this week only, so the season figure is named beside it.
        return (
            f"{self.flagged} dancer{'s' if self.flagged != 1 else ''} flagged for review, "
            f"{self.behind} behind this week, {self.low_compliance} under {LOW_COMPLIANCE_PCT:.0f}% "
            "season compliance"
        )


def is_hip_hike(drop: Measure | None, band: str | None, flag: object = None) -> bool:
    """The engine's `hip_hike` flag or band when it reports one, else the value below −5°."""
    if flag is not None:
        return bool(flag)
    if band == "hip_hike":
        return True
    return drop is not None and drop.value is not None and drop.value < HIP_HIKE_DEG


def _off_level(drop: Measure) -> Measure:
    """Degrees outside the normal range (0 … −5° is normal): a dip and a hike both count as away."""
    value = drop.value or 0.0
    away = value if value >= 0 else max(0.0, HIP_HIKE_DEG - value)
    return Measure(value=away, sem=drop.sem)


def drop_trend(prev: Measure, cur: Measure) -> Trend:
    """A pelvis moving from a dip to a hike is never "better": compare distance from the normal range."""
    return trend(_off_level(prev), _off_level(cur), better=BETTER["pelvic_drop_deg"])


def _metric_cells(results: list[ScreeningResult]) -> dict[str, Any]:
    """Latest and previous measured value per metric, in one pass over chronological results."""
    history: dict[str, list[tuple[date, Measure, str | None]]] = {
        "knee_left": [],
        "knee_right": [],
        "drop_left": [],
        "drop_right": [],
    }
    compensating = False
    hikes: set[tuple[str, date]] = set()
    plies: list[PlieResult] = []  # measured pliés, oldest first: trends compare depth-matched offsets
    for r in results:
        plie, stance = r.plie, r.stance
        if plie and plie.status == ResultStatus.OK:
            plies.append(plie)
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
                    if is_hip_hike(side.pelvic_drop_median, side.band, getattr(side, "hip_hike", None)):
                        hikes.add((leg, r.date))
    cells: dict[str, Any] = {"compensating": compensating}
    for key, points in history.items():
        if not points:
            cells[key] = MetricCell()
            continue
        on, latest, band = points[-1]
        if key.startswith("knee"):
            change = Trend.UNKNOWN
            if len(points) > 1 and len(plies) > 1:
                comp = offset_comparison(plies[-2], plies[-1], key.removeprefix("knee_"))
                change = trend(comp.previous, comp.current, better=BETTER["knee_toe_offset_pct"])
            cells[key] = MetricCell(band=band, measure=latest, trend=change, on=on)
            continue
        hike = (key.removeprefix("drop_"), on) in hikes
        change = drop_trend(points[-2][1], latest) if len(points) > 1 else Trend.UNKNOWN
        cells[key] = MetricCell(
            band="watch" if hike else band, measure=latest, trend=change, on=on, hip_hike=hike
        )
    return cells


def season_dancers(dancers: QuerySet[DancerProfile], season: Season | None) -> QuerySet[DancerProfile]:
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


def row_source(
    *,
    studio: Studio,
    dancers: QuerySet[DancerProfile] | Iterable[DancerProfile],
    season: Season | None,
    today: date | None = None,
) -> tuple[RowCache[DancerRow], list[int]]:
    """The dancers' ids and the row cache that builds whichever of their rows it lacks.

    Rows are cached per dancer until her data or the studio's changes (dashboards/cache.py); on a hit
    only the ids are read, the profiles of the missing rows are loaded when those rows are built."""
    today = today or studio.today()
    if isinstance(dancers, QuerySet):
        ids = list(dancers.order_by().values_list("pk", flat=True))  # order: the query's, later

        def load(missing: list[int]) -> list[DancerProfile]:
            return list(dancers.filter(pk__in=missing))

    else:
        loaded = list(dancers)
        ids = [d.pk for d in loaded]

        def load(missing: list[int]) -> list[DancerProfile]:
            wanted = set(missing)
            return [d for d in loaded if d.pk in wanted]

    rows = RowCache(
        studio=studio,
        season=season,
        today=today,
        build=lambda missing: _build_rows(studio=studio, dancers=load(missing), season=season, today=today),
        index_of=row_index,
    )
    return rows, ids


def dancer_rows(
    *,
    studio: Studio,
    dancers: QuerySet[DancerProfile] | Iterable[DancerProfile],
    season: Season | None,
    today: date | None = None,
) -> list[DancerRow]:
    """One row per dancer: a constant number of queries whatever the number of dancers."""
    rows, ids = row_source(studio=studio, dancers=dancers, season=season, today=today)
    return rows.rows(ids)


def _build_rows(
    *, studio: Studio, dancers: list[DancerProfile], season: Season | None, today: date
) -> list[DancerRow]:
    ids = [d.pk for d in dancers]
    results = dancer_results(studio=studio, dancer_ids=ids, season=season)
    compliance = compliance_for_dancers(studio=studio, dancer_ids=ids, today=today, season=season)
    flags = referral_flags_for_dancers(
        studio=studio, dancer_ids=ids, today=today, season=season, compliance=compliance, results=results
    )
    consents = consent_states(studio=studio, dancer_ids=ids, season=season)
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
                age_group=d.age_group_in(year),  # the known "today": no query for the studio
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
                consent_pairs=tuple(_adult_filming(consents[d.pk], d.age_in(year)).items()),
            )
        )
    return rows


class RowIndex(NamedTuple):
    """What sorting, filtering and the headline counts need of a row, and nothing else: the roster
    reads this for every dancer in scope and the full DancerRow only for the rows of the page shown.
    Cached as a plain tuple (a NamedTuple unpickles ~6× slower: 13 ms vs 2 ms for 2,000 rows)."""

    pk: int
    sort: tuple[str | float, ...]  # DancerRow.sort_values in SORT_KEYS order
    class_ids: tuple[str, ...]  # public ids as text (UUID objects unpickle slowly)
    age_group: str
    flagged: bool
    behind: bool
    valgus_low_compliance: bool
    concern: bool  # a concern band on any metric
    screened: bool
    low_compliance: bool  # season compliance under LOW_COMPLIANCE_PCT


def row_index(row: DancerRow) -> RowIndex:
    values = row.sort_values
    return RowIndex(
        pk=row.dancer_pk,
        sort=tuple(values[k] for k in SORT_KEYS),
        class_ids=tuple(str(c.id) for c in row.classes),
        age_group=row.age_group,
        flagged=row.flagged,
        behind=row.behind,
        valgus_low_compliance=row.valgus_low_compliance,
        concern=max(row.knee_left.rank, row.knee_right.rank, row.drop_left.rank, row.drop_right.rank) >= 2,
        screened=row.last_screened is not None,
        low_compliance=row.season_pct is not None and row.season_pct < LOW_COMPLIANCE_PCT,
    )


def _adult_filming(states: dict[str, str], age: int) -> dict[str, str]:
    # An adult films herself: no filming consent is needed (studios.services.require_video_consent).
    missing = states[ConsentScope.VIDEO_ANALYSIS] == CONSENT_MISSING
    return states | {ConsentScope.VIDEO_ANALYSIS: "adult"} if age > ADULT_AGE and missing else states


def counts_of(rows: list[RowIndex]) -> Counts:
    return Counts(
        dancers=len(rows),
        flagged=sum(r.flagged for r in rows),
        behind=sum(r.behind for r in rows),
        concern=sum(r.concern for r in rows),
        not_screened=sum(not r.screened for r in rows),
        valgus_low_compliance=sum(r.valgus_low_compliance for r in rows),
        low_compliance=sum(r.low_compliance for r in rows),
    )
