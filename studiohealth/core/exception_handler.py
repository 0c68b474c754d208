"""Single DRF exception handler: Django and application errors become {"message", "extra"}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from studiohealth.core.exceptions import ApplicationError


def _in_request_transaction(context: dict[str, Any]) -> bool:
    """False for views that opted out of ATOMIC_REQUESTS (uploads): their service calls committed
    or rolled back on their own, and there is no request transaction of theirs to mark."""
    match = getattr(context.get("request"), "resolver_match", None)
    return "default" not in getattr(getattr(match, "func", None), "_non_atomic_requests", set())


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # one sentence for every unknown or foreign id
    elif isinstance(exc, PermissionDenied):
        # Keep the service's reason ("You can upload clips only for yourself…"); a bare
        # PermissionDenied() still gets DRF's generic sentence.
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a 500: Django's handler logs it

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{int(exc.wait)}"  # type: ignore[attr-defined]
    if _in_request_transaction(context):
        set_rollback()
    if isinstance(exc.detail, list | dict):
        message = "Validation error." if isinstance(exc, exceptions.ValidationError) else str(exc.detail)
        data = {"message": message, "extra": {"fields": exc.detail}}
    else:
        data = {"message": str(exc.detail), "extra": {}}
    return Response(data, status=exc.status_code, headers=headers)
