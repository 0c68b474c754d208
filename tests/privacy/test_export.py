"""GDPR Art. 20: a dancer's data as data.json plus their clip and key-frame files, in one zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.privacy.footprint import build_footprint
from tests.world import World

pytestmark = pytest.mark.django_db


def _export(world: World, role: str, dancer_id: object) -> zipfile.ZipFile:
    url = reverse("privacy-dancer-export", kwargs={"studio_id": world.a.studio.public_id, "pk": dancer_id})
    response = client_for(world, role).get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert f'filename="studiohealth-dancer-{dancer_id}.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_guardian_exports_records_and_files(world: World) -> None:
    fp = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    build_footprint(
        world.a, world.a.other_dancer, guardian=world.a.other_guardian, teacher=world.a.other_teacher
    )
    archive = _export(world, "guardian", world.a.dancer.public_id)

    names = set(archive.namelist())
    assert {"README.txt", "data.json", *(f"files/{n}" for n in fp.files)} == names
    media = Path(settings.MEDIA_ROOT)
    for name in fp.files:
        assert archive.read(f"files/{name}") == (media / name).read_bytes()

    data = json.loads(archive.read("data.json"))
    assert data["dancer"] == str(world.a.dancer.public_id)
    assert data["account"]["username"] == world.a.dancer_user.username
    records = data["records"]
    for label in (
        "studios.dancerprofile",
        "studios.guardianconsent",
        "studios.classgroup_dancers",
        "screenings.screening",
        "screenings.clip",
        "screenings.analysis",
        "programs.assignment",
        "programs.doseoverride",
        "programs.exerciselog",
        "programs.pauseday",
        "programs.programview",
        "programs.referralrequest",
        "programs.notification",
    ):
        assert records.get(label), f"{label} missing from the export"
    assert len(records["programs.exerciselog"]) == 2  # her own assignment and the class one
    assert records["screenings.clip"][0]["file"] == f"files/{fp.files[0]}"
    assert records["screenings.analysis"][0]["result"]["metrics"]["depth_pct"] == {"value": 20.0, "sem": 1.0}
    # Only public ids leave the database; secrets never do.
    assert records["screenings.clip"][0]["dancer"] == str(world.a.dancer.public_id)
    assert "id" not in records["screenings.clip"][0]
    assert all("token" not in row and "token_hash" not in row for row in records["studios.invitation"])
    # Nothing about the other dancer.
    assert str(world.a.other_dancer.public_id) not in archive.read("data.json").decode()

    event = AuditEvent.objects.get(action=AuditAction.EXPORT_DATA)
    assert (event.actor, event.dancer_ref) == (world.a.guardian, world.a.dancer.public_id)


def test_export_lists_a_purged_clip_as_missing(world: World) -> None:
    fp = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    (Path(settings.MEDIA_ROOT) / fp.files[0]).unlink()  # as the retention purge would
    archive = _export(world, "director", world.a.dancer.public_id)
    assert json.loads(archive.read("data.json"))["files_missing"] == [fp.files[0]]
    assert f"files/{fp.files[1]}" in archive.namelist()


def test_minor_cannot_export_alone_but_an_adult_dancer_can(world: World) -> None:
    url = reverse(
        "privacy-dancer-export",
        kwargs={"studio_id": world.a.studio.public_id, "pk": world.a.dancer.public_id},
    )
    assert client_for(world, "dancer").get(url).status_code == 403
    world.a.dancer.birth_year = world.a.studio.today().year - 25
    world.a.dancer.save()
    archive = _export(world, "dancer", world.a.dancer.public_id)
    assert "data.json" in archive.namelist()
