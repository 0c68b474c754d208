"""Studio, season, class, dancer, invitation and consent endpoints. Thin: validate → service/selector."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from studiohealth.core.api import created, found_or_404, ok, validated_input
from studios import classes, invitations, lifecycle, people, services
from studios.external_fields import ExternalIdFields
from studios.lifecycle_api import (
    ClassPatchSerializer,
    DancerPatchSerializer,
    InvitationPatchSerializer,
    SeasonPatchSerializer,
)
from studios.models import (
    ClassGroup,
    DancerProfile,
    GuardianConsent,
    Invitation,
    Membership,
    Role,
    Season,
    Studio,
)
from studios.policies import ALL_ROLES, STAFF_ROLES, visible_classes
from studios.scoping import dancer_visible_or_404, parse_uuid_or_404
from studios.selectors import member_users_visible_to_teacher, season_current, studio_list_for_user
from studios.viewsets import Archivable, ExternalIdFilter, Patchable, ScopedListViewSet, ScopedReadViewSet

DIRECTOR = frozenset({Role.DIRECTOR})
GUARDIAN = frozenset({Role.GUARDIAN})


class StudioSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Studio
        fields = ["id", "name", "timezone", "clip_retention_days", "roles"]

    def get_roles(self, studio: Studio) -> list[str]:
        user = self.context["request"].user
        return sorted({m.role for m in studio.memberships.all() if m.user_id == user.pk})


class StudioViewSet(viewsets.ReadOnlyModelViewSet):
    """The studios the requester is a member of. Not studio-scoped: it is the list of scopes."""

    serializer_class = StudioSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_url_kwarg = "studio_id"

    def get_queryset(self):  # noqa: ANN201 - owner-filtered like cookiecutter's user endpoint
        if getattr(self, "swagger_fake_view", False):
            return Studio.objects.none()
        return studio_list_for_user(user=self.request.user).prefetch_related("memberships")

    def get_object(self) -> Studio:
        return found_or_404(self.get_queryset(), parse_uuid_or_404(self.kwargs["studio_id"]))


class SeasonSerializer(ExternalIdFields):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Season
        fields = ["id", "name", "starts_on", "ends_on", "source", "external_id"]
        read_only_fields = ["source", "external_id"]


class SeasonViewSet(Patchable, ScopedReadViewSet):
    """The studio's seasons (every member reads; the director creates and edits)."""

    scoped_model = Season
    dancer_lookup = None
    serializer_class = SeasonSerializer
    filterset_class = ExternalIdFilter
    write_roles = DIRECTOR
    patch_serializer = SeasonPatchSerializer
    patch_service = lifecycle.season_update
    object_kwarg = "season"

    @extend_schema(request=SeasonSerializer, responses={201: SeasonSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, SeasonSerializer)
        return created(SeasonSerializer, services.season_create(studio=self.studio, actor=self.actor, **v))


class DancerSerializer(ExternalIdFields):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_minor = serializers.BooleanField(read_only=True)
    age_group = serializers.CharField(read_only=True)
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = DancerProfile
        fields = ["id", "first_name", "last_name", "birth_year", "is_minor", "age_group", "has_account"]
        fields += ["source", "external_id", "archived_at"]
        read_only_fields = ["source", "external_id", "archived_at"]

    def get_has_account(self, dancer: DancerProfile) -> bool:
        return dancer.user_id is not None


class DancerFilter(ExternalIdFilter):
    """`?class=<class id>` narrows to one class; `?search=` matches first or last name; `?source=`
    and `?external_id=` find a synced dancer."""

    class_id = django_filters.UUIDFilter(field_name="classes__public_id", label="class")
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = DancerProfile
        fields = ["class_id", "search", "source", "external_id"]

    def filter_search(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value))


