"""Authenticating a request by a studio API key (`Authorization: Api-Key <prefix>.<secret>`).

Installed only on studio-scoped API views (studios.scoping.StudioScopedMixin.get_authenticators),
so a key is worthless anywhere else. A revoked, expired or unknown key is a 401; the studio match
(404 for another studio's key) and the scope (403 for a read key writing) are decided by the mixin.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from integrations.models import StudioAPIKey

KEYWORD = "Api-Key"


def key_from_header(request: Request) -> str | None:
    header = authentication.get_authorization_header(request).decode("latin-1").split()
    if len(header) != 2 or header[0] != KEYWORD:
        return None
    return header[1]


class StudioAPIKeyAuthentication(authentication.BaseAuthentication):
    """(service user, key) for a usable key; None when no key header is sent."""

    def authenticate(self, request: Request) -> tuple[Any, StudioAPIKey] | None:
        raw = key_from_header(request)
        if raw is None:
            return None
        prefix = raw.partition(".")[0]
        key = StudioAPIKey.objects.select_related("studio", "service_user").filter(prefix=prefix).first()
        if key is None or not key.is_valid(raw):
            raise exceptions.AuthenticationFailed("Unknown API key.")
        # The middleware writes the request line outside the view's transaction (401s included).
        request._request.studio_api_key = key  # type: ignore[attr-defined]
        if key.revoked or key.has_expired:
            raise exceptions.AuthenticationFailed("This API key was revoked or has expired.")
        StudioAPIKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return key.service_user, key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD  # a 401, not a 403, for a bad key
