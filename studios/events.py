"""Events the studios app emits for higher apps to act on (studios itself imports none of them):
consent withdrawn (the screenings purge cascade, the `consent.changed` webhook), consent given and
dancer archived (webhooks). Registries are `studiohealth.core.hooks.Hook`s; handlers run in the
emitter's transaction and an exception propagates (rolling the change back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from studiohealth.core.hooks import Hook
from studios.models import DancerProfile, Studio


class DancerEventHandler(Protocol):
    def __call__(self, *, studio: Studio, dancer: DancerProfile) -> object: ...


# Kept as the old names: screenings registers the withdrawal cascade with on_consent_withdrawn.
ConsentWithdrawnHandler = DancerEventHandler
consent_withdrawn: Hook[DancerEventHandler] = Hook("consent withdrawn")
consent_given: Hook[DancerEventHandler] = Hook("consent given")
dancer_archived: Hook[DancerEventHandler] = Hook("dancer archived")


def _emit(hook: Hook[DancerEventHandler], studio: Studio, dancer: DancerProfile) -> None:
    for handler in hook.handlers():
        handler(studio=studio, dancer=dancer)


def on_consent_withdrawn(handler: DancerEventHandler) -> Callable[[], None]:
    """Register a handler (idempotent); returns a function that unregisters it."""
    return consent_withdrawn.register(handler)


def consent_withdrawn_handlers() -> tuple[DancerEventHandler, ...]:
    return consent_withdrawn.handlers()


def consent_withdrawn_emit(*, studio: Studio, dancer: DancerProfile) -> None:
    """Run every handler in the caller's transaction; an exception propagates (and rolls back)."""
    _emit(consent_withdrawn, studio, dancer)


def consent_given_emit(*, studio: Studio, dancer: DancerProfile) -> None:
    _emit(consent_given, studio, dancer)


def dancer_archived_emit(*, studio: Studio, dancer: DancerProfile) -> None:
    _emit(dancer_archived, studio, dancer)
