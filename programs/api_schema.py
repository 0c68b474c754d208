"""Response shapes of the read-only compliance, referral and suggestion endpoints.

The views return selector dataclasses as dicts; these serializers document exactly that shape in
the OpenAPI schema (schemathesis checks responses against it).
"""

from __future__ import annotations

from rest_framework import serializers


class WeekComplianceSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    completed = serializers.IntegerField()
    prescribed = serializers.IntegerField()
    pct = serializers.FloatField(allow_null=True)
    in_progress = serializers.BooleanField()


class ThisWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    completed = serializers.IntegerField()
    prescribed = serializers.IntegerField()
    pct = serializers.FloatField(allow_null=True)
    due_by_now = serializers.IntegerField()


class AssignmentSummarySerializer(serializers.Serializer):
    public_id = serializers.CharField()
    program_name = serializers.CharField()
    target = serializers.ChoiceField(choices=["dancer", "class"])
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    sessions_per_week = serializers.IntegerField()
    paused = serializers.BooleanField()


class DancerComplianceSerializer(serializers.Serializer):
    dancer = serializers.UUIDField()
    dancer_name = serializers.CharField()
    weekly = WeekComplianceSerializer(many=True)
    season_pct = serializers.FloatField(allow_null=True)
    streak_weeks = serializers.IntegerField()
    this_week = ThisWeekSerializer()
    behind = serializers.BooleanField()
    assignments = AssignmentSummarySerializer(many=True)


class WeekAggregateSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    mean_pct = serializers.FloatField(allow_null=True)
    dancers = serializers.IntegerField()


class GroupComplianceSerializer(serializers.Serializer):
    public_id = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    dancer_count = serializers.IntegerField()
    with_program = serializers.IntegerField()
    season_pct = serializers.FloatField(allow_null=True)
    this_week_completed = serializers.IntegerField()
    this_week_prescribed = serializers.IntegerField()
    this_week_pct = serializers.FloatField(allow_null=True)
    behind_count = serializers.IntegerField()
    weekly = WeekAggregateSerializer(many=True)


class StudioComplianceSerializer(serializers.Serializer):
    overall = GroupComplianceSerializer()
    classes = GroupComplianceSerializer(many=True)


class ReferralReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["concern_repeated", "pain_high", "pain_rising", "requested"])
    message = serializers.CharField()
    dates = serializers.ListField(child=serializers.DateField())


class ReferralFlagSerializer(serializers.Serializer):
    dancer = serializers.UUIDField()
    dancer_name = serializers.CharField()
    flagged = serializers.BooleanField()
    advice = serializers.CharField(allow_blank=True)
    reasons = ReferralReasonSerializer(many=True)


class SuggestionItemSerializer(serializers.Serializer):
    program = serializers.UUIDField()
    program_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    severity = serializers.ChoiceField(choices=["watch", "concern"])


class SuggestionsSerializer(serializers.Serializer):
    dancer = serializers.UUIDField()
    suggestions = SuggestionItemSerializer(many=True)
