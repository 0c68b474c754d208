"""Writes from the dancer's side of a program: a logged set (idempotent), rest / illness / injury
days, "opened the program", and a request for a dance medicine evaluation. Keyword-only, studio
first, actor second, atomic; every object is checked against `studio` (programs.services).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from programs.flag_state import referral_flags_refresh_later
from programs.models import Assignment, Exercise, ExerciseLog, LogSide, PauseDay, ProgramView, ReferralRequest
from programs.selectors import effective_end
from programs.services import EXERCISE_NOT_IN_PROGRAM, assignment_applies_to, require_in_studio
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import DancerProfile, Studio
from studios.policies import (
    Actor,
    can_log_for_dancer,
    can_mark_pause_for_dancer,
    is_guardian_of,
    is_own_dancer,
)

logger = logging.getLogger(__name__)

LOG_ONLY_SELF = "Only the dancer can log their own exercises."
DATE_OUTSIDE_PROGRAM = "That date is outside this program's dates."
DATE_IN_FUTURE = "You cannot log a day that has not happened yet."
NOT_PER_SIDE = "This exercise is done on both sides at once: log it without a side."


def local_date(studio: Studio, at: datetime | None = None) -> date:
    """The studio-local calendar day of an instant (DOMAIN.md: days are in the studio's time zone)."""
    return (at or timezone.now()).astimezone(studio.tzinfo).date()


_SET_NUMBER_TRIES = 20  # each failed try means another set of the same day was saved meanwhile
SET_NOT_SAVED = "That set could not be saved right now. Please send it again."


@transaction.atomic
def log_set(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile,
    assignment: Assignment,
    exercise: Exercise,
    idempotency_key: str,
    on: date | None = None,
    at: datetime | None = None,
    reps: int | None = None,
    hold_s: int | None = None,
    pain: int | None = None,
    effort: int | None = None,
    note: str = "",
    side: str = LogSide.BOTH,
) -> tuple[ExerciseLog, bool]:
    """Log one set (of a per-side exercise: one side of a set, `side` left | right; no side = both).
    Returns (log, created). The same idempotency key again returns the first row.

    The day is the studio-local day of `at` (default now) unless `on` is given; either way it must be
    inside the assignment's window and not in the future.
    """
    for obj, what in ((dancer, "Dancer"), (assignment, "Assignment")):
        require_in_studio(obj, studio, what)
    if not can_log_for_dancer(actor, dancer):
        raise PermissionDenied(LOG_ONLY_SELF)
    existing = ExerciseLog.objects.filter(dancer=dancer, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False  # a retry of a post that already arrived
    if not assignment_applies_to(assignment, dancer):
        raise NotFoundError("Assignment not found for this dancer.")
    if not assignment.program.items.filter(exercise=exercise).exists():
        raise ApplicationError(EXERCISE_NOT_IN_PROGRAM)
    if side and not exercise.per_side:
        raise ApplicationError(NOT_PER_SIDE, {"field": "side"})
    today = local_date(studio)
    day = on or local_date(studio, at)
    if day > today:
        raise ApplicationError(DATE_IN_FUTURE)
    if not assignment.starts_on <= day <= effective_end(assignment, studio):
        raise ApplicationError(DATE_OUTSIDE_PROGRAM)
    log = ExerciseLog(
        studio=studio,
        dancer=dancer,
        assignment=assignment,
        exercise=exercise,
        date=day,
        reps=reps,
        hold_s=hold_s,
        pain=pain,
        effort=effort,
        note=note,
        idempotency_key=idempotency_key,
        logged_by=actor.user,
        side=side,
    )
    # Sets are numbered per side: left 1, 2, 3 and right 1, 2, 3.
    same_day = ExerciseLog.objects.filter(
        dancer=dancer, assignment=assignment, exercise=exercise, date=day, side=side
    )
    for _ in range(_SET_NUMBER_TRIES):
        log.set_number = (same_day.aggregate(n=Max("set_number"))["n"] or 0) + 1
        log.full_clean(validate_constraints=False)  # the unique keys are settled by the database below
        try:
            with transaction.atomic():  # savepoint: losing a race on either key is not an error
                log.save()
            data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
            referral_flags_refresh_later(studio=studio, dancer_ids=[dancer.pk])  # pain, compliance
        except IntegrityError:
            existing = ExerciseLog.objects.filter(dancer=dancer, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False  # a concurrent retry of the same post
            log.pk = None  # a concurrent different set took this number: take the next one
            continue
        return log, True
    raise ApplicationError(SET_NOT_SAVED)


@transaction.atomic
def pause_day_mark(*, studio: Studio, actor: Actor, dancer: DancerProfile, on: date, kind: str) -> PauseDay:
    """A rest, illness or injury day (dancer, guardian or teacher): not prescribed, never held against."""
    require_in_studio(dancer, studio, "Dancer")
    if not can_mark_pause_for_dancer(actor, dancer):
        raise PermissionDenied("You cannot mark rest days for this dancer.")
    if on > studio.today() + timedelta(days=28):
        raise ApplicationError("Rest days can be marked up to four weeks ahead.")
    day = PauseDay.objects.filter(dancer=dancer, date=on).first() or PauseDay(
        studio=studio, dancer=dancer, date=on
    )
    day.kind = kind
    day.marked_by = actor.user
    day.full_clean(validate_constraints=False)
    day.save()
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return day


@transaction.atomic
def pause_day_delete(*, studio: Studio, actor: Actor, pause_day: PauseDay) -> None:
    require_in_studio(pause_day, studio, "Pause day")
    if not can_mark_pause_for_dancer(actor, pause_day.dancer):
        raise PermissionDenied("You cannot change rest days for this dancer.")
    pause_day.delete()
    data_changed(studio_id=studio.pk, dancer_ids=[pause_day.dancer_id])


def program_view_record(*, studio: Studio, actor: Actor, dancer: DancerProfile) -> ProgramView | None:
    """ "Opened the page" — kept apart from "did it". Only the dancer's own visits count."""
    if not is_own_dancer(actor, dancer):
        return None
    view, _ = ProgramView.objects.get_or_create(studio=studio, dancer=dancer, date=studio.today())
    return view


@transaction.atomic
def referral_request_create(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, note: str = ""
) -> ReferralRequest:
    """The dancer or a guardian asks for a dance medicine evaluation."""
    require_in_studio(dancer, studio, "Dancer")
    if not (is_own_dancer(actor, dancer) or is_guardian_of(actor, dancer)):
        raise PermissionDenied("Only the dancer or a guardian can ask for an evaluation.")
    request = ReferralRequest(studio=studio, dancer=dancer, requested_by=actor.user, note=note)
    request.full_clean()
    request.save()
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    referral_flags_refresh_later(studio=studio, dancer_ids=[dancer.pk])
    return request
