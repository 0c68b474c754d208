"""Invitations: create, edit, e-mail, resend, revoke and accept. Tokens are random, single use, expire,
are bound to the invited address (accepting confirms it for an account that listed it unconfirmed),
and only their hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.models import (
    INVITE_VALID_DAYS,
    DancerProfile,
    Invitation,
    Membership,
    Role,
    Studio,
    User,
    invite_token_hash,
)
from studios.people_policies import require_director
from studios.policies import Actor

INVITE_NOT_VALID = "This invitation link is not valid. It may have expired, been used or been withdrawn."
WRONG_ADDRESS = (
    "This invitation was sent to a different e-mail address than the one on your account. "
    "Log out and open the link again to create an account for the invited address."
)
PROFILE_HAS_LOGIN = "This dancer profile already has its own login; it cannot be linked to another account."
ADDRESS_HAS_ACCOUNT = (
    "An account with this e-mail address already exists: log in with it, then open the link again."
)
ALREADY_A_DANCER = "Your account already has a dancer profile in this studio."
NEEDS_DANCER = "Invite a dancer or a guardian for a specific dancer profile."
ALREADY_ACCEPTED = "This invitation was already accepted; it cannot be resent or revoked."
REVOKED_NOT_EDITABLE = "This invitation was withdrawn; resend it to re-open it before changing it."


def find_open_invitation(*, token: str) -> Invitation | None:
    """The open invitation for a raw token, or None for unknown, used, expired and revoked alike."""
    invitation = (
        Invitation.objects.select_related("studio", "dancer")
        .filter(token_hash=invite_token_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def email_matches(user: User, invitation: Invitation) -> bool:
    """The account has verified the invited address (allauth's EmailAddress), whatever its case."""
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email.strip(), verified=True
    ).exists()


def email_claimed_unverified(user: User, invitation: Invitation) -> bool:
    """The account lists the invited address but has not confirmed it yet, and no other account has
    confirmed it: following the e-mailed link is then the confirmation (docs/onboarding.md)."""
    address = invitation.email.strip()
    if EmailAddress.objects.filter(email__iexact=address, verified=True).exclude(user=user).exists():
        return False
    listed = EmailAddress.objects.filter(user=user, email__iexact=address, verified=False).exists()
    return listed or (user.email.strip().lower() == address.lower() and not EmailAddress.objects.filter(user=user).exists())


def _address_confirm(user: User, invitation: Invitation) -> None:
    # The 256-bit link reached only this mailbox, as allauth's own confirmation link would have.
    address = invitation.email.strip()
    updated = EmailAddress.objects.filter(user=user, email__iexact=address).update(verified=True)
    if not updated:
        EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)


def user_create_for_invitation(*, invitation: Invitation, user: User) -> User:
    """A new account for the invited address: receiving the link verified it."""
    if EmailAddress.objects.filter(email__iexact=invitation.email, verified=True).exists():
        raise ApplicationError(ADDRESS_HAS_ACCOUNT)
    user.email = invitation.email
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    return user


