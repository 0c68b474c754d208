"""Director writes on people: add a dancer profile, change or remove a membership, archive and restore."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studiohealth.core.versions import data_changed
from studios.events import dancer_archived_emit
from studios.models import ClassGroup, DancerProfile, Membership, Role, Studio
from studios.people_policies import require_director, require_director_in
from studios.policies import Actor

LAST_DIRECTOR = "A studio always keeps at least one director: make someone else director first."
ROLE_TAKEN = "This person already has that role in the studio."
DANCER_ROLE_VIA_PROFILE = "A dancer's login is linked through a dancer invitation, not by changing a role."


def _membership_in(studio: Studio, membership: Membership) -> Membership:
    if membership.studio_id != studio.pk:
        raise NotFoundError()
    return Membership.objects.select_for_update().get(pk=membership.pk)


def _is_last_director(studio: Studio, membership: Membership) -> bool:
    return (
        membership.role == Role.DIRECTOR
        and not Membership.objects.filter(studio=studio, role=Role.DIRECTOR)
        .exclude(pk=membership.pk)
        .exists()
    )


def _drop_role_links(studio: Studio, membership: Membership) -> None:
    """A role taken away takes its links with it: classes taught, wards, the dancer profile's login."""
    user = membership.user
    if membership.role == Role.TEACHER:
        for group in ClassGroup.objects.filter(studio=studio, teachers=user):
            group.teachers.remove(user)
    elif membership.role == Role.GUARDIAN:
        for ward in DancerProfile.objects.filter(studio=studio, guardians=user):
            ward.guardians.remove(user)
    elif membership.role == Role.DANCER:
        DancerProfile.objects.filter(studio=studio, user=user).update(user=None, updated_at=timezone.now())


@transaction.atomic
def membership_change_role(*, studio: Studio, actor: Actor, membership: Membership, role: str) -> Membership:
    require_director(actor)
    locked = _membership_in(studio, membership)
    if role == locked.role:
        return locked
    if Role.DANCER in (role, locked.role):
        raise ApplicationError(DANCER_ROLE_VIA_PROFILE)
    if _is_last_director(studio, locked):
        raise ApplicationError(LAST_DIRECTOR)
    if Membership.objects.filter(studio=studio, user=locked.user, role=role).exists():
        raise ApplicationError(ROLE_TAKEN)
    _drop_role_links(studio, locked)
    locked.role = role
    locked.full_clean()
    locked.save(update_fields=["role", "updated_at"])
    return locked


@transaction.atomic
def membership_remove(*, studio: Studio, actor: Actor, membership: Membership) -> None:
    require_director(actor)
    locked = _membership_in(studio, membership)
    if _is_last_director(studio, locked):
        raise ApplicationError(LAST_DIRECTOR)
    _drop_role_links(studio, locked)
    locked.delete()


@transaction.atomic
def dancer_add(
    *, studio: Studio, actor: Actor, first_name: str, last_name: str, birth_year: int
) -> DancerProfile:
    require_director(actor)
    dancer = DancerProfile(studio=studio, first_name=first_name, last_name=last_name, birth_year=birth_year)
    dancer.full_clean()
    dancer.save()
    return dancer


def dancer_archive(*, studio: Studio, actor: Actor, dancer: DancerProfile) -> DancerProfile:
    """A dancer who left: the profile and its history stay (and stay erasable), out of current lists."""
    return _dancer_set_archived(studio, actor, dancer, archived=True)


def dancer_restore(*, studio: Studio, actor: Actor, dancer: DancerProfile) -> DancerProfile:
    return _dancer_set_archived(studio, actor, dancer, archived=False)


@transaction.atomic
def _dancer_set_archived(
    studio: Studio, actor: Actor, dancer: DancerProfile, *, archived: bool
) -> DancerProfile:
    require_director_in(actor, studio, dancer)
    if (dancer.archived_at is None) == archived:
        dancer.archived_at = timezone.now() if archived else None
        dancer.save(update_fields=["archived_at", "updated_at"])
        if archived:
            dancer_archived_emit(studio=studio, dancer=dancer)  # the dancer.archived webhook
        data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return dancer
