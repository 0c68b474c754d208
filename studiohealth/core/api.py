"""The flow every API write shares: validate the body with an input serializer, look up the objects
it names inside the caller's scope, call a service, answer with the output serializer. Errors on the
way are rendered by the one exception handler.

- `validated_input(request, InputSerializer)` → the validated dict (400 with field errors otherwise);
- `found_or_404(queryset, public_id, "Season not found in this studio.")` → the row or the same 404
  as an unknown id (`NotFoundError`), for ids read from a body or a path;
- `created(OutputSerializer, obj)` → 201; `ok(OutputSerializer, obj)` → 200; `accepted(...)` → 202
  (queued work: a report job, a webhook delivery).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from studiohealth.core.exceptions import NotFoundError

M = TypeVar("M", bound=Model)


def validated_input(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The request body validated by `serializer_class`; 400 with the field errors otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def found_or_404(queryset: QuerySet[M], public_id: Any, message: str = "Not found.") -> M:
    """The row of `queryset` with this public id; `NotFoundError(message)` when there is none.
    `queryset` is already scoped (studio, visibility), so a foreign id answers like a random one."""
    obj = queryset.filter(public_id=public_id).first()
    if obj is None:
        raise NotFoundError(message)
    return obj


def created(serializer_class: type[serializers.Serializer], obj: Any) -> Response:
    """201 with the new object in `serializer_class`."""
    return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)


def ok(serializer_class: type[serializers.Serializer], obj: Any) -> Response:
    """200 with the changed object in `serializer_class`."""
    return Response(serializer_class(obj).data)


def accepted(serializer_class: type[serializers.Serializer], obj: Any) -> Response:
    """202 with the queued job or delivery in `serializer_class`: its work happens later."""
    return Response(serializer_class(obj).data, status=status.HTTP_202_ACCEPTED)