def invitation_issue(invitation: Invitation, *, link_base: str) -> tuple[str, str]:
    """Give the (unsaved) invitation a fresh token (any earlier link dies) and expiry; returns the
    e-mail's (subject, body) carrying the link, which exists nowhere else."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = invite_token_hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=INVITE_VALID_DAYS)
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    context = {
        "invitation": invitation,
        "link": link_base.rstrip("/") + reverse("invitation-accept", kwargs={"token": token}),
        "valid_days": INVITE_VALID_DAYS,
    }
    subject = render_to_string("studios/email/invitation_subject.txt", context).strip()
    return subject, render_to_string("studios/email/invitation_body.txt", context)


def _send(invitation: Invitation, *, link_base: str) -> None:
    """Issue a fresh token, save, and e-mail the link after commit."""
    subject, body = invitation_issue(invitation, link_base=link_base)
    invitation.full_clean()
    invitation.save()
    recipient = invitation.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]))


def _check_invitee(studio: Studio, role: str, dancer: DancerProfile | None) -> None:
    if role in (Role.DANCER, Role.GUARDIAN) and dancer is None:
        raise ApplicationError(NEEDS_DANCER)
    if dancer is not None and dancer.studio_id != studio.pk:
        raise NotFoundError("Dancer not found in this studio.")
    if role == Role.DANCER and dancer is not None and dancer.user_id is not None:
        raise ApplicationError(PROFILE_HAS_LOGIN)


@transaction.atomic
def invitation_create(
    *,
    studio: Studio,
    actor: Actor,
    email: str,
    role: str,
    link_base: str,
    dancer: DancerProfile | None = None,
) -> Invitation:
    require_director(actor)
    _check_invitee(studio, role, dancer)
    invitation = Invitation(
        studio=studio,
        email=email.strip(),
        role=role,
        dancer=dancer if role in (Role.DANCER, Role.GUARDIAN) else None,
        invited_by=actor.user,
    )
    _send(invitation, link_base=link_base)
    return invitation


def _open_for_director(studio: Studio, actor: Actor, invitation: Invitation) -> Invitation:
    require_director(actor)
    if invitation.studio_id != studio.pk:
        raise NotFoundError()
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ApplicationError(ALREADY_ACCEPTED)
    return locked


@transaction.atomic
def invitation_resend(*, studio: Studio, actor: Actor, invitation: Invitation, link_base: str) -> Invitation:
    """A new link (the old one stops working) with a fresh expiry; a revoked invitation is re-opened."""
    locked = _open_for_director(studio, actor, invitation)
    locked.revoked_at = None
    _send(locked, link_base=link_base)
    return locked


@transaction.atomic
def invitation_update(
    *, studio: Studio, actor: Actor, invitation: Invitation, link_base: str, email: str | None = None,
    role: str | None = None, dancer_id: Any = None,
) -> Invitation:  # fmt: skip
    """PATCH an invitation not yet accepted (a withdrawn one is refused), checked like a new one. A new
    address, role or dancer re-issues the link (the old one stops working) and e-mails it, like a resend."""
    locked = _open_for_director(studio, actor, invitation)
    if locked.revoked_at is not None:
        raise ApplicationError(REVOKED_NOT_EDITABLE)
    role = role or locked.role
    dancer = locked.dancer
    if dancer_id is not None:
        dancer = DancerProfile.objects.filter(studio=studio, public_id=dancer_id).first()
        if dancer is None:
            raise NotFoundError("Dancer not found in this studio.")
    _check_invitee(studio, role, dancer)
    dancer = dancer if role in (Role.DANCER, Role.GUARDIAN) else None
    email = locked.email if email is None else email.strip()
    reissue = (email.lower(), role, dancer) != (locked.email.lower(), locked.role, locked.dancer)
    locked.email, locked.role, locked.dancer = email, role, dancer
    if reissue:
        _send(locked, link_base=link_base)
    else:
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def invitation_revoke(*, studio: Studio, actor: Actor, invitation: Invitation) -> Invitation:
    locked = _open_for_director(studio, actor, invitation)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
    return locked


def _link_profile(invitation: Invitation, user: User) -> None:
    dancer = invitation.dancer
    if dancer is None:
        return
    if invitation.role == Role.GUARDIAN:
        dancer.guardians.add(user)
        return
    dancer = DancerProfile.objects.select_for_update().get(pk=dancer.pk)
    if dancer.user_id is not None and dancer.user_id != user.pk:
        raise ApplicationError(PROFILE_HAS_LOGIN)
    if DancerProfile.objects.filter(studio=invitation.studio, user=user).exclude(pk=dancer.pk).exists():
        raise ApplicationError(ALREADY_A_DANCER)
    dancer.user = user
    dancer.save(update_fields=["user", "updated_at"])


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Single use (row lock + accepted_at), bound to the invited address, never re-links a profile."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=invite_token_hash(token)).first()
    if invitation is None or not invitation.is_open:
        raise ApplicationError(INVITE_NOT_VALID, {"code": "invite_not_valid"})
    if not email_matches(user, invitation):
        if not email_claimed_unverified(user, invitation):
            raise PermissionDenied(WRONG_ADDRESS)
        _address_confirm(user, invitation)
    _link_profile(invitation, user)
    if invitation.contact_id is not None:  # made by a roster import: link the record (all wards)
        from studios.contacts import contact_link_account  # noqa: PLC0415  # contacts imports this module

        contact_link_account(invitation=invitation, user=user)
    membership, _ = Membership.objects.get_or_create(
        studio=invitation.studio, user=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership
