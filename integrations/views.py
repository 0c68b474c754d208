"""Director pages for integrations: create (key shown once), list and revoke studio API keys."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from integrations import selectors, services
from integrations.forms import APIKeyForm
from integrations.models import StudioAPIKey
from studios.policies import Actor
from studios.scoping import parse_uuid_or_404, studio_page

DIRECTOR = ("director",)
NEW_KEY_SESSION = "integrations_new_api_key"


def _page_url(actor: Actor) -> str:
    return reverse("integrations-api-keys", kwargs={"studio_id": actor.studio.public_id})


@require_http_methods(["GET", "POST"])
@studio_page(roles=DIRECTOR)
def api_keys(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = APIKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, plain = services.api_key_create(studio=actor.studio, actor=actor, **form.cleaned_data)
        # Post/redirect/get, so a reload cannot mint a second key; the key waits in the session
        # for exactly one page view and is popped there.
        request.session[NEW_KEY_SESSION] = {"name": key.name, "key": plain}
        return HttpResponseRedirect(_page_url(actor))
    created = request.session.pop(NEW_KEY_SESSION, None) if request.method == "GET" else None
    response = render(
        request,
        "integrations/api_keys.html",
        {
            "studio": actor.studio,
            "form": form,
            "created": created,
            "keys": selectors.api_key_list(studio=actor.studio),
        },
    )
    response["Cache-Control"] = "no-store"  # the page with a fresh key must not be cached
    return response


@require_POST
@studio_page(roles=DIRECTOR)
def api_key_revoke(request: HttpRequest, actor: Actor, key_id: str) -> HttpResponse:
    key = get_object_or_404(StudioAPIKey, studio=actor.studio, public_id=parse_uuid_or_404(key_id))
    services.api_key_revoke(studio=actor.studio, actor=actor, key=key)
    return HttpResponseRedirect(_page_url(actor))
