"""DRF user tokens that expire and are revoked: issuing (POST /api/auth/token/ with the expiry),
revoking (POST /api/auth/token/revoke/, logout, password change / reset / set). A token lives
USER_TOKEN_MAX_AGE_SECONDS (30 days) from when it was issued; studios/token_auth.py refuses it after."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from studios.models import User
from studios.token_auth import token_expires_at


def user_tokens_revoke(*, user: Any) -> int:
    """Delete every API token of the user (logout, password change or reset); returns how many."""
    if user is None or getattr(user, "pk", None) is None:
        return 0
    deleted, _ = Token.objects.filter(user_id=user.pk).delete()
    return deleted


@transaction.atomic
def user_token_issue(*, user: User) -> Token:
    """The user's current token, or a new one when there is none or it has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_expires_at(token) <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


TokenOut = inline_serializer(
    "AuthToken", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
)


class ObtainExpiringToken(APIView):
    """POST username + password → the token and when it expires (401 after that: ask again)."""

    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    serializer_class = AuthTokenSerializer

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenOut})
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = user_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token_expires_at(token)})


class RevokeToken(APIView):
    """POST with `Authorization: Token <key>`: that user's tokens are deleted (an app's "log out")."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        user_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _revoke_on_signal(sender: object, **kwargs: Any) -> None:
    user_tokens_revoke(user=kwargs.get("user"))


def connect_signals() -> None:
    """Called from StudiosConfig.ready: logging out and every password change end the user's tokens."""
    from allauth.account.signals import password_changed, password_reset, password_set

    for signal in (user_logged_out, password_changed, password_reset, password_set):
        signal.connect(_revoke_on_signal, dispatch_uid=f"studios.tokens.revoke.{id(signal)}")
