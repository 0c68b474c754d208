"""Writes for programs by staff: assign, edit (PATCH), dose, pause/resume/end. The dancer's side
(a logged set, pause days, page views, referral requests) is programs/dancer_services.py.
Keyword-only, studio first, actor second, atomic, validated.

Every object that arrives from a payload (dancer, class, program, exercise, assignment) is checked
against `studio` here, before anything is written: a foreign id is "not found", never attached.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from integrations import events as integration_events
from programs.models import (
    Assignment,
    AssignmentPause,
    DoseOverride,
    Exercise,
    Program,
)
from programs.selectors import active_assignments_for_target
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import ClassGroup, DancerProfile, Studio, User
from studios.policies import (
    Actor,
    can_manage_class,
    can_manage_dancer,
)

logger = logging.getLogger(__name__)

NOT_YOUR_CLASS = "You can assign programs only to dancers and classes you teach."
NOT_ASSIGNED = "This program is not assigned to this dancer."
ONE_TARGET = "Assign to one dancer or one class."
ASSIGNMENT_ENDED = "This assignment has ended; it cannot be changed. Assign the program again instead."
EXERCISE_NOT_IN_PROGRAM = "This exercise is not part of the program."
ENDS_BEFORE_START = "The last day cannot be before the first day."


def require_in_studio(obj: object, studio: Studio, what: str) -> None:
    """Payload objects from another studio are 'not found' (the same 404 as an unknown id)."""
    studio_id = getattr(obj, "studio_id", None)
    if studio_id is not None and studio_id != studio.pk:
        raise NotFoundError(f"{what} not found in this studio.")


def _program_visible(program: Program, studio: Studio) -> None:
    if program.studio_id is not None and program.studio_id != studio.pk:
        raise NotFoundError("Program not found in this studio.")


def _require_manage_target(actor: Actor, assignment: Assignment, studio: Studio) -> None:
    """This studio's assignment, of a dancer or class the actor manages (pause, resume, end)."""
    require_in_studio(assignment, studio, "Assignment")
    dancer, group = assignment.dancer, assignment.class_group  # exactly one is set (a constraint)
    if dancer is not None:
        allowed = can_manage_dancer(actor, dancer)
    else:
        allowed = group is not None and can_manage_class(actor, group)
    if not allowed:
        raise PermissionDenied(NOT_YOUR_CLASS)


def _changed(assignment: Assignment) -> None:
    """A dancer's assignment changes her row; a class's changes the studio's (dashboard versions)."""
    dancers = None if assignment.dancer_id is None else [assignment.dancer_id]
    data_changed(studio_id=assignment.studio_id, dancer_ids=dancers)


def assignment_applies_to(assignment: Assignment, dancer: DancerProfile) -> bool:
    if assignment.dancer_id is not None:
        return assignment.dancer_id == dancer.pk
    group = assignment.class_group
    return group is not None and group.dancers.filter(pk=dancer.pk).exists()


# --- assignments ---------------------------------------------------------------------------------


def assignment_build(
    *,
    studio: Studio,
    program: Program,
    starts_on: date,
    dancer: DancerProfile | None = None,
    class_group: ClassGroup | None = None,
    weeks: int | None = None,
    sessions_per_week: int | None = None,
    assigned_by: User | None = None,
    reason: str = "",
) -> Assignment:
    """An unsaved assignment of `program` from `starts_on` for `weeks` (the program's by default),
    ending the day before the week after. No checks: assignment_create runs them; the seeders and
    test factories build their rows here so every assignment spans its weeks the same way."""
    weeks = weeks or program.weeks
    return Assignment(
        studio=studio,
        program=program,
        dancer=dancer,
        class_group=class_group,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=7 * weeks - 1),
        sessions_per_week=sessions_per_week or program.sessions_per_week,
        assigned_by=assigned_by,
        reason=reason,
    )


@transaction.atomic
def assignment_create(
    *,
    studio: Studio,
    actor: Actor,
    program: Program,
    dancer: DancerProfile | None = None,
    class_group: ClassGroup | None = None,
    starts_on: date | None = None,
    weeks: int | None = None,
    sessions_per_week: int | None = None,
    reason: str = "",
    replace_existing: bool = False,
) -> Assignment:
    """Give a program to one dancer or a whole class. Teachers: only their classes; director: any.

    `replace_existing` ends the target's running assignments today (the class "replace" choice), in
    the same transaction, so the dancers never see two programs stacked by accident.
    """
    if (dancer is None) == (class_group is None):
        raise ApplicationError(ONE_TARGET)
    _program_visible(program, studio)
    if dancer is not None:
        require_in_studio(dancer, studio, "Dancer")
        if not can_manage_dancer(actor, dancer):
            raise PermissionDenied(NOT_YOUR_CLASS)
    if class_group is not None:
        require_in_studio(class_group, studio, "Class")
        if not can_manage_class(actor, class_group):
            raise PermissionDenied(NOT_YOUR_CLASS)
    assignment = assignment_build(
        studio=studio,
        program=program,
        dancer=dancer,
        class_group=class_group,
        starts_on=starts_on or studio.today(),
        weeks=weeks,
        sessions_per_week=sessions_per_week,
        assigned_by=actor.user,
        reason=reason,
    )
    assignment.full_clean()
    if replace_existing:
        for old in active_assignments_for_target(studio=studio, dancer=dancer, class_group=class_group):
            assignment_end(studio=studio, actor=actor, assignment=old)
    assignment.save()
    _changed(assignment)
    integration_events.assignment_created(assignment=assignment)  # webhooks, after commit
    return assignment


