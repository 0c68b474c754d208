"""Screening, clip and analysis endpoints. Thin: validate → service/selector → serialize.

Clip bytes and key frames are served only here, after the studio scope and the dancer's visibility
are checked, and each view is written to the audit trail. MEDIA_URL is never used.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from privacy.models import AuditAction
from privacy.services import audit_record
from screenings import services
from screenings.models import Analysis, AnalysisState, Clip, Screening, TestType
from studiohealth.core.api import created, found_or_404, ok, validated_input
from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.ranges import media_response, starts_viewing
from studiohealth.core.throttles import UploadThrottle
from studios.policies import ALL_ROLES, STAFF_ROLES, visible_dancers
from studios.results_access import can_view_results, require_results_visible, results_hidden_ids
from studios.scoping import StudioScopedMixin, dancer_visible_or_404, parse_uuid_or_404
from studios.viewsets import Patchable, ScopedReadViewSet

CLIP_CONTENT_TYPES = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
}


def _audited_media(
    view: StudioScopedMixin,
    request: Request,
    fieldfile: Any,
    *,
    content_type: str,
    action: str,
    obj: Clip | Analysis,
) -> HttpResponseBase:
    """The stored file, whole or the requested range (a player seeks), after the view's scope check;
    one audit row per viewing, not per range (studiohealth/core/ranges.py)."""
    response = media_response(request, fieldfile, content_type=content_type)
    if response.status_code != 416 and starts_viewing(
        request, viewer=view.actor.user.pk, target=str(fieldfile.name)
    ):
        _audit_view(view, action, obj)
    response["Cache-Control"] = "private, no-store"  # a dancer's media: never cached by a browser or proxy
    return response


# --- serializers -------------------------------------------------------------------------------------
class AnalysisSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    clip = serializers.UUIDField(source="clip.public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True)
    has_keyframe = serializers.SerializerMethodField()
    is_demo = serializers.SerializerMethodField()
    results_hidden = serializers.SerializerMethodField(
        help_text="true when this viewer may not see the result (it is null): studios/results_access.py"
    )

    class Meta:
        model = Analysis
        fields = [
            "id", "clip", "dancer", "test", "engine_version", "state", "progress", "attempts",
            "queued_at", "started_at", "finished_at", "reason", "message", "result", "has_keyframe",
            "is_demo", "results_hidden",
        ]  # fmt: skip

    def get_results_hidden(self, analysis: Analysis) -> bool:
        return analysis.dancer_id in self.context.get("results_hidden", ())

    def to_representation(self, instance: Analysis) -> dict[str, Any]:
        data = super().to_representation(instance)
        if data.get("results_hidden"):
            data["result"], data["has_keyframe"] = None, False
        return data

    def get_has_keyframe(self, analysis: Analysis) -> bool:
        return bool(analysis.keyframe)

    def get_is_demo(self, analysis: Analysis) -> bool:
        return analysis.engine_version == "demo-seed"


class AnalysisBriefSerializer(AnalysisSerializer):
    class Meta(AnalysisSerializer.Meta):
        fields = ["id", "engine_version", "state", "progress", "reason", "message", "has_keyframe"]


class ClipSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    screening = serializers.UUIDField(source="screening.public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True)
    has_file = serializers.SerializerMethodField()
    analyses = AnalysisBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Clip
        fields = [
            "id", "screening", "dancer", "test", "mirrored", "container", "size_bytes", "duration_s",
            "fps", "width", "height", "checksum", "retention_until", "has_file", "file_deleted_at",
            "retake_requested_at", "retake_reason", "created_at", "analyses",
        ]  # fmt: skip

    def get_has_file(self, clip: Clip) -> bool:
        return bool(clip.file) and clip.file_deleted_at is None


class ClipUploadSerializer(serializers.Serializer):
    dancer = serializers.UUIDField()
    test = serializers.ChoiceField(choices=TestType.choices)
    file = serializers.FileField(allow_empty_file=True)
    mirrored = serializers.BooleanField(default=False)
    screening = serializers.UUIDField(required=False, allow_null=True)


class ClipUploadResultSerializer(ClipSerializer):
    analysis = serializers.SerializerMethodField()

    class Meta(ClipSerializer.Meta):
        fields = [*ClipSerializer.Meta.fields, "analysis"]

    def get_analysis(self, clip: Clip) -> str:
        return str(self.context["analysis"].public_id)


class RetakeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ScreeningSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True)
    season = serializers.UUIDField(source="season.public_id", read_only=True)
    clips = ClipSerializer(many=True, read_only=True)

    class Meta:
        model = Screening
        fields = ["id", "dancer", "season", "date", "notes", "created_at", "clips"]


class ScreeningCreateSerializer(serializers.Serializer):
    dancer = serializers.UUIDField()
    date = serializers.DateField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ScreeningPatchSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, source="on", help_text="Moves it into that day's season.")
    notes = serializers.CharField(required=False, allow_blank=True)


# --- views ------------------------------------------------------------------------------------------
def _audit_view(view: StudioScopedMixin, action: str, obj: Clip | Analysis) -> None:
    """Every look at a clip, a result or a key frame is written to the audit trail."""
    audit_record(actor=view.actor, action=action, dancer=obj.dancer, target=obj, request=view.request)


def _of_dancer_param(view: StudioScopedMixin, queryset: QuerySet) -> QuerySet:
    """`?dancer=<id>` narrows a list to one dancer (a malformed id is a 404 like an unknown one)."""
    dancer = view.request.query_params.get("dancer")
    return queryset.filter(dancer__public_id=parse_uuid_or_404(dancer)) if dancer else queryset


class ScreeningViewSet(Patchable, ScopedReadViewSet):
    """Screening days of the dancers the requester may see, with their clips and analyses; PATCH
    `date` / `notes` by whoever may create one for the dancer."""

    scoped_model = Screening
    serializer_class = ScreeningSerializer
    read_roles = ALL_ROLES
    write_roles = ALL_ROLES  # the service decides per dancer (can_upload_for_dancer)
    filterset_fields = ["date"]
    patch_serializer = ScreeningPatchSerializer
    patch_service = services.screening_update
    object_kwarg = "screening"

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        queryset = queryset.select_related("dancer", "season").prefetch_related("clips__analyses")
        return _of_dancer_param(self, queryset)

    @extend_schema(request=ScreeningCreateSerializer, responses={201: ScreeningSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, ScreeningCreateSerializer)
        screening = services.screening_create(
            studio=self.studio,
            actor=self.actor,
            dancer=dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]),
            on=v.get("date"),
            notes=v["notes"],
        )
        return created(ScreeningSerializer, screening)


class ClipViewSet(ScopedReadViewSet):
    """Upload (multipart), list, the clip file itself (audited) and a teacher's retake request."""

    scoped_model = Clip
    serializer_class = ClipSerializer
    read_roles = ALL_ROLES
    write_roles = ALL_ROLES  # upload: the service checks can_upload_for_dancer and consent
    action_roles = {"retake": STAFF_ROLES}
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    throttle_classes = [UploadThrottle]  # uploads and retake requests; reads never count

    @classmethod
    def as_view(cls, actions: Any = None, **initkwargs: Any) -> Any:  # type: ignore[override]
        # Out of ATOMIC_REQUESTS: an upload probes and hashes the bytes before its one short
        # transaction (clip_create); every write here is its own atomic service call.
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        queryset = queryset.select_related("dancer", "screening").prefetch_related("analyses")
        return _of_dancer_param(self, queryset)

    @extend_schema(
        request={"multipart/form-data": ClipUploadSerializer}, responses={201: ClipUploadResultSerializer}
    )
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, ClipUploadSerializer)
        dancer = dancer_visible_or_404(actor=self.actor, public_id=v["dancer"])
        screening = None
        if v.get("screening"):
            screenings = Screening.objects.filter(studio=self.studio, dancer=dancer)
            screening = found_or_404(screenings, v["screening"], "Screening not found for this dancer.")
        upload = services.clip_create(
            studio=self.studio,
            actor=self.actor,
            dancer=dancer,
            test=v["test"],
            upload=v["file"],
            mirrored=v["mirrored"],
            screening=screening,
        )
        body = ClipUploadResultSerializer(upload.clip, context={"analysis": upload.analysis}).data
        return Response(body, status=status.HTTP_201_CREATED if upload.created else status.HTTP_200_OK)

    @extend_schema(responses={(200, content_type): bytes for content_type in CLIP_CONTENT_TYPES.values()})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, studio_id: str, pk: str) -> HttpResponseBase:
        clip: Clip = self.get_object()
        if not clip.file or clip.file_deleted_at is not None:
            raise NotFoundError("This clip's video was deleted (retention period or consent withdrawn).")
        content_type = CLIP_CONTENT_TYPES.get(clip.container, "application/octet-stream")
        response = _audited_media(
            self, request, clip.file, content_type=content_type, action=AuditAction.VIEW_CLIP, obj=clip
        )
        response["Content-Disposition"] = "inline"
        return response

    @extend_schema(request=RetakeSerializer, responses={200: ClipSerializer})
    @action(detail=True, methods=["post"])
    def retake(self, request: Request, studio_id: str, pk: str) -> Response:
        clip = self.get_object()
        reason = validated_input(request, RetakeSerializer)["reason"]
        clip = services.clip_request_retake(studio=self.studio, actor=self.actor, clip=clip, reason=reason)
        return ok(ClipSerializer, clip)


