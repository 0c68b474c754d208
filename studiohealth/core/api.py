"""The flow every create endpoint shares: validate the body with an input serializer, call a service,
answer 201 with the output serializer. Errors on the way are rendered by the one exception handler."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response


def validated_input(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The request body validated by `serializer_class`; 400 with the field errors otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def created(serializer_class: type[serializers.Serializer], obj: Any) -> Response:
    """201 with the new object in `serializer_class`."""
    return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)
