"""Who may do what. Roles are data (Membership.role); policies are plain functions over an Actor.

The same functions back the API, the pages, the PDFs and the permission-matrix tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from studios.models import ClassGroup, DancerProfile, Role, Studio, User

ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = frozenset({Role.DIRECTOR, Role.TEACHER})


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


def visible_dancers(actor: Actor) -> QuerySet[DancerProfile]:
    """Dancers this actor may see: director all; teacher their classes; dancer self; guardian wards."""
    qs = DancerProfile.objects.filter(studio=actor.studio)
    if actor.is_director:
        return qs
    condition = Q(pk__in=[])
    if actor.is_teacher:
        condition |= Q(
            pk__in=ClassGroup.objects.filter(studio=actor.studio, teachers=actor.user).values("dancers")
        )
    if Role.DANCER in actor.roles:
        condition |= Q(user=actor.user)
    if Role.GUARDIAN in actor.roles:
        condition |= Q(
            pk__in=DancerProfile.objects.filter(studio=actor.studio, guardians=actor.user).values("pk")
        )
    return qs.filter(condition)


def visible_classes(actor: Actor) -> QuerySet[ClassGroup]:
    """Director: all classes; teacher: classes they teach; dancer/guardian: classes of visible dancers."""
    qs = ClassGroup.objects.filter(studio=actor.studio)
    if actor.is_director:
        return qs
    condition = Q(pk__in=[])
    if actor.is_teacher:
        condition |= Q(teachers=actor.user)
    if actor.roles & {Role.DANCER, Role.GUARDIAN}:
        condition |= Q(dancers__in=visible_dancers(actor))
    return qs.filter(condition).distinct()


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
