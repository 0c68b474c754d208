"""Single DRF exception handler: Django and application errors become {"message", "extra"}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from studiohealth.core.exceptions import ApplicationError


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        # Keep the service's reason ("You can upload clips only for yourself…"); a bare
        # PermissionDenied() still gets DRF's generic sentence.
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc.detail, list | dict):
        detail = exc.detail
        message = "Validation error." if isinstance(exc, exceptions.ValidationError) else str(detail)
        response.data = {"message": message, "extra": {"fields": detail}}
    else:
        response.data = {"message": str(exc.detail), "extra": {}}
    return response
