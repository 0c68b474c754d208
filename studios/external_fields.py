"""The read-only external-id fields that synced objects show in the API (docs/integration.md)."""

from __future__ import annotations

from rest_framework import serializers


class ExternalIdFields(serializers.ModelSerializer):
    # A plain string, not the model's SlugField: rows made in studiohealth itself have a blank source,
    # which a slug pattern in the schema would call invalid.
    source = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.source
        read_only=True, help_text="The studio software the record came from; blank when made here."
    )
    external_id = serializers.CharField(read_only=True, help_text="Its id in that software; blank when made here.")
