"""Studio API keys end to end over the real API: shown once, hashed, scoped, revocable, audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.models import KeyRequest, StudioAPIKey
from tests.world import World

pytestmark = pytest.mark.django_db


def _create(world: World, scope: str, tenant: str = "a") -> tuple[str, dict]:
    t = getattr(world, tenant)
    client = APIClient()
    client.force_login(t.director)
    url = reverse("api-key-list", kwargs={"studio_id": t.studio.public_id})
    response = client.post(url, {"name": f"Jackrabbit {scope}", "scope": scope}, format="json")
    assert response.status_code == 201, response.data
    return response.data["key"], response.data


def _key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def _dancers_url(world: World) -> str:
    return reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id})


def test_key_is_shown_once_and_only_a_hash_is_stored(world: World) -> None:
    plain, body = _create(world, "read")
    row = StudioAPIKey.objects.get(public_id=body["id"])
    assert plain.startswith(row.prefix + ".") and body["prefix"] == row.prefix
    assert plain not in row.hashed_key and row.hashed_key.startswith("sha512$$")
    with connection.cursor() as cursor:  # the secret part is in no column of the table
        cursor.execute(f"SELECT * FROM {StudioAPIKey._meta.db_table}")  # noqa: S608
        assert not any(plain.split(".")[1] in str(value) for value in cursor.fetchone())
    client = APIClient()
    client.force_login(world.a.director)
    listed = client.get(reverse("api-key-list", kwargs={"studio_id": world.a.studio.public_id})).data
    assert [k["name"] for k in listed["results"]] == ["Jackrabbit read"]
    assert "key" not in listed["results"][0]
    assert not row.service_user.has_usable_password()


def test_read_key_reads_like_the_director_but_cannot_write(world: World) -> None:
    plain, body = _create(world, "read")
    client = _key_client(plain)
    response = client.get(_dancers_url(world))
    assert response.status_code == 200
    assert {d["id"] for d in response.data["results"]} == {
        str(world.a.dancer.public_id),
        str(world.a.other_dancer.public_id),
    }
    denied = client.post(_dancers_url(world), {"first_name": "Cleo", "last_name": "N", "birth_year": 2013})
    assert denied.status_code == 403
    row = StudioAPIKey.objects.get(public_id=body["id"])
    assert row.last_used_at is not None
    assert list(KeyRequest.objects.filter(key=row).order_by("at").values_list("method", "status_code")) == [
        ("GET", 200),
        ("POST", 403),
    ]


def test_write_key_writes_and_the_write_is_attributed_to_the_key(world: World) -> None:
    plain, body = _create(world, "write")
    response = _key_client(plain).post(
        _dancers_url(world), {"first_name": "Cleo", "last_name": "New", "birth_year": 2013}, format="json"
    )
    assert response.status_code == 201, response.data
    assert KeyRequest.objects.get(key__public_id=body["id"]).status_code == 201


def test_revoked_or_unknown_key_gets_401_and_is_recorded(world: World) -> None:
    plain, body = _create(world, "write")
    director = APIClient()
    director.force_login(world.a.director)
    revoke = reverse("api-key-revoke", kwargs={"studio_id": world.a.studio.public_id, "pk": body["id"]})
    assert director.post(revoke).data["revoked"] is True
    response = _key_client(plain).get(_dancers_url(world))
    assert response.status_code == 401
    assert response["WWW-Authenticate"]
    assert KeyRequest.objects.get(key__public_id=body["id"]).status_code == 401
    prefix = plain.split(".")[0]
    assert _key_client(prefix + ".wrong-secret").get(_dancers_url(world)).status_code == 401
    assert _key_client("nonsense.key").get(_dancers_url(world)).status_code == 401


def test_another_studios_key_is_not_found_everywhere(world: World) -> None:
    plain, _ = _create(world, "write", tenant="b")
    client = _key_client(plain)
    dancer = reverse(
        "dancer-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": world.a.dancer.public_id}
    )
    for response in (client.get(_dancers_url(world)), client.get(dancer), client.delete(dancer)):
        assert response.status_code == 404
        assert b"Studio A" not in response.content
    assert (
        client.get(reverse("dancer-list", kwargs={"studio_id": world.b.studio.public_id})).status_code == 200
    )


def test_keys_work_only_under_studio_routes_and_never_manage_keys(world: World) -> None:
    plain, _ = _create(world, "write")
    client = _key_client(plain)
    assert client.get(reverse("studio-list")).status_code == 401
    keys_url = reverse("api-key-list", kwargs={"studio_id": world.a.studio.public_id})
    assert client.get(keys_url).status_code == 403
    assert client.post(keys_url, {"name": "more", "scope": "write"}, format="json").status_code == 403
    # A key's service user cannot sign in to pages.
    page = reverse("dashboard-roster", kwargs={"studio_id": world.a.studio.public_id})
    assert client.get(page).status_code == 302


def test_bad_scope_is_a_named_error(world: World) -> None:
    client = APIClient()
    client.force_login(world.a.director)
    url = reverse("api-key-list", kwargs={"studio_id": world.a.studio.public_id})
    response = client.post(url, {"name": "x", "scope": "admin"}, format="json")
    assert response.status_code == 400
    assert "scope" in str(response.data)
    assert not StudioAPIKey.objects.exists()
