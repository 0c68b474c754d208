"""API for embed launch links: the partner's server asks for a 5-minute link to one dancer's status
card or one class's summary and puts it in an iframe src on its portal page.

A read-scoped key may mint links (a `read_key_actions` POST): the card shows a subset of what that key
may already GET, and changes nothing. Teachers, dancers and guardians may not (403).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from integrations import embed
from studiohealth.core.api import validated_input
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.models import ClassGroup
from studios.scoping import StudioScopedMixin, dancer_visible_or_404, parse_uuid_or_none

DIRECTOR = frozenset({"director"})


class EmbedLinkCreateSerializer(serializers.Serializer):
    dancer = serializers.UUIDField(required=False, help_text="A dancer's status card.")
    class_ = serializers.UUIDField(required=False, help_text="A class summary.")

    def to_internal_value(self, data: Any) -> Any:  # "class" is the public name; a keyword in Python
        if isinstance(data, dict) and "class" in data:
            data = {**data, "class_": data["class"]}
        return super().to_internal_value(data)


class EmbedLinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Put this in the iframe's src. Works for `expires_in` seconds.")
    kind = serializers.ChoiceField(choices=embed.KINDS)
    expires_at = serializers.DateTimeField()
    expires_in = serializers.IntegerField()


class EmbedLinkViewSet(StudioScopedMixin, viewsets.GenericViewSet):
    """POST {"dancer": id} or {"class": id} → 201 {"url", "kind", "expires_at", "expires_in"}."""

    scoped_model = ClassGroup  # nothing is listed; the studio scope and roles are what matter
    dancer_lookup = None
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    read_key_actions = frozenset({"create"})
    serializer_class = EmbedLinkSerializer

    @extend_schema(request=EmbedLinkCreateSerializer, responses={201: EmbedLinkSerializer})
    def create(self, request: Request, studio_id: str) -> Response:
        body = validated_input(request, EmbedLinkCreateSerializer)
        if ("dancer" in body) == ("class_" in body):
            raise ApplicationError("Name exactly one of `dancer` or `class`.")
        dancer = group = None
        if "dancer" in body:
            dancer = dancer_visible_or_404(actor=self.actor, public_id=body["dancer"])
        else:
            group = self.get_queryset().filter(public_id=parse_uuid_or_none(body["class_"])).first()
            if group is None:
                raise NotFoundError("Class not found in this studio.")
        link = embed.embed_link_create(studio=self.studio, actor=self.actor, dancer=dancer, class_group=group)
        url = request.build_absolute_uri(reverse("embed-card", kwargs={"token": link.url_token}))
        data = {
            "url": url,
            "kind": link.kind,
            "expires_at": link.expires_at,
            "expires_in": settings.EMBED_LINK_MAX_AGE_SECONDS,
        }
        return Response(EmbedLinkSerializer(data).data, status=201)
