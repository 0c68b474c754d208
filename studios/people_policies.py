"""Who may manage people, classes and studio settings: the one director check of the studios
services (`require_director`, and `require_director_in` when the write names an object, which must
belong to the studio) and the reasons the 403 pages give (`studio_page(..., denied=...)`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from studiohealth.core.exceptions import NotFoundError
from studios.models import Studio
from studios.policies import Actor

DIRECTOR_ONLY = "Only the studio director manages people, classes and studio settings."
CONSENT_ROLES_ONLY = (
    "Consent is given by a dancer's guardian, or by an adult dancer for themselves, on their own login."
)


def require_director(actor: Actor) -> None:
    if not actor.is_director:
        raise PermissionDenied(DIRECTOR_ONLY)


def require_director_in(actor: Actor, studio: Studio, obj: Any) -> None:
    """The director check, then `obj` must be this studio's: another studio's object is "not found"."""
    require_director(actor)
    if obj.studio_id != studio.pk:
        raise NotFoundError()
