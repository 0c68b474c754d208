"""Roster sync API: the bulk JSON sync, CSV imports (upload = dry run, then apply) and the upsert
of one record by its external id. Director sessions and write keys write; read keys only read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from integrations import roster_services
from integrations.roster_models import RosterImport
from integrations.roster_parse import MAX_ROWS, RECORD_TYPES
from studiohealth.core.api import created, validated_input
from studiohealth.core.exceptions import ApplicationError
from studios.scoping import StudioScopedMixin

DIRECTOR = frozenset({"director"})
MAX_FILE_BYTES = 5 * 1024 * 1024
NOT_UTF8 = 'The file is not UTF-8 text. Save it from the spreadsheet as "CSV UTF-8" and upload it again.'
TOO_BIG = "The file is larger than 5 MB; split it into several files."


class RosterSyncSerializer(serializers.Serializer):
    source = serializers.CharField(max_length=40, help_text="Slug of the source system, e.g. mindbody.")  # type: ignore[assignment]  # a field named like Field.source
    dry_run = serializers.BooleanField(default=True, help_text="true: report only, change nothing.")
    archive_missing = serializers.BooleanField(
        default=False,
        help_text="Archive this source's rows of the sent record types that the list leaves out.",
    )
    records = serializers.ListField(child=serializers.DictField(), max_length=MAX_ROWS, allow_empty=False)


class RowReportSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="CSV line, or position in `records` (from 1).")
    record_type = serializers.CharField()
    external_id = serializers.CharField()
    action = serializers.ChoiceField(choices=["create", "update", "unchanged", "error"])
    changes = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    error = serializers.CharField(required=False)
    message = serializers.CharField(required=False)


class ReportSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    archive_missing = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rows = RowReportSerializer(many=True)
    archives = serializers.ListField(child=serializers.DictField())
    applied = serializers.BooleanField(required=False)


def _link_base(request: Request) -> str:
    return request.build_absolute_uri("/")


class RosterSyncView(StudioScopedMixin, GenericAPIView):
    """POST a list of records (the CSV's columns as keys) for one source: a dry run by default."""

    scoped_model = RosterImport
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    serializer_class = RosterSyncSerializer

    @extend_schema(request=RosterSyncSerializer, responses={200: ReportSerializer})
    def post(self, request: Request, studio_id: str) -> Response:
        values = validated_input(request, RosterSyncSerializer)
        report = roster_services.roster_sync(
            studio=self.studio, actor=self.actor, link_base=_link_base(request), **values
        )
        return Response(report)


class RosterImportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    created_by = serializers.CharField(source="created_by.__str__", read_only=True, default="")
    report = ReportSerializer(read_only=True)

    class Meta:
        model = RosterImport
        fields = ["id", "source", "filename", "archive_missing", "state", "report", "created_at"]
        fields += ["created_by", "applied_at"]
        read_only_fields = fields


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The roster CSV (UTF-8), columns as in docs/integration.md.")
    source = serializers.CharField(max_length=40, default="csv")  # type: ignore[assignment]  # a field named like Field.source
    archive_missing = serializers.BooleanField(default=False)


def uploaded_text(upload: Any) -> str:
    """The uploaded file as text; a named error for a file too big or not UTF-8."""
    if upload.size > MAX_FILE_BYTES:
        raise ApplicationError(TOO_BIG, {"code": "file_too_big"})
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(NOT_UTF8, {"code": "not_utf8"}) from None


class RosterImportViewSet(
    StudioScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Upload a CSV (the dry run: its report, nothing changed), then apply it in one transaction."""

    scoped_model = RosterImport
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    serializer_class = RosterImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def safely_get_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("created_by")

    @extend_schema(
        request={"multipart/form-data": RosterUploadSerializer}, responses={201: RosterImportSerializer}
    )
    def create(self, request: Request, studio_id: str) -> Response:
        values = validated_input(request, RosterUploadSerializer)
        upload = values.pop("file")
        roster = roster_services.roster_import_create(
            studio=self.studio,
            actor=self.actor,
            content=uploaded_text(upload),
            filename=upload.name,
            **values,
        )
        return created(RosterImportSerializer, roster)

    @extend_schema(request=None, responses={200: RosterImportSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, studio_id: str, pk: str) -> Response:
        roster = roster_services.roster_import_apply(
            studio=self.studio, actor=self.actor, roster=self.get_object(), link_base=_link_base(request)
        )
        return Response(RosterImportSerializer(roster).data)


class UpsertResultSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["create", "update", "unchanged"])
    record_type = serializers.ChoiceField(choices=RECORD_TYPES)
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    external_id = serializers.CharField()
    id = serializers.UUIDField(help_text="Our id of the object (the enrolment's: its ref).")


class ByExternalIdView(StudioScopedMixin, GenericAPIView):
    """PUT one record by (source, external_id): created, updated or left unchanged (idempotent)."""

    scoped_model = RosterImport
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    serializer_class = UpsertResultSerializer
    record_type = ""

    @extend_schema(
        request=OpenApiTypes.OBJECT,  # the record's columns: a different shape per record type
        responses={200: UpsertResultSerializer, 201: UpsertResultSerializer},
        parameters=[
            OpenApiParameter("source", str, OpenApiParameter.PATH, description="Source system slug."),
            OpenApiParameter("external_id", str, OpenApiParameter.PATH, description="Its id there."),
        ],
        description="Body: the record's columns (docs/integration.md), without record_type and external_id.",
    )
    def put(self, request: Request, studio_id: str, source: str, external_id: str) -> Response:
        values = request.data if isinstance(request.data, dict) else {}
        outcome, obj = roster_services.roster_upsert(
            studio=self.studio,
            actor=self.actor,
            source=source,
            record_type=self.record_type,
            external_id=external_id,
            values=dict(values),
            link_base=_link_base(request),
        )
        body = {"action": outcome, "record_type": self.record_type, "source": obj.source}
        body |= {"external_id": external_id, "id": obj.public_id}
        code = status.HTTP_201_CREATED if outcome == "create" else status.HTTP_200_OK
        return Response(UpsertResultSerializer(body).data, status=code)


def by_external_id_view(record_type: str) -> Any:
    view: Any = type(
        f"{record_type.title()}ByExternalIdView", (ByExternalIdView,), {"record_type": record_type}
    )
    return view.as_view()
