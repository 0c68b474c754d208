"""Writes on guardian and staff records (studios.Contact): invite, link the account that accepts,
edit, archive and restore. Never consent: a guardian gives that herself once she has an account."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.external_models import Contact, ContactKind
from studios.invitations import invitation_create
from studios.models import DancerProfile, Invitation, Membership, Role, Studio, User
from studios.people import membership_remove
from studios.people_policies import require_director
from studios.policies import Actor

NO_WARD = "A guardian record needs at least one dancer before an invitation can be sent."


def _own(studio: Studio, contact: Contact) -> Contact:
    if contact.studio_id != studio.pk:
        raise NotFoundError()
    return Contact.objects.select_for_update().get(pk=contact.pk)


@transaction.atomic
def contact_invite(*, studio: Studio, actor: Actor, contact: Contact, link_base: str) -> Invitation:
    """E-mail (on commit) an invitation for the record's role; earlier open ones stop working."""
    require_director(actor)
    contact = _own(studio, contact)
    ward = contact.wards.order_by("pk").first() if contact.kind == ContactKind.GUARDIAN else None
    if contact.kind == ContactKind.GUARDIAN and ward is None:
        raise ApplicationError(NO_WARD)
    Invitation.objects.filter(contact=contact, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    invitation = invitation_create(
        studio=studio, actor=actor, email=contact.email, role=contact.role, dancer=ward, link_base=link_base
    )
    invitation.contact = contact
    invitation.save(update_fields=["contact", "updated_at"])
    return invitation


def contact_link_account(*, invitation: Invitation, user: User) -> None:
    """Called when an import's invitation is accepted: the record names the account, and a guardian
    becomes guardian of every ward the record lists (one e-mail per family, not one per child)."""
    contact = invitation.contact
    if contact is None or contact.archived_at is not None:
        return
    contact.user = user
    contact.save(update_fields=["user", "updated_at"])
    if contact.kind == ContactKind.GUARDIAN:
        for ward in contact.wards.filter(archived_at=None):
            ward.guardians.add(user)


@transaction.atomic
def contact_update(*, studio: Studio, actor: Actor, contact: Contact, **values: str) -> Contact:
    """PATCH: names and e-mail. An invitation already sent keeps its address; the next sync whose
    address differs from the stored one sends a fresh invitation."""
    require_director(actor)
    contact = _own(studio, contact)
    for name in ("first_name", "last_name", "email"):
        if name in values:
            setattr(contact, name, values[name].strip())
    contact.full_clean(exclude=["studio", "user"])
    contact.save()
    return contact


@transaction.atomic
def contact_archive(*, studio: Studio, actor: Actor, contact: Contact) -> Contact:
    """Someone who left: the record stays (with its history); open invitations are withdrawn and the
    linked account loses what the record gave it (a guardian her wards, a teacher the teacher role)."""
    require_director(actor)
    contact = _own(studio, contact)
    if contact.archived_at is not None:
        return contact
    now = timezone.now()
    Invitation.objects.filter(contact=contact, accepted_at=None, revoked_at=None).update(
        revoked_at=now, updated_at=now
    )
    if contact.user_id is not None and contact.kind == ContactKind.GUARDIAN:
        DancerProfile.guardians.through.objects.filter(
            user_id=contact.user_id, dancerprofile__in=contact.wards.all()
        ).delete()
    elif contact.user_id is not None:
        membership = Membership.objects.filter(
            studio=studio, user_id=contact.user_id, role=Role.TEACHER
        ).first()
        if membership is not None:  # the role and the classes taught go together
            membership_remove(studio=studio, actor=actor, membership=membership)
    contact.archived_at, contact.user = now, None  # the link is cut: coming back means a new invitation
    contact.save(update_fields=["archived_at", "user", "updated_at"])
    return contact


@transaction.atomic
def contact_restore(*, studio: Studio, actor: Actor, contact: Contact) -> Contact:
    """Back on the list; access is given again only through a new invitation or the next sync."""
    require_director(actor)
    contact = _own(studio, contact)
    if contact.archived_at is not None:
        contact.archived_at = None
        contact.save(update_fields=["archived_at", "updated_at"])
    return contact
