"""Matrix rows for programs/ routes (a dancer logs only for themselves; a guardian reads, marks rest
days and may ask for an evaluation; a teacher manages only their classes; the director anything)."""

from __future__ import annotations

from datetime import timedelta

from tests.permission_matrix.case import (
    CREATED,
    FORBIDDEN,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    UNAUTH,
    Case,
    expect,
    studio_kwargs,
)
from tests.world import Tenant, World

HIDDEN_FROM_OTHERS = {"other_teacher": NOT_FOUND, "other_dancer": NOT_FOUND, "other_guardian": NOT_FOUND}
STAFF_OF_DANCER = expect(FORBIDDEN, director=OK, teacher=OK, other_teacher=NOT_FOUND)


def _pk(key: str):  # noqa: ANN202
    return lambda w: {"studio_id": w.a.studio.public_id, "pk": w.extra[f"programs_{key}"].public_id}


def _template(w: World):  # noqa: ANN202
    return w.extra["programs_template"]


CASES = [
    Case("exercise-list", "get", expect(OK), kwargs=studio_kwargs),
    Case("exercise-detail", "get", expect(OK), kwargs=_pk("exercise")),
    Case("program-list", "get", expect(OK), kwargs=studio_kwargs),
    Case("program-detail", "get", expect(OK), kwargs=_pk("template")),
    Case(
        "program-suggestion-list",
        "get",
        STAFF_OF_DANCER,
        kwargs=studio_kwargs,
        data=lambda w: {"dancer": str(w.a.dancer.public_id)},
    ),
    Case("assignment-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "assignment-list",
        "post",
        expect(FORBIDDEN, director=CREATED, teacher=CREATED, other_teacher=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {"program": str(_template(w).public_id), "dancer": str(w.a.dancer.public_id)},
    ),
    Case(
        "assignment-list",
        "post",
        expect(FORBIDDEN, director=CREATED, teacher=CREATED, other_teacher=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {
            "program": str(_template(w).public_id),
            "class_group": str(w.a.class_group.public_id),
        },
        label="class",
    ),
    # A teacher assigns only to their own classes: the other class is not even visible to them.
    Case(
        "assignment-list",
        "post",
        expect(FORBIDDEN, director=CREATED, teacher=NOT_FOUND, other_teacher=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {
            "program": str(_template(w).public_id),
            "class_group": str(w.a.other_class.public_id),
        },
        label="other-class",
    ),
    Case("assignment-detail", "get", expect(OK, **HIDDEN_FROM_OTHERS), kwargs=_pk("assignment")),
    Case(
        "assignment-detail",
        "get",
        expect(OK, **HIDDEN_FROM_OTHERS),
        kwargs=_pk("class_assignment"),
        label="class",
    ),
    # PATCH: staff who may manage it, like pause and end (programs.services.assignment_update).
    Case(
        "assignment-detail",
        "patch",
        STAFF_OF_DANCER,
        kwargs=_pk("assignment"),
        data=lambda w: {"sessions_per_week": 4, "reason": "Matrix"},
    ),
    Case(
        "assignment-detail",
        "patch",
        # The class's teacher (a.class_group is the teacher's); the other teacher cannot see it.
        expect(FORBIDDEN, director=OK, teacher=OK, other_teacher=NOT_FOUND),
        kwargs=_pk("class_assignment"),
        data=lambda w: {"sessions_per_week": 2},
        label="class",
    ),
    Case("assignment-pause", "post", STAFF_OF_DANCER, kwargs=_pk("assignment")),
    Case("assignment-resume", "post", STAFF_OF_DANCER, kwargs=_pk("assignment")),
    Case("assignment-end", "post", STAFF_OF_DANCER, kwargs=_pk("class_assignment")),
    Case("dose-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "dose-list",
        "post",
        expect(FORBIDDEN, director=CREATED, teacher=CREATED, other_teacher=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {
            "assignment": str(w.extra["programs_assignment"].public_id),
            "dancer": str(w.a.dancer.public_id),
            "exercise": str(w.extra["programs_item_exercise"].public_id),
            "sets": 2,
            "reps": 10,
        },
    ),
    Case("exercise-log-list", "get", expect(OK), kwargs=studio_kwargs),
    Case("exercise-log-detail", "get", expect(OK, **HIDDEN_FROM_OTHERS), kwargs=_pk("log")),
    Case(
        "exercise-log-list",
        "post",
        expect(FORBIDDEN, dancer=CREATED, other_dancer=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {
            "idempotency_key": "matrix-log-0001",
            "assignment": str(w.extra["programs_assignment"].public_id),
            "exercise": str(w.extra["programs_item_exercise"].public_id),
            "reps": 12,
            "pain": 1,
        },
    ),
    Case("pause-day-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "pause-day-list",
        "post",
        expect(CREATED, **HIDDEN_FROM_OTHERS),
        kwargs=studio_kwargs,
        data=lambda w: {
            "dancer": str(w.a.dancer.public_id),
            "date": str(w.a.studio.today() + timedelta(days=1)),
            "kind": "illness",
        },
    ),
    Case("pause-day-detail", "get", expect(OK, **HIDDEN_FROM_OTHERS), kwargs=_pk("pause_day")),
    Case("pause-day-detail", "delete", expect(NO_CONTENT, **HIDDEN_FROM_OTHERS), kwargs=_pk("pause_day")),
    Case(
        "program-view-list",
        "post",
        expect(FORBIDDEN, dancer=CREATED, other_dancer=CREATED),
        kwargs=studio_kwargs,
    ),
    Case("compliance-dancer-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "compliance-dancer-detail",
        "get",
        expect(OK, **HIDDEN_FROM_OTHERS),
        kwargs=lambda w: {"studio_id": w.a.studio.public_id, "pk": w.a.dancer.public_id},
    ),
    Case(
        "compliance-class-detail",
        "get",
        STAFF_OF_DANCER,
        kwargs=lambda w: {"studio_id": w.a.studio.public_id, "pk": w.a.class_group.public_id},
    ),
    Case("compliance-studio-list", "get", expect(FORBIDDEN, director=OK), kwargs=studio_kwargs),
    Case(
        "referral-flag-list",
        "get",
        expect(OK, dancer=FORBIDDEN, other_dancer=FORBIDDEN),
        kwargs=studio_kwargs,
    ),
    Case("referral-request-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "referral-request-list",
        "post",
        expect(FORBIDDEN, dancer=CREATED, guardian=CREATED, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {"dancer": str(w.a.dancer.public_id), "note": "Knee hurts after jumps."},
    ),
    Case("notification-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "notification-read",
        "post",
        expect(NOT_FOUND, dancer=OK, anonymous=UNAUTH),
        kwargs=_pk("notification"),
    ),
]


def _rows(t: Tenant) -> dict:
    from programs.library import GLUTE_MED_FOUNDATIONS, library_ensure
    from programs.models import (
        Assignment,
        Exercise,
        ExerciseLog,
        Notification,
        PauseDay,
        Program,
    )

    library_ensure()  # a transactional (browser) test's flush also empties the seeded library
    template = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
    today = t.studio.today()
    start = today - timedelta(days=7)
    assignment = Assignment.objects.create(
        studio=t.studio,
        program=template,
        dancer=t.dancer,
        starts_on=start,
        ends_on=start + timedelta(weeks=6),
    )
    class_assignment = Assignment.objects.create(
        studio=t.studio,
        program=template,
        class_group=t.class_group,
        starts_on=start,
        ends_on=start + timedelta(weeks=6),
    )
    item_exercise = template.items.first().exercise
    log = ExerciseLog.objects.create(
        studio=t.studio,
        dancer=t.dancer,
        assignment=assignment,
        exercise=item_exercise,
        date=today,
        reps=15,
        idempotency_key="matrix-setup-log",
    )
    return {
        "programs_template": template,
        "programs_exercise": Exercise.objects.get(studio__isnull=True, slug="clamshell"),
        "programs_item_exercise": item_exercise,
        "programs_assignment": assignment,
        "programs_class_assignment": class_assignment,
        "programs_log": log,
        "programs_pause_day": PauseDay.objects.create(
            studio=t.studio, dancer=t.dancer, date=today - timedelta(days=1), kind="rest"
        ),
        "programs_notification": Notification.objects.create(
            studio=t.studio,
            user=t.dancer_user,
            dancer=t.dancer,
            kind="behind",
            message="Behind.",
            week_start=start,
        ),
    }


def setup(w: World) -> None:
    """Rows in studio A the cases refer to, and the same kinds of rows in studio B."""
    w.extra.update(_rows(w.a))
    _rows(w.b)
