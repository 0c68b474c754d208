"""The one tenancy base. Every studio-owned API view inherits StudioScopedMixin first.

- The studio comes from the URL (`/api/studios/<studio_id>/...`), never from the payload or a
  "current studio" on the user.
- A non-member, an unknown id and a malformed id all get the same 404: outsiders cannot learn
  whether a studio or object exists. A member whose role may not perform the action gets 403.
- get_queryset / get_object / get_permissions cannot be overridden (PostHog-style): subclasses
  narrow rows with `safely_get_queryset(qs)`; a deliberate bypass must be named `dangerously_*`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.views import APIView

from studios.models import Studio
from studios.policies import ALL_ROLES, Actor, actor_for, visible_dancers

PROTECTED_METHODS = ("get_queryset", "get_object", "get_permissions", "get_authenticators")


def parse_uuid_or_404(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def studio_actor_or_404(request: Any, studio_id: Any) -> Actor:
    """Resolve the studio from the URL and the requester's roles in it; 404 for non-members."""
    studio = Studio.objects.filter(public_id=parse_uuid_or_404(studio_id)).first()
    actor = actor_for(user=request.user, studio=studio) if studio else None
    if actor is None:
        raise Http404
    return actor


class StudioRolePermission(permissions.BasePermission):
    """Membership (404 otherwise) and the role the view declares for this action (403 otherwise)."""

    message = "Your role in this studio does not allow this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        actor: Actor = view.actor  # type: ignore[attr-defined]  # resolving raises 404 for non-members
        return actor.has_any(view.roles_for_action())  # type: ignore[attr-defined]


class StudioScopedMixin:
    """Fail-closed studio scope for DRF views and viewsets.

    Subclasses declare:
      scoped_model     the model; it must have a `studio` FK. Without it the queryset is empty.
      dancer_lookup    path from the model to DancerProfile ("dancer", "clip__dancer"...) so rows are
                       limited to visible_dancers(actor); None = every member of the studio may see them.
      action_roles     {action or HTTP method: roles}; "read" and "write" are the fallbacks.
    """

    scoped_model: ClassVar[type[Model] | None] = None
    dancer_lookup: ClassVar[str | None] = "dancer"
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    read_roles: ClassVar[frozenset[str]] = ALL_ROLES
    write_roles: ClassVar[frozenset[str]] = frozenset({"director"})
    action_roles: ClassVar[dict[str, frozenset[str]]] = {}
    permission_classes: ClassVar[list[type[permissions.BasePermission]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in PROTECTED_METHODS:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} must not override {name}(); use safely_get_queryset() or a "
                    f"dangerously_* method so the studio scope cannot be bypassed by accident."
                )

    # --- studio and actor ----------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        cached = getattr(self, "_actor", None)
        if cached is None:
            cached = studio_actor_or_404(self.request, self.kwargs.get("studio_id"))  # type: ignore[attr-defined]
            self._actor = cached
        return cached

    @property
    def studio(self) -> Studio:
        return self.actor.studio

    def roles_for_action(self) -> frozenset[str]:
        action = getattr(self, "action", None)
        method = self.request.method  # type: ignore[attr-defined]
        for key in (action, method):
            if key and key in self.action_roles:
                return self.action_roles[key]
        return self.read_roles if method in permissions.SAFE_METHODS else self.write_roles

    # --- protected machinery -------------------------------------------------------------------
    def get_permissions(self) -> list[permissions.BasePermission]:
        base = [permissions.IsAuthenticated(), StudioRolePermission()]
        return base + [perm() for perm in self.permission_classes]

    def get_queryset(self) -> QuerySet:
        if self.scoped_model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no scoped_model")
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no studio
            return self.scoped_model._default_manager.none()
        qs = self.scoped_model._default_manager.filter(studio=self.studio)
        if self.dancer_lookup:
            qs = qs.filter(**{f"{self.dancer_lookup}__in": visible_dancers(self.actor)})
        return self.safely_get_queryset(qs)

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        """Narrow or annotate the already studio-scoped queryset. Never widen it."""
        return queryset

    def get_object(self) -> Model:
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)  # type: ignore[attr-defined]
        value = parse_uuid_or_404(lookup) if self.lookup_field == "public_id" else lookup
        obj = queryset.filter(**{self.lookup_field: value}).first()
        if obj is None:
            raise NotFound
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj


def studio_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for server-rendered studio pages: login required, then the same 404-for-outsiders
    resolution as the API. The view receives `actor` as its first argument after the request."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, studio_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = studio_actor_or_404(request, studio_id)
        request.actor = actor  # type: ignore[attr-defined]  # templates and audit read it
        return view(request, actor, *args, **kwargs)

    return wrapper
