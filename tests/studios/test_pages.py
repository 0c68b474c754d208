"""Login, home and invitation pages through the real test client (CSRF enforced)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from studios.models import Invitation, Membership, Role, User
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
def test_invited_guardian_signs_up_and_is_linked_to_the_dancer(world: World) -> None:
    invitation = Invitation.objects.create(
        studio=world.a.studio, email="mum@example.test", role=Role.GUARDIAN, dancer=world.a.dancer
    )
    client = Client()
    url = reverse("invitation-accept", kwargs={"token": invitation.token})
    assert "Join Studio A" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "username": "mum",
            "first_name": "Mum",
            "last_name": "Example",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert response.status_code == 302
    mum = User.objects.get(username="mum")
    assert mum.email == "mum@example.test"
    assert Membership.objects.filter(studio=world.a.studio, user=mum, role=Role.GUARDIAN).exists()
    assert world.a.dancer.guardians.filter(pk=mum.pk).exists()
    # The link works once.
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_invited_dancer_existing_user_is_linked_to_profile(world: World) -> None:
    world.a.dancer.user = None
    world.a.dancer.save()
    invitation = Invitation.objects.create(
        studio=world.a.studio, email="x@example.test", role=Role.DANCER, dancer=world.a.dancer
    )
    client = Client()
    client.force_login(world.a.other_teacher)
    client.post(reverse("invitation-accept", kwargs={"token": invitation.token}))
    world.a.dancer.refresh_from_db()
    assert world.a.dancer.user == world.a.other_teacher


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
