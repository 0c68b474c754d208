"""Report endpoints. Thin: scope and role come from StudioScopedMixin, numbers from the selectors.

- GET  /api/studios/<sid>/reports/dancers/<dancer_id>/?paper=a4|letter → the dancer's PDF
  (whoever may see the dancer; others 404 exactly as for the dancer itself; 403 with the reason for a
  teacher without report-sharing consent or a guardian of a studio that keeps results in house —
  studios/results_access.py).
- POST /api/studios/<sid>/reports/season/ {season?, paper?} → 202 with the queued job (director).
- GET  /api/studios/<sid>/reports/season/ → the studio's season report jobs (director).
- GET  /api/studios/<sid>/reports/season/<job_id>/ → job status (director).
- GET  /api/studios/<sid>/reports/season/<job_id>/file/ → the PDF when done, else 409 (director).
Every PDF download writes an audit event (privacy.services.audit_record).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from privacy.models import AuditAction
from privacy.services import audit_record
from reports import services
from reports.models import Paper, ReportJob, ReportState
from reports.pdf import dancer_report_pdf, report_filename
from studiohealth.core.api import accepted, found_or_404, validated_input
from studiohealth.core.exceptions import ApplicationError
from studios.models import DancerProfile, Role, Season
from studios.policies import ALL_ROLES
from studios.results_access import require_results_visible
from studios.scoping import StudioScopedMixin

DIRECTOR = frozenset({Role.DIRECTOR})
NOT_READY_MESSAGE = "The report is not ready yet."


class PdfRenderer(BaseRenderer):
    """Lets a client send `Accept: application/pdf`; errors still go out as the usual JSON body."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes | bytearray):
            return bytes(data)
        return json.dumps(data, default=str).encode("utf-8")


RENDERERS = [JSONRenderer, PdfRenderer]


class NotReady(ApplicationError):
    status_code = 409


class PaperSerializer(serializers.Serializer):
    paper = serializers.ChoiceField(choices=Paper.choices, default=Paper.A4)


def pdf_response(content: bytes | Any, filename: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            content, content_type="application/pdf", as_attachment=True, filename=filename
        )
    response["Cache-Control"] = "private, no-store"  # health data: never in a shared cache
    return response


class DancerReportApi(StudioScopedMixin, generics.GenericAPIView):
    """The dancer's screening report as a PDF."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    read_roles = ALL_ROLES
    renderer_classes = RENDERERS
    serializer_class = PaperSerializer

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        return queryset.select_related("studio")

    @extend_schema(
        parameters=[OpenApiParameter("paper", enum=list(Paper.values), required=False)],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, studio_id: str, pk: str) -> HttpResponseBase:
        dancer: DancerProfile = self.get_object()
        require_results_visible(self.actor, dancer)
        query = PaperSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rendered = dancer_report_pdf(studio=self.studio, dancer=dancer, paper=query.validated_data["paper"])
        audit_record(actor=self.actor, action=AuditAction.DOWNLOAD_REPORT, dancer=dancer, request=request)
        return pdf_response(
            rendered.content, report_filename("screening", dancer.full_name, str(self.studio.today()))
        )


class ReportJobSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    season = serializers.UUIDField(source="season.public_id", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)
    status_url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "season",
            "season_name",
            "paper",
            "state",
            "created_at",
            "started_at",
            "finished_at",
            "size_bytes",
            "page_count",
            "error",
            "status_url",
            "file_url",
        ]

    def _url_kwargs(self, job: ReportJob) -> dict[str, str]:
        return {"studio_id": str(job.studio.public_id), "pk": str(job.public_id)}

    def get_status_url(self, job: ReportJob) -> str:
        return reverse("report-season-detail", kwargs=self._url_kwargs(job))

    def get_file_url(self, job: ReportJob) -> str | None:
        return (
            reverse("report-season-file", kwargs=self._url_kwargs(job))
            if job.state == ReportState.DONE
            else None
        )


class SeasonReportRequestSerializer(serializers.Serializer):
    season = serializers.UUIDField(required=False, allow_null=True)
    paper = serializers.ChoiceField(choices=Paper.choices, default=Paper.A4)


class SeasonReportScoped(StudioScopedMixin):
    scoped_model = ReportJob
    dancer_lookup = None  # a studio-wide document: the role (director) is the gate
    read_roles = DIRECTOR
    write_roles = DIRECTOR

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        return queryset.select_related("season", "studio")


class SeasonReportListApi(SeasonReportScoped, generics.ListAPIView):
    serializer_class = ReportJobSerializer

    @extend_schema(request=SeasonReportRequestSerializer, responses={202: ReportJobSerializer})
    def post(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, SeasonReportRequestSerializer)
        season = None
        if v.get("season"):
            # Resolved inside this studio: a foreign id is "not found", never attached.
            seasons = Season.objects.filter(studio=self.studio)
            season = found_or_404(seasons, v["season"], services.FOREIGN_SEASON_MESSAGE)
        job = services.season_report_request(
            studio=self.studio, actor=self.actor, season=season, paper=v["paper"]
        )
        return accepted(ReportJobSerializer, job)


class SeasonReportDetailApi(SeasonReportScoped, generics.RetrieveAPIView):
    serializer_class = ReportJobSerializer


class SeasonReportFileApi(SeasonReportScoped, generics.GenericAPIView):
    renderer_classes = RENDERERS
    serializer_class = ReportJobSerializer

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, studio_id: str, pk: str) -> HttpResponseBase:
        job: ReportJob = self.get_object()
        if job.state != ReportState.DONE or not job.file:
            raise NotReady(NOT_READY_MESSAGE, {"state": job.state})
        audit_record(actor=self.actor, action=AuditAction.DOWNLOAD_REPORT, target=job, request=request)
        return pdf_response(
            job.file.open("rb"), report_filename("season", job.season.name, str(job.created_at.date()))
        )
