"""Reads for studios and people. Every function takes the studio scope explicitly."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from studios.models import ConsentScope, DancerProfile, GuardianConsent, Season, Studio, User


def studio_list_for_user(*, user: User) -> QuerySet[Studio]:
    return Studio.objects.filter(memberships__user=user).distinct().order_by("name")


def active_consent(dancer: DancerProfile) -> GuardianConsent | None:
    return dancer.consents.filter(withdrawn_at__isnull=True, scope=ConsentScope.VIDEO_ANALYSIS).first()


def retention_until_for(dancer: DancerProfile, today: date) -> date:
    consent = active_consent(dancer)
    days = consent.retention_days if consent else dancer.studio.clip_retention_days
    return today + timedelta(days=days)


def season_current(*, studio: Studio, on: date | None = None) -> Season | None:
    """The season containing `on` (studio-local today), else the latest one."""
    on = on or studio.today()
    seasons = Season.objects.filter(studio=studio)
    return seasons.filter(starts_on__lte=on, ends_on__gte=on).first() or seasons.first()
