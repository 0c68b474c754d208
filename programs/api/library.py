"""Exercise library, program templates and program suggestions (read by members; suggestions: staff)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from programs import api_schema, selectors
from programs.models import (
    Exercise,
    Program,
)
from studiohealth.core.api import found_or_404, ok
from studios.policies import STAFF_ROLES
from studios.scoping import StudioScopedMixin, dancer_visible_or_404, parse_uuid_or_404


class ExerciseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_global = serializers.SerializerMethodField()
    dose = serializers.SerializerMethodField()
    cues = serializers.SerializerMethodField()
    common_faults = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = [
            "id",
            "slug",
            "name",
            "target_muscles",
            "cues",
            "common_faults",
            "equipment",
            "dose",
            "progressions",
            "is_technique_cue",
            "is_global",
        ]

    def get_is_global(self, exercise: Exercise) -> bool:
        return exercise.studio_id is None

    def get_dose(self, exercise: Exercise) -> dict[str, Any]:
        return {
            "sets": exercise.default_sets,
            "reps": exercise.default_reps,
            "hold_s": exercise.default_hold_s,
            "per_side": exercise.per_side,
        }

    def get_cues(self, exercise: Exercise) -> list[str]:
        return [line for line in exercise.cues.splitlines() if line.strip()]

    def get_common_faults(self, exercise: Exercise) -> list[str]:
        return [line for line in exercise.common_faults.splitlines() if line.strip()]


class ExerciseViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """The global seeded library plus the studio's own exercises (read by every member)."""

    scoped_model = Exercise
    dancer_lookup = None
    serializer_class = ExerciseSerializer

    def list(self, request: Request, studio_id: str) -> Response:
        rows = selectors.exercise_list(studio=self.studio)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ExerciseSerializer(page, many=True).data)

    def retrieve(self, request: Request, studio_id: str, pk: str) -> Response:
        exercise = found_or_404(selectors.exercise_list(studio=self.studio), parse_uuid_or_404(pk))
        return ok(ExerciseSerializer, exercise)


class ProgramItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    exercise = ExerciseSerializer()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    hold_s = serializers.IntegerField(allow_null=True)


class ProgramSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    items = ProgramItemSerializer(many=True, read_only=True)
    is_template = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["id", "slug", "name", "description", "sessions_per_week", "weeks", "items", "is_template"]

    def get_is_template(self, program: Program) -> bool:
        return program.studio_id is None


class ProgramViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """Ready templates plus the studio's own programs, each with its ordered exercises and dose."""

    scoped_model = Program
    dancer_lookup = None
    serializer_class = ProgramSerializer

    def list(self, request: Request, studio_id: str) -> Response:
        page = self.paginate_queryset(selectors.program_list(studio=self.studio))
        return self.get_paginated_response(ProgramSerializer(page, many=True).data)

    def retrieve(self, request: Request, studio_id: str, pk: str) -> Response:
        program = found_or_404(selectors.program_list(studio=self.studio), parse_uuid_or_404(pk))
        return ok(ProgramSerializer, program)


class SuggestionApi(StudioScopedMixin, APIView):
    """GET ?dancer=<id>: templates suggested from the dancer's latest screening flags (staff).

    A plain APIView: it answers one object, not a list of rows."""

    scoped_model = Program
    dancer_lookup = None
    read_roles = STAFF_ROLES

    @extend_schema(
        parameters=[OpenApiParameter("dancer", str, required=True)],
        responses=api_schema.SuggestionsSerializer,
    )
    def get(self, request: Request, studio_id: str) -> Response:
        dancer = dancer_visible_or_404(actor=self.actor, public_id=request.query_params.get("dancer"))
        suggestions = selectors.program_suggestions_for_dancer(studio=self.studio, dancer=dancer)
        return Response(
            {
                "dancer": str(dancer.public_id),
                "suggestions": [
                    {
                        "program": str(s.program.public_id),
                        "program_name": s.program.name,
                        "reasons": list(s.reasons),
                        "severity": {1: "watch", 2: "concern"}[s.severity],
                    }
                    for s in suggestions
                ],
            }
        )
