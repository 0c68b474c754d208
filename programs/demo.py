"""Demo programs: the class follows the two templates over ~20 weeks, two dancers get individual
programs, and every dancer has a realistic, varied log history (some keen, some patchy, a few pain
entries, illness and rest days). Deterministic (seeded RNG) and re-runnable: it rebuilds the demo
studio's program data each time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from programs.compliance import week_start
from programs.library import GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL
from programs.models import (
    Assignment,
    AssignmentPause,
    ExerciseLog,
    Notification,
    PauseDay,
    PauseKind,
    Program,
    ProgramExercise,
    ProgramView,
    ReferralRequest,
)
from programs.services import assignment_build
from studios.models import DancerProfile

# How likely each demo dancer is to do a prescribed session (index-aligned with studios.demo.DANCERS).
ADHERENCE = [0.95, 0.9, 0.45, 0.8, 0.7, 0.3, 0.85, 0.6, 0.98, 0.55, 0.75, 0.65]
SESSION_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday: usual class-free evenings


def prescribed_log(
    assignment: Assignment, dancer: DancerProfile, item: ProgramExercise, day: date, key: str, **fields: Any
) -> ExerciseLog:
    """An unsaved log of one program item done as prescribed (the item's reps and hold), for the
    seeders' bulk_create (demo, dashboards seeding, the compliance benchmark); `fields` adds the rest."""
    return ExerciseLog(
        studio_id=assignment.studio_id,
        dancer=dancer,
        assignment=assignment,
        exercise=item.exercise,
        date=day,
        reps=item.reps,
        hold_s=item.hold_s,
        idempotency_key=key,
        **fields,
    )


@dataclass
class DemoPrograms:
    assignments: int
    logs: int
    pause_days: int


def _assign(demo, program: Program, starts_on: date, *, dancer=None, reason: str = "") -> Assignment:  # noqa: ANN001
    assignment = assignment_build(
        studio=demo.studio,
        program=program,
        dancer=dancer,
        class_group=None if dancer else demo.class_group,
        starts_on=starts_on,
        assigned_by=demo.teachers[0],
        reason=reason,
    )
    assignment.save()
    return assignment


def seed_programs(demo, today: date) -> DemoPrograms:  # noqa: ANN001 - studios.demo.DemoStudio
    studio = demo.studio
    for model in (ExerciseLog, PauseDay, ProgramView, ReferralRequest, Notification, AssignmentPause):
        model.objects.filter(studio=studio).delete()
    Assignment.objects.filter(studio=studio).delete()

    foundations = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
    plie_control = Program.objects.get(studio__isnull=True, slug=HIP_ER_PLIE_CONTROL)
    start = week_start(today - timedelta(weeks=20))
    # The class: 6 weeks of foundations, 8 of plié control, a week off, then foundations again (current).
    class_plan = [
        _assign(
            demo, foundations, start, reason="Whole class: glute med foundations before the spring shows."
        ),
        _assign(demo, plie_control, start + timedelta(weeks=6), reason="Whole class: plié control block."),
        _assign(
            demo, foundations, start + timedelta(weeks=15), reason="Whole class: second foundations block."
        ),
    ]
    dancers = demo.dancers
    individual = {
        dancers[2].pk: _assign(
            demo,
            plie_control,
            start + timedelta(weeks=12, days=3),  # a Thursday: the first week is prorated
            dancer=dancers[2],
            reason="Plié: left knee inside the big toe (concern) on the last screening.",
        ),
        dancers[5].pk: _assign(
            demo,
            plie_control,
            start + timedelta(weeks=14),
            dancer=dancers[5],
            reason="Single-leg stance: pelvic drop in the watch band, trunk leaning to compensate.",
        ),
    }
    # One individual program paused for two weeks by the teacher (a growth-spurt break).
    pause_from = start + timedelta(weeks=16)
    AssignmentPause.objects.create(
        studio=studio,
        assignment=individual[dancers[5].pk],
        starts_on=pause_from,
        ends_on=pause_from + timedelta(days=13),
    )

    items_of = {
        a.pk: list(a.program.items.select_related("exercise").all())
        for a in [*class_plan, *individual.values()]
    }
    logs: list[ExerciseLog] = []
    pauses: list[PauseDay] = []
    for index, dancer in enumerate(dancers):
        rng = random.Random(1000 + index)  # noqa: S311 - demo data, not security
        adherence = ADHERENCE[index % len(ADHERENCE)]
        sick_week = rng.randrange(2, 18)
        sick_days = {
            week_start(start + timedelta(weeks=sick_week)) + timedelta(days=d)
            for d in range(rng.randint(2, 5))
        }
        for day in sorted(sick_days):
            if day <= today:
                pauses.append(
                    PauseDay(
                        studio=studio, dancer=dancer, date=day, kind=PauseKind.ILLNESS, marked_by=dancer.user
                    )
                )
        if index % 4 == 1:  # a few rest days after shows
            rest = start + timedelta(weeks=9, days=5)
            pauses.append(
                PauseDay(studio=studio, dancer=dancer, date=rest, kind=PauseKind.REST, marked_by=dancer.user)
            )
        mine = [a for a in class_plan] + ([individual[dancer.pk]] if dancer.pk in individual else [])
        day = start
        while day <= today:
            for assignment in mine:
                if not (assignment.starts_on <= day <= assignment.ends_on) or day in sick_days:
                    continue
                if day.weekday() not in SESSION_DAYS or rng.random() > adherence:
                    continue
                items = items_of[assignment.pk]
                # Sometimes a session is cut short (then it does not count as a session).
                done = items if rng.random() > (1 - adherence) / 2 else items[: max(1, len(items) - 2)]
                for item in done:
                    for set_number in range(1, item.sets + 1):
                        key = f"demo-{assignment.pk}-{item.pk}-{day.isoformat()}-{set_number}"
                        effort = rng.randint(4, 8) if set_number == item.sets else None
                        logs.append(
                            prescribed_log(
                                assignment,
                                dancer,
                                item,
                                day,
                                key,
                                set_number=set_number,
                                effort=effort,
                                logged_by=dancer.user,
                            )
                        )
            day += timedelta(days=1)
    # Pain stories for the referral flags: Daria's pain rises over her last three sessions; Grace
    # logged 6/10 twice in one week a month ago.
    _pain_story(logs, dancers[3], [2, 3, 5], today)
    _pain_story(logs, dancers[6], [6, 6], today - timedelta(weeks=4), same_week=True)
    ExerciseLog.objects.bulk_create(logs, batch_size=2000)
    PauseDay.objects.bulk_create(pauses, ignore_conflicts=True)
    ReferralRequest.objects.create(
        studio=studio,
        dancer=dancers[7],
        requested_by=dancers[7].guardians.first() or dancers[7].user,
        note="She says her knee aches after grand allegro.",
    )
    return DemoPrograms(
        assignments=Assignment.objects.filter(studio=studio).count(),
        logs=len(logs),
        pause_days=PauseDay.objects.filter(studio=studio).count(),
    )


def _pain_story(  # noqa: ANN001
    logs: list[ExerciseLog], dancer, pains: list[int], until: date, *, same_week: bool = False
) -> None:
    """Put the given pain scores on the dancer's last logging days up to `until` (one per day);
    same_week: the first logging days of the week of `until` instead."""
    if same_week:
        days = sorted(
            {log.date for log in logs if log.dancer is dancer and week_start(log.date) == week_start(until)}
        )
        days = days[: len(pains)]
    else:
        days = sorted({log.date for log in logs if log.dancer is dancer and log.date <= until})[-len(pains) :]
    for day, pain in zip(days, pains, strict=False):
        first = next(log for log in logs if log.dancer is dancer and log.date == day)
        first.pain = pain
