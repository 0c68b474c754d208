"""The PATCH bodies of the studios resources (seasons, dancers, classes, invitations): every field
optional, only those sent change. The PATCH itself is `studios.viewsets.Patchable`."""

from __future__ import annotations

from rest_framework import serializers

from studios.models import Role


class SeasonPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class DancerPatchSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False)


class ClassPatchSerializer(serializers.Serializer):
    """Season, teacher and dancer ids of this studio (an unknown or foreign one: 404); a list sent
    replaces the class's list."""

    name = serializers.CharField(max_length=100, required=False)
    season = serializers.UUIDField(required=False, source="season_id")
    teachers = serializers.ListField(child=serializers.UUIDField(), required=False, source="teacher_ids")
    dancers = serializers.ListField(child=serializers.UUIDField(), required=False, source="dancer_ids")


class InvitationPatchSerializer(serializers.Serializer):
    """A new address or role re-issues the link (the old one stops working) and sends it again."""

    email = serializers.EmailField(required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    dancer = serializers.UUIDField(required=False, source="dancer_id", help_text="For a dancer or guardian.")
