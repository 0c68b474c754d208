"""Guardian consent in the UI: the wording shown, status per ward and season, reminders to guardians."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from studiohealth.core.exceptions import NotFoundError
from studios import services
from studios.guardian_mail import guardians_mail
from studios.models import ConsentScope, DancerProfile, GuardianConsent, Season, Studio
from studios.people_policies import require_director
from studios.policies import Actor
from studios.selectors import season_current

# Shown on the page and stored word for word with each consent (GuardianConsent.wording).
VIDEO_WORDING = (
    "I agree that {studio} may film {dancer} doing the screening movements (plié in second position and "
    "standing on one leg) and analyse the clips to check knee and hip alignment. Clips are kept for "
    "{days} days at most and are deleted when I withdraw this consent. Results are a screening aid, "
    "not a diagnosis."
)


@dataclass(frozen=True)
class WardConsent:
    dancer: DancerProfile
    active: GuardianConsent | None
    needs_renewal: bool
    wording: str


def video_wording(*, studio: Studio, dancer: DancerProfile) -> str:
    return VIDEO_WORDING.format(studio=studio.name, dancer=dancer.first_name, days=studio.clip_retention_days)


def ward_consents(*, actor: Actor) -> list[WardConsent]:
    """The actor's wards in this studio with their filming consent and whether it needs renewing."""
    season = season_current(studio=actor.studio)
    wards = DancerProfile.objects.filter(studio=actor.studio, guardians=actor.user, archived_at__isnull=True)
    rows = []
    for dancer in wards.select_related("studio"):
        active = (
            dancer.consents.filter(scope=ConsentScope.VIDEO_ANALYSIS, withdrawn_at__isnull=True)
            .select_related("guardian", "season")
            .first()
        )
        renew = active is not None and season is not None and active.season_id not in (None, season.pk)
        rows.append(WardConsent(dancer, active, renew, video_wording(studio=actor.studio, dancer=dancer)))
    return rows


def consent_give_video(*, studio: Studio, actor: Actor, dancer: DancerProfile) -> GuardianConsent:
    """Give (or renew for the current season) filming consent, recording the exact wording shown."""
    season: Season | None = season_current(studio=studio)
    current = dancer.consents.filter(
        scope=ConsentScope.VIDEO_ANALYSIS, withdrawn_at__isnull=True, season=season
    )
    if season is not None and current.exists():  # already given for this season: nothing to renew
        return current.first()  # type: ignore[return-value]
    return services.consent_grant(
        studio=studio,
        actor=actor,
        dancer=dancer,
        scope=ConsentScope.VIDEO_ANALYSIS,
        wording=video_wording(studio=studio, dancer=dancer),
        season=season,
    )


@transaction.atomic
def consent_reminder_send(*, studio: Studio, actor: Actor, dancer: DancerProfile, link_base: str) -> int:
    """E-mail each guardian of the dancer a link to the consent page; returns how many were sent."""
    require_director(actor)
    if dancer.studio_id != studio.pk:
        raise NotFoundError()
    link = link_base.rstrip("/") + reverse("studio-consent", kwargs={"studio_id": studio.public_id})
    return guardians_mail(
        dancer=dancer,
        template="studios/email/consent_reminder",
        context={"studio": studio, "dancer": dancer, "link": link},
    )
