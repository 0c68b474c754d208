"""Sign-up with e-mail verification, starting a studio, settings, password reset and change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from studios.models import Membership, Role, Season, Studio, User
from tests.world import World

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase-1"


def _link(body: str) -> str:
    match = re.search(r"https?://testserver(/accounts/[^\s]+)", body)
    assert match, body
    return match.group(1)


def test_sign_up_verify_and_start_a_studio() -> None:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "founder@example.test",
            "username": "founder",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # not logged in before the address is confirmed
    confirm = _link(str(mail.outbox[-1].body))
    assert client.post(confirm).status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Start a new studio" in home.content.decode()
    response = client.post(
        reverse("studio-start"),
        {
            "name": "Pointe Studio",
            "timezone_name": "Europe/Paris",
            "season_name": "2026/27",
            "starts_on": "2026-09-01",
            "ends_on": "2027-07-15",
        },
    )
    studio = Studio.objects.get(name="Pointe Studio")
    assert response["Location"] == reverse("studio-people", kwargs={"studio_id": studio.public_id})
    founder = User.objects.get(username="founder")
    assert Membership.objects.filter(studio=studio, user=founder, role=Role.DIRECTOR).exists()
    assert studio.timezone == "Europe/Paris"
    assert Season.objects.get(studio=studio).name == "2026/27"


def test_season_dates_and_time_zone_are_checked() -> None:
    client = Client()
    client.force_login(User.objects.create_user("x", "x@example.test", PASSWORD))
    response = client.post(
        reverse("studio-start"),
        {
            "name": "S",
            "timezone_name": "Mars/Base",
            "season_name": "s",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The season must end after it starts." in text and "Select a valid choice" in text
    assert not Studio.objects.exists()


def test_director_changes_settings(world: World) -> None:
    client = Client()
    client.force_login(world.a.director)
    url = reverse("studio-settings", kwargs={"studio_id": world.a.studio.public_id})
    assert "Keep screening clips for" in client.get(url).content.decode()
    client.post(
        url,
        {
            "name": "Studio A+",
            "timezone_name": "America/New_York",
            "clip_retention_days": "180",
            "guardian_view": "results",
        },
    )
    world.a.studio.refresh_from_db()
    assert (world.a.studio.name, world.a.studio.timezone, world.a.studio.clip_retention_days) == (
        "Studio A+",
        "America/New_York",
        180,
    )


def test_password_reset_from_the_emailed_link(world: World) -> None:
    from allauth.account.models import EmailAddress

    user = world.a.teacher
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login_page = Client().get(reverse("login")).content.decode()
    assert reverse("account_reset_password") in login_page
    client = Client()
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset = _link(str(mail.outbox[-1].body))
    page = client.get(reset, follow=True)
    assert page.status_code == 200
    new = "another-long-phrase-2"
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else reset, {"password1": new, "password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_change(world: World) -> None:
    client = Client()
    client.force_login(world.a.dancer_user)
    new = "another-long-phrase-3"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct-horse-battery", "password1": new, "password2": new},
    )
    assert response.status_code == 302
    world.a.dancer_user.refresh_from_db()
    assert world.a.dancer_user.check_password(new)
