"""Programs API. Thin: resolve ids inside the actor's scope → service / selector → serialize.

Ownership: a dancer logs only for themselves; a guardian reads (and may mark rest days and ask for an
evaluation); a teacher assigns only to their classes; the director anything in the studio. Ids in a
payload are resolved through `visible_dancers` / `visible_classes` / the studio's library, so a
foreign-studio or hidden id is the same 404 as an unknown one, and nothing is written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from programs import api_schema, selectors, services
from programs.compliance import DancerCompliance
from programs.models import (
    Assignment,
    DoseOverride,
    Exercise,
    ExerciseLog,
    Notification,
    PauseDay,
    PauseKind,
    Program,
    ReferralRequest,
)
from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.throttles import LogThrottle
from studios.models import ClassGroup, DancerProfile, Role
from studios.policies import ALL_ROLES, STAFF_ROLES, visible_classes, visible_dancers
from studios.scoping import StudioScopedMixin, parse_uuid_or_404

DANCER = frozenset({Role.DANCER})
DIRECTOR = frozenset({Role.DIRECTOR})
DANCER_OR_GUARDIAN = frozenset({Role.DANCER, Role.GUARDIAN})
REFERRAL_READERS = frozenset({Role.DIRECTOR, Role.TEACHER, Role.GUARDIAN})


# --- helpers -----------------------------------------------------------------------------------------


def visible_dancer_or_404(view: StudioScopedMixin, public_id: Any) -> DancerProfile:
    dancer = (
        visible_dancers(view.actor)
        .filter(public_id=parse_uuid_or_404(public_id))
        .select_related("studio")
        .first()
    )
    if dancer is None:
        raise NotFoundError("Dancer not found in this studio.")
    return dancer


def own_dancer_or_404(view: StudioScopedMixin) -> DancerProfile:
    dancer = DancerProfile.objects.filter(studio=view.studio, user=view.actor.user).first()
    if dancer is None:
        raise NotFoundError("You have no dancer profile in this studio.")
    return dancer


def visible_assignments(view: StudioScopedMixin) -> QuerySet[Assignment]:
    actor = view.actor
    return Assignment.objects.filter(studio=view.studio).filter(
        Q(dancer__in=visible_dancers(actor)) | Q(class_group__in=visible_classes(actor))
    )


def plain(value: Any) -> Any:
    """Dataclasses → JSON-ready dicts (dates stay dates; DRF renders them ISO 8601)."""
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value


def compliance_json(result: DancerCompliance, dancer: DancerProfile) -> dict[str, Any]:
    data = plain(result)
    data.pop("dancer_id")  # internal id: never leaves the database
    return {"dancer": str(dancer.public_id), "dancer_name": dancer.full_name, **data}


# --- library -----------------------------------------------------------------------------------------


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
        exercise = selectors.exercise_list(studio=self.studio).filter(public_id=parse_uuid_or_404(pk)).first()
        if exercise is None:
            raise NotFoundError()
        return Response(ExerciseSerializer(exercise).data)


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
        program = selectors.program_list(studio=self.studio).filter(public_id=parse_uuid_or_404(pk)).first()
        if program is None:
            raise NotFoundError()
        return Response(ProgramSerializer(program).data)


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
        dancer = visible_dancer_or_404(self, request.query_params.get("dancer"))
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


# --- assignments ---------------------------------------------------------------------------------------


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


class AssignmentViewSet(
    StudioScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Programs given to a dancer or a class. Read: whoever sees the dancer or class; write: staff."""

    scoped_model = Assignment
    dancer_lookup = None  # class assignments have no dancer: narrowed below by dancer OR class
    serializer_class = AssignmentSerializer
    write_roles = STAFF_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        visible = visible_assignments(self).values("pk")
        return queryset.filter(pk__in=visible).select_related("program", "dancer", "class_group")

    @extend_schema(request=AssignmentCreateSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        data = AssignmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        program = selectors.program_list(studio=self.studio).filter(public_id=v["program"]).first()
        if program is None:
            raise NotFoundError("Program not found in this studio.")
        dancer = visible_dancer_or_404(self, v["dancer"]) if v.get("dancer") else None
        group = None
        if v.get("class_group"):
            group = visible_classes(self.actor).filter(public_id=v["class_group"]).first()
            if group is None:
                raise NotFoundError("Class not found in this studio.")
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
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def _transition(self, service: Any) -> Response:
        assignment = service(studio=self.studio, actor=self.actor, assignment=self.get_object())
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, studio_id: str, pk: str) -> Response:
        return self._transition(services.assignment_pause)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, studio_id: str, pk: str) -> Response:
        return self._transition(services.assignment_resume)

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, studio_id: str, pk: str) -> Response:
        return self._transition(services.assignment_end)


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


