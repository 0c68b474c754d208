"""Who may manage people, classes and studio settings: the one director check of the studios
services and the reasons the 403 pages give (`studio_page(..., denied=...)`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from studios.policies import Actor

DIRECTOR_ONLY = "Only the studio director manages people, classes and studio settings."
CONSENT_ROLES_ONLY = (
    "Consent is given by a dancer's guardian, or by an adult dancer for themselves, on their own login."
)


def require_director(actor: Actor) -> None:
    if not actor.is_director:
        raise PermissionDenied(DIRECTOR_ONLY)
