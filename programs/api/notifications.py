"""The requester's own in-app notifications in a studio."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from programs import reminders
from programs.models import (
    Notification,
)
from studios.policies import ALL_ROLES
from studios.viewsets import ScopedListViewSet


class NotificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dancer = serializers.UUIDField(source="dancer.public_id", read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "dancer", "week_start", "created_at", "read_at"]


class NotificationViewSet(ScopedListViewSet):
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
        return self.on_object(reminders.notification_mark_read, "notification", NotificationSerializer)