class AnalysisViewSet(ScopedReadViewSet):
    """Status (queued → running n% → done | failed with reason), the result JSON and the key frame."""

    scoped_model = Analysis
    serializer_class = AnalysisSerializer
    read_roles = ALL_ROLES
    filterset_fields = ["state", "test", "engine_version"]

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        return _of_dancer_param(self, queryset.select_related("dancer", "clip"))

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        return context | {"results_hidden": results_hidden_ids(self.actor, visible_dancers(self.actor))}

    def retrieve(self, request: Request, studio_id: str, pk: str) -> Response:
        analysis: Analysis = self.get_object()
        if analysis.state == AnalysisState.DONE and can_view_results(self.actor, analysis.dancer):
            _audit_view(self, AuditAction.VIEW_RESULT, analysis)
        return Response(self.get_serializer(analysis).data)

    @extend_schema(responses={(200, "image/jpeg"): bytes, (200, "image/png"): bytes})
    @action(detail=True, methods=["get"])
    def keyframe(self, request: Request, studio_id: str, pk: str) -> HttpResponseBase:
        analysis: Analysis = self.get_object()
        require_results_visible(self.actor, analysis.dancer)
        if not analysis.keyframe:
            raise NotFoundError("This analysis has no key frame.")
        jpeg = analysis.keyframe.name.endswith(".jpg")  # engine 1.2 key frames; 1.1 stored PNG
        return _audited_media(
            self, request, analysis.keyframe, content_type="image/jpeg" if jpeg else "image/png",
            action=AuditAction.VIEW_KEYFRAME, obj=analysis,
        )  # fmt: skip
