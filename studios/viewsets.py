"""The two shapes of studio-scoped API resource: a list, and a list with its detail route. Each is
`StudioScopedMixin` (studio scope, roles, the one 404) on a DRF GenericViewSet; a resource adds
`create` or actions itself, through the helpers of `studiohealth.core.api`."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from studios.scoping import StudioScopedMixin


class ScopedListViewSet(StudioScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """GET list (paginated, filtered) of the studio's rows the requester may see."""


class ScopedReadViewSet(
    StudioScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """GET list and GET detail (`<pk>` is the public id; foreign, unknown or malformed → the same 404)."""
