"""The season report through a REAL Celery worker process on the reports queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import ReportJob, ReportState
from tests.celery_support import celery_worker, default_redis_url, flush_redis, publishing_to, wait_for
from tests.conftest import client_for
from tests.reports.conftest import pdf_text
from tests.reports.seed import seed_dancer_history, seed_studio
from tests.world import World, build_world


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_season_report_rendered_by_a_real_worker(tmp_path: Path) -> None:
    world: World = build_world()
    a = world.a
    today = a.studio.today()
    seed_dancer_history(studio=a.studio, season=a.season, dancer=a.dancer, by=a.teacher, today=today)
    seed_studio(studio=a.studio, season=a.season, dancers=12, classes=2, today=today, by=a.teacher)
    redis_url = default_redis_url()
    flush_redis(redis_url)
    client = client_for(world, "director")
    url = reverse("report-season-list", kwargs={"studio_id": a.studio.public_id})

    with celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log", queues="reports") as worker:
        with publishing_to(redis_url):
            response = client.post(url, {"paper": "letter"}, format="json")
        assert response.status_code == 202
        job = ReportJob.objects.get(public_id=response.json()["id"])
        wait_for(
            lambda: ReportJob.objects.get(pk=job.pk).state in (ReportState.DONE, ReportState.FAILED),
            timeout=180,
            what="the season report job to finish",
        )
        log = worker.log()

    job.refresh_from_db()
    assert job.state == ReportState.DONE, f"{job.error}\n{log[-2000:]}"
    assert "reports.tasks.render_season_report" in log and job.attempts == 1
    body = client.get(response.json()["status_url"]).json()
    assert body["state"] == "done" and body["file_url"]
    pdf = b"".join(client.get(body["file_url"]).streaming_content)
    text = pdf_text(pdf, tmp_path)
    assert "Season report" in text and "Ada AshbyA" in text and "Ballet 1" in text
