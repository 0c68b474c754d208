"""The one tenancy mechanism: studio-owned API views inherit StudioScopedMixin first, pages use
`studio_page`, and ids from URLs or payloads are resolved through the same scope.

- The studio comes from the URL (`/api/studios/<studio_id>/...`, `/s/<studio_id>/...`), never from
  the payload or a "current studio" on the user.
- A non-member, an unknown id and a malformed id all get the same 404: outsiders cannot learn
  whether a studio or object exists. A member whose role may not perform the action gets 403.
- get_queryset / get_object / get_permissions cannot be overridden anywhere in a view's bases
  (PostHog-style): subclasses narrow rows with `safely_get_queryset(qs)`; the one deliberate bypass
  is a method named `dangerously_get_queryset()`, listed in tests/studios/test_scoping.py.

Pages declare who may open them, as API views do:

    @studio_page                                   any member of the studio
    @studio_page(roles=STAFF_ROLES)                members holding one of these roles, else 403
    @studio_page(policy=can_view_audit_log)        members for whom policy(actor) is true, else 403
    @studio_page(roles=…, denied="Only …")         the 403 page gives that reason

The view receives the resolved `Actor` as its first argument after the request.
Machine credentials (integrations/, docs/integration.md): the mixin also runs the authenticators in
settings.STUDIO_CREDENTIAL_AUTHENTICATION_CLASSES (`Authorization: Api-Key ...`). A credential
(`StudioCredential` in request.auth) acts as its studio's login-less service user with director
roles; another studio's key gets the same 404 as an outsider, a read-only key 403 on any write.

Ids: `parse_uuid_or_404(value)` (or `parse_uuid_or_none` for optional filters); a dancer from a URL
or payload: `dancer_visible_or_404(actor=..., public_id=...)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from functools import cache, wraps
from typing import TYPE_CHECKING, Any, Protocol, overload, runtime_checkable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string
from rest_framework import permissions
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.views import APIView

from studiohealth.core.exceptions import NotFoundError
from studios.models import DancerProfile, Role, Studio, User
from studios.policies import ALL_ROLES, Actor, actor_for, visible_dancers

PROTECTED_METHODS = ("get_queryset", "get_object", "get_permissions", "get_authenticators")
DANGEROUS_PREFIX = "dangerously_"

if TYPE_CHECKING:
    # The mixin is always combined with a DRF generic view; type-check it as one so its attributes
    # (permission_classes, lookup_url_kwarg, request, kwargs...) have DRF's own types.
    _ViewBase = GenericAPIView
else:
    _ViewBase = object


class DancerNotVisible(NotFoundError, Http404):
    """A dancer id that is foreign, hidden or unknown: the API renders its message, pages a 404."""

    def __init__(self, message: str = "Dancer not found in this studio.") -> None:
        super().__init__(message)


def parse_uuid_or_none(value: Any) -> uuid.UUID | None:
    """A UUID from a URL, payload or query string; None when it is missing or malformed."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def parse_uuid_or_404(value: Any) -> uuid.UUID:
    """The same, for ids that name an object: a malformed id is "not found" like an unknown one."""
    parsed = parse_uuid_or_none(value)
    if parsed is None:
        raise Http404
    return parsed


def dancer_visible_or_404(*, actor: Actor, public_id: Any) -> DancerProfile:
    """The dancer with this public id if the actor may see them; otherwise DancerNotVisible (404)."""
    value = parse_uuid_or_none(public_id)
    if value is None:
        raise DancerNotVisible
    dancer = visible_dancers(actor).filter(public_id=value).select_related("studio").first()
    if dancer is None:
        raise DancerNotVisible
    return dancer


@runtime_checkable
class StudioCredential(Protocol):
    """What a machine credential (integrations.StudioAPIKey) put in `request.auth` offers the scope:
    the one studio it belongs to, the login-less user it acts as, and whether it may write."""

    studio: Studio
    service_user: User

    @property
    def can_write(self) -> bool: ...


@cache
def _credential_authenticators() -> tuple[type[BaseAuthentication], ...]:
    # settings.STUDIO_CREDENTIAL_AUTHENTICATION_CLASSES: dotted paths, so studios imports no app above it.
    return tuple(
        import_string(path) for path in getattr(settings, "STUDIO_CREDENTIAL_AUTHENTICATION_CLASSES", ())
    )


def studio_actor_or_404(request: Any, studio_id: Any) -> Actor:
    """Resolve the studio from the URL and the requester's roles in it; 404 for non-members."""
    credential = getattr(request, "auth", None)
    if isinstance(credential, StudioCredential):  # a key is a member of its own studio only
        if credential.studio.public_id != parse_uuid_or_404(studio_id):
            raise Http404
        return Actor(user=credential.service_user, studio=credential.studio, roles=frozenset({Role.DIRECTOR}))
    studio = Studio.objects.filter(public_id=parse_uuid_or_404(studio_id)).first()
    actor = actor_for(user=request.user, studio=studio) if studio else None
    if actor is None:
        raise Http404
    return actor


class StudioRolePermission(permissions.BasePermission):
    """Membership (404 otherwise) and the role the view declares for this action (403 otherwise)."""

    message = "Your role in this studio does not allow this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        assert isinstance(view, StudioScopedMixin)  # noqa: S101  # installed only by the mixin
        allowed = view.actor.has_any(view.roles_for_action())  # resolving raises 404 for non-members
        credential = getattr(request, "auth", None)
        if isinstance(credential, StudioCredential) and request.method not in permissions.SAFE_METHODS:
            if getattr(view, "action", None) in view.read_key_actions:
                return allowed  # a POST that changes nothing and reveals no more than a GET would
            return allowed and credential.can_write  # a read-scoped key: 403 on every write
        return allowed


