"""Matrix rows for the roster sync routes (integrations/sync_api.py) and the PATCH / archive /
restore routes on seasons, dancers, classes and guardian / staff records (studios/)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permission_matrix.case import (
    CREATED,
    FORBIDDEN,
    OK,
    Case,
    class_kwargs,
    dancer_kwargs,
    expect,
    studio_kwargs,
)
from tests.world import World

DIRECTOR_ONLY = expect(FORBIDDEN, director=OK)
ROSTER = "record_type,external_id,first_name,last_name,birth_date\ndancer,M1,Mia,Matrix,2013-04-05\n"


def setup(world: World) -> None:
    from integrations.roster_services import roster_import_create
    from studios.external_models import Contact
    from studios.policies import actor_for

    world.extra["contact"] = Contact.objects.create(
        studio=world.a.studio, kind="guardian", source="csv", external_id="G1", email="g1@example.test"
    )
    Contact.objects.create(
        studio=world.b.studio, kind="guardian", source="csv", external_id="G1", email="b@example.test"
    )
    director = actor_for(user=world.a.director, studio=world.a.studio)
    assert director is not None
    world.extra["roster_import"] = roster_import_create(
        studio=world.a.studio, actor=director, source="csv", content=ROSTER
    )


def _season(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id, "pk": w.a.season.public_id}


def _contact(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["contact"].public_id}


def _import(w: World) -> dict[str, Any]:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["roster_import"].public_id}


def _by_id(kind: str) -> Any:
    return lambda w: {"studio_id": w.a.studio.public_id, "source": "csv", "external_id": f"{kind}-1"}


def _upload(w: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("roster.csv", ROSTER.encode(), content_type="text/csv"),
        "source": "csv",
    }


UPSERT_BODIES: dict[str, Any] = {
    "season": lambda w: {"name": "Summer", "starts_on": "2027-06-01", "ends_on": "2027-08-31"},
    "staff": lambda w: {"email": "new.teacher@example.test"},
    "guardian": lambda w: {"email": "new.guardian@example.test"},
    "dancer": lambda w: {"first_name": "Cleo", "last_name": "New", "birth_date": "2013-02-03"},
    # Classes and enrolments refer to other records of the same source; none exist: a named 400.
    "class": lambda w: {"name": "Jazz", "season_id": "season-1"},
    "enrolment": lambda w: {"class_id": "class-1", "dancer_id": "dancer-1"},
}
UPSERT_STATUS = {"season": CREATED, "staff": CREATED, "guardian": CREATED, "dancer": CREATED}

CASES = [
    Case("season-detail", "patch", DIRECTOR_ONLY, kwargs=_season, data=lambda w: {"name": "Autumn"}),
    Case("dancer-detail", "patch", DIRECTOR_ONLY, kwargs=dancer_kwargs, data=lambda w: {"last_name": "Lee"}),
    Case("dancer-archive", "post", DIRECTOR_ONLY, kwargs=dancer_kwargs),
    Case("dancer-restore", "post", DIRECTOR_ONLY, kwargs=dancer_kwargs),
    Case("class-detail", "patch", DIRECTOR_ONLY, kwargs=class_kwargs, data=lambda w: {"name": "Ballet 3"}),
    Case("class-archive", "post", DIRECTOR_ONLY, kwargs=class_kwargs),
    Case("class-restore", "post", DIRECTOR_ONLY, kwargs=class_kwargs),
    Case("contact-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case("contact-detail", "get", DIRECTOR_ONLY, kwargs=_contact),
    Case("contact-detail", "patch", DIRECTOR_ONLY, kwargs=_contact, data=lambda w: {"first_name": "Gia"}),
    Case("contact-archive", "post", DIRECTOR_ONLY, kwargs=_contact),
    Case("contact-restore", "post", DIRECTOR_ONLY, kwargs=_contact),
    Case("roster-import-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case(
        "roster-import-list",
        "post",
        expect(FORBIDDEN, director=CREATED),
        kwargs=studio_kwargs,
        data=_upload,
        format="multipart",
    ),
    Case("roster-import-detail", "get", DIRECTOR_ONLY, kwargs=_import),
    Case("roster-import-apply", "post", DIRECTOR_ONLY, kwargs=_import),
    Case(
        "roster-sync",
        "post",
        DIRECTOR_ONLY,
        kwargs=studio_kwargs,
        data=lambda w: {
            "source": "csv",
            "dry_run": False,
            "records": [
                {"record_type": "dancer", "external_id": "M2"}
                | {"first_name": "Mo", "last_name": "Matrix", "birth_date": "2012-01-01"}
            ],
        },
    ),
    *(
        Case(
            f"{kind}-by-external-id",
            "put",
            expect(FORBIDDEN, director=UPSERT_STATUS.get(kind, 400)),
            kwargs=_by_id(kind),
            data=body,
        )
        for kind, body in UPSERT_BODIES.items()
    ),
]
