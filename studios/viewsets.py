"""The two shapes of studio-scoped API resource: a list, and a list with its detail route. Each is
`StudioScopedMixin` (studio scope, roles, the one 404) on a DRF GenericViewSet; a resource adds
`create` or actions itself, through the helpers of `studiohealth.core.api`.

A POST action on one row (revoke, withdraw, pause, redeliver...) is one line:

    return self.on_object(services.api_key_revoke, "key", APIKeySerializer)

which calls `service(studio=, actor=, key=<the row, scoped>)` and answers 200 (`answer=accepted`: 202).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from studiohealth.core.api import ok
from studios.scoping import StudioScopedMixin


class _ObjectActions(StudioScopedMixin):
    def on_object(
        self,
        service: Callable[..., Any],
        kwarg: str,
        serializer_class: type[serializers.Serializer],
        *,
        answer: Callable[[type[serializers.Serializer], Any], Response] = ok,
        **extra: Any,
    ) -> Response:
        """`service(studio=, actor=, <kwarg>=self.get_object(), **extra)`, answered in `serializer_class`."""
        obj = service(studio=self.studio, actor=self.actor, **{kwarg: self.get_object()}, **extra)
        return answer(serializer_class, obj)


class ScopedListViewSet(_ObjectActions, mixins.ListModelMixin, viewsets.GenericViewSet):
    """GET list (paginated, filtered) of the studio's rows the requester may see."""


class ScopedReadViewSet(
    _ObjectActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """GET list and GET detail (`<pk>` is the public id; foreign, unknown or malformed → the same 404)."""
