"""Assignments of programs to a dancer or a class, and per-dancer doses (written by staff)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from programs import selectors, services
from programs.api.common import (
    visible_assignments,
)
from programs.models import (
    Assignment,
    DoseOverride,
)
from studiohealth.core.api import created, found_or_404, validated_input
from studios.policies import STAFF_ROLES, visible_classes
from studios.scoping import dancer_visible_or_404
from studios.viewsets import Patchable, ScopedListViewSet, ScopedReadViewSet


class AssignmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    program = serializers.UUIDField(source="program.public_id", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True, allow_null=True)
    class_group = serializers.UUIDField(source="class_group.public_id", read_only=True, allow_null=True)
    paused = serializers.SerializerMethodField()
    ended = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "program",
            "program_name",
            "dancer",
            "class_group",
            "starts_on",
            "ends_on",
            "sessions_per_week",
            "reason",
            "paused",
            "ended",
        ]

    def get_paused(self, assignment: Assignment) -> bool:
        return assignment.paused_at is not None

    def get_ended(self, assignment: Assignment) -> bool:
        return assignment.ended_at is not None


class AssignmentCreateSerializer(serializers.Serializer):
    program = serializers.UUIDField()
    dancer = serializers.UUIDField(required=False, allow_null=True)
    class_group = serializers.UUIDField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False)
    weeks = serializers.IntegerField(required=False, min_value=1, max_value=52)
    sessions_per_week = serializers.IntegerField(required=False, min_value=1, max_value=7)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentPatchSerializer(serializers.Serializer):
    """A running assignment only (an ended one: 400); staff who may pause or end it."""

    ends_on = serializers.DateField(required=False, help_text="The last day; not before starts_on.")
    sessions_per_week = serializers.IntegerField(required=False, min_value=1, max_value=7)
    reason = serializers.CharField(required=False, allow_blank=True)


class AssignmentViewSet(Patchable, ScopedReadViewSet):
    """Programs given to a dancer or a class. Read: whoever sees the dancer or class; write: staff."""

    scoped_model = Assignment
    dancer_lookup = None  # class assignments have no dancer: narrowed below by dancer OR class
    serializer_class = AssignmentSerializer
    write_roles = STAFF_ROLES
    patch_serializer = AssignmentPatchSerializer
    patch_service = services.assignment_update
    object_kwarg = "assignment"

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        visible = visible_assignments(self).values("pk")
        return queryset.filter(pk__in=visible).select_related("program", "dancer", "class_group")

    @extend_schema(request=AssignmentCreateSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, AssignmentCreateSerializer)
        programs = selectors.program_list(studio=self.studio)
        program = found_or_404(programs, v["program"], "Program not found in this studio.")
        dancer = dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]) if v.get("dancer") else None
        group = None
        if v.get("class_group"):
            classes = visible_classes(self.actor)
            group = found_or_404(classes, v["class_group"], "Class not found in this studio.")
        assignment = services.assignment_create(
            studio=self.studio,
            actor=self.actor,
            program=program,
            dancer=dancer,
            class_group=group,
            starts_on=v.get("starts_on"),
            weeks=v.get("weeks"),
            sessions_per_week=v.get("sessions_per_week"),
            reason=v.get("reason", ""),
        )
        return created(AssignmentSerializer, assignment)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(services.assignment_pause, "assignment", AssignmentSerializer)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(services.assignment_resume, "assignment", AssignmentSerializer)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(services.assignment_end, "assignment", AssignmentSerializer)


class DoseSerializer(serializers.ModelSerializer):
    assignment = serializers.UUIDField(source="assignment.public_id")
    dancer = serializers.UUIDField(source="dancer.public_id")
    exercise = serializers.UUIDField(source="exercise.public_id")
    reps = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
    hold_s = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=600)
    sets = serializers.IntegerField(min_value=1, max_value=10)

    class Meta:
        model = DoseOverride
        fields = ["assignment", "dancer", "exercise", "sets", "reps", "hold_s"]


class DoseViewSet(ScopedListViewSet):
    """Per-dancer doses. POST sets (or replaces) the dose of one exercise for one dancer (staff)."""

    scoped_model = DoseOverride
    serializer_class = DoseSerializer
    write_roles = STAFF_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("assignment", "dancer", "exercise")

    @extend_schema(request=DoseSerializer, responses={201: DoseSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, DoseSerializer)
        dancer = dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]["public_id"])
        assignment = found_or_404(visible_assignments(self), v["assignment"]["public_id"])
        exercise = found_or_404(selectors.exercise_list(studio=self.studio), v["exercise"]["public_id"])
        override = services.dose_set(
            studio=self.studio,
            actor=self.actor,
            assignment=assignment,
            dancer=dancer,
            exercise=exercise,
            sets=v["sets"],
            reps=v.get("reps"),
            hold_s=v.get("hold_s"),
        )
        return created(DoseSerializer, override)
