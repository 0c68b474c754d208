"""Audit trail (director, read-only) and a dancer's data rights: export and erasure. Thin views."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from privacy import selectors, services
from privacy.models import AuditAction, AuditEvent
from privacy.policies import AUDIT_ROLES, DATA_RIGHTS_ROLES
from studios.models import DancerProfile
from studios.scoping import StudioScopedMixin
from studios.viewsets import ScopedListViewSet


class AuditEventSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    actor = serializers.UUIDField(allow_null=True, help_text="The user's public id (empty once erased).")
    actor_name = serializers.CharField()
    action = serializers.ChoiceField(choices=AuditAction.choices)
    dancer = serializers.UUIDField(allow_null=True, help_text="The dancer's public id, kept after erasure.")
    target_type = serializers.CharField(allow_blank=True)
    target_ref = serializers.CharField(allow_blank=True)
    ip_address = serializers.IPAddressField(allow_null=True)

    def to_representation(self, instance: AuditEvent) -> dict[str, Any]:
        return selectors.audit_event_row(instance)


class AuditFilterSerializer(serializers.Serializer):
    dancer = serializers.UUIDField(required=False, help_text="A dancer's public id (works after erasure).")
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    since = serializers.DateField(required=False, help_text="From this day (UTC), inclusive.")
    until = serializers.DateField(required=False, help_text="Up to this day (UTC), inclusive.")


class AuditEventViewSet(ScopedListViewSet):
    """Who viewed or downloaded which dancer's clips, results and reports. Append-only: no write routes."""

    scoped_model = AuditEvent
    dancer_lookup = None  # the director sees the whole trail; nobody else sees any of it
    serializer_class = AuditEventSerializer
    read_roles = AUDIT_ROLES
    write_roles = AUDIT_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        filters = AuditFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        allowed = selectors.audit_event_list(
            studio=self.studio,
            dancer_ref=data.get("dancer"),
            action=data.get("action"),
            since=data.get("since"),
            until=data.get("until"),
        )
        return (
            queryset.filter(pk__in=allowed.values("pk"))
            .select_related("actor")
            .order_by("-created_at", "-id")
        )

    def _download(
        self, render: Callable[[Iterable[AuditEvent]], Iterator[str]], content_type: str, ext: str
    ) -> StreamingHttpResponse:
        """The filtered trail streamed as a file named after the studio."""
        response = StreamingHttpResponse(render(self.get_queryset().iterator()), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="audit-{self.studio.public_id}.{ext}"'
        return response

    @extend_schema(parameters=[AuditFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[AuditFilterSerializer],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The trail as CSV.")},
    )
    @action(detail=False, methods=["get"], url_path="export-csv", pagination_class=None)
    def export_csv(self, request: Request, studio_id: str) -> StreamingHttpResponse:
        return self._download(selectors.audit_events_csv, "text/csv", "csv")

    @extend_schema(parameters=[AuditFilterSerializer], responses={200: AuditEventSerializer(many=True)})
    @action(detail=False, methods=["get"], url_path="export-json", pagination_class=None)
    def export_json(self, request: Request, studio_id: str) -> StreamingHttpResponse:
        return self._download(selectors.audit_events_json, "application/json", "json")


class ErasureInputSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="Must be true: erasure cannot be undone.")

    def validate_confirm(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Set confirm to true to erase this dancer's data.")
        return value


class ErasureReceiptSerializer(serializers.Serializer):
    dancer = serializers.UUIDField(source="dancer_ref")
    records = serializers.DictField(child=serializers.IntegerField(), help_text="Rows erased per kind.")
    files = serializers.IntegerField(help_text="Clip, key-frame and report files deleted.")
    account_deleted = serializers.BooleanField(help_text="The dancer's own login had no other role.")


class DancerDataViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """A dancer's data rights: export (GDPR Art. 20) and erasure (Art. 17).

    Director, a guardian of the dancer, or an adult dancer for themselves.
    """

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    serializer_class = ErasureReceiptSerializer
    read_roles = DATA_RIGHTS_ROLES
    write_roles = DATA_RIGHTS_ROLES

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="data.json plus the dancer's clip and key-frame files."
            )
        }
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, studio_id: str, pk: str) -> FileResponse:
        export = services.dancer_export(
            studio=self.studio, actor=self.actor, dancer=self.get_object(), request=request
        )
        return FileResponse(
            export.file, as_attachment=True, filename=export.filename, content_type="application/zip"
        )

    @extend_schema(request=ErasureInputSerializer, responses={200: ErasureReceiptSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request: Request, studio_id: str, pk: str) -> Response:
        dancer = self.get_object()
        ErasureInputSerializer(data=request.data).is_valid(raise_exception=True)
        receipt = services.dancer_erase(studio=self.studio, actor=self.actor, dancer=dancer, request=request)
        return Response(ErasureReceiptSerializer(receipt).data)
