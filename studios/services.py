"""Writes for studios and people. Keyword-only, studio first, actor second, atomic, validated."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studiohealth.core.versions import data_changed
from studios.classes import class_save, dancers_resolve, teachers_resolve
from studios.events import consent_given_emit, consent_withdrawn_emit
from studios.models import (
    ClassGroup,
    ConsentScope,
    DancerProfile,
    GuardianConsent,
    Membership,
    Role,
    Season,
    Studio,
    User,
)
from studios.people_policies import require_director, require_director_in
from studios.policies import Actor, can_consent_for_dancer, visible_dancers
from studios.selectors import active_consent

MINOR_NEEDS_CONSENT = (
    "A guardian must give consent for filming and video analysis before clips of this dancer can be uploaded."
)


@transaction.atomic
def studio_create(*, name: str, director: User, timezone_name: str = "Europe/London") -> Studio:
    studio = Studio(name=name, timezone=timezone_name)
    studio.full_clean()
    studio.save()
    Membership.objects.create(studio=studio, user=director, role=Role.DIRECTOR)
    return studio


@transaction.atomic
def studio_start(
    *,
    founder: User,
    name: str,
    timezone_name: str,
    season_name: str,
    starts_on: date,
    ends_on: date,
) -> Studio:
    """Sign-up's second step: a new studio, its first season, and the founder as its director."""
    studio = studio_create(name=name, director=founder, timezone_name=timezone_name)
    season = Season(studio=studio, name=season_name, starts_on=starts_on, ends_on=ends_on)
    season.full_clean()
    season.save()
    return studio


@transaction.atomic
def studio_update(
    *,
    studio: Studio,
    actor: Actor,
    name: str,
    timezone_name: str,
    clip_retention_days: int,
    guardian_view: str | None = None,
) -> Studio:
    require_director(actor)
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    studio.name, studio.timezone, studio.clip_retention_days = name, timezone_name, clip_retention_days
    studio.guardian_view = guardian_view or studio.guardian_view
    studio.full_clean()
    studio.save()
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return studio


def membership_grant(*, studio: Studio, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(studio=studio, user=user, role=role)
    return membership


@transaction.atomic
def season_create(*, studio: Studio, actor: Actor, name: str, starts_on: date, ends_on: date) -> Season:
    require_director(actor)
    season = Season(studio=studio, name=name, starts_on=starts_on, ends_on=ends_on)
    season.full_clean()
    season.save()
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return season


@transaction.atomic
def dancer_create(
    *,
    studio: Studio,
    actor: Actor,
    first_name: str,
    last_name: str,
    birth_year: int,
    user: User | None = None,
) -> DancerProfile:
    require_director(actor)
    dancer = DancerProfile(
        studio=studio, first_name=first_name, last_name=last_name, birth_year=birth_year, user=user
    )
    dancer.full_clean()
    dancer.save()
    if user is not None:
        membership_grant(studio=studio, user=user, role=Role.DANCER)
    return dancer


@transaction.atomic
def class_create(
    *, studio: Studio, actor: Actor, season: Season, name: str, teacher_ids: list, dancer_ids: list
) -> ClassGroup:
    """The API's create: ids resolved inside the studio, then the pages' `class_save`."""
    require_director(actor)
    if season.studio_id != studio.pk:
        raise NotFoundError("Season not found in this studio.")
    teachers = teachers_resolve(studio, teacher_ids)
    dancers = dancers_resolve(studio, dancer_ids)
    return class_save(
        studio=studio, actor=actor, name=name, season=season, teachers=teachers, dancers=dancers
    )


@transaction.atomic
def class_set_dancers(*, studio: Studio, actor: Actor, group: ClassGroup, dancer_ids: list) -> ClassGroup:
    require_director_in(actor, studio, group)
    group.dancers.set(dancers_resolve(studio, dancer_ids))
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return group


@transaction.atomic
def guardian_add(*, studio: Studio, actor: Actor, dancer: DancerProfile, guardian: User) -> None:
    require_director_in(actor, studio, dancer)
    membership_grant(studio=studio, user=guardian, role=Role.GUARDIAN)
    dancer.guardians.add(guardian)


@transaction.atomic
def consent_grant(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile,
    retention_days: int | None = None,
    scope: str = ConsentScope.VIDEO_ANALYSIS,
    wording: str = "",
    season: Season | None = None,
) -> GuardianConsent:
    if not visible_dancers(actor).filter(pk=dancer.pk).exists():
        raise NotFoundError()
    if not can_consent_for_dancer(actor, dancer):
        raise PermissionDenied(
            "Only a guardian of this dancer, or an adult dancer for themselves, can give consent."
        )
    consent = GuardianConsent(
        studio=studio,
        dancer=dancer,
        guardian=actor.user,
        scope=scope,
        retention_days=retention_days or studio.clip_retention_days,
        wording=wording,
        season=season,
    )
    consent.full_clean()
    consent.save()
    consent_given_emit(studio=studio, dancer=dancer)  # the consent.changed webhook
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return consent


@transaction.atomic
def consent_withdraw(*, studio: Studio, actor: Actor, consent: GuardianConsent) -> GuardianConsent:
    """Withdrawal and its cascade (processing stopped, clips scheduled for deletion) in ONE
    transaction, from a request, a shell or a task alike: all of it happens or none of it."""
    if consent.studio_id != studio.pk or not can_consent_for_dancer(actor, consent.dancer):
        raise NotFoundError()
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at", "updated_at"])
    if consent.scope == ConsentScope.VIDEO_ANALYSIS:  # only filming consent stops processing and purges clips
        consent_withdrawn_emit(studio=studio, dancer=consent.dancer)
    data_changed(studio_id=studio.pk, dancer_ids=[consent.dancer_id])
    return consent


def require_video_consent(dancer: DancerProfile) -> None:
    """A minor's clip is neither stored nor analysed until a guardian consent exists."""
    if dancer.is_minor and active_consent(dancer) is None:
        raise ApplicationError(MINOR_NEEDS_CONSENT, {"code": "consent_required"})
