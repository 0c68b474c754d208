"""Small shaping helpers shared by the pages and the API (URLs, the dancer-page payload)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import NoReverseMatch, reverse

from dashboards.charts import METRICS
from dashboards.selectors import DancerPage
from dashboards.series import metric_series
from studios.models import DancerProfile, Studio
from studios.policies import Actor, can_log_for_dancer
from studios.selectors import active_consent

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


def consent_line(dancer: DancerProfile, *, viewer_is_dancer: bool) -> str:
    """Filming consent in one sentence: second person for the dancer, third for staff and guardians."""
    name = "you" if viewer_is_dancer else dancer.first_name
    if not dancer.is_minor:
        return (
            "You are an adult dancer: you consent to filming yourself."
            if viewer_is_dancer
            else f"{dancer.first_name} is an adult dancer and consents to filming for themselves."
        )
    consent = active_consent(dancer)
    if consent is None:
        return f"Filming consent: not given yet by a guardian, so no clip of {name} is stored or analysed."
    given = consent.granted_at.astimezone(dancer.studio.tzinfo).strftime("%-d %b %Y")
    return (
        f"Filming consent: given by {consent.guardian.get_full_name() or consent.guardian.username} "
        f"on {given}; clips are kept {consent.retention_days} days."
    )


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
        "results_hidden": page.results_hidden,
    }
