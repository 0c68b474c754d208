"""The embedded card, opened by a launch link inside a studio's portal iframe.

Headers, per response: CSP `frame-ancestors` = the studio's allowed origins (the rest of the site
keeps 'none'), and no X-Frame-Options (it cannot name origins; DENY would contradict the CSP). A link
that is not authentic keeps frame-ancestors 'none'. A top-level visit (`Sec-Fetch-Dest: document`)
is refused: the card opens only inside a frame, so a leaked link is not a page of a minor's data.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from embeds.cards import class_card, dancer_card
from integrations.embed import EmbedLinkError, embed_link_open, frame_ancestors
from integrations.embed_models import EmbedSettings
from privacy.models import AuditAction
from privacy.services import audit_record
from studios.policies import Actor

REFUSED = {
    "expired": "This card's link has expired. Reload the page in your studio's portal to see it again.",
    "invalid": "This card link is not valid. Open the card from your studio's portal.",
    "top_level": "This card opens only inside your studio's portal.",
}


def _headers(response: HttpResponse, frame: EmbedSettings | None) -> HttpResponse:
    response._csp_replace = {"frame-ancestors": frame_ancestors(frame)}  # type: ignore[attr-defined]
    if frame is not None and frame.origins:
        response.xframe_options_exempt = True
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"  # the link is in the URL
    response["X-Robots-Tag"] = "noindex"
    return response


def _refused(request: HttpRequest, code: str, frame: EmbedSettings | None) -> HttpResponse:
    page = render(request, "embeds/refused.html", {"message": REFUSED[code], "code": code}, status=403)
    return _headers(page, frame)


@require_GET
def embed_card(request: HttpRequest, token: str) -> HttpResponse:
    try:
        target = embed_link_open(token=token)
    except EmbedLinkError as error:
        return _refused(request, error.code, error.frame)
    if request.headers.get("Sec-Fetch-Dest") == "document":
        return _refused(request, "top_level", target.settings)
    allowed, studio = target.settings, target.studio
    if target.dancer is not None:
        card = dancer_card(studio=studio, dancer=target.dancer, allowed=allowed)
        if allowed.show_results and not card.consent_missing:
            actor = Actor(user=target.minter, studio=studio, roles=frozenset({"director"}))
            audit_record(
                actor=actor, action=AuditAction.VIEW_EMBED_CARD, dancer=target.dancer, request=request
            )
        page = render(request, "embeds/dancer_card.html", {"card": card, "studio": studio})
    else:
        assert target.class_group is not None  # noqa: S101  # a link names a dancer or a class
        summary = class_card(studio=studio, group=target.class_group, allowed=allowed)
        page = render(
            request, "embeds/class_card.html", {"card": summary, "studio": studio, "allowed": allowed}
        )
    return _headers(page, allowed)
