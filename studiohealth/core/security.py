"""Response headers Django has no setting for."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and no caching of anything shown to a logged-in user:
    pages and API answers carry children's health data, which must not linger in shared or
    back-button caches. Static files never reach this (WhiteNoise answers them earlier)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
            response.headers["Cache-Control"] += ", private"
        return response
