"""Matrix rows for the dashboard API (/api/studios/<id>/dashboard/...)."""

from __future__ import annotations

from tests.permission_matrix.case import (
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


def _foreign_dancer(w: World) -> dict:
    # Studio B's dancer under studio A's URL: not found for everyone, even A's director.
    return {"studio_id": w.a.studio.public_id, "pk": w.b.dancer.public_id}


HIDDEN = {"other_teacher": NOT_FOUND, "other_dancer": NOT_FOUND, "other_guardian": NOT_FOUND}
FAMILY_FORBIDDEN = {
    "dancer": FORBIDDEN,
    "other_dancer": FORBIDDEN,
    "guardian": FORBIDDEN,
    "other_guardian": FORBIDDEN,
}

CASES = [
    # The roster is the director's; teachers use their class view.
    Case("dashboard-roster-api", "get", expect(FORBIDDEN, director=OK), kwargs=studio_kwargs),
    # Class view: staff only (role check first → 403 for families); another teacher's class is "not found".
    Case(
        "dashboard-class-api",
        "get",
        expect(OK, other_teacher=NOT_FOUND, **FAMILY_FORBIDDEN),
        kwargs=class_kwargs,
    ),
    # Dancer page: whoever may see the dancer (director, her teacher, herself, her guardian).
    Case("dashboard-dancer-api", "get", expect(OK, **HIDDEN), kwargs=dancer_kwargs),
    Case("dashboard-dancer-summary-api", "get", expect(OK, **HIDDEN), kwargs=dancer_kwargs),
    Case(
        "dashboard-dancer-api",
        "get",
        expect(NOT_FOUND, anonymous=401),
        kwargs=_foreign_dancer,
        label="foreign-dancer",
    ),
]
