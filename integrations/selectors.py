"""Reads for studio API keys: the studio's keys with their last request (never the key itself)."""

from __future__ import annotations

from django.db.models import QuerySet

from integrations.models import StudioAPIKey
from studios.models import Studio


def api_key_list(*, studio: Studio) -> QuerySet[StudioAPIKey]:
    return (
        StudioAPIKey.objects.filter(studio=studio)
        .select_related("created_by")
        .order_by("revoked", "-created")
    )
