"""django-axes: a username is locked out after AXES_FAILURE_LIMIT failed logins (through the real
login form and the API token endpoint); the lockout is per username + address."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.world import World, build_world

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
ATTACKER = {"REMOTE_ADDR": "203.0.113.7"}
HOME_NETWORK = {"REMOTE_ADDR": "198.51.100.20"}


def _login(client: Client, username: str, password: str, **meta: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}, **meta).status_code


@override_settings(AXES_ENABLED=True)
def test_login_form_locks_after_the_failure_limit(world: World) -> None:
    username = world.a.dancer_user.username
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    statuses = [_login(client, username, f"wrong-{n}", **ATTACKER) for n in range(limit)]
    # Failures below the limit re-show the form; the one that reaches the limit is refused.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    # Locked: even the right password is refused from that address...
    assert _login(client, username, PASSWORD, **ATTACKER) == 429
    assert "_auth_user_id" not in client.session
    # ...but the dancer at home still gets in (username + IP, so nobody can lock a child out remotely).
    home = Client()
    assert _login(home, username, PASSWORD, **HOME_NETWORK) == 302
    assert home.session["_auth_user_id"] == str(world.a.dancer_user.pk)
    attempt = AccessAttempt.objects.get(username=username, ip_address=ATTACKER["REMOTE_ADDR"])
    assert attempt.failures_since_start >= limit
    assert "wrong" not in attempt.post_data  # passwords are never stored


@override_settings(AXES_ENABLED=True)
def test_success_below_the_limit_resets_the_count(world: World) -> None:
    username = world.a.teacher.username
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, username, f"wrong-{n}", **ATTACKER) == 200
    assert _login(client, username, PASSWORD, **ATTACKER) == 302
    client.logout()
    assert _login(client, username, "wrong-again", **ATTACKER) == 200  # counting starts again


@pytest.mark.django_db(transaction=True)
@override_settings(AXES_ENABLED=True)
def test_api_token_endpoint_is_locked_too() -> None:
    """Real commits (no test-wide transaction): a failed attempt answers 400 through an exception, and
    the failure record must survive it (the endpoint is non-atomic; see studiohealth/urls.py)."""
    world = build_world()
    api = APIClient()
    username = world.a.director.username
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = api.post(reverse("api-token"), {"username": username, "password": f"x{n}"}, **ATTACKER)
        assert response.status_code in (400, 429)
    locked = api.post(reverse("api-token"), {"username": username, "password": PASSWORD}, **ATTACKER)
    assert locked.status_code in (400, 429)
    assert "token" not in locked.json()
    fine = api.post(reverse("api-token"), {"username": username, "password": PASSWORD}, **HOME_NETWORK)
    assert fine.status_code == 200 and fine.json()["token"]
