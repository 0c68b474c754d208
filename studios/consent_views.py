"""Consent pages: a guardian (for a ward) or an adult dancer (for herself) gives or withdraws each
purpose; a minor dancer reads who consents for her; the director sends reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from studiohealth.core.pages import run_and_flash
from studios import consents, services
from studios.models import ConsentScope, DancerProfile, GuardianConsent, Role
from studios.people_policies import CONSENT_ROLES_ONLY, DIRECTOR_ONLY
from studios.policies import Actor, can_consent_for_dancer, can_view_dancer
from studios.scoping import dancer_visible_or_404, parse_uuid_or_404, studio_page

CONSENTING = {Role.GUARDIAN, Role.DANCER}
GIVEN = {
    ConsentScope.VIDEO_ANALYSIS: "Consent recorded: {name} may now be filmed for screening.",
    ConsentScope.REPORT_SHARING: "Consent recorded: {name}'s teachers may now see the screening results.",
}
WITHDRAWN = {
    ConsentScope.VIDEO_ANALYSIS: "Consent withdrawn: {name} will not be filmed, and stored clips are deleted.",
    ConsentScope.REPORT_SHARING: "Consent withdrawn: {name}'s teachers no longer see the screening results.",
}


def _may_consent_or_403(actor: Actor, dancer: DancerProfile) -> None:
    if not can_consent_for_dancer(actor, dancer):
        raise PermissionDenied(consents.MINOR_CANNOT_CONSENT)


@require_GET
@studio_page(roles=CONSENTING, denied=CONSENT_ROLES_ONLY)
def consent_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request, "studios/consent.html", {"actor": actor, "wards": consents.consent_rows(actor=actor)}
    )


@require_POST
@studio_page(roles=CONSENTING, denied=CONSENT_ROLES_ONLY)
def consent_give(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    dancer = dancer_visible_or_404(actor=actor, public_id=pk)
    _may_consent_or_403(actor, dancer)
    scope = request.POST.get("scope", ConsentScope.VIDEO_ANALYSIS)
    if scope not in GIVEN:
        messages.error(request, "That consent purpose does not exist; nothing was recorded.")
    else:
        consents.consent_give(studio=actor.studio, actor=actor, dancer=dancer, scope=scope)
        messages.success(request, GIVEN[scope].format(name=dancer.first_name))
    return redirect("studio-consent", studio_id=actor.studio.public_id)


@require_POST
@studio_page(roles=CONSENTING, denied=CONSENT_ROLES_ONLY)
def consent_withdraw(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    consent = GuardianConsent.objects.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if consent is None or not can_view_dancer(actor, consent.dancer):
        raise Http404
    _may_consent_or_403(actor, consent.dancer)
    services.consent_withdraw(studio=actor.studio, actor=actor, consent=consent)
    messages.success(request, WITHDRAWN[ConsentScope(consent.scope)].format(name=consent.dancer.first_name))
    return redirect("studio-consent", studio_id=actor.studio.public_id)


@require_POST
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def consent_remind(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    dancer = dancer_visible_or_404(actor=actor, public_id=pk)
    return run_and_flash(
        request,
        lambda: consents.consent_reminder_send(
            studio=actor.studio, actor=actor, dancer=dancer, link_base=request.build_absolute_uri("/")
        ),
        success=lambda sent: f"Reminder e-mailed to {sent} guardian{'s' if sent != 1 else ''} of {dancer.first_name}.",
        then=redirect("studio-people", studio_id=actor.studio.public_id),
    )
