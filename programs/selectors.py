"""Reads for programs: the library, assignments, today's exercises, compliance, and the data the
referral and suggestion rules (programs/referral.py, programs/suggestions.py, both pure) work on.

Every function takes the studio explicitly. The bulk reads (`compliance_for_dancers`,
`referral_flags_for_dancers`) run a constant number of queries whatever the number of dancers;
pages, the API, the dashboards and the PDF reports all call them, so their numbers agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet

from programs import referral
from programs.compliance import (
    AssignmentWindow,
    DancerCompliance,
    dancer_compliance,
    whole_sets,
)
from programs.models import (
    Assignment,
    AssignmentPause,
    DoseOverride,
    Exercise,
    ExerciseLog,
    PauseDay,
    Program,
    ProgramExercise,
    ReferralRequest,
)
from programs.referral import ReferralReason
from programs.suggestions import SUGGESTED_TEMPLATES, Suggestion, suggestions_for
from screenings.selectors import ScreeningResult, dancer_results, latest_measured
from studios.models import ClassGroup, DancerProfile, Season, Studio
from studios.selectors import season_current

__all__ = [
    "DancerCompliance",
    "ReferralReason",
    "compliance_for_dancer",
    "compliance_for_dancers",
    "referral_flags_for_dancers",
]

# --- library -------------------------------------------------------------------------------------


def exercise_list(*, studio: Studio) -> QuerySet[Exercise]:
    """The global seeded library plus the studio's own exercises."""
    return Exercise.objects.filter(Q(studio__isnull=True) | Q(studio=studio))


def program_list(*, studio: Studio) -> QuerySet[Program]:
    """Global templates plus the studio's own programs, with their ordered items."""
    return (
        Program.objects.filter(Q(studio__isnull=True) | Q(studio=studio))
        .prefetch_related("items__exercise")
        .order_by("name")
    )


# --- assignments -----------------------------------------------------------------------------------


def effective_end(assignment: Assignment, studio: Studio) -> date:
    """The last day the assignment counts: its planned end, or the studio-local day it was ended."""
    if assignment.ended_at is None:
        return assignment.ends_on
    return min(assignment.ends_on, assignment.ended_at.astimezone(studio.tzinfo).date())


def assignments_for_dancer(
    *, studio: Studio, dancer: DancerProfile, on: date | None = None
) -> list[Assignment]:
    """Assignments that apply to the dancer on `on` (own or via a class), not ended, not paused."""
    on = on or studio.today()
    class_ids = ClassGroup.objects.filter(studio=studio, dancers=dancer).values("pk")
    rows = (
        Assignment.objects.filter(studio=studio, starts_on__lte=on, ends_on__gte=on)
        .filter(Q(dancer=dancer) | Q(class_group__in=class_ids))
        .select_related("program", "class_group")
        .prefetch_related("program__items__exercise")
        .order_by("starts_on", "created_at")
    )
    # An ended (or replaced) program leaves the list at once; logs already made that day still count.
    return [a for a in rows if a.paused_at is None and a.ended_at is None]


def active_assignments_for_target(
    *,
    studio: Studio,
    dancer: DancerProfile | None = None,
    class_group: ClassGroup | None = None,
    on: date | None = None,
) -> list[Assignment]:
    """The running (or paused, not ended) assignments given directly to this dancer or this class."""
    on = on or studio.today()
    rows = Assignment.objects.filter(studio=studio, ends_on__gte=on, ended_at__isnull=True)
    rows = rows.filter(dancer=dancer) if dancer is not None else rows.filter(class_group=class_group)
    return list(rows.select_related("program").order_by("starts_on", "created_at"))


@dataclass(frozen=True)
class TodayItem:
    """One exercise on the dancer's "today" page, with the prescribed dose prefilled."""

    assignment: Assignment
    exercise: Exercise
    sets: int
    reps: int | None
    hold_s: int | None
    sets_done: int  # whole sets: of a per-side exercise, both sides logged
    last_pain: int | None
    left_done: int = 0  # per-side exercises: sides logged so far today
    right_done: int = 0


