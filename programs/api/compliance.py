"""Compliance per dancer, class and studio; referral flags with their reasons; evaluation requests."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from programs import api_schema, dancer_services, group_compliance, referral, selectors
from programs.api.common import (
    DANCER_OR_GUARDIAN,
    DIRECTOR,
    REFERRAL_READERS,
    compliance_json,
    plain,
)
from programs.models import (
    ReferralRequest,
)
from studiohealth.core.api import created, validated_input
from studiohealth.core.exceptions import NotFoundError
from studios.models import ClassGroup, DancerProfile
from studios.policies import STAFF_ROLES, visible_classes
from studios.scoping import StudioScopedMixin, dancer_visible_or_404
from studios.viewsets import ScopedListViewSet


class DancerComplianceViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """Compliance per dancer: list for every visible dancer, or one dancer by id."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    pagination_class = None  # one computed row per visible dancer, returned whole

    @extend_schema(
        responses=api_schema.DancerComplianceSerializer(many=True), operation_id="compliance_dancers_list"
    )
    def list(self, request: Request, studio_id: str) -> Response:
        dancers = {d.pk: d for d in self.get_queryset()}
        results = selectors.compliance_for_dancers(studio=self.studio, dancer_ids=list(dancers))
        return Response([compliance_json(results[pk], dancers[pk]) for pk in dancers if pk in results])

    @extend_schema(responses=api_schema.DancerComplianceSerializer)
    def retrieve(self, request: Request, studio_id: str, pk: str) -> Response:
        dancer = self.get_object()
        result = selectors.compliance_for_dancer(studio=self.studio, dancer=dancer)
        if result is None:  # every dancer of the studio has a row; only a vanished one has none
            raise NotFoundError()
        return Response(compliance_json(result, dancer))


class ClassComplianceViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """Compliance of one class (staff: the director or a teacher of the class)."""

    scoped_model = ClassGroup
    dancer_lookup = None
    read_roles = STAFF_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(pk__in=visible_classes(self.actor).values("pk"))

    @extend_schema(responses=api_schema.GroupComplianceSerializer)
    def retrieve(self, request: Request, studio_id: str, pk: str) -> Response:
        group = self.get_object()
        return Response(plain(group_compliance.compliance_for_class(studio=self.studio, class_group=group)))


class StudioComplianceApi(StudioScopedMixin, APIView):
    """Whole-studio and per-class compliance (the director). One object, so a plain APIView."""

    scoped_model = ClassGroup
    dancer_lookup = None
    read_roles = DIRECTOR

    @extend_schema(responses=api_schema.StudioComplianceSerializer)
    def get(self, request: Request, studio_id: str) -> Response:
        result = group_compliance.compliance_for_studio(studio=self.studio)
        return Response({"overall": plain(result.overall), "classes": [plain(c) for c in result.classes]})


class ReferralFlagViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """Referral flags with reasons for visible dancers (teacher, director, guardian)."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    read_roles = REFERRAL_READERS
    pagination_class = None  # one computed row per visible dancer, returned whole

    @extend_schema(responses=api_schema.ReferralFlagSerializer(many=True))
    def list(self, request: Request, studio_id: str) -> Response:
        dancers = {d.pk: d for d in self.get_queryset()}
        flags = selectors.referral_flags_for_dancers(studio=self.studio, dancer_ids=list(dancers))
        return Response(
            [
                {
                    "dancer": str(dancers[pk].public_id),
                    "dancer_name": dancers[pk].full_name,
                    "flagged": bool(reasons),
                    "advice": referral.ADVICE if reasons else "",
                    "reasons": [plain(r) for r in reasons],
                }
                for pk, reasons in flags.items()
            ]
        )


class ReferralRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id")

    class Meta:
        model = ReferralRequest
        fields = ["id", "dancer", "note", "created_at"]
        read_only_fields = ["created_at"]


class ReferralRequestViewSet(ScopedListViewSet):
    """The dancer or a guardian asks for a dance medicine evaluation; staff read the requests."""

    scoped_model = ReferralRequest
    serializer_class = ReferralRequestSerializer
    write_roles = DANCER_OR_GUARDIAN

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("dancer").order_by("-created_at")

    @extend_schema(request=ReferralRequestSerializer, responses={201: ReferralRequestSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, ReferralRequestSerializer)
        dancer = dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]["public_id"])
        row = dancer_services.referral_request_create(
            studio=self.studio, actor=self.actor, dancer=dancer, note=v.get("note", "")
        )
        return created(ReferralRequestSerializer, row)
