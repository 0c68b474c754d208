"""Reads for studios and people. Every function takes the studio scope explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from studios.models import (
    ClassGroup,
    ConsentScope,
    DancerProfile,
    GuardianConsent,
    Invitation,
    Membership,
    Role,
    Season,
    Studio,
    User,
)
from studios.policies import Actor


def studio_list_for_user(*, user: User) -> QuerySet[Studio]:
    return Studio.objects.filter(memberships__user=user).distinct().order_by("name")


def consents_in_force(*, studio: Studio, scope: str) -> QuerySet[GuardianConsent]:
    """Consents of one purpose that count today: not withdrawn, and given for the current season
    (renewed each season); an older row recorded without a season counts until withdrawn."""
    current = season_current(studio=studio)
    qs = GuardianConsent.objects.filter(studio=studio, scope=scope, withdrawn_at__isnull=True)
    return qs.filter(Q(season__isnull=True) | Q(season=current)) if current is not None else qs


def active_consent(dancer: DancerProfile, scope: str = ConsentScope.VIDEO_ANALYSIS) -> GuardianConsent | None:
    """The dancer's consent in force for this purpose (filming by default)."""
    return consents_in_force(studio=dancer.studio, scope=scope).filter(dancer=dancer).first()


CONSENT_GIVEN, CONSENT_RENEW, CONSENT_MISSING = "given", "renew", "missing"


def _in_force(season_id: int | None, current: Season | None) -> bool:
    # Renewed each season; a row recorded without a season counts until withdrawn.
    return current is None or season_id in (None, current.pk)


def consent_states(
    *, studio: Studio, dancer_ids: list[int], season: Season | None
) -> dict[int, dict[str, str]]:
    """Per dancer and purpose: "given" (in force this season), "renew" (given for an earlier season, so no
    longer in force) or "missing" — in one query, for the roster rows."""
    states = {pk: dict.fromkeys(ConsentScope.values, CONSENT_MISSING) for pk in dancer_ids}
    rows = GuardianConsent.objects.filter(studio=studio, dancer_id__in=dancer_ids, withdrawn_at__isnull=True)
    for dancer_id, scope, season_id in rows.values_list("dancer_id", "scope", "season_id"):
        in_force = _in_force(season_id, season)
        if in_force or states[dancer_id][scope] == CONSENT_MISSING:
            states[dancer_id][scope] = CONSENT_GIVEN if in_force else CONSENT_RENEW
    return states


def retention_until_for(dancer: DancerProfile, today: date) -> date:
    consent = active_consent(dancer)
    days = consent.retention_days if consent else dancer.studio.clip_retention_days
    return today + timedelta(days=days)


def season_current(*, studio: Studio, on: date | None = None) -> Season | None:
    """The season containing `on` (studio-local today), else the latest one."""
    on = on or studio.today()
    seasons = Season.objects.filter(studio=studio)
    return seasons.filter(starts_on__lte=on, ends_on__gte=on).first() or seasons.first()


def member_list(*, studio: Studio, search: str = "") -> QuerySet[Membership]:
    """Everyone with a role in the studio, optionally narrowed by name, username or e-mail."""
    qs = Membership.objects.filter(studio=studio).select_related("user").order_by("role", "user__last_name")
    if search:
        qs = qs.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__username__icontains=search)
            | Q(user__email__icontains=search)
        )
    return qs


def dancer_list_for_people(
    *, studio: Studio, search: str = "", archived: bool = False
) -> QuerySet[DancerProfile]:
    qs = DancerProfile.objects.filter(studio=studio, archived_at__isnull=not archived)
    if search:
        qs = qs.filter(Q(first_name__icontains=search) | Q(last_name__icontains=search))
    consents = Prefetch("consents", queryset=GuardianConsent.objects.select_related("guardian", "season"))
    return qs.select_related("user", "studio").prefetch_related("guardians", consents)


def invitation_list_pending(*, studio: Studio) -> QuerySet[Invitation]:
    """Invitations not accepted yet (pending, expired or revoked): the director can resend or revoke."""
    return Invitation.objects.filter(studio=studio, accepted_at__isnull=True).select_related("dancer")


@dataclass(frozen=True)
class ConsentStatus:
    state: str  # CONSENT_GIVEN / CONSENT_RENEW / CONSENT_MISSING
    consent: GuardianConsent | None  # the newest not-withdrawn row (given or to renew)


def consent_status(dancer: DancerProfile, season: Season | None) -> dict[str, ConsentStatus]:
    """Per purpose, from prefetched `consents`: in force this season, to renew, or missing."""
    active = sorted((c for c in dancer.consents.all() if c.withdrawn_at is None), key=lambda c: c.granted_at)
    out = {}
    for scope in ConsentScope.values:
        newest = next((c for c in reversed(active) if c.scope == scope), None)
        in_force = newest is not None and _in_force(newest.season_id, season)
        state = CONSENT_GIVEN if in_force else CONSENT_RENEW if newest else CONSENT_MISSING
        out[scope] = ConsentStatus(state, newest)
    return out


def member_users_visible_to_teacher(actor: Actor) -> QuerySet[User]:
    """A teacher sees the studio's directors, the teachers of their classes, and the dancers of their
    classes with those dancers' guardians: never the rest of the studio."""
    classes = ClassGroup.objects.filter(studio=actor.studio, teachers=actor.user)
    dancers = DancerProfile.objects.filter(studio=actor.studio, classes__in=classes)
    return User.objects.filter(
        Q(pk=actor.user.pk)
        | Q(memberships__studio=actor.studio, memberships__role=Role.DIRECTOR)
        | Q(taught_classes__in=classes)
        | Q(dancer_profiles__in=dancers)
        | Q(wards__in=dancers)
    ).distinct()