def today_items(*, studio: Studio, dancer: DancerProfile, on: date | None = None) -> list[TodayItem]:
    """Today's exercises: each active assignment's items with the dose (per-dancer override first)."""
    on = on or studio.today()
    assignments = assignments_for_dancer(studio=studio, dancer=dancer, on=on)
    if not assignments:
        return []
    overrides = {
        (o.assignment_id, o.exercise_id): o
        for o in DoseOverride.objects.filter(studio=studio, dancer=dancer, assignment__in=assignments)
    }
    # One exercise in two active programs is listed once, under the earliest assignment; sets logged
    # under either count (compliance counts a log for every program containing the exercise).
    done: defaultdict[int, Counter[str]] = defaultdict(Counter)  # logs per exercise and side
    pain: dict[int, int | None] = {}
    for log in ExerciseLog.objects.filter(
        studio=studio, dancer=dancer, date=on, assignment__in=assignments
    ).order_by("created_at"):
        done[log.exercise_id][log.side] += 1
        if log.pain is not None:
            pain[log.exercise_id] = log.pain
    items = []
    listed: set[int] = set()
    for assignment in assignments:
        for item in assignment.program.items.all():
            if item.exercise_id in listed:
                continue
            listed.add(item.exercise_id)
            dose = overrides.get((assignment.pk, item.exercise_id)) or item
            items.append(
                TodayItem(
                    assignment=assignment,
                    exercise=item.exercise,
                    sets=dose.sets,
                    reps=dose.reps,
                    hold_s=dose.hold_s,
                    sets_done=whole_sets(done[item.exercise_id]),
                    last_pain=pain.get(item.exercise_id),
                    left_done=done[item.exercise_id]["left"],
                    right_done=done[item.exercise_id]["right"],
                )
            )
    return items


# --- compliance ------------------------------------------------------------------------------------

ASSIGNMENT_FIELDS = (
    "pk",
    "public_id",
    "dancer_id",
    "class_group_id",
    "starts_on",
    "ends_on",
    "ended_at",
    "paused_at",
    "sessions_per_week",
)


def _season_window(studio: Studio, today: date, season: Season | None) -> date | None:
    season = season or season_current(studio=studio, on=today)
    return season.starts_on if season else None


