"""Login, home and invitation pages through the real test client (CSRF enforced)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import World


@pytest.mark.django_db
def test_login_page_and_director_home(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": "a_director", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Studio A" in home.content.decode()
    assert "Studio B" not in home.content.decode()


@pytest.mark.django_db
def test_login_without_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a_director", "password": "correct-horse-battery"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_home_requires_login() -> None:
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_api_docs_and_schema(world: World) -> None:
    client = Client()
    client.force_login(world.a.director)
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs.content
    schema = client.get(reverse("schema"))
    assert schema.status_code == 200
    assert b"/api/studios/{studio_id}/dancers/" in schema.content


@pytest.mark.django_db
def test_api_token_login(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("api-token"), {"username": "a_teacher", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    listing = Client().get(
        reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id}),
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert [d["first_name"] for d in listing.json()["results"]] == ["Ada"]
