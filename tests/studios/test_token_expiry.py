"""DRF user tokens: issued with their expiry, refused with a clear 401 once expired (and a new one
issued on the next login), ended by the revoke endpoint, by logging out of the site and by a
password change or reset (django-allauth)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.world import World

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def _token(username: str) -> dict:
    response = Client().post(reverse("api-token"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def _dancers(world: World, token: str) -> object:
    url = reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id})
    return Client().get(url, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_carries_its_expiry_and_works_until_then(world: World) -> None:
    issued = _token("a_teacher")
    expires = timezone.datetime.fromisoformat(issued["expires_at"].replace("Z", "+00:00"))
    assert timedelta(days=29, hours=23) < expires - timezone.now() <= timedelta(days=30)
    assert _dancers(world, issued["token"]).status_code == 200
    assert _token("a_teacher")["token"] == issued["token"]  # asking again returns the same token


@override_settings(USER_TOKEN_MAX_AGE_SECONDS=60)
def test_an_expired_token_is_a_clear_401_and_the_next_login_issues_a_new_one(world: World) -> None:
    old = _token("a_teacher")["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(seconds=61))
    response = _dancers(world, old)
    assert response.status_code == 401
    assert "expired" in response.json()["message"] and "POST /api/auth/token/" in response.json()["message"]
    assert response["WWW-Authenticate"] == "Token"
    fresh = _token("a_teacher")["token"]
    assert fresh != old and _dancers(world, fresh).status_code == 200
    assert _dancers(world, old).status_code == 401


def test_the_revoke_endpoint_ends_the_token(world: World) -> None:
    token = _token("a_teacher")["token"]
    client = Client()
    assert client.post(reverse("api-token-revoke"), HTTP_AUTHORIZATION=f"Token {token}").status_code == 204
    assert _dancers(world, token).status_code == 401
    assert not Token.objects.filter(user=world.a.teacher).exists()


def test_logging_out_of_the_site_revokes_the_token(world: World) -> None:
    token = _token("a_teacher")["token"]
    browser = Client()
    browser.force_login(world.a.teacher)
    assert browser.post(reverse("logout")).status_code == 302
    assert _dancers(world, token).status_code == 401
    other = _token("a_director")["token"]  # another user's token is untouched
    assert _dancers(world, other).status_code == 200


def test_a_password_change_revokes_the_token(world: World) -> None:
    token = _token("a_dancer")["token"]
    client = Client()
    client.force_login(world.a.dancer_user)
    new = "another-long-phrase-3"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert _dancers(world, token).status_code == 401


def test_a_password_reset_revokes_the_token(world: World) -> None:
    from allauth.account.models import EmailAddress

    user = world.a.teacher
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    token = _token("a_teacher")["token"]
    client = Client()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://\S+", str(mail.outbox[-1].body))
    assert link is not None
    page = client.get(link.group(0), follow=True)
    new = "another-long-phrase-2"
    target = page.redirect_chain[-1][0] if page.redirect_chain else link.group(0)
    assert client.post(target, {"password1": new, "password2": new}).status_code == 302
    assert _dancers(world, token).status_code == 401
