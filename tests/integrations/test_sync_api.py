"""The roster sync API over DRF: upsert by external id, bulk JSON sync, CSV import (dry run, then
apply), PATCH / archive / restore, key scopes, and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from integrations.roster_sample import roster_csv, roster_sample_records
from integrations.services import api_key_create
from studios.external_models import Contact
from studios.models import ClassGroup, DancerProfile
from studios.policies import actor_for
from tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _client(world: World, scope: str | None = None) -> APIClient:
    client = APIClient()
    if scope is None:
        client.force_login(world.a.director)
        return client
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    assert actor is not None
    _, plain = api_key_create(studio=world.a.studio, actor=actor, name=f"sync {scope}", scope=scope)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    return client


def _base(world: World) -> str:
    return f"/api/studios/{world.a.studio.public_id}"


def test_put_by_external_id_is_idempotent(world: World) -> None:
    client, base = _client(world, "write"), _base(world)
    body = {"first_name": "Cleo", "last_name": "Park", "birth_date": "2014-05-02"}
    first = client.put(f"{base}/dancers/by-external-id/jackrabbit/S-100/", body, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["action"] == "create"
    again = client.put(f"{base}/dancers/by-external-id/jackrabbit/S-100/", body, format="json")
    assert (again.status_code, again.json()["action"]) == (200, "unchanged")
    assert again.json()["id"] == first.json()["id"]
    renamed = client.put(
        f"{base}/dancers/by-external-id/jackrabbit/S-100/", body | {"first_name": "Cleo-Mae"}, format="json"
    )
    assert renamed.json()["action"] == "update"
    dancer = DancerProfile.objects.get(studio=world.a.studio, source="jackrabbit", external_id="S-100")
    assert (dancer.first_name, dancer.birth_year) == ("Cleo-Mae", 2014)
    season = {"name": "2026/27", "starts_on": "2026-09-01", "ends_on": "2027-07-01"}
    assert (
        client.put(f"{base}/seasons/by-external-id/jackrabbit/Y1/", season, format="json").status_code == 201
    )
    group = {"name": "Tap 2", "season_id": "Y1"}
    assert (
        client.put(f"{base}/classes/by-external-id/jackrabbit/K1/", group, format="json").status_code == 201
    )
    place = {"class_id": "K1", "dancer_id": "S-100"}
    assert (
        client.put(f"{base}/enrolments/by-external-id/jackrabbit/P1/", place, format="json").status_code
        == 201
    )
    assert list(ClassGroup.objects.get(external_id="K1").dancers.all()) == [dancer]
    bad = client.put(
        f"{base}/dancers/by-external-id/jackrabbit/S-101/", body | {"birth_date": "02/05/2014"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["extra"]["code"] == "bad_date" and "YYYY-MM-DD" in bad.json()["message"]
    unknown = client.put(
        f"{base}/enrolments/by-external-id/jackrabbit/P2/",
        {"class_id": "nope", "dancer_id": "S-100"},
        format="json",
    )
    assert (unknown.status_code, unknown.json()["extra"]["code"]) == (400, "unknown_class")


def test_read_key_cannot_sync(world: World) -> None:
    client, base = _client(world, "read"), _base(world)
    body = {"first_name": "Cleo", "last_name": "Park", "birth_date": "2014-05-02"}
    assert client.put(f"{base}/dancers/by-external-id/csv/S-1/", body, format="json").status_code == 403
    records = {"source": "csv", "records": [{"record_type": "dancer", "external_id": "S-1"} | body]}
    assert client.post(f"{base}/roster-sync/", records, format="json").status_code == 403
    assert client.get(f"{base}/roster-imports/").status_code == 200


def test_bulk_sync_dry_run_then_apply(world: World) -> None:
    client, base = _client(world, "write"), _base(world)
    records = roster_sample_records(dancers=8, guardians=3, classes=2, staff=1)
    dry = client.post(f"{base}/roster-sync/", {"source": "mindbody", "records": records}, format="json")
    assert dry.status_code == 200, dry.content
    assert dry.json()["counts"]["create"] == len(records) and dry.json()["applied"] is False
    assert not DancerProfile.objects.filter(source="mindbody").exists()
    body = {"source": "mindbody", "records": records, "dry_run": False}
    assert client.post(f"{base}/roster-sync/", body, format="json").json()["counts"]["create"] == len(records)
    again = client.post(f"{base}/roster-sync/", body, format="json").json()["counts"]
    assert (again["create"], again["update"], again["unchanged"]) == (0, 0, len(records))


def test_csv_upload_dry_run_apply_and_reimport(world: World) -> None:
    client, base = _client(world), _base(world)
    content = roster_csv(roster_sample_records()).encode()

    def upload(**extra: object) -> dict:
        file = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
        response = client.post(
            f"{base}/roster-imports/", {"file": file, "source": "csv", **extra}, format="multipart"
        )
        assert response.status_code == 201, response.content
        return response.json()

    first = upload()
    assert first["state"] == "previewed" and first["report"]["counts"]["error"] == 0
    applied = client.post(f"{base}/roster-imports/{first['id']}/apply/")
    assert applied.status_code == 200 and applied.json()["state"] == "applied"
    assert client.post(f"{base}/roster-imports/{first['id']}/apply/").status_code == 400  # not twice
    second = upload(archive_missing="true")
    counts = second["report"]["counts"]
    assert (counts["create"], counts["update"], counts["archive"]) == (0, 0, 0)
    latin = SimpleUploadedFile("roster.csv", "record_type,external_id\ndancer,Zoë\n".encode("latin-1"))
    refused = client.post(f"{base}/roster-imports/", {"file": latin, "source": "csv"}, format="multipart")
    assert refused.status_code == 400 and refused.json()["extra"]["code"] == "not_utf8"


def test_patch_archive_restore(world: World) -> None:
    client, base = _client(world), _base(world)
    dancer = world.a.dancer
    patched = client.patch(f"{base}/dancers/{dancer.public_id}/", {"last_name": "Ashby-Lee"}, format="json")
    assert patched.status_code == 200 and patched.json()["last_name"] == "Ashby-Lee"
    archived = client.post(f"{base}/dancers/{dancer.public_id}/archive/")
    assert archived.status_code == 200 and archived.json()["archived_at"]
    assert client.post(f"{base}/dancers/{dancer.public_id}/restore/").json()["archived_at"] is None
    group = world.a.class_group
    renamed = client.patch(f"{base}/classes/{group.public_id}/", {"name": "Ballet III (Sat)"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Ballet III (Sat)"
    assert list(group.teachers.all()) == [world.a.teacher]  # untouched by a PATCH without teachers
    assert client.post(f"{base}/classes/{group.public_id}/archive/").json()["archived_at"]
    season = client.patch(f"{base}/seasons/{world.a.season.public_id}/", {"name": "Autumn"}, format="json")
    assert season.status_code == 200 and season.json()["name"] == "Autumn"
    bad = client.patch(
        f"{base}/seasons/{world.a.season.public_id}/", {"ends_on": "1999-01-01"}, format="json"
    )
    assert bad.status_code == 400


def test_contact_archive_cuts_the_account_link(world: World) -> None:
    client, base = _client(world), _base(world)
    records = [
        {"record_type": "guardian", "external_id": "G1", "email": f"{world.a.guardian.username}@example.test"}
        | {"dancer_ids": "D1"},
        {
            "record_type": "dancer",
            "external_id": "D1",
            "first_name": "Una",
            "last_name": "New",
            "birth_date": "2015-01-01",
        },
    ]
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=world.a.guardian, email=world.a.guardian.email, verified=True, primary=True
    )
    body = {"source": "csv", "records": records, "dry_run": False}
    assert client.post(f"{base}/roster-sync/", body, format="json").status_code == 200
    contact = Contact.objects.get(external_id="G1")
    assert contact.user == world.a.guardian  # an account already guardian here: linked, no invitation
    una = DancerProfile.objects.get(external_id="D1")
    assert list(una.guardians.all()) == [world.a.guardian]
    listed = client.get(f"{base}/contacts/?kind=guardian").json()["results"]
    assert [c["external_id"] for c in listed] == ["G1"]
    assert client.post(f"{base}/contacts/{contact.public_id}/archive/").status_code == 200
    assert not una.guardians.exists()
    assert world.a.dancer.guardians.filter(pk=world.a.guardian.pk).exists()  # her other ward stays


def test_schema_lists_the_sync_routes(world: World) -> None:
    client = _client(world)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/studios/{studio_id}/roster-sync/",
        "/api/studios/{studio_id}/roster-imports/",
        "/api/studios/{studio_id}/roster-imports/{id}/apply/",
        "/api/studios/{studio_id}/dancers/by-external-id/{source}/{external_id}/",
        "/api/studios/{studio_id}/dancers/{id}/archive/",
        "/api/studios/{studio_id}/contacts/",
    ):
        assert path in paths, path
    assert "patch" in paths["/api/studios/{studio_id}/dancers/{id}/"]
