"""The shapes of studio-scoped API resource: a list, a list with its detail route, and the declared
PATCH / archive / restore every editable resource shares. Each is `StudioScopedMixin` (studio scope,
roles, the one 404) on a DRF GenericViewSet; a resource adds `create` or actions itself, through the
helpers of `studiohealth.core.api`.

A POST action on one row (revoke, withdraw, pause, redeliver...) is one line:

    return self.on_object(services.api_key_revoke, "key", APIKeySerializer)

which calls `service(studio=, actor=, key=<the row, scoped>)` and answers 200 (`answer=accepted`: 202).

`?source=<slug>&external_id=<id>` (`ExternalIdFilter`) is the partner's lookup on synced resources:
"do you know my record X?" (docs/integration.md).

PATCH and archive / restore are declared, not written (`Patchable`, `Archivable`):

    class SeasonViewSet(Patchable, ScopedReadViewSet):
        patch_serializer = SeasonPatchSerializer      # the request body (and its OpenAPI schema)
        patch_service = lifecycle.season_update       # season_update(studio=, actor=, season=, **body)
        object_kwarg = "season"
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from studiohealth.core.api import ok, validated_input
from studios.scoping import StudioScopedMixin

# Class attributes holding a service: kept unbound (a plain function would become a method).
SERVICE_ATTRIBUTES = ("patch_service", "archive_service", "restore_service")


class ExternalIdFilter(django_filters.FilterSet):
    """Rows synced from the studio's software, by where they came from and their id there."""

    source = django_filters.CharFilter(help_text="The studio software's slug, e.g. mindbody or csv.")
    external_id = django_filters.CharFilter(help_text="The record's id in that software (exact match).")


class _ObjectActions(StudioScopedMixin):
    # The keyword the row is passed as to this resource's declared services (patch, archive, restore).
    object_kwarg: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in SERVICE_ATTRIBUTES:
            value = vars(cls).get(name)
            if inspect.isfunction(value):
                setattr(cls, name, staticmethod(value))

    def on_object(
        self,
        service: Callable[..., Any],
        kwarg: str,
        serializer_class: type[serializers.BaseSerializer],
        *,
        answer: Callable[[Any, Any], Response] = ok,  # ok / accepted / created of studiohealth.core.api
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


class Patchable(_ObjectActions):
    """PATCH `<pk>`: the body validated by `patch_serializer` (only the fields sent), passed to
    `patch_service(studio=, actor=, <object_kwarg>=<the row>, **body, **patch_extra())`; the answer
    is the resource's own serializer. The OpenAPI operation is derived from the same two serializers."""

    patch_serializer: ClassVar[type[serializers.Serializer]]
    patch_service: Callable[..., Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "patch_serializer" in vars(cls):  # the declaring class: document its body and answer
            schema = extend_schema(request=cls.patch_serializer, responses={200: cls.serializer_class})
            extend_schema_view(partial_update=schema)(cls)

    def patch_extra(self) -> dict[str, Any]:
        """Keyword arguments the service needs besides the body (e.g. the site's address for a link)."""
        return {}

    def partial_update(self, request: Request, studio_id: str, pk: str) -> Response:
        values = validated_input(request, self.patch_serializer)
        return self.on_object(
            self.patch_service, self.object_kwarg, self.get_serializer_class(), **values, **self.patch_extra()
        )


class Archivable(_ObjectActions):
    """POST `<pk>/archive/` and `<pk>/restore/`: `archive_service` / `restore_service`
    (studio=, actor=, <object_kwarg>=<the row>), answered in the resource's own serializer."""

    archive_service: Callable[..., Any]
    restore_service: Callable[..., Any]

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, studio_id: str, pk: str) -> Response:
        """Out of current lists (rosters, classes, compliance); kept for history and still erasable."""
        return self.on_object(self.archive_service, self.object_kwarg, self.get_serializer_class())

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(self.restore_service, self.object_kwarg, self.get_serializer_class())
