"""Dashboard API: the JSON behind the roster, the class view and the dancer page. Thin views:
scope (StudioScopedMixin) → selector → serializer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from dashboards import presenters
from dashboards.query import RosterQuery, page_window
from dashboards.selectors import (
    class_view_get,
    dancer_page_get,
    dancer_summary_get,
    roster_get,
)
from dashboards.serializers import (
    ClassViewSerializer,
    DancerPageSerializer,
    DancerSummarySerializer,
    RosterFilterSerializer,
    RosterQuerySerializer,
    RosterSerializer,
    roster_to_dict,
)
from privacy.models import AuditAction
from privacy.services import audit_record
from studios.models import ClassGroup, DancerProfile, Role
from studios.policies import ALL_ROLES, visible_classes
from studios.scoping import StudioScopedMixin
from studios.selectors import season_current

DIRECTOR = frozenset({Role.DIRECTOR})
STAFF = frozenset({Role.DIRECTOR, Role.TEACHER})
ROSTER_MAX_LIMIT = 500


class RosterPagination(LimitOffsetPagination):
    """The project's LimitOffset pagination, here only for its links: the selector sorts, filters and
    slices every dancer in scope itself (the page is a slice of the whole sorted set)."""

    max_limit = ROSTER_MAX_LIMIT

    def links(self, request: Request, *, offset: int, limit: int, count: int) -> dict[str, str | None]:
        self.request, self.offset, self.limit, self.count = request, offset, limit, count
        return {"next": self.get_next_link(), "previous": self.get_previous_link()}


class RosterApi(StudioScopedMixin, GenericAPIView):
    """Every dancer of the current season with their latest bands, compliance and referral flag."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    read_roles = DIRECTOR
    serializer_class = RosterSerializer
    filter_backends: list = []  # sorting/filtering is the selector's, from the same query params

    @extend_schema(parameters=[RosterFilterSerializer], responses={200: RosterSerializer})
    def get(self, request: Request, studio_id: str) -> Response:
        pagination = RosterPagination()
        offset, limit = page_window(
            request.query_params, default_limit=pagination.default_limit or 50, max_limit=ROSTER_MAX_LIMIT
        )
        roster = roster_get(
            actor=self.actor,
            dancers=self.get_queryset(),
            query=RosterQuery.from_params(request.query_params),
            season=season_current(studio=self.studio),
            offset=offset,
            limit=limit,
        )
        links = pagination.links(request, offset=offset, limit=limit, count=roster.total)
        return Response(roster_to_dict(roster) | links)


class ClassDashboardApi(StudioScopedMixin, GenericAPIView):
    """A teacher's class: the roster columns for its dancers and the screening-day checklist."""

    scoped_model = ClassGroup
    dancer_lookup = None
    read_roles = STAFF
    serializer_class = ClassViewSerializer
    filter_backends: list = []

    def safely_get_queryset(self, queryset: Any) -> Any:
        # A teacher sees only the classes they teach: another teacher's class is "not found".
        return queryset.filter(pk__in=visible_classes(self.actor).values("pk")).select_related("season")

    @extend_schema(parameters=[RosterQuerySerializer], responses={200: ClassViewSerializer})
    def get(self, request: Request, studio_id: str, pk: str) -> Response:
        group = self.get_object()
        view = class_view_get(
            actor=self.actor, group=group, query=RosterQuery.from_params(request.query_params)
        )
        data = ClassViewSerializer(view).data
        return Response(data)


class _OneDancerApi(StudioScopedMixin, GenericAPIView):
    """GET on one dancer the requester may see (`<pk>`), for every role that sees her."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    read_roles = ALL_ROLES
    filter_backends: list = []


class DancerDashboardApi(_OneDancerApi):
    """One dancer's page: latest results in plain words, trend series with ± bands, compliance."""

    serializer_class = DancerPageSerializer

    @extend_schema(responses={200: DancerPageSerializer})
    def get(self, request: Request, studio_id: str, pk: str) -> Response:
        dancer = self.get_object()
        page = dancer_page_get(actor=self.actor, dancer=dancer)
        audit_record(actor=self.actor, action=AuditAction.VIEW_DANCER_PAGE, dancer=dancer, request=request)
        return Response(DancerPageSerializer(presenters.dancer_page_payload(self.actor, page)).data)


class DancerSummaryApi(_OneDancerApi):
    """Streak and compliance only (no screening results, so no audit row): the dancer page refreshes
    these numbers after each logged set."""

    serializer_class = DancerSummarySerializer

    @extend_schema(responses={200: DancerSummarySerializer})
    def get(self, request: Request, studio_id: str, pk: str) -> Response:
        dancer = self.get_object()
        return Response(DancerSummarySerializer(dancer_summary_get(studio=self.studio, dancer=dancer)).data)
