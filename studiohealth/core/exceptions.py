"""The one error vocabulary services use; the API handler renders it as {"message", "extra"}."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the product was broken by the request (rendered as 400)."""

    status_code = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """An id that is not visible in this studio scope: always rendered as the same 404."""

    status_code = 404

    def __init__(self, message: str = "Not found.", extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, extra)
