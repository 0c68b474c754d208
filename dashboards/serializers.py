"""Output shapes of the dashboard API (documented in the OpenAPI schema through drf-spectacular).

They serialise the same dataclasses the pages render, so the API returns exactly what the pages show.
"""

from __future__ import annotations

from rest_framework import serializers

from dashboards.query import SHOW_FILTERS, SORT_KEYS
from programs.api_schema import WeekComplianceSerializer


class MeasureSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    sem = serializers.FloatField(allow_null=True, help_text="± error band (standard error of measurement)")


class MetricCellSerializer(serializers.Serializer):
    band = serializers.CharField(
        allow_null=True, help_text="aligned|watch|concern (plié), level|watch|concern"
    )
    measure = MeasureSerializer(allow_null=True)
    trend = serializers.CharField(
        help_text="improved | worse (only beyond the smallest detectable change) | no real change | unknown"
    )
    on = serializers.DateField(allow_null=True, help_text="date of the screening the value comes from")


class ClassRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class DancerRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    age_group = serializers.CharField()
    classes = ClassRefSerializer(many=True)
    knee_left = MetricCellSerializer(help_text="plié knee–toe offset, left leg, % leg length")
    knee_right = MetricCellSerializer(help_text="plié knee–toe offset, right leg, % leg length")
    drop_left = MetricCellSerializer(help_text="pelvic drop standing on the left leg, degrees")
    drop_right = MetricCellSerializer(help_text="pelvic drop standing on the right leg, degrees")
    compensating = serializers.BooleanField(help_text="trunk lean towards the stance side > 5°")
    last_screened = serializers.DateField(allow_null=True)
    has_program = serializers.BooleanField()
    season_pct = serializers.FloatField(allow_null=True, help_text="season compliance %")
    streak_weeks = serializers.IntegerField()
    behind = serializers.BooleanField()
    flagged = serializers.BooleanField(help_text="consider a dance medicine evaluation (advisory)")
    flag_reasons = serializers.ListField(child=serializers.CharField())
    valgus_low_compliance = serializers.BooleanField()
    consent = serializers.DictField(
        child=serializers.CharField(),
        help_text="per purpose (video_analysis, report_sharing): given | renew | missing | adult (filming)",
    )
    results_hidden = serializers.BooleanField(
        help_text="true when this viewer may not see the measured columns and referral reasons (blank)"
    )


class CountsSerializer(serializers.Serializer):
    dancers = serializers.IntegerField()
    flagged = serializers.IntegerField()
    behind = serializers.IntegerField()
    concern = serializers.IntegerField()
    not_screened = serializers.IntegerField()
    valgus_low_compliance = serializers.IntegerField()
    headline = serializers.CharField()


class SeasonRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class RosterQuerySerializer(serializers.Serializer):
    """Query parameters shared by the roster and the class view (validated leniently: unknown → default)."""

    sort = serializers.ChoiceField(choices=SORT_KEYS, required=False, default="name")
    dir = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="asc")
    show = serializers.ChoiceField(choices=list(SHOW_FILTERS), required=False, default="all")
    age = serializers.CharField(required=False, help_text="age group, e.g. 12-14")


class RosterFilterSerializer(RosterQuerySerializer):
    klass = serializers.UUIDField(required=False, help_text="class id")
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=500, help_text="rows per page (default 50, at most 500)"
    )
    offset = serializers.IntegerField(
        required=False, min_value=0, help_text="first row of the page, in the sorted and filtered order"
    )

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["class"] = fields.pop("klass")  # "class" is a keyword in Python
        return fields


class AppliedQuerySerializer(serializers.Serializer):
    sort = serializers.CharField()
    direction = serializers.CharField()
    class_id = serializers.UUIDField(allow_null=True)
    age_group = serializers.CharField()
    show = serializers.CharField()


class RosterSerializer(serializers.Serializer):
    season = SeasonRefSerializer(allow_null=True)
    counts = CountsSerializer(help_text="over every dancer of the season, before filters")
    query = AppliedQuerySerializer()
    count = serializers.IntegerField(
        source="total", help_text="rows matching the filters, over all pages (the rows here are one page)"
    )
    next = serializers.URLField(allow_null=True, help_text="the next page, or null on the last")
    previous = serializers.URLField(allow_null=True, help_text="the previous page, or null on the first")
    rows = DancerRowSerializer(many=True, help_text="one page, sorted and filtered over every dancer")
    classes = ClassRefSerializer(many=True)
    age_groups = serializers.ListField(child=serializers.CharField())


class ChecklistItemSerializer(serializers.Serializer):
    dancer_id = serializers.UUIDField()
    name = serializers.CharField()
    plie = serializers.CharField(help_text="measured | film again | analysing | missing")
    stance = serializers.CharField(help_text="measured | film again | analysing | missing")
    done = serializers.BooleanField()


class ClassRefFullSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class ClassViewSerializer(serializers.Serializer):
    group = ClassRefFullSerializer()
    roster = RosterSerializer()
    round_started = serializers.DateField(
        allow_null=True, help_text="first day of the current screening round"
    )
    checklist = ChecklistItemSerializer(many=True)


