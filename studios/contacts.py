"""Writes on guardian and staff records (studios.Contact): invite, link the account that accepts,
edit, archive and restore. Never consent: a guardian gives that herself once she has an account."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.external_models import Contact, ContactKind
from studios.invitations import invitation_issue
from studios.models import DancerProfile, Invitation, Membership, Role, Studio
from studios.people import membership_remove
from studios.people_policies import require_director
from studios.policies import Actor

NO_WARD = "A guardian record needs at least one dancer before an invitation can be sent."


def _own(studio: Studio, contact: Contact) -> Contact:
    if contact.studio_id != studio.pk:
        raise NotFoundError()
    return Contact.objects.select_for_update().get(pk=contact.pk)


@transaction.atomic
def contacts_invite(
    *, studio: Studio, actor: Actor, contacts: list[Contact], link_base: str
) -> list[Invitation]:
    """E-mail (on commit, over one SMTP connection) an invitation per record for its role, a guardian's
    naming her first ward; earlier open invitations of these records stop working. Bulk: a roster
    import invites hundreds of families at once in a fixed number of queries."""
    require_director(actor)
    if any(contact.studio_id != studio.pk for contact in contacts):
        raise NotFoundError()
    first_ward: dict[int, int] = {}
    for contact_id, dancer_id in (
        Contact.wards.through.objects.filter(contact__in=[c.pk for c in contacts])
        .order_by("-dancerprofile_id")
        .values_list("contact_id", "dancerprofile_id")
    ):
        first_ward[contact_id] = dancer_id  # ordered down, so the lowest id is kept
    if any(c.kind == ContactKind.GUARDIAN and c.pk not in first_ward for c in contacts):
        raise ApplicationError(NO_WARD)
    wards = DancerProfile.objects.in_bulk(list(first_ward.values()))  # the e-mail names the ward
    now = timezone.now()
    Invitation.objects.filter(contact__in=contacts, accepted_at=None, revoked_at=None).update(
        revoked_at=now, updated_at=now
    )
    invitations, messages = [], []
    for contact in contacts:
        invitation = Invitation(
            studio=studio,
            email=contact.email,
            role=contact.role,
            dancer=wards.get(first_ward.get(contact.pk, 0)) if contact.kind == ContactKind.GUARDIAN else None,
            invited_by=actor.user,
            contact=contact,
        )
        subject, body = invitation_issue(invitation, link_base=link_base)
        invitations.append(invitation)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email]))
    Invitation.objects.bulk_create(invitations)
    transaction.on_commit(lambda: send_mass_mail(messages))
    return invitations


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
