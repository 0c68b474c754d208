"""Small shaping helpers shared by the pages and the API (URLs, the dancer-page payload)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import NoReverseMatch, reverse

from dashboards.charts import METRICS
from dashboards.selectors import DancerPage
from dashboards.series import metric_series
from studios.models import Studio
from studios.policies import Actor, can_log_for_dancer

# The screenings app serves key frames through its permission-checked (and audited) view.
KEYFRAME_ROUTE = "analysis-keyframe"


def keyframe_url(studio: Studio, analysis_id: UUID) -> str | None:
    try:
        return reverse(KEYFRAME_ROUTE, kwargs={"studio_id": studio.public_id, "pk": analysis_id})
    except NoReverseMatch:
        return None


def url_or_none(name: str, **kwargs: Any) -> str | None:
    """A link to another app's page, or None while that page does not exist (the link is hidden)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def dancer_page_payload(actor: Actor, page: DancerPage) -> dict[str, Any]:
    studio = actor.studio
    return {
        "dancer": page.dancer,
        "season": page.season,
        "row": page.row,
        "findings": page.findings,
        "rejected": [{"test": test, "message": message} for test, message in page.rejected],
        "keyframes": [
            {
                "analysis_id": k.analysis_id,
                "test": k.test,
                "label": k.label,
                "url": keyframe_url(studio, k.analysis_id),
            }
            for k in page.keyframes
        ],
        "series": [
            {
                "key": spec.key,
                "title": spec.title,
                "unit": spec.unit,
                "better": spec.better,
                "zones": spec.zones,
                "points": metric_series(page.results, key),
            }
            for key, spec in METRICS.items()
        ],
        "weekly": page.weekly,
        "read_only": not can_log_for_dancer(actor, page.dancer),
    }
