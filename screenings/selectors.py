"""Reads for screenings. Every function takes the studio scope explicitly.

`dancer_results` is the one bulk read the dashboards, programs (referral rule) and reports use: it
runs a constant number of queries (two) whatever the number of dancers, and returns plain frozen
dataclasses, so the numbers shown on a page, in the API and in a PDF are the same objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast
from uuid import UUID

from django.db.models import QuerySet

from screenings.models import Analysis, AnalysisState, Clip, Screening, TestType
from studios.models import DancerProfile, Season, Studio
from studios.policies import Actor, visible_dancers
from studios.scoping import parse_uuid_or_none
from workers.result import EngineResult, Measured, PlieMetrics, SideValues, StanceMetrics

DEMO_ENGINE_VERSION = "demo-seed"
# The demo's computer-generated clip (demo_media/, Apache-2.0) carries this in its name, so every
# page that shows its result can say it is synthetic, whichever engine version measured it.
SYNTHETIC_MARK = " (synthetic: computer-generated, not a real dancer)"


# --- value types -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    """A measured number with its ± error band (SEM, same unit)."""

    value: float | None
    sem: float | None

    @classmethod
    def from_json(cls, raw: Measured | None) -> Measure | None:
        if not isinstance(raw, dict) or raw.get("value") is None:
            return None
        return cls(value=float(raw["value"] or 0.0), sem=_float_or_none(raw.get("sem")))

    def __str__(self) -> str:
        if self.value is None:
            return "–"
        return f"{self.value:.1f} ± {self.sem:.1f}" if self.sem is not None else f"{self.value:.1f}"


class ResultStatus(StrEnum):
    OK = "ok"  # measured: the metrics below are filled in
    REJECTED = "rejected"  # the quality gate (or a failure) refused the clip: reason + message
    PENDING = "pending"  # queued or analysing


@dataclass(frozen=True)
class PlieResult:
    status: ResultStatus
    analysis_id: UUID
    engine_version: str
    knee_toe_offset_left: Measure | None = None  # % leg length, + = knee outside the toe line
    knee_toe_offset_right: Measure | None = None
    band_left: str | None = None  # aligned | watch | concern
    band_right: str | None = None
    depth: Measure | None = None  # % leg length
    symmetry: Measure | None = None  # left − right offset, % leg length
    fppa_left: Measure | None = None  # never filled since 1.2: FPPA is not valid under turnout
    fppa_right: Measure | None = None
    rep_count: int | None = None
    # 1.2: offset where each descent reaches `matched_depth_pct` (30 %); trends compare these
    # (`offset_comparison`). None for 1.1 results or when no rep was that deep.
    knee_toe_offset_matched_left: Measure | None = None
    knee_toe_offset_matched_right: Measure | None = None
    matched_depth_pct: float | None = None
    reason: str = ""
    message: str = ""
    has_keyframe: bool = False
    is_demo: bool = False
    is_synthetic: bool = False  # measured on the demo's computer-generated clip

    @property
    def worst_band(self) -> str | None:
        return _worst([self.band_left, self.band_right])


@dataclass(frozen=True)
class StanceSide:
    stance_leg: str  # left | right
    pelvic_drop_median: Measure | None  # degrees, + = raised side lower (Trendelenburg)
    pelvic_drop_p95: Measure | None
    band: str | None  # level | watch | concern
    trunk_lean: Measure | None  # degrees towards the stance side
    compensating: bool
    stance_fppa: Measure | None  # degrees, + = valgus
    fppa_band: str | None  # aligned | watch | concern
    hold_s: Measure | None
    touchdowns: int | None


@dataclass(frozen=True)
class StanceResult:
    status: ResultStatus
    analysis_id: UUID
    engine_version: str
    sides: tuple[StanceSide, ...] = ()
    baseline: bool | None = None  # False: clip started on one leg, values uncorrected
    reason: str = ""
    message: str = ""
    has_keyframe: bool = False
    is_demo: bool = False
    is_synthetic: bool = False  # measured on the demo's computer-generated clip

    def side(self, stance_leg: str) -> StanceSide | None:
        return next((s for s in self.sides if s.stance_leg == stance_leg), None)

    @property
    def worst_band(self) -> str | None:
        return _worst([s.band for s in self.sides] + [s.fppa_band for s in self.sides])


@dataclass(frozen=True)
class ScreeningResult:
    """One screening with the newest finished analysis of each test (None: no clip of that test)."""

    screening_id: UUID
    dancer_id: int
    season_id: int
    date: date
    plie: PlieResult | None
    stance: StanceResult | None

    @property
    def has_concern(self) -> bool:
        return "concern" in (
            self.plie.worst_band if self.plie else None,
            self.stance.worst_band if self.stance else None,
        )


# --- bulk reads ----------------------------------------------------------------------------------
_BAND_ORDER = {"aligned": 0, "level": 0, "watch": 1, "concern": 2}


def _worst(bands: Iterable[str | None]) -> str | None:
    known = [b for b in bands if b in _BAND_ORDER]
    return max(known, key=_BAND_ORDER.__getitem__) if known else None


def _float_or_none(raw: Any) -> float | None:
    return float(raw) if isinstance(raw, int | float) else None


def _status_of(analysis: Analysis) -> ResultStatus:
    if analysis.state == AnalysisState.DONE:
        return ResultStatus.OK
    if analysis.state == AnalysisState.FAILED:
        return ResultStatus.REJECTED
    return ResultStatus.PENDING


def _common_fields(analysis: Analysis) -> dict[str, Any]:
    """What every test's result carries, measured or not."""
    return {
        "status": _status_of(analysis),
        "analysis_id": analysis.public_id,
        "engine_version": analysis.engine_version,
        "reason": analysis.reason,
        "message": analysis.message,
        "has_keyframe": bool(analysis.keyframe),
        "is_demo": analysis.engine_version == DEMO_ENGINE_VERSION,
        "is_synthetic": clip_is_synthetic(analysis.clip),
    }


