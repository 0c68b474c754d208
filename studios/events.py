"""Events the studios app emits for higher apps to act on (studios itself imports none of them).

Why a tiny typed registry and not a Django signal: a handler here has a checked signature (mypy sees
`(studio=, dancer=)`), runs synchronously inside the emitter's transaction and its exception rolls the
whole change back — which the consent cascade needs — and the one place that registers it
(`ScreeningsConfig.ready`) is greppable. Signals take `**kwargs` nobody checks, and our style keeps
business logic out of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from studios.models import DancerProfile, Studio


class ConsentWithdrawnHandler(Protocol):
    def __call__(self, *, studio: Studio, dancer: DancerProfile) -> object: ...


_consent_withdrawn: list[ConsentWithdrawnHandler] = []


def on_consent_withdrawn(handler: ConsentWithdrawnHandler) -> Callable[[], None]:
    """Register a handler (idempotent); returns a function that unregisters it."""
    if handler not in _consent_withdrawn:
        _consent_withdrawn.append(handler)
    return lambda: _consent_withdrawn.remove(handler) if handler in _consent_withdrawn else None


def consent_withdrawn_handlers() -> tuple[ConsentWithdrawnHandler, ...]:
    return tuple(_consent_withdrawn)


def consent_withdrawn_emit(*, studio: Studio, dancer: DancerProfile) -> None:
    """Run every handler in the caller's transaction; an exception propagates (and rolls back)."""
    for handler in _consent_withdrawn:
        handler(studio=studio, dancer=dancer)
