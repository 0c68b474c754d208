"""Who may do what. Roles are data (Membership.role); policies are plain functions over an Actor.

The same functions back the API, the pages, the PDFs and the permission-matrix tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from studios.models import ClassGroup, DancerProfile, Role, Studio, User

ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = frozenset({Role.DIRECTOR, Role.TEACHER})

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Actor:
    """A user acting inside one studio, with the roles they hold there (resolved once per request)."""

    user: User
    studio: Studio
    roles: frozenset[str]

    @property
    def is_director(self) -> bool:
        return Role.DIRECTOR in self.roles

    @property
    def is_teacher(self) -> bool:
        return Role.TEACHER in self.roles

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def has_any(self, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles & roles)


def actor_for(*, user: User, studio: Studio) -> Actor | None:
    """The user's Actor in this studio, or None when they are not a member (callers answer 404)."""
    if not user.is_authenticated or not user.is_active:
        return None
    roles = frozenset(studio.memberships.filter(user=user).values_list("role", flat=True))
    return Actor(user=user, studio=studio, roles=roles) if roles else None


def _granted(
    actor: Actor, qs: QuerySet[M], grants: Sequence[tuple[bool, Q]], *, distinct: bool = False
) -> QuerySet[M]:
    """The one visibility rule: a director sees every row of the studio; anyone else sees the union
    of what each role they hold grants (nothing when none applies)."""
    if actor.is_director:
        return qs
    condition = Q(pk__in=[])
    for held, grant in grants:
        if held:
            condition |= grant
    granted = qs.filter(condition)
    return granted.distinct() if distinct else granted


def visible_dancers(actor: Actor) -> QuerySet[DancerProfile]:
    """Dancers this actor may see: director all; teacher their classes; dancer self; guardian wards."""
    taught = ClassGroup.objects.filter(studio=actor.studio, teachers=actor.user).values("dancers")
    wards = DancerProfile.objects.filter(studio=actor.studio, guardians=actor.user).values("pk")
    return _granted(
        actor,
        DancerProfile.objects.filter(studio=actor.studio),
        [
            (actor.is_teacher, Q(pk__in=taught)),
            (Role.DANCER in actor.roles, Q(user=actor.user)),
            (Role.GUARDIAN in actor.roles, Q(pk__in=wards)),
        ],
    )


def visible_classes(actor: Actor) -> QuerySet[ClassGroup]:
    """Director: all classes; teacher: classes they teach; dancer/guardian: classes of visible dancers."""
    return _granted(
        actor,
        ClassGroup.objects.filter(studio=actor.studio),
        [
            (actor.is_teacher, Q(teachers=actor.user)),
            (bool(actor.roles & {Role.DANCER, Role.GUARDIAN}), Q(dancers__in=visible_dancers(actor))),
        ],
        # A class reached through two visible dancers would be listed twice.
        distinct=True,
    )


def _in_scope(actor: Actor, dancer: DancerProfile) -> bool:
    return dancer.studio_id == actor.studio.pk


def is_own_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    return _in_scope(actor, dancer) and dancer.user_id is not None and dancer.user_id == actor.user.pk


def is_guardian_of(actor: Actor, dancer: DancerProfile) -> bool:
    return (
        _in_scope(actor, dancer)
        and Role.GUARDIAN in actor.roles
        and dancer.guardians.filter(pk=actor.user.pk).exists()
    )


def teaches(actor: Actor, dancer: DancerProfile) -> bool:
    return (
        _in_scope(actor, dancer)
        and actor.is_teacher
        and ClassGroup.objects.filter(studio=actor.studio, teachers=actor.user, dancers=dancer).exists()
    )


def can_view_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    return _in_scope(actor, dancer) and (
        actor.is_director
        or teaches(actor, dancer)
        or is_own_dancer(actor, dancer)
        or is_guardian_of(actor, dancer)
    )


def can_manage_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """Assign programs, request retakes, edit doses: the director or a teacher of the dancer's class."""
    return _in_scope(actor, dancer) and (actor.is_director or teaches(actor, dancer))


def can_upload_for_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """The dancer films themselves, or staff film in class."""
    return can_manage_dancer(actor, dancer) or is_own_dancer(actor, dancer)


def can_log_for_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """Only the dancer logs their own exercises; guardians read."""
    return is_own_dancer(actor, dancer)


def can_mark_pause_for_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """Rest, illness and injury days may be marked by the dancer, a guardian or a teacher (DOMAIN.md)."""
    return is_own_dancer(actor, dancer) or is_guardian_of(actor, dancer) or can_manage_dancer(actor, dancer)


def can_consent_for_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """A guardian for a ward; an adult dancer (18+) for themself."""
    return is_guardian_of(actor, dancer) or (is_own_dancer(actor, dancer) and not dancer.is_minor)


def can_manage_class(actor: Actor, group: ClassGroup) -> bool:
    return group.studio_id == actor.studio.pk and (
        actor.is_director or (actor.is_teacher and group.teachers.filter(pk=actor.user.pk).exists())
    )


def can_manage_studio(actor: Actor) -> bool:
    """Invitations, seasons, classes, audit log: the director."""
    return actor.is_director
