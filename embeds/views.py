"""The embedded card, opened by a launch link inside a studio's portal iframe.

Headers, per response: CSP `frame-ancestors` = the studio's allowed origins (the rest of the site
keeps 'none'), and no X-Frame-Options (it cannot name origins; DENY would contradict the CSP). A link
that is not authentic keeps frame-ancestors 'none'. A top-level visit (`Sec-Fetch-Dest: document`)
is refused: the card opens only inside a frame, so a leaked link is not a page of a minor's data.

A launch link opens once (integrations/embed_sessions.py): the first framed open uses it up and
renders the card with its session token, which a small script puts in the frame's address
(history.replaceState), so reloading the frame keeps the card for its session; a second open of the
link gets the expired page. A refused top-level visit does not use the link up.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from embeds.cards import class_card, dancer_card
from integrations.embed import EmbedLinkError, frame_ancestors
from integrations.embed_models import EmbedSettings
from integrations.embed_sessions import embed_card_open, embed_link_redeem
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
        target, is_session = embed_card_open(token=token)
    except EmbedLinkError as error:
        return _refused(request, error.code, error.frame)
    if request.headers.get("Sec-Fetch-Dest") == "document":
        return _refused(request, "top_level", target.settings)
    try:
        session = token if is_session else embed_link_redeem(token=token, target=target)
    except EmbedLinkError as error:  # opened before: the same page as an expired link
        return _refused(request, error.code, error.frame)
    session_url = reverse("embed-card", kwargs={"token": session})
    allowed, studio = target.settings, target.studio
    if target.dancer is not None:
        card = dancer_card(studio=studio, dancer=target.dancer, allowed=allowed)
        if allowed.show_results and not card.consent_missing:
            actor = Actor(user=target.minter, studio=studio, roles=frozenset({"director"}))
            audit_record(
                actor=actor, action=AuditAction.VIEW_EMBED_CARD, dancer=target.dancer, request=request
            )
        context = {"card": card, "studio": studio, "session_url": session_url}
        page = render(request, "embeds/dancer_card.html", context)
    else:
        assert target.class_group is not None  # noqa: S101  # a link names a dancer or a class
        summary = class_card(studio=studio, group=target.class_group, allowed=allowed)
        page = render(
            request,
            "embeds/class_card.html",
            {"card": summary, "studio": studio, "allowed": allowed, "session_url": session_url},
        )
    return _headers(page, allowed)
