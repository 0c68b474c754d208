"""Who may manage people, classes, studio settings and consent pages (one-line checks at view tops)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from studios.models import Role
from studios.policies import Actor

DIRECTOR_ONLY = "Only the studio director manages people, classes and studio settings."
CONSENT_ROLES_ONLY = "Consent is given by a dancer's guardian, or by an adult dancer for themself."


def require_director(actor: Actor) -> None:
    if not actor.is_director:
        raise PermissionDenied(DIRECTOR_ONLY)


def require_consent_giver(actor: Actor) -> None:
    if not actor.roles & {Role.GUARDIAN, Role.DANCER}:
        raise PermissionDenied(CONSENT_ROLES_ONLY)
