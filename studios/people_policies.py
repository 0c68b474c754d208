"""Who may manage people, classes, studio settings and consent pages (one-line checks at view tops)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from studios.models import Role
from studios.policies import Actor

DIRECTOR_ONLY = "Only the studio director manages people, classes and studio settings."
GUARDIANS_ONLY = "Consent for filming is given by a dancer's guardian, on the guardian's own login."


def require_director(actor: Actor) -> None:
    if not actor.is_director:
        raise PermissionDenied(DIRECTOR_ONLY)


def require_guardian(actor: Actor) -> None:
    if Role.GUARDIAN not in actor.roles:
        raise PermissionDenied(GUARDIANS_ONLY)