def compliance_for_dancers(
    *,
    studio: Studio,
    dancer_ids: Iterable[int],
    today: date | None = None,
    season: Season | None = None,
) -> dict[int, DancerCompliance]:
    """Compliance of many dancers in a constant number of queries (7 whatever the number of dancers).

    Ids outside the studio are dropped (never an error: callers pass ids they already scoped).
    """
    today = today or studio.today()
    window_start = _season_window(studio, today, season)
    ids = list(
        DancerProfile.objects.filter(studio=studio, pk__in=list(dict.fromkeys(dancer_ids))).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return {}
    classes_of: dict[int, set[int]] = defaultdict(set)
    for class_id, dancer_id in ClassGroup.dancers.through.objects.filter(
        dancerprofile_id__in=ids, classgroup__studio=studio
    ).values_list("classgroup_id", "dancerprofile_id"):
        classes_of[dancer_id].add(class_id)
    class_ids = {c for cs in classes_of.values() for c in cs}
    # One query: each assignment joined to its program's exercises (one row per exercise), because a
    # log counts for every program of the dancer that contains the exercise (Today lists it once).
    assignments: dict[int, dict[str, Any]] = {}
    program_exercises: dict[int, set[int]] = defaultdict(set)
    for row in (
        Assignment.objects.filter(studio=studio)
        .filter(Q(dancer_id__in=ids) | Q(class_group_id__in=class_ids))
        .filter(starts_on__lte=today)
        .values(*ASSIGNMENT_FIELDS, "program__name", "program__items__exercise_id")
    ):
        if window_start is not None and row["ends_on"] < window_start:
            continue
        assignments.setdefault(row["pk"], row)
        if row["program__items__exercise_id"] is not None:
            program_exercises[row["pk"]].add(row["program__items__exercise_id"])
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for assignment_id, start, end in AssignmentPause.objects.filter(
        studio=studio, assignment_id__in=list(assignments)
    ).values_list("assignment_id", "starts_on", "ends_on"):
        pauses[assignment_id].append((start, end))
    logs = ExerciseLog.objects.filter(
        studio=studio, dancer_id__in=ids, assignment_id__in=list(assignments), date__lte=today
    )
    pause_q = PauseDay.objects.filter(studio=studio, dancer_id__in=ids, date__lte=today + timedelta(days=7))
    if window_start is not None:
        logs = logs.filter(date__gte=window_start)
        pause_q = pause_q.filter(date__gte=window_start)
    # An exercise counts on a day once it has a whole set: a log without a side, or both sides.
    sides: defaultdict[tuple[int, date, int], Counter[str]] = defaultdict(Counter)
    for dancer_id, day, exercise_id, side in logs.values_list("dancer_id", "date", "exercise_id", "side").distinct():
        sides[(dancer_id, day, exercise_id)][side] = 1
    logged: dict[int, dict[date, set[int]]] = defaultdict(lambda: defaultdict(set))
    for (dancer_id, day, exercise_id), by_side in sides.items():
        if whole_sets(by_side):
            logged[dancer_id][day].add(exercise_id)
    pause_days: dict[int, set[date]] = defaultdict(set)
    for dancer_id, day in pause_q.values_list("dancer_id", "date"):
        pause_days[dancer_id].add(day)

    windows: dict[int, list[AssignmentWindow]] = defaultdict(list)
    for a in assignments.values():
        ends_on = a["ends_on"]
        if a["ended_at"] is not None:  # as effective_end(): the studio-local day it was ended
            ends_on = min(ends_on, a["ended_at"].astimezone(studio.tzinfo).date())
        window = AssignmentWindow(
            assignment_id=a["pk"],
            public_id=str(a["public_id"]),
            program_name=a["program__name"],
            target="dancer" if a["dancer_id"] else "class",
            starts_on=a["starts_on"],
            ends_on=ends_on,
            sessions_per_week=a["sessions_per_week"],
            n_exercises=len(program_exercises[a["pk"]]),
            paused=a["paused_at"] is not None,
            ended=a["ended_at"] is not None,
            pauses=tuple(pauses.get(a["pk"], ())),
        )
        if a["dancer_id"]:
            windows[a["dancer_id"]].append(window)
        else:
            for dancer_id in ids:
                if a["class_group_id"] in classes_of[dancer_id]:
                    windows[dancer_id].append(window)
    sessions: dict[int, dict[tuple[int, date], int]] = {
        dancer_id: {
            (w.assignment_id, day): len(exercises & program_exercises[w.assignment_id])
            for w in windows[dancer_id]
            for day, exercises in logged[dancer_id].items()
        }
        for dancer_id in ids
    }
    return {
        dancer_id: dancer_compliance(
            dancer_id=dancer_id,
            windows=windows[dancer_id],
            session_counts=sessions[dancer_id],
            pause_days=pause_days[dancer_id],
            today=today,
            window_start=window_start,
        )
        for dancer_id in ids
    }


def compliance_for_dancer(
    *, studio: Studio, dancer: DancerProfile, today: date | None = None
) -> DancerCompliance | None:
    return compliance_for_dancers(studio=studio, dancer_ids=[dancer.pk], today=today).get(dancer.pk)


# --- referral flags (the rules: programs/referral.py) --------------------------------------------


def referral_flags_for_dancers(
    *,
    studio: Studio,
    dancer_ids: Iterable[int],
    today: date | None = None,
    season: Season | None = None,
    compliance: dict[int, DancerCompliance] | None = None,
    results: dict[int, list[ScreeningResult]] | None = None,
) -> dict[int, list[ReferralReason]]:
    """Referral reasons per dancer (DOMAIN.md "Referral flag"); [] = no flag. Constant queries.

    Callers that already hold `compliance_for_dancers` and `dancer_results` for the same dancers,
    day and season (the roster, the season report) pass them in so they are not computed twice.
    """
    today = today or studio.today()
    season = season or season_current(studio=studio, on=today)
    ids = list(dict.fromkeys(dancer_ids))
    if compliance is None:
        compliance = compliance_for_dancers(studio=studio, dancer_ids=ids, today=today, season=season)
    ids = [i for i in ids if i in compliance]
    if not ids:
        return {}
    if results is None:
        results = dancer_results(studio=studio, dancer_ids=ids, season=season)
    # Pain per logging day (the day's highest), over the rules' look-back window.
    day_pain: dict[int, dict[date, int]] = defaultdict(dict)
    for row in (
        ExerciseLog.objects.filter(
            studio=studio,
            dancer_id__in=ids,
            pain__isnull=False,
            date__gte=today - timedelta(days=referral.PAIN_LOOKBACK_DAYS),
            date__lte=today,
        )
        .values("dancer_id", "date")
        .annotate(pain=Max("pain"))
        .order_by()
    ):
        day_pain[row["dancer_id"]][row["date"]] = row["pain"]
    requests = ReferralRequest.objects.filter(studio=studio, dancer_id__in=ids)
    if season is not None:
        requests = requests.filter(created_at__date__gte=season.starts_on)
    asked: dict[int, list[date]] = defaultdict(list)
    for dancer_id, created in requests.order_by("created_at").values_list("dancer_id", "created_at"):
        asked[dancer_id].append(created.astimezone(studio.tzinfo).date())
    reasons = {}
    for dancer_id in ids:
        concern = [r for r in results.get(dancer_id, []) if r.has_concern]
        reasons[dancer_id] = referral.referral_reasons(
            concern_days=[r.date for r in concern],
            season_pct=compliance[dancer_id].season_pct,
            day_pain=day_pain.get(dancer_id, {}),
            asked_on=asked.get(dancer_id, []),
            concern_named={r.date: referral.concern_findings(r) for r in concern},
        )
    return reasons


def program_item_count(program: Program) -> int:
    return ProgramExercise.objects.filter(program=program).count()


# --- suggestion (the rules: programs/suggestions.py) ----------------------------------------------


def program_suggestions_for_dancer(*, studio: Studio, dancer: DancerProfile) -> list[Suggestion]:
    """Templates for the dancer's latest measured plié and stance results, most pressing first."""
    plie, stance = latest_measured(dancer_results(studio=studio, dancer_ids=[dancer.pk])[dancer.pk])
    templates = {p.slug: p for p in Program.objects.filter(studio__isnull=True, slug__in=SUGGESTED_TEMPLATES)}
    return suggestions_for(plie=plie, stance=stance, templates=templates)
