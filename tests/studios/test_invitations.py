"""Invitations: e-mailed, hashed, single use, expiring, revocable, bound to the invited address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError
from studios.invitations import (
    ADDRESS_HAS_ACCOUNT,
    INVITE_NOT_VALID,
    PROFILE_HAS_LOGIN,
    WRONG_ADDRESS,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from studios.models import Invitation, Membership, Role, User
from tests.studios.invites import director_actor, invite, token_from
from tests.world import World

pytestmark = pytest.mark.django_db
SIGNUP = {
    "username": "mum",
    "first_name": "Mum",
    "last_name": "Example",
    "password1": "a-long-pass-phrase-1",
    "password2": "a-long-pass-phrase-1",
}


def _url(token: str) -> str:
    return reverse("invitation-accept", kwargs={"token": token})


def _assert_not_valid(response) -> None:  # noqa: ANN001
    assert response.status_code == 404
    text = response.content.decode()
    assert "Invitation not valid" in text and INVITE_NOT_VALID in text
    assert "Traceback" not in text and "DEBUG" not in text


def test_invitation_is_emailed_and_only_its_hash_is_stored(world: World) -> None:
    invitation, token = invite(world.a, email="New.Teacher@example.test", role=Role.TEACHER)
    message = mail.outbox[-1]
    assert message.to == ["New.Teacher@example.test"]
    assert "Studio A" in message.subject and "14 days" in message.body
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM studios_invitation WHERE id = %s", [invitation.pk])
        row = cursor.fetchone()
    assert token not in " ".join(str(v) for v in row)
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)


def test_new_guardian_signs_up_through_the_emailed_link(world: World) -> None:
    invitation, token = invite(world.a, email="mum@example.test", role=Role.GUARDIAN, dancer=world.a.dancer)
    client = Client()
    page = client.get(_url(token))
    assert page.status_code == 200 and "Join Studio A" in page.content.decode()
    response = client.post(_url(token), SIGNUP)
    assert response.status_code == 302
    mum = User.objects.get(username="mum")
    assert mum.email == "mum@example.test"  # created for the invited address
    assert Membership.objects.filter(studio=world.a.studio, user=mum, role=Role.GUARDIAN).exists()
    assert world.a.dancer.guardians.filter(pk=mum.pk).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == mum
    # Single use: the same link again, even for the person who used it.
    _assert_not_valid(client.get(_url(token)))
    _assert_not_valid(Client().post(_url(token), {**SIGNUP, "username": "mum2"}))
    assert not User.objects.filter(username="mum2").exists()


def _signed_in_account(username: str, *, verified: bool) -> tuple[User, Client]:
    """An existing account with the address <username>@example.test, signed in on its own client."""
    person = User.objects.create_user(username, f"{username}@example.test", "a-long-pass-phrase-1")
    EmailAddress.objects.create(user=person, email=person.email, verified=verified, primary=True)
    client = Client()
    client.force_login(person)
    return person, client


def test_existing_account_with_the_invited_address_joins(world: World) -> None:
    person, client = _signed_in_account("coach", verified=True)
    _, token = invite(world.a, email="COACH@example.test", role=Role.TEACHER)
    assert client.get(_url(token)).status_code == 200
    assert client.post(_url(token)).status_code == 302
    assert Membership.objects.filter(studio=world.a.studio, user=person, role=Role.TEACHER).exists()


def test_account_with_another_address_is_refused(world: World) -> None:
    _, token = invite(world.a, email="someone-else@example.test", role=Role.DIRECTOR)
    client = Client()
    client.force_login(world.a.teacher)
    for response in (client.get(_url(token)), client.post(_url(token))):
        assert response.status_code == 403
        assert WRONG_ADDRESS in response.content.decode()
    assert not Membership.objects.filter(
        studio=world.a.studio, user=world.a.teacher, role=Role.DIRECTOR
    ).exists()
    # Still open for the right person.
    assert Client().get(_url(token)).status_code == 200


def test_following_the_link_confirms_an_address_the_account_had_not_confirmed(world: World) -> None:
    """The link went only to that mailbox (as allauth's confirmation link would): accepting confirms it."""
    person, client = _signed_in_account("late", verified=False)
    _, token = invite(world.a, email="Late@Example.test", role=Role.TEACHER)
    page = client.get(_url(token))
    assert page.status_code == 200 and "accepting it also confirms the address" in page.content.decode()
    assert not EmailAddress.objects.get(user=person).verified  # looking at the page confirms nothing
    assert client.post(_url(token)).status_code == 302
    assert Membership.objects.filter(studio=world.a.studio, user=person, role=Role.TEACHER).exists()
    assert EmailAddress.objects.get(user=person).verified


def test_an_unconfirmed_claim_on_an_address_another_account_confirmed_is_refused(world: World) -> None:
    owner = User.objects.create_user("owner", "shared@example.test", "a-long-pass-phrase-1")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    EmailAddress.objects.create(user=world.a.teacher, email="shared@example.test", verified=False)
    _, token = invite(world.a, email="shared@example.test", role=Role.DIRECTOR)
    client = Client()
    client.force_login(world.a.teacher)
    for response in (client.get(_url(token)), client.post(_url(token))):
        assert response.status_code == 403 and WRONG_ADDRESS in response.content.decode()
    assert not EmailAddress.objects.get(user=world.a.teacher).verified
    assert not Membership.objects.filter(
        studio=world.a.studio, user=world.a.teacher, role=Role.DIRECTOR
    ).exists()


def test_dancer_invite_never_relinks_a_profile_that_has_a_login(world: World) -> None:
    """The old behaviour linked any logged-in account (a teacher became Ada's login): refused now."""
    with pytest.raises(ApplicationError, match=PROFILE_HAS_LOGIN):
        invitation_create(
            studio=world.a.studio,
            actor=director_actor(world.a),
            email=world.a.other_teacher.email,
            role=Role.DANCER,
            dancer=world.a.dancer,
            link_base="http://testserver/",
        )
    # A profile that gets a login between invitation and acceptance is not re-linked either.
    world.a.other_dancer.user = None
    world.a.other_dancer.save()
    _, token = invite(
        world.a, email=world.a.other_teacher.email, role=Role.DANCER, dancer=world.a.other_dancer
    )
    world.a.other_dancer.user = world.a.other_dancer_user
    world.a.other_dancer.save()
    EmailAddress.objects.create(user=world.a.other_teacher, email=world.a.other_teacher.email, verified=True)
    client = Client()
    client.force_login(world.a.other_teacher)
    response = client.post(_url(token))
    assert response.status_code == 403 and PROFILE_HAS_LOGIN in response.content.decode()
    world.a.other_dancer.refresh_from_db()
    assert world.a.other_dancer.user == world.a.other_dancer_user


def test_expired_revoked_reused_and_guessed_links_get_the_same_page(world: World) -> None:
    expired, expired_token = invite(world.a, email="late@example.test", role=Role.TEACHER)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked, revoked_token = invite(world.a, email="nope@example.test", role=Role.TEACHER)
    invitation_revoke(studio=world.a.studio, actor=director_actor(world.a), invitation=revoked)
    resent, old_token = invite(world.a, email="again@example.test", role=Role.TEACHER)
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation_resend(
            studio=world.a.studio,
            actor=director_actor(world.a),
            invitation=resent,
            link_base="http://testserver/",
        )
    new_token = token_from(str(mail.outbox[-1].body))
    pages = []
    for token in (expired_token, revoked_token, old_token, "guessed-" + "x" * 35, expired.token_hash):
        for method in ("get", "post"):
            response = getattr(Client(), method)(_url(token), SIGNUP)
            _assert_not_valid(response)
            pages.append(response.content)
    assert len(set(pages)) == 1  # nothing tells the cases apart
    assert not User.objects.filter(username="mum").exists()
    assert Client().get(_url(new_token)).status_code == 200  # the resent link works


def test_signup_for_an_address_that_already_has_an_account_asks_to_log_in(world: World) -> None:
    person = User.objects.create_user("coach", "coach@example.test", "a-long-pass-phrase-1")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    _, token = invite(world.a, email="coach@example.test", role=Role.TEACHER)
    response = Client().post(_url(token), {**SIGNUP, "username": "coach2"})
    assert response.status_code == 200
    assert ADDRESS_HAS_ACCOUNT in response.content.decode()
    assert not User.objects.filter(username="coach2").exists()