class DoseViewSet(StudioScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Per-dancer doses. POST sets (or replaces) the dose of one exercise for one dancer (staff)."""

    scoped_model = DoseOverride
    serializer_class = DoseSerializer
    write_roles = STAFF_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("assignment", "dancer", "exercise")

    @extend_schema(request=DoseSerializer, responses={201: DoseSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        data = DoseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        dancer = visible_dancer_or_404(self, v["dancer"]["public_id"])
        assignment = visible_assignments(self).filter(public_id=v["assignment"]["public_id"]).first()
        exercise = (
            selectors.exercise_list(studio=self.studio).filter(public_id=v["exercise"]["public_id"]).first()
        )
        if assignment is None or exercise is None:
            raise NotFoundError()
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
        return Response(DoseSerializer(override).data, status=status.HTTP_201_CREATED)


# --- logs, pause days, views -------------------------------------------------------------------------


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


class LogViewSet(
    StudioScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
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
        data = LogCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        dancer = visible_dancer_or_404(self, v["dancer"]) if v.get("dancer") else own_dancer_or_404(self)
        assignment = (
            visible_assignments(self).filter(public_id=v["assignment"]).select_related("program").first()
        )
        exercise = selectors.exercise_list(studio=self.studio).filter(public_id=v["exercise"]).first()
        if assignment is None or exercise is None:
            raise NotFoundError()
        log, created = services.log_set(
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
        )
        return Response(
            LogSerializer(log).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class PauseDaySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id")
    kind = serializers.ChoiceField(choices=PauseKind.choices)

    class Meta:
        model = PauseDay
        fields = ["id", "dancer", "date", "kind"]


class PauseDayViewSet(
    StudioScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Rest / illness / injury days: marked by the dancer, a guardian or a teacher of the dancer."""

    scoped_model = PauseDay
    serializer_class = PauseDaySerializer
    write_roles = ALL_ROLES

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("dancer")

    @extend_schema(request=PauseDaySerializer, responses={201: PauseDaySerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        data = PauseDaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        dancer = visible_dancer_or_404(self, v["dancer"]["public_id"])
        day = services.pause_day_mark(
            studio=self.studio, actor=self.actor, dancer=dancer, on=v["date"], kind=v["kind"]
        )
        return Response(PauseDaySerializer(day).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, studio_id: str, pk: str) -> Response:
        services.pause_day_delete(studio=self.studio, actor=self.actor, pause_day=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgramViewRecordViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """POST: the dancer opened their program today ("opened the page", kept apart from logs)."""

    scoped_model = ExerciseLog
    action_roles = {"create": DANCER}

    @extend_schema(request=None, responses={201: None})
    def create(self, request: Request, studio_id: str) -> Response:
        dancer = own_dancer_or_404(self)
        view = services.program_view_record(studio=self.studio, actor=self.actor, dancer=dancer)
        return Response({"date": view.date if view else None}, status=status.HTTP_201_CREATED)


# --- compliance and referral -----------------------------------------------------------------------------


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
        return Response(plain(selectors.compliance_for_class(studio=self.studio, class_group=group)))


class StudioComplianceApi(StudioScopedMixin, APIView):
    """Whole-studio and per-class compliance (the director). One object, so a plain APIView."""

    scoped_model = ClassGroup
    dancer_lookup = None
    read_roles = DIRECTOR

    @extend_schema(responses=api_schema.StudioComplianceSerializer)
    def get(self, request: Request, studio_id: str) -> Response:
        result = selectors.compliance_for_studio(studio=self.studio)
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
                    "advice": selectors.ADVICE if reasons else "",
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


class ReferralRequestViewSet(StudioScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The dancer or a guardian asks for a dance medicine evaluation; staff read the requests."""

    scoped_model = ReferralRequest
    serializer_class = ReferralRequestSerializer
    write_roles = DANCER_OR_GUARDIAN

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("dancer").order_by("-created_at")

    @extend_schema(request=ReferralRequestSerializer, responses={201: ReferralRequestSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        data = ReferralRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dancer = visible_dancer_or_404(self, data.validated_data["dancer"]["public_id"])
        row = services.referral_request_create(
            studio=self.studio, actor=self.actor, dancer=dancer, note=data.validated_data.get("note", "")
        )
        return Response(ReferralRequestSerializer(row).data, status=status.HTTP_201_CREATED)


class NotificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "dancer", "week_start", "created_at", "read_at"]


class NotificationViewSet(StudioScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The requester's own in-app notifications in this studio."""

    scoped_model = Notification
    dancer_lookup = None
    serializer_class = NotificationSerializer
    action_roles = {"read": ALL_ROLES}

    def safely_get_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(user=self.actor.user).select_related("dancer")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, studio_id: str, pk: str) -> Response:
        row = services.notification_mark_read(
            studio=self.studio, actor=self.actor, notification=self.get_object()
        )
        return Response(NotificationSerializer(row).data)
