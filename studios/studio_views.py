"""Starting a studio after sign-up, and the director's studio settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from studios import services
from studios.forms import StudioSettingsForm, StudioStartForm
from studios.http import AuthenticatedHttpRequest
from studios.models import Role
from studios.people_policies import DIRECTOR_ONLY
from studios.policies import Actor
from studios.scoping import studio_page


@login_required
@require_http_methods(["GET", "POST"])
def studio_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StudioStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            studio = services.studio_start(founder=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{studio.name} is ready. Next: invite your teachers.")
            return redirect("studio-people", studio_id=studio.public_id)
    return render(request, "studios/start.html", {"form": form}, status=400 if form.errors else 200)


@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
@require_http_methods(["GET", "POST"])
def studio_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    studio = actor.studio
    initial = {
        "name": studio.name,
        "timezone_name": studio.timezone,
        "clip_retention_days": studio.clip_retention_days,
        "guardian_view": studio.guardian_view,
    }
    form = StudioSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.studio_update(studio=studio, actor=actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Studio settings saved.")
            return redirect("studio-settings", studio_id=studio.public_id)
    context = {"actor": actor, "form": form}
    return render(request, "studios/settings.html", context, status=400 if form.errors else 200)
