"""Matrix rows for studios/ routes."""

from __future__ import annotations

from tests.permission_matrix.case import (
    CREATED,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    Case,
    class_kwargs,
    dancer_kwargs,
    expect,
    studio_kwargs,
)
from tests.world import World

STAFF_ONLY_READ = {
    "dancer": FORBIDDEN,
    "other_dancer": FORBIDDEN,
    "guardian": FORBIDDEN,
    "other_guardian": FORBIDDEN,
}
DIRECTOR_ONLY = expect(FORBIDDEN, director=OK)


def _season(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.a.season.public_id}


def _invitation(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["invitation"].public_id}


def _consent(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["consent"].public_id}


CASES = [
    Case("studio-list", "get", expect(OK, outsider=OK), kwargs=lambda w: {}),
    Case("studio-detail", "get", expect(OK), kwargs=studio_kwargs),
    Case("season-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "season-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"name": "Summer", "starts_on": "2027-06-01", "ends_on": "2027-08-31"},
    ),
    Case("season-detail", "get", expect(OK), kwargs=_season),
    Case("dancer-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "dancer-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"first_name": "Cleo", "last_name": "New", "birth_year": 2013},
    ),
    # Visibility: the teacher of another class, the other dancer and the other guardian cannot see her.
    Case(
        "dancer-detail",
        "get",
        expect(OK, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND),
        kwargs=dancer_kwargs,
    ),
    Case("class-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "class-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {
            "name": "Jazz I",
            "season": str(w.a.season.public_id),
            "teachers": [str(w.a.teacher.public_id)],
        },
    ),
    Case(
        "class-detail",
        "get",
        expect(OK, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND),
        kwargs=class_kwargs,
    ),
    Case(
        "class-set-dancers",
        "put",
        # The role check comes before the lookup, so a member without the role gets 403 for any id.
        expect(FORBIDDEN, director=OK),
        kwargs=class_kwargs,
        data=lambda w: {"dancers": [str(w.a.dancer.public_id), str(w.a.other_dancer.public_id)]},
    ),
    # Teachers get 200 but only the people of their classes (tests/studios/test_people.py).
    Case("membership-list", "get", expect(OK, **STAFF_ONLY_READ), kwargs=studio_kwargs),
    Case("invitation-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case(
        "invitation-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=lambda w: {"email": "new@example.test", "role": "teacher"},
    ),
    # A new address re-issues the link and sends it again (studios.invitations.invitation_update).
    Case("invitation-detail", "patch", DIRECTOR_ONLY, kwargs=_invitation, data=lambda w: {"role": "director"}),
    Case("invitation-resend", "post", DIRECTOR_ONLY, kwargs=_invitation),
    Case("invitation-revoke", "post", DIRECTOR_ONLY, kwargs=_invitation),
    Case("consent-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "consent-list",
        "post",
        expect(FORBIDDEN, guardian=CREATED, other_guardian=NOT_FOUND),
        kwargs=studio_kwargs,
        data=lambda w: {"dancer": str(w.a.dancer.public_id), "retention_days": 180},
    ),
    Case(
        "consent-detail",
        "get",
        expect(OK, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND),
        kwargs=_consent,
    ),
    Case(
        "consent-withdraw",
        "post",
        expect(FORBIDDEN, guardian=OK, other_guardian=NOT_FOUND),
        kwargs=_consent,
    ),
]


def setup(w: World) -> None:
    """Objects the rows above refer to (called once per test on a fresh world)."""
    from studios.models import GuardianConsent, Role
    from tests.studios.invites import invite

    w.extra["invitation"], _ = invite(w.a, email="pending@example.test", role=Role.TEACHER)

    w.extra["consent"] = GuardianConsent.objects.create(
        studio=w.a.studio, dancer=w.a.dancer, guardian=w.a.guardian
    )
    # The outsider's own studio has the same kinds of rows, so a wrong scope would show up as data.
    GuardianConsent.objects.create(studio=w.b.studio, dancer=w.b.dancer, guardian=w.b.guardian)
