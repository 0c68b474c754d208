"""A tiny typed registry of handlers for one event a lower app emits and higher apps act on.

Why not a Django signal: the handler type is checked (mypy sees the Protocol's keywords), handlers run
synchronously in the emitter's transaction (an exception rolls the change back, which the consent
cascade needs), and the places that register them (`AppConfig.ready`) are greppable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

H = TypeVar("H", bound=Callable[..., object])


class Hook(Generic[H]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[H] = []

    def register(self, handler: H) -> Callable[[], None]:
        """Add a handler (idempotent); returns a function that removes it again."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return lambda: self._handlers.remove(handler) if handler in self._handlers else None

    def handlers(self) -> tuple[H, ...]:
        return tuple(self._handlers)
