"""Audit of key requests: one KeyRequest row per request a studio API key was presented on.

A middleware, not the view, so the row is written after ATOMIC_REQUESTS has committed or rolled
back the view's work: refused requests (401/403/404) are recorded too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from integrations.models import KeyRequest, StudioAPIKey


class KeyRequestAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key: StudioAPIKey | None = getattr(request, "studio_api_key", None)
        if key is not None:
            KeyRequest.objects.create(
                key=key,
                studio_id=key.studio_id,
                method=request.method or "",
                path=request.path[:500],
                status_code=response.status_code,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        return response