@transaction.atomic
def assignment_pause(*, studio: Studio, actor: Actor, assignment: Assignment) -> Assignment:
    """Pause from today (studio-local): the paused days are not prescribed."""
    _require_manage_target(actor, assignment, studio)
    if assignment.paused_at is not None or assignment.ended_at is not None:
        return assignment
    assignment.paused_at = timezone.now()
    assignment.save(update_fields=["paused_at", "updated_at"])
    AssignmentPause.objects.create(studio=studio, assignment=assignment, starts_on=studio.today())
    _changed(assignment)
    return assignment


@transaction.atomic
def assignment_resume(*, studio: Studio, actor: Actor, assignment: Assignment) -> Assignment:
    """Resume from today: the open pause period ends yesterday (or vanishes if it began today)."""
    _require_manage_target(actor, assignment, studio)
    if assignment.paused_at is None:
        return assignment
    today = studio.today()
    for pause in AssignmentPause.objects.filter(assignment=assignment, ends_on__isnull=True):
        if pause.starts_on >= today:
            pause.delete()
        else:
            pause.ends_on = today - timedelta(days=1)
            pause.save(update_fields=["ends_on"])
    assignment.paused_at = None
    assignment.save(update_fields=["paused_at", "updated_at"])
    _changed(assignment)
    return assignment


@transaction.atomic
def assignment_end(*, studio: Studio, actor: Actor, assignment: Assignment) -> Assignment:
    """End early: today is the last day that counts (logs already made today still count)."""
    _require_manage_target(actor, assignment, studio)
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at", "updated_at"])
        _changed(assignment)
    return assignment


@transaction.atomic
def assignment_update(
    *, studio: Studio, actor: Actor, assignment: Assignment, ends_on: date | None = None,
    sessions_per_week: int | None = None, reason: str | None = None,
) -> Assignment:  # fmt: skip
    """PATCH by staff who may manage it (as pause / end): its last day, sessions a week (1-7), why."""
    _require_manage_target(actor, assignment, studio)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_at is not None:
        raise ApplicationError(ASSIGNMENT_ENDED)
    if ends_on is not None and ends_on < assignment.starts_on:
        raise ApplicationError(ENDS_BEFORE_START, {"starts_on": assignment.starts_on.isoformat()})
    if sessions_per_week is not None and not 1 <= sessions_per_week <= 7:
        raise ApplicationError("Sessions a week must be between 1 and 7.")
    values = {"ends_on": ends_on, "sessions_per_week": sessions_per_week, "reason": reason}
    for name, value in values.items():
        if value is not None:
            setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    _changed(assignment)
    return assignment


@transaction.atomic
def dose_set(
    *,
    studio: Studio,
    actor: Actor,
    assignment: Assignment,
    dancer: DancerProfile,
    exercise: Exercise,
    sets: int,
    reps: int | None = None,
    hold_s: int | None = None,
) -> DoseOverride:
    """A teacher's per-dancer dose for one exercise of an assignment (replaces any earlier one)."""
    for obj, what in ((assignment, "Assignment"), (dancer, "Dancer")):
        require_in_studio(obj, studio, what)
    if not can_manage_dancer(actor, dancer):
        raise PermissionDenied(NOT_YOUR_CLASS)
    if not assignment_applies_to(assignment, dancer):
        raise ApplicationError(NOT_ASSIGNED)
    if not assignment.program.items.filter(exercise=exercise).exists():
        raise ApplicationError(EXERCISE_NOT_IN_PROGRAM)
    if reps is None and hold_s is None:
        raise ApplicationError("Give reps or a hold time.")
    override = DoseOverride.objects.filter(assignment=assignment, dancer=dancer, exercise=exercise).first()
    override = override or DoseOverride(
        studio=studio, assignment=assignment, dancer=dancer, exercise=exercise
    )
    override.sets, override.reps, override.hold_s = sets, reps, hold_s
    override.full_clean()
    override.save()
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return override