def clip_is_synthetic(clip: Clip) -> bool:
    return clip.original_name.endswith(SYNTHETIC_MARK)


def _metrics(analysis: Analysis) -> PlieMetrics | StanceMetrics | None:
    """The stored engine result's metrics (typed as workers.result defines them), if measured."""
    if _status_of(analysis) != ResultStatus.OK:
        return None
    result = cast(EngineResult | None, analysis.result)
    return (result or {}).get("metrics") if isinstance(result, dict) else None


def plie_result(analysis: Analysis) -> PlieResult:
    common = _common_fields(analysis)
    metrics = cast(PlieMetrics | None, _metrics(analysis))
    if not metrics:
        return PlieResult(**common)
    offset: SideValues | dict[str, Measured] = metrics.get("knee_toe_offset_pct") or {}
    matched: SideValues | dict[str, Measured] = metrics.get("knee_toe_offset_matched_pct") or {}
    band = metrics.get("band") or {}
    return PlieResult(
        **common,
        knee_toe_offset_left=Measure.from_json(offset.get("left")),
        knee_toe_offset_right=Measure.from_json(offset.get("right")),
        knee_toe_offset_matched_left=Measure.from_json(matched.get("left")),
        knee_toe_offset_matched_right=Measure.from_json(matched.get("right")),
        matched_depth_pct=_float_or_none(metrics.get("matched_depth_pct")),
        band_left=band.get("left"),
        band_right=band.get("right"),
        depth=Measure.from_json(metrics.get("depth_pct")),
        symmetry=Measure.from_json(metrics.get("symmetry_pct")),
        rep_count=metrics.get("rep_count"),
    )


def stance_result(analysis: Analysis) -> StanceResult:
    common = _common_fields(analysis)
    metrics = cast(StanceMetrics | None, _metrics(analysis))
    if not metrics:
        return StanceResult(**common)
    sides = tuple(
        StanceSide(
            stance_leg=s.get("stance_leg", ""),
            pelvic_drop_median=Measure.from_json(s.get("pelvic_drop_deg_median")),
            pelvic_drop_p95=Measure.from_json(s.get("pelvic_drop_deg_p95")),
            band=s.get("band"),
            trunk_lean=Measure.from_json(s.get("trunk_lean_deg")),
            compensating=bool(s.get("compensating")),
            stance_fppa=Measure.from_json(s.get("stance_fppa_deg")),
            fppa_band=s.get("fppa_band"),
            hold_s=Measure.from_json(s.get("hold_s")),
            touchdowns=s.get("touchdowns"),
        )
        for s in metrics.get("sides") or []
    )
    return StanceResult(**common, sides=sides, baseline=metrics.get("baseline"))


