"""API for outbound webhooks: subscriptions (secret in the 201 only; PATCH url / events / active),
"send test event", the delivery log with response codes, and "redeliver". Director-level, so keys
follow their scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from integrations import webhooks
from integrations.webhook_models import EVENTS, WebhookDelivery, WebhookSubscription
from studiohealth.core.api import accepted, validated_input
from studios.viewsets import Patchable, ScopedListViewSet

DIRECTOR = frozenset({"director"})


class SubscriptionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "active", "disabled_at", "disabled_reason", "created_at"]
        read_only_fields = fields


class SubscriptionCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=[e for e in EVENTS if e != "test"]))


class SubscriptionPatchSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=[e for e in EVENTS if e != "test"]), required=False
    )
    active = serializers.BooleanField(
        required=False, help_text="true turns a subscription back on (also one turned off by failures)."
    )


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True, help_text="Signing secret. Shown once; store it now.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    subscription = serializers.UUIDField(source="subscription.public_id", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "subscription", "delivery_id", "event", "state", "attempts", "last_status_code",
            "last_error", "next_attempt_at", "delivered_at", "requeued_count", "requeued_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class WebhookViewSet(Patchable, ScopedListViewSet):
    """The studio's webhook subscriptions (PATCH never shows the secret again)."""

    scoped_model = WebhookSubscription
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    serializer_class = SubscriptionSerializer
    patch_serializer = SubscriptionPatchSerializer
    patch_service = webhooks.webhook_subscription_update
    object_kwarg = "subscription"

    def safely_get_queryset(self, queryset: Any) -> Any:
        return queryset.order_by("-created_at")

    @extend_schema(request=SubscriptionCreateSerializer, responses={201: SubscriptionCreatedSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        v = validated_input(request, SubscriptionCreateSerializer)
        subscription, secret = webhooks.webhook_subscription_create(studio=self.studio, actor=self.actor, **v)
        body = SubscriptionCreatedSerializer(subscription).data | {"secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"], url_path="test")
    def send_test(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(webhooks.webhook_test_send, "subscription", DeliverySerializer, answer=accepted)


class DeliveryViewSet(ScopedListViewSet):
    """The delivery log: every event sent to every subscription, newest first, with the answer."""

    scoped_model = WebhookDelivery
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    serializer_class = DeliverySerializer

    def safely_get_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("subscription").order_by("-created_at")

    @extend_schema(request=None, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, studio_id: str, pk: str) -> Response:
        return self.on_object(webhooks.webhook_redeliver, "delivery", DeliverySerializer, answer=accepted)
