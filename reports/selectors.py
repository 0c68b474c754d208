"""Reads behind the dancer report and the report jobs. The numbers come from the same selectors as the
pages and the API (screenings.selectors.dancer_results, programs.selectors.compliance_for_dancers /
referral_flags_for_dancers), so a report never disagrees with the dashboard.

Everything here returns plain frozen dataclasses the templates format. The per-test tables are
built in reports/sections.py, key frames in reports/images.py, the season report in reports/season.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from programs.models import Assignment, DoseOverride, ProgramExercise
from programs.referral import ReferralReason
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from reports.images import keyframes_for_analyses
from reports.models import ReportJob
from reports.sections import TestSection, latest_result, report_section
from screenings.selectors import dancer_results
from studios.models import ClassGroup, DancerProfile, Studio
from studios.policies import Actor
from studios.scoping import parse_uuid_or_404


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


def referral_summary(reasons: Sequence[ReferralReason] | None) -> Referral:
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
    # Only the two shown key frames are read from storage.
    shown = [latest[2].analysis_id for t in ("plie", "stance") if (latest := latest_result(results, t))]
    keyframes = keyframes_for_analyses(studio=studio, analysis_ids=shown)
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
        plie=report_section(results, "plie", keyframes),
        stance=report_section(results, "stance", keyframes),
        programs=_program_blocks(studio=studio, dancer=dancer, public_ids=running),
        compliance=_compliance(compliance),
        referral=referral_summary(flags.get(dancer.pk)),
        screenings_count=len(results),
    )


# --- jobs ----------------------------------------------------------------------------------------
def report_job_list(*, actor: Actor) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(studio=actor.studio).select_related("season", "requested_by")


def report_job_get(*, actor: Actor, job_id: Any) -> ReportJob | None:
    """The job with this public id in the actor's studio; 404 for a foreign, unknown or malformed id."""
    return report_job_list(actor=actor).filter(public_id=parse_uuid_or_404(job_id)).first()
