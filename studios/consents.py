"""Consent in the UI, both purposes (filming; sharing reports with teachers): the wording shown, status
per dancer and season, who may give it (a guardian; an adult dancer herself), reminders to guardians."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios import services
from studios.guardian_mail import guardians_mail
from studios.models import ConsentScope, DancerProfile, GuardianConsent, Season, Studio
from studios.people_policies import require_director
from studios.policies import Actor, can_consent_for_dancer
from studios.selectors import season_current

# Shown on the page and stored word for word with each consent (GuardianConsent.wording).
VIDEO_WORDING = (
    "I agree that {studio} may film {dancer} doing the screening movements (plié in second position and "
    "standing on one leg) and analyse the clips to check knee and hip alignment. Clips are kept for "
    "{days} days at most and are deleted when I withdraw this consent. Results are a screening aid, "
    "not a diagnosis."
)
REPORT_WORDING = (
    "I agree that {studio} may share {dancer}'s screening results (the measured alignment, key frames, "
    "charts and the PDF report) with the teachers of {dancer}'s classes, so they can adapt exercises in "
    "class. Without it teachers do not see them. I can withdraw it at any time; teachers then stop "
    "seeing the results, and no clip is deleted."
)
WORDINGS: dict[str, str] = {
    ConsentScope.VIDEO_ANALYSIS: VIDEO_WORDING,
    ConsentScope.REPORT_SHARING: REPORT_WORDING,
}
MINOR_CANNOT_CONSENT = (
    "Until the year a dancer turns 19 their guardian gives consent, on the guardian's own login (we keep "
    "only the birth year, so nobody is treated as an adult early)."
)


@dataclass(frozen=True)
class PurposeConsent:
    scope: str
    label: str
    active: GuardianConsent | None
    needs_renewal: bool
    wording: str


@dataclass(frozen=True)
class WardConsent:
    dancer: DancerProfile
    purposes: list[PurposeConsent]
    can_consent: bool  # False: a minor reading who consents for her
    guardians: list[str]


def consent_wording(*, studio: Studio, dancer: DancerProfile, scope: str) -> str:
    return WORDINGS[scope].format(
        studio=studio.name, dancer=dancer.first_name, days=studio.clip_retention_days
    )


def video_wording(*, studio: Studio, dancer: DancerProfile) -> str:
    return consent_wording(studio=studio, dancer=dancer, scope=ConsentScope.VIDEO_ANALYSIS)


def _purpose(dancer: DancerProfile, scope: str, season: Season | None) -> PurposeConsent:
    active = next((c for c in dancer.consents.all() if c.scope == scope and c.withdrawn_at is None), None)
    renew = active is not None and season is not None and active.season_id not in (None, season.pk)
    label = ConsentScope(scope).label
    return PurposeConsent(
        scope, label, active, renew, consent_wording(studio=dancer.studio, dancer=dancer, scope=scope)
    )


def consent_rows(*, actor: Actor) -> list[WardConsent]:
    """The dancers this person consents for (a guardian's wards; an adult dancer herself) or, for a minor
    dancer, her own row read-only: each with both purposes and whether they need renewing."""
    season = season_current(studio=actor.studio)
    dancers = DancerProfile.objects.filter(
        Q(guardians=actor.user) | Q(user=actor.user), studio=actor.studio, archived_at__isnull=True
    ).distinct()
    newest_first = GuardianConsent.objects.select_related("guardian", "season").order_by("-granted_at")
    rows = []
    for dancer in dancers.select_related("studio").prefetch_related(
        "guardians", Prefetch("consents", queryset=newest_first)
    ):
        purposes = [_purpose(dancer, scope, season) for scope in WORDINGS]
        guardians = [str(g) for g in dancer.guardians.all()]
        rows.append(WardConsent(dancer, purposes, can_consent_for_dancer(actor, dancer), guardians))
    return rows


def consent_give(*, studio: Studio, actor: Actor, dancer: DancerProfile, scope: str) -> GuardianConsent:
    """Give (or renew for the current season) one purpose, recording the exact wording shown."""
    if scope not in WORDINGS:
        raise ApplicationError("Unknown consent purpose.")
    season: Season | None = season_current(studio=studio)
    current = dancer.consents.filter(scope=scope, withdrawn_at__isnull=True, season=season)
    if season is not None and current.exists():  # already given for this season: nothing to renew
        return current.first()  # type: ignore[return-value]
    return services.consent_grant(
        studio=studio,
        actor=actor,
        dancer=dancer,
        scope=scope,
        wording=consent_wording(studio=studio, dancer=dancer, scope=scope),
        season=season,
    )


@transaction.atomic
def consent_reminder_send(*, studio: Studio, actor: Actor, dancer: DancerProfile, link_base: str) -> int:
    """E-mail each guardian of the dancer (and an adult dancer herself) a link to the consent page;
    returns how many were sent."""
    require_director(actor)
    if dancer.studio_id != studio.pk:
        raise NotFoundError()
    link = link_base.rstrip("/") + reverse("studio-consent", kwargs={"studio_id": studio.public_id})
    return guardians_mail(
        dancer=dancer,
        template="studios/email/consent_reminder",
        context={"studio": studio, "dancer": dancer, "link": link, "adult": not dancer.is_minor},
        adult_self=True,
    )
