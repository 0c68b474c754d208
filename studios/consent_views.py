"""Consent pages: a guardian gives or withdraws filming consent per ward; the director sends reminders."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from studiohealth.core.exceptions import ApplicationError
from studios import consents, services
from studios.models import DancerProfile, GuardianConsent, Role
from studios.people_policies import DIRECTOR_ONLY, GUARDIANS_ONLY
from studios.policies import Actor, is_guardian_of
from studios.scoping import parse_uuid_or_404, studio_page


def _ward(actor: Actor, pk: str) -> DancerProfile:
    dancer = DancerProfile.objects.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if dancer is None or not is_guardian_of(actor, dancer):
        raise Http404
    return dancer


@require_GET
@studio_page(roles={Role.GUARDIAN}, denied=GUARDIANS_ONLY)
def consent_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request, "studios/consent.html", {"actor": actor, "wards": consents.ward_consents(actor=actor)}
    )


@require_POST
@studio_page(roles={Role.GUARDIAN}, denied=GUARDIANS_ONLY)
def consent_give(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    dancer = _ward(actor, pk)
    consents.consent_give_video(studio=actor.studio, actor=actor, dancer=dancer)
    messages.success(request, f"Consent recorded: {dancer.first_name} may now be filmed for screening.")
    return redirect("studio-consent", studio_id=actor.studio.public_id)


@require_POST
@studio_page(roles={Role.GUARDIAN}, denied=GUARDIANS_ONLY)
def consent_withdraw(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    consent = GuardianConsent.objects.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if consent is None or not is_guardian_of(actor, consent.dancer):
        raise Http404
    services.consent_withdraw(studio=actor.studio, actor=actor, consent=consent)
    messages.success(
        request,
        f"Consent withdrawn: {consent.dancer.first_name} will not be filmed, and stored clips are deleted.",
    )
    return redirect("studio-consent", studio_id=actor.studio.public_id)


@require_POST
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def consent_remind(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    dancer = DancerProfile.objects.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if dancer is None:
        raise Http404
    try:
        sent = consents.consent_reminder_send(
            studio=actor.studio, actor=actor, dancer=dancer, link_base=request.build_absolute_uri("/")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Reminder e-mailed to {sent} guardian{'s' if sent != 1 else ''} of {dancer.first_name}."
        )
    return redirect("studio-people", studio_id=actor.studio.public_id)
