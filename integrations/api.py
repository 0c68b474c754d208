"""API for studio API keys: list, create (the key is in the 201 response only), PATCH name / scope, revoke.

Director only, by session or user token: a key can never list, mint or revoke keys (403).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations import services
from integrations.models import KeyScope, StudioAPIKey
from studiohealth.core.api import created, validated_input
from studios.viewsets import Patchable, ScopedListViewSet

DIRECTOR = frozenset({"director"})


class NotAnAPIKey(permissions.BasePermission):
    message = "API keys cannot manage API keys; sign in as the studio's director."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return not isinstance(request.auth, StudioAPIKey)


class APIKeySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    created_by = serializers.CharField(source="created_by.get_full_name", read_only=True, default="")

    class Meta:
        model = StudioAPIKey
        fields = [
            "id",
            "name",
            "scope",
            "prefix",
            "created",
            "created_by",
            "last_used_at",
            "revoked",
            "revoked_at",
        ]
        read_only_fields = fields


class APIKeyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    scope = serializers.ChoiceField(choices=KeyScope.choices)


class APIKeyPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    scope = serializers.ChoiceField(choices=KeyScope.choices, required=False)


class APIKeyCreatedSerializer(APIKeySerializer):
    key = serializers.CharField(read_only=True, help_text="The key itself. Shown once; store it now.")

    class Meta(APIKeySerializer.Meta):
        fields = [*APIKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class APIKeyViewSet(Patchable, ScopedListViewSet):
    """The studio's API keys: list, create (the key is returned in this response only), rename or
    rescope (PATCH: the key itself is never shown again), revoke."""

    scoped_model = StudioAPIKey
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    permission_classes = (NotAnAPIKey,)
    serializer_class = APIKeySerializer
    patch_serializer = APIKeyPatchSerializer
    patch_service = services.api_key_update
    object_kwarg = "key"

    def safely_get_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("created_by").order_by("revoked", "-created")

    @extend_schema(request=APIKeyCreateSerializer, responses={201: APIKeyCreatedSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, APIKeyCreateSerializer)
        key, plain = services.api_key_create(studio=self.studio, actor=self.actor, **v)
        key.key = plain  # type: ignore[attr-defined]  # serialised once, never stored
        return created(APIKeyCreatedSerializer, key)

    @extend_schema(request=None, responses={200: APIKeySerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(services.api_key_revoke, "key", APIKeySerializer)