def _pick(analyses: list[Analysis]) -> Analysis | None:
    """The analysis that speaks for a test on a screening day.

    Newest measured (done) run first — a later retake that was rejected does not hide a good
    result — else the newest rejected/failed run (its reason is what the dancer must fix), else
    the newest pending one.
    """
    for state in (AnalysisState.DONE, AnalysisState.FAILED):
        chosen = [a for a in analyses if a.state == state]
        if chosen:
            return max(chosen, key=lambda a: (a.clip.created_at, a.finished_at or a.created_at))
    return max(analyses, key=lambda a: a.created_at) if analyses else None


def dancer_results(
    *, studio: Studio, dancer_ids: Iterable[int], season: Season | None = None
) -> dict[int, list[ScreeningResult]]:
    """Each dancer's screenings, oldest first, with the newest finished result per test.

    Two queries whatever the number of dancers. Dancers without screenings map to [].
    Rejected clips are included (status REJECTED with reason/message); callers that only want
    numbers filter on `status == ResultStatus.OK`.
    """
    ids = list(dict.fromkeys(dancer_ids))
    out: dict[int, list[ScreeningResult]] = {i: [] for i in ids}
    if not ids:
        return out
    screenings = Screening.objects.filter(studio=studio, dancer_id__in=ids)
    if season is not None:
        screenings = screenings.filter(season=season)
    screenings_list = list(screenings.order_by("date", "created_at"))
    if not screenings_list:
        return out
    by_screening: dict[int, dict[str, list[Analysis]]] = defaultdict(lambda: defaultdict(list))
    analyses = (
        Analysis.objects.filter(studio=studio, clip__screening__in=[s.pk for s in screenings_list])
        .select_related("clip")
        .only(
            "public_id",
            "state",
            "engine_version",
            "reason",
            "message",
            "keyframe",
            "result",
            "test",
            "created_at",
            "finished_at",
            "clip__created_at",
            "clip__screening_id",
            "clip__original_name",
        )  # fmt: skip
    )
    for analysis in analyses:
        by_screening[analysis.clip.screening_id][analysis.test].append(analysis)
    for s in screenings_list:
        per_test = by_screening.get(s.pk, {})
        plie = _pick(per_test.get(TestType.PLIE, []))
        stance = _pick(per_test.get(TestType.STANCE, []))
        out[s.dancer_id].append(
            ScreeningResult(
                screening_id=s.public_id,
                dancer_id=s.dancer_id,
                season_id=s.season_id,
                date=s.date,
                plie=plie_result(plie) if plie else None,
                stance=stance_result(stance) if stance else None,
            )
        )
    return out


def latest_result(*, studio: Studio, dancer_id: int, season: Season | None = None) -> ScreeningResult | None:
    """The dancer's most recent screening (by date), or None."""
    results = dancer_results(studio=studio, dancer_ids=[dancer_id], season=season)[dancer_id]
    return results[-1] if results else None


def latest_measured(results: list[ScreeningResult]) -> tuple[PlieResult | None, StanceResult | None]:
    """The newest OK plié and stance results in a chronological list (tests may be on different days)."""
    plie = next((r.plie for r in reversed(results) if r.plie and r.plie.status == ResultStatus.OK), None)
    stance = next(
        (r.stance for r in reversed(results) if r.stance and r.stance.status == ResultStatus.OK), None
    )
    return plie, stance


# --- scoped querysets for the API and pages --------------------------------------------------------
def screening_list(*, actor: Actor) -> QuerySet[Screening]:
    return Screening.objects.filter(studio=actor.studio, dancer__in=visible_dancers(actor))


def clip_list(*, actor: Actor) -> QuerySet[Clip]:
    return Clip.objects.filter(studio=actor.studio, dancer__in=visible_dancers(actor))


def analysis_list(*, actor: Actor) -> QuerySet[Analysis]:
    return Analysis.objects.filter(studio=actor.studio, dancer__in=visible_dancers(actor))


def dancer_get_visible(*, actor: Actor, dancer_public_id: Any) -> DancerProfile | None:
    """A dancer id from a payload, resolved inside the actor's scope (foreign or hidden → None)."""
    value = parse_uuid_or_none(dancer_public_id)
    if value is None:
        return None
    return visible_dancers(actor).filter(public_id=value).select_related("studio").first()
