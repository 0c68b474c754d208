"""/metrics (Prometheus, token-protected) and the health routes for every persona.

The health and metrics routes are not studio-scoped and deliberately unnamed, so the page matrix
skips them; here every persona of tests/world.py gets the same answers: health for all, metrics for
nobody without the scrape token (a director's session is not enough).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from screenings.models import Analysis, AnalysisState
from tests.factories import analysis_for, clip_for
from tests.world import ROLES, World

TOKEN = "scrape-token-for-tests-0123456789"


def _client(world: World, role: str) -> Client:
    client = Client(HTTP_HOST="localhost")
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def _analysis(world: World, state: str, **fields: object) -> Analysis:
    return analysis_for(clip_for(world.a, "plie"), state=state, **fields)


@pytest.mark.django_db
def test_health_routes_answer_every_persona_alike(world: World, settings) -> None:  # noqa: ANN001
    settings.METRICS_TOKEN = TOKEN
    for role in ROLES:
        client = _client(world, role)
        assert client.get("/healthz").content == b"ok\n", role
        ready = client.get("/readyz?format=json")
        assert ready.status_code == 200, (role, ready.content)
        assert ready["Cache-Control"].startswith("max-age=0")
        assert client.get("/metrics").status_code == 404, role  # no token: not there


@pytest.mark.django_db
def test_metrics_need_the_token_and_fail_closed_without_one(world: World, settings) -> None:  # noqa: ANN001
    client = _client(world, "director")
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


@pytest.mark.django_db
def test_metrics_report_the_pipeline_from_the_rows(world: World, settings) -> None:  # noqa: ANN001
    settings.METRICS_TOKEN = TOKEN
    now = timezone.now()
    _analysis(world, AnalysisState.QUEUED, queued_at=now - timedelta(seconds=90))
    _analysis(world, AnalysisState.QUEUED, queued_at=now - timedelta(seconds=10))
    _analysis(world, AnalysisState.RUNNING, queued_at=now, started_at=now)
    for took, state, reason in (
        (8, "done", ""),
        (25, "done", ""),
        (40, "failed", "too_short"),
        (3, "failed", ""),
    ):
        _analysis(world, state, reason=reason, started_at=now - timedelta(seconds=took), finished_at=now)
    client = _client(world, "anonymous")
    client.get("/healthz")  # one request for the latency histogram
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.content.decode())
        for s in family.samples
    }
    assert samples[("studiohealth_analysis_queue_length", (("state", "queued"),))] == 2
    assert samples[("studiohealth_analysis_queue_length", (("state", "running"),))] == 1
    assert 89 <= samples[("studiohealth_analysis_queue_oldest_age_seconds", ())] < 150
    hist = "studiohealth_analysis_duration_seconds"
    assert samples[(f"{hist}_bucket", (("le", "5.0"),))] == 1
    assert samples[(f"{hist}_bucket", (("le", "10.0"),))] == 2
    assert samples[(f"{hist}_bucket", (("le", "30.0"),))] == 3
    assert samples[(f"{hist}_bucket", (("le", "+Inf"),))] == 4
    assert samples[(f"{hist}_count", ())] == 4
    assert samples[(f"{hist}_sum", ())] == pytest.approx(76, abs=0.01)
    assert samples[("studiohealth_analysis_failures_total", (("reason", "too_short"),))] == 1
    assert samples[("studiohealth_analysis_failures_total", (("reason", "unknown"),))] == 1
    latency = [
        value
        for (name, labels), value in samples.items()
        if name == "studiohealth_http_request_duration_seconds_count" and ("route", "/healthz") in labels
    ]
    assert latency and latency[0] >= 1
    # Ids and names never become labels.
    assert str(world.a.studio.public_id) not in response.content.decode()