class DancerViewSet(Patchable, Archivable, ScopedReadViewSet):
    """Dancers visible to the requester: director all, teacher their classes, dancer self, guardian wards."""

    scoped_model = DancerProfile
    dancer_lookup = "pk"
    serializer_class = DancerSerializer
    filterset_class = DancerFilter
    write_roles = DIRECTOR
    patch_serializer = DancerPatchSerializer
    patch_service = lifecycle.dancer_update
    archive_service = people.dancer_archive
    restore_service = people.dancer_restore
    object_kwarg = "dancer"

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        return queryset.select_related("studio")

    @extend_schema(request=DancerSerializer, responses={201: DancerSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, DancerSerializer)
        return created(DancerSerializer, services.dancer_create(studio=self.studio, actor=self.actor, **v))


class ClassSerializer(ExternalIdFields):
    id = serializers.UUIDField(source="public_id", read_only=True)
    season = serializers.UUIDField(source="season.public_id", read_only=True)
    teachers = serializers.SerializerMethodField()
    dancer_count = serializers.SerializerMethodField()

    class Meta:
        model = ClassGroup
        fields = ["id", "name", "season", "teachers", "dancer_count", "source", "external_id", "archived_at"]
        read_only_fields = ["source", "external_id", "archived_at"]

    def get_teachers(self, group: ClassGroup) -> list[str]:
        return [str(t) for t in group.teachers.all()]

    def get_dancer_count(self, group: ClassGroup) -> int:
        return len(group.dancers.all())


class ClassCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    season = serializers.UUIDField()
    teachers = serializers.ListField(child=serializers.UUIDField(), default=list)
    dancers = serializers.ListField(child=serializers.UUIDField(), default=list)


class ClassDancersSerializer(serializers.Serializer):
    dancers = serializers.ListField(child=serializers.UUIDField())


class ClassViewSet(Patchable, Archivable, ScopedReadViewSet):
    """Classes visible to the requester; the director creates, edits, archives and restores them."""

    scoped_model = ClassGroup
    dancer_lookup = None
    serializer_class = ClassSerializer
    filterset_class = ExternalIdFilter
    write_roles = DIRECTOR
    patch_serializer = ClassPatchSerializer
    patch_service = classes.class_update
    archive_service = classes.class_archive
    restore_service = classes.class_restore
    object_kwarg = "group"

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        visible = visible_classes(self.actor).values("pk")
        return (
            queryset.filter(pk__in=visible).select_related("season").prefetch_related("teachers", "dancers")
        )

    @extend_schema(request=ClassCreateSerializer, responses={201: ClassSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, ClassCreateSerializer)
        season = found_or_404(
            Season.objects.filter(studio=self.studio), v["season"], "Season not found in this studio."
        )
        group = services.class_create(
            studio=self.studio,
            actor=self.actor,
            season=season,
            name=v["name"],
            teacher_ids=v["teachers"],
            dancer_ids=v["dancers"],
        )
        return created(ClassSerializer, group)

    @extend_schema(request=ClassDancersSerializer, responses={200: ClassSerializer})
    @action(detail=True, methods=["put"], url_path="dancers")
    def set_dancers(self, request: Request, studio_id: str, pk: str) -> Response:
        group = self.get_object()
        v = validated_input(request, ClassDancersSerializer)
        group = services.class_set_dancers(
            studio=self.studio, actor=self.actor, group=group, dancer_ids=v["dancers"]
        )
        return ok(ClassSerializer, group)


class MembershipSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    user = serializers.UUIDField(source="user.public_id", read_only=True)
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "role"]


class MembershipViewSet(ScopedListViewSet):
    """Who belongs to the studio and in which role (staff only)."""

    scoped_model = Membership
    dancer_lookup = None
    serializer_class = MembershipSerializer
    read_roles = STAFF_ROLES

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        if not self.actor.is_director:
            queryset = queryset.filter(user__in=member_users_visible_to_teacher(self.actor))
        return queryset.select_related("user").order_by("role", "user__last_name")


class InvitationSerializer(serializers.ModelSerializer):
    """The link itself is never returned: it exists only in the e-mail (only its hash is stored)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", required=False, allow_null=True)
    status = serializers.ChoiceField(choices=["pending", "expired", "revoked", "accepted"], read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "dancer",
            "status",
            "expires_at",
            "sent_at",
            "send_count",
            "accepted_at",
        ]
        read_only_fields = ["status", "expires_at", "sent_at", "send_count", "accepted_at"]


class InvitationViewSet(Patchable, ScopedListViewSet):
    """The director invites directors, teachers, dancers and guardians by e-mail; edit, resend, revoke."""

    scoped_model = Invitation
    dancer_lookup = None
    serializer_class = InvitationSerializer
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    patch_serializer = InvitationPatchSerializer
    patch_service = invitations.invitation_update
    object_kwarg = "invitation"

    def patch_extra(self) -> dict[str, str]:
        return {"link_base": self.request.build_absolute_uri("/")}  # the re-sent e-mail's link

    @extend_schema(request=InvitationSerializer, responses={201: InvitationSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, InvitationSerializer)
        dancer = None
        dancer_id = (v.get("dancer") or {}).get("public_id")
        if dancer_id:
            dancers = DancerProfile.objects.filter(studio=self.studio)
            dancer = found_or_404(dancers, dancer_id, "Dancer not found in this studio.")
        invitation = invitations.invitation_create(
            studio=self.studio,
            actor=self.actor,
            email=v["email"],
            role=v["role"],
            dancer=dancer,
            link_base=request.build_absolute_uri("/"),
        )
        return created(InvitationSerializer, invitation)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, studio_id: str, pk: str) -> Response:
        link = request.build_absolute_uri("/")
        return self.on_object(
            invitations.invitation_resend, "invitation", InvitationSerializer, link_base=link
        )

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(invitations.invitation_revoke, "invitation", InvitationSerializer)


class ConsentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id")
    guardian = serializers.CharField(source="guardian.__str__", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = GuardianConsent
        fields = [
            "id",
            "dancer",
            "guardian",
            "scope",
            "retention_days",
            "granted_at",
            "withdrawn_at",
            "is_active",
        ]
        read_only_fields = ["scope", "granted_at", "withdrawn_at"]


class ConsentViewSet(ScopedReadViewSet):
    """Guardian consent for filming and analysis: given and withdrawn by a guardian, read by staff."""

    scoped_model = GuardianConsent
    serializer_class = ConsentSerializer
    read_roles = ALL_ROLES
    write_roles = GUARDIAN

    def safely_get_queryset(self, queryset):  # noqa: ANN001, ANN201
        return queryset.select_related("dancer", "guardian")

    @extend_schema(request=ConsentSerializer, responses={201: ConsentSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, ConsentSerializer)
        consent = services.consent_grant(
            studio=self.studio,
            actor=self.actor,
            dancer=dancer_visible_or_404(actor=self.actor, public_id=v["dancer"]["public_id"]),
            retention_days=v.get("retention_days"),
            season=season_current(studio=self.studio),  # renewed each season, like the consent page
        )
        return created(ConsentSerializer, consent)

    @extend_schema(request=None, responses={200: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(services.consent_withdraw, "consent", ConsentSerializer)
