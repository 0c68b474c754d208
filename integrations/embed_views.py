"""The director's embed settings page: which portal origins may frame the cards, and what they show."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from integrations.embed import embed_settings_get, embed_settings_update
from studiohealth.core.exceptions import ApplicationError
from studios.policies import Actor
from studios.scoping import studio_page

DIRECTOR = ("director",)


class EmbedSettingsForm(forms.Form):
    origins = forms.CharField(
        label="Portal origins allowed to show the cards (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="For example https://portal.example.com — leave empty to switch embedding off.",
    )
    show_name = forms.BooleanField(label="Dancer's name", required=False)
    show_results = forms.BooleanField(
        label="Latest results (band words with their ± error band)", required=False
    )
    show_compliance = forms.BooleanField(label="Exercise program compliance", required=False)


@require_http_methods(["GET", "POST"])
@studio_page(roles=DIRECTOR, denied="Only the studio's director can change what its portal may embed.")
def embed_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    current = embed_settings_get(studio=actor.studio)
    initial = {
        "origins": "\n".join(current.origins),
        "show_name": current.show_name,
        "show_results": current.show_results,
        "show_compliance": current.show_compliance,
    }
    form = EmbedSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            embed_settings_update(
                studio=actor.studio,
                actor=actor,
                origins=data["origins"].splitlines(),
                show_name=data["show_name"],
                show_results=data["show_results"],
                show_compliance=data["show_compliance"],
            )
        except ApplicationError as error:  # the named origin and what is wrong with it; input kept
            form.add_error("origins", error.message)
        else:
            return HttpResponseRedirect(
                reverse("integrations-embed", kwargs={"studio_id": actor.studio.public_id}) + "?saved=1"
            )
    context = {
        "studio": actor.studio,
        "form": form,
        "current": current,
        "saved": "saved" in request.GET,
        "max_age_minutes": settings.EMBED_LINK_MAX_AGE_SECONDS // 60,
    }
    return render(request, "integrations/embed.html", context, status=400 if form.errors else 200)
