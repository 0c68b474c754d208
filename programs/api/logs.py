"""Exercise logs (the dancer, idempotent), rest / illness / injury days and "opened the program"."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from programs import dancer_services, selectors
from programs.api.common import (
    DANCER,
    own_dancer_or_404,
    visible_assignments,
)
from programs.models import (
    ExerciseLog,
    PauseDay,
    PauseKind,
)
from studiohealth.core.api import created, found_or_404, ok, validated_input
from studiohealth.core.throttles import LogThrottle
from studios.policies import ALL_ROLES
from studios.scoping import StudioScopedMixin, dancer_visible_or_404, parse_uuid_or_404
from studios.viewsets import ScopedReadViewSet


class LogSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True)
    assignment = serializers.UUIDField(source="assignment.public_id", read_only=True)
    exercise = serializers.UUIDField(source="exercise.public_id", read_only=True)
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)

    class Meta:
        model = ExerciseLog
        fields = [
            "id",
            "dancer",
            "assignment",
            "exercise",
            "exercise_name",
            "date",
            "set_number",
            "side",
            "reps",
            "hold_s",
            "pain",
            "effort",
            "note",
            "idempotency_key",
            "created_at",
        ]


class LogCreateSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField(min_length=8, max_length=64)
    assignment = serializers.UUIDField()
    exercise = serializers.UUIDField()
    dancer = serializers.UUIDField(required=False)
    date = serializers.DateField(required=False)
    reps = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)
    hold_s = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=600)
    pain = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10)
    effort = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    # Per-side exercises: one side of a set per log; a set counts when both sides are logged.
    side = serializers.ChoiceField(choices=["left", "right"], required=False)


class LogViewSet(ScopedReadViewSet):
    """Exercise logs. POST: the dancer logs one set for themselves; the same idempotency key again
    answers 200 with the first row (201 only when a row was written)."""

    scoped_model = ExerciseLog
    serializer_class = LogSerializer
    action_roles = {"create": DANCER}
    throttle_classes = [LogThrottle]  # writes only, per user (docs/security.md)

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        qs = queryset.select_related("dancer", "assignment", "exercise")
        dancer = self.request.query_params.get("dancer")
        if dancer:
            qs = qs.filter(dancer__public_id=parse_uuid_or_404(dancer))
        return qs

    @extend_schema(request=LogCreateSerializer, responses={201: LogSerializer, 200: LogSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, LogCreateSerializer)
        dancer = (
            dancer_visible_or_404(actor=self.actor, public_id=v["dancer"])
            if v.get("dancer")
            else own_dancer_or_404(self)
        )
        assignment = found_or_404(visible_assignments(self).select_related("program"), v["assignment"])
        exercise = found_or_404(selectors.exercise_list(studio=self.studio), v["exercise"])
        log, is_new = dancer_services.log_set(
            studio=self.studio,
            actor=self.actor,
            dancer=dancer,
            assignment=assignment,
            exercise=exercise,
            idempotency_key=v["idempotency_key"],
            on=v.get("date"),
            reps=v.get("reps"),
            hold_s=v.get("hold_s"),
            pain=v.get("pain"),
            effort=v.get("effort"),
            note=v.get("note", ""),
            side=v.get("side", ""),
        )
        # The same idempotency key again answers 200 with the first row.
        return created(LogSerializer, log) if is_new else ok(LogSerializer, log)


class PauseDaySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id")
    kind = serializers.ChoiceField(choices=PauseKind.choices)

    class Meta:
        model = PauseDay
        fields = ["id", "dancer", "date", "kind"]


class PauseDayViewSet(ScopedReadViewSet):
    """Rest / illness / injury days: marked by the dancer, a guardian or a teacher of the dancer."""

    scoped_model = PauseDay
    serializer_class = PauseDaySerializer
    write_roles = ALL_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("dancer")

    @extend_schema(request=PauseDaySerializer, responses={201: PauseDaySerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, PauseDaySerializer)
        dancer = dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]["public_id"])
        day = dancer_services.pause_day_mark(
            studio=self.studio, actor=self.actor, dancer=dancer, on=v["date"], kind=v["kind"]
        )
        return created(PauseDaySerializer, day)

    def destroy(self, request: Request, studio_id: str, pk: str) -> Response:
        dancer_services.pause_day_delete(studio=self.studio, actor=self.actor, pause_day=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgramViewRecordViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """POST: the dancer opened their program today ("opened the page", kept apart from logs)."""

    scoped_model = ExerciseLog
    action_roles = {"create": DANCER}

    @extend_schema(request=None, responses={201: None})
    def create(self, request: Request, studio_id: str) -> Response:
        dancer = own_dancer_or_404(self)
        view = dancer_services.program_view_record(studio=self.studio, actor=self.actor, dancer=dancer)
        return Response({"date": view.date if view else None}, status=status.HTTP_201_CREATED)