def _protected_overrides(cls: type) -> list[tuple[str, str]]:
    """(class name, method) for every protected method defined between cls and StudioScopedMixin
    in the MRO: a mixin placed before the base counts as much as the class itself."""
    found = []
    for klass in cls.__mro__:
        if klass is StudioScopedMixin:
            break
        found += [(klass.__name__, name) for name in PROTECTED_METHODS if name in vars(klass)]
    return found


class StudioScopedMixin(_ViewBase):
    """Fail-closed studio scope for DRF views and viewsets.

    Subclasses declare:
      scoped_model     the model; it must have a `studio` FK. Without it the queryset is empty.
      dancer_lookup    path from the model to DancerProfile ("dancer", "clip__dancer"...) so rows are
                       limited to visible_dancers(actor); None = every member of the studio may see them.
      action_roles     {action or HTTP method: roles}; "read" and "write" are the fallbacks.
      read_key_actions actions a read-scoped key may POST (they only read); default none.
    """

    scoped_model: type[Model] | None = None
    dancer_lookup: str | None = "dancer"
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    read_roles: frozenset[str] = ALL_ROLES
    write_roles: frozenset[str] = frozenset({"director"})
    action_roles: dict[str, frozenset[str]] = {}
    # Non-GET actions a read-scoped key may call: they mint read access only (embed launch links).
    read_key_actions: frozenset[str] = frozenset()
    # Extra checks a view adds; the base ones in get_permissions always run first.
    permission_classes: Sequence[type[permissions.BasePermission]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for owner, name in _protected_overrides(cls):
            raise TypeError(
                f"{cls.__name__} must not override {name}() (defined in {owner}); use "
                f"safely_get_queryset() or dangerously_get_queryset() so the studio scope cannot be "
                f"bypassed by accident."
            )

    # --- studio and actor ----------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        cached = getattr(self, "_actor", None)
        if cached is None:
            cached = studio_actor_or_404(self.request, self.kwargs.get("studio_id"))
            self._actor: Actor = cached
        return cached

    @property
    def studio(self) -> Studio:
        return self.actor.studio

    def roles_for_action(self) -> frozenset[str]:
        action = getattr(self, "action", None)
        method = self.request.method
        for key in (action, method):
            if key and key in self.action_roles:
                return self.action_roles[key]
        return self.read_roles if method in permissions.SAFE_METHODS else self.write_roles

    # --- protected machinery -------------------------------------------------------------------
    def get_authenticators(self) -> list[BaseAuthentication]:
        # Studio API keys count only here, after the project's defaults (which set the 401 header).
        return [*super().get_authenticators(), *(cls() for cls in _credential_authenticators())]

    def get_permissions(self) -> list[permissions.BasePermission]:
        base: list[permissions.BasePermission] = [permissions.IsAuthenticated(), StudioRolePermission()]
        return base + [perm() for perm in self.permission_classes]

    def get_queryset(self) -> QuerySet[Any]:
        bypass = getattr(self, f"{DANGEROUS_PREFIX}get_queryset", None)
        if bypass is not None:  # a reviewed, listed exception (tests/studios/test_scoping.py)
            return bypass()
        if self.scoped_model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no scoped_model")
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no studio
            return self.scoped_model._default_manager.none()
        qs = self.scoped_model._default_manager.filter(studio=self.studio)
        if self.dancer_lookup:
            qs = qs.filter(**{f"{self.dancer_lookup}__in": visible_dancers(self.actor)})
        return self.safely_get_queryset(qs)

    def safely_get_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Narrow or annotate the already studio-scoped queryset. Never widen it."""
        return queryset

    def get_object(self) -> Any:  # the scoped_model instance (varies per view)
        queryset = self.filter_queryset(self.get_queryset())
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        value = parse_uuid_or_404(lookup) if self.lookup_field == "public_id" else lookup
        obj = queryset.filter(**{self.lookup_field: value}).first()
        if obj is None:
            raise NotFound
        self.check_object_permissions(self.request, obj)
        return obj


PageView = Callable[..., HttpResponseBase]


def _page_decorator(
    roles: Collection[str] | None, policy: Callable[[Actor], bool] | None, denied: str | None
) -> Callable[[PageView], PageView]:
    def decorate(view: PageView) -> PageView:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, studio_id: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor = studio_actor_or_404(request, studio_id)  # outsiders: 404 before any role check
            if (roles is not None and not actor.has_any(frozenset(roles))) or (
                policy is not None and not policy(actor)
            ):
                raise PermissionDenied(denied) if denied else PermissionDenied  # the 403 page shows it
            request.actor = actor  # type: ignore[attr-defined]  # templates and audit read it
            return view(request, actor, *args, **kwargs)

        return wrapper

    return decorate


@overload
def studio_page(view: PageView, /) -> PageView: ...
@overload
def studio_page(
    *,
    roles: Collection[str] | None = None,
    policy: Callable[[Actor], bool] | None = None,
    denied: str | None = None,
) -> Callable[[PageView], PageView]: ...
def studio_page(
    view: PageView | None = None,
    /,
    *,
    roles: Collection[str] | None = None,
    policy: Callable[[Actor], bool] | None = None,
    denied: str | None = None,
) -> PageView | Callable[[PageView], PageView]:
    """Decorator for server-rendered studio pages: login required, the same 404-for-outsiders
    resolution as the API, then the page's declared roles / policy (403). See the module docstring."""
    decorate = _page_decorator(roles, policy, denied)
    return decorate(view) if view is not None else decorate
