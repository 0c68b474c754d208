"""Authenticating DRF user tokens with an expiry (kept apart from the token views: DRF's settings
import this module while its APIView is still being set up)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

EXPIRED = "Your API token has expired. Get a new one with POST /api/auth/token/ (username and password)."


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(seconds=settings.USER_TOKEN_MAX_AGE_SECONDS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused (401) once past its expiry."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            token.delete()  # an expired token never works again, even if the setting grows
            raise exceptions.AuthenticationFailed(EXPIRED)
        return user, token