class FindingSerializer(serializers.Serializer):
    metric = serializers.CharField()
    band = serializers.CharField(allow_null=True)
    measure = MeasureSerializer(allow_null=True)
    text = serializers.CharField(help_text="plain words; advisory, never a diagnosis")


class KeyFrameSerializer(serializers.Serializer):
    analysis_id = serializers.UUIDField()
    test = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    url = serializers.CharField(allow_null=True)


class ChartPointSerializer(serializers.Serializer):
    on = serializers.DateField()
    value = serializers.FloatField()
    sem = serializers.FloatField(allow_null=True)
    band = serializers.CharField()


class ZoneSerializer(serializers.Serializer):
    band = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class SeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    better = serializers.CharField(help_text="higher | lower")
    zones = ZoneSerializer(many=True, help_text="band thresholds (shaded on the chart)")
    points = ChartPointSerializer(many=True)


class DancerRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class DancerPageSerializer(serializers.Serializer):
    dancer = DancerRefSerializer()
    season = SeasonRefSerializer(allow_null=True)
    row = DancerRowSerializer()
    findings = FindingSerializer(many=True)
    rejected = serializers.ListField(child=serializers.DictField(), help_text="[{test, message}]")
    keyframes = KeyFrameSerializer(many=True)
    series = SeriesSerializer(many=True)
    weekly = WeekComplianceSerializer(many=True)  # the same weeks as the compliance endpoint
    read_only = serializers.BooleanField(  # type: ignore[assignment]  # a field named like Field.read_only
        help_text="true for guardians and staff: only the dancer logs"
    )
    results_hidden = serializers.CharField(
        allow_null=True, help_text="why this viewer sees no results (null when they are shown)"
    )


class DancerSummarySerializer(serializers.Serializer):
    streak_weeks = serializers.IntegerField()
    season_pct = serializers.FloatField(allow_null=True)
    behind = serializers.BooleanField()
    this_week_completed = serializers.IntegerField()
    this_week_prescribed = serializers.IntegerField()


def _measure(m: object) -> dict | None:
    if m is None:
        return None
    return {"value": m.value, "sem": m.sem}  # type: ignore[attr-defined]


def _cell(c: object) -> dict:
    on = c.on  # type: ignore[attr-defined]
    return {
        "band": c.band,  # type: ignore[attr-defined]
        "measure": _measure(c.measure),  # type: ignore[attr-defined]
        "trend": str(c.trend),  # type: ignore[attr-defined]
        "on": on.isoformat() if on else None,
    }


def row_to_dict(row: object) -> dict:
    """DancerRowSerializer's output without DRF's per-field machinery (500 rows: ~60 ms → ~3 ms).
    tests/dashboards/test_pages.py checks it equals DancerRowSerializer(row).data."""
    r = row
    last = r.last_screened  # type: ignore[attr-defined]
    return {
        "id": str(r.id),  # type: ignore[attr-defined]
        "first_name": r.first_name,  # type: ignore[attr-defined]
        "last_name": r.last_name,  # type: ignore[attr-defined]
        "age_group": r.age_group,  # type: ignore[attr-defined]
        "classes": [{"id": str(c.id), "name": c.name} for c in r.classes],  # type: ignore[attr-defined]
        "knee_left": _cell(r.knee_left),  # type: ignore[attr-defined]
        "knee_right": _cell(r.knee_right),  # type: ignore[attr-defined]
        "drop_left": _cell(r.drop_left),  # type: ignore[attr-defined]
        "drop_right": _cell(r.drop_right),  # type: ignore[attr-defined]
        "compensating": r.compensating,  # type: ignore[attr-defined]
        "last_screened": last.isoformat() if last else None,
        "has_program": r.has_program,  # type: ignore[attr-defined]
        "season_pct": r.season_pct,  # type: ignore[attr-defined]
        "streak_weeks": r.streak_weeks,  # type: ignore[attr-defined]
        "behind": r.behind,  # type: ignore[attr-defined]
        "flagged": r.flagged,  # type: ignore[attr-defined]
        "flag_reasons": list(r.flag_reasons),  # type: ignore[attr-defined]
        "valgus_low_compliance": r.valgus_low_compliance,  # type: ignore[attr-defined]
        "consent": r.consent,  # type: ignore[attr-defined]
        "results_hidden": r.results_hidden,  # type: ignore[attr-defined]
    }


def roster_to_dict(roster: object) -> dict:
    """RosterSerializer's output, with the rows through row_to_dict (the page links are the view's)."""
    r = roster
    return {
        "season": SeasonRefSerializer(r.season).data if r.season else None,  # type: ignore[attr-defined]
        "counts": CountsSerializer(r.counts).data,  # type: ignore[attr-defined]
        "query": AppliedQuerySerializer(r.query).data,  # type: ignore[attr-defined]
        "count": r.total,  # type: ignore[attr-defined]
        "next": None,
        "previous": None,
        "rows": [row_to_dict(row) for row in r.rows],  # type: ignore[attr-defined]
        "classes": ClassRefSerializer(r.classes, many=True).data,  # type: ignore[attr-defined]
        "age_groups": list(r.age_groups),  # type: ignore[attr-defined]
    }
