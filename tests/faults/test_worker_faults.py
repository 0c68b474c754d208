"""Fault injection with a REAL Celery worker, PostgreSQL and Redis (issue 11 items 1, 2 and 4).

- a deadlock raised once by PostgreSQL during the progress heartbeat → retried, ends done;
- the worker's DB connections terminated mid-run → reconnects, retried, ends done, error recorded;
- upload while the broker is down → 201 JSON; the reconciler later publishes and it completes;
- beat's reconciler is routed to the maintenance queue and runs at once with 20 clips queued;
- an engine bug (a pose estimator that raises) → failed / analysis_error, "our side", never
  "unreadable_video".

Every wait is bounded; workers and private redis-servers are killed in finally (context managers).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import redis
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from screenings import services
from screenings.models import Analysis, AnalysisState, Clip, Screening
from screenings.services import ANALYSIS_ERROR_MESSAGE
from studiohealth.celery import app
from studios.policies import actor_for
from tests.celery_support import (
    LIGHT_QUEUES,
    celery_worker,
    free_port,
    private_redis,
    private_worker,
    publishing_to,
    wait_for,
)
from tests.conftest import client_for
from tests.faults.triggers import injected_trigger
from tests.world import World

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

CLIP = ("squat_frontal_woman.mp4", "plie")
LONG_CLIP = ("plie.mp4", "plie")

DEADLOCK_ONCE = """
    IF NEW.state = 'running' AND OLD.state = 'running' AND NEW.progress > 0 AND NEW.progress < 100 THEN
        -- a sequence is not rolled back with the failed statement: the fault fires exactly once
        IF nextval('faults_deadlock_once') = 1 THEN
            RAISE EXCEPTION 'deadlock detected (injected by the test)' USING ERRCODE = '40P01';
        END IF;
    END IF;
    RETURN NEW;
"""  # the body of trigger faults_deadlock (BEFORE UPDATE of an analysis)


def _analysis(world: World, clips: Path, clip: tuple[str, str], day: int = 0) -> Analysis:
    """One uploaded clip through the real service (probe, hash, store, rows, publish)."""
    name, test = clip
    actor = actor_for(user=world.a.teacher, studio=world.a.studio)
    screening = services.screening_create(
        studio=world.a.studio,
        actor=actor,
        dancer=world.a.dancer,
        on=world.a.season.starts_on + timedelta(days=day),
    )
    done = services.clip_create(
        studio=world.a.studio,
        actor=actor,
        dancer=world.a.dancer,
        test=test,
        upload=SimpleUploadedFile(name, (clips / name).read_bytes()),
        screening=screening,
    )
    return done.analysis


def _row(analysis: Analysis) -> Analysis:
    return Analysis.objects.get(pk=analysis.pk)


def test_a_deadlock_during_the_heartbeat_is_retried_and_the_clip_ends_done(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    with (
        injected_trigger(
            "faults_deadlock", table="screenings_analysis", when="BEFORE UPDATE", body=DEADLOCK_ONCE, once=True
        ),
        private_worker(tmp_path) as (_, worker),
    ):
        analysis = _analysis(consented, shared_clips, CLIP)
        wait_for(lambda: _row(analysis).state == AnalysisState.DONE, timeout=240, what="analysis done")
        log = worker.log()
    row = _row(analysis)
    assert row.result["status"] == "ok" and row.reason == ""
    assert row.attempts == 2  # the deadlocked run, then the retry
    assert "deadlock detected (injected by the test)" in row.last_error
    assert "transient fault" in log and "unreadable_video" not in log


def test_the_workers_db_connections_terminated_mid_run_end_done_with_the_error_recorded(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    with private_worker(tmp_path):
        analysis = _analysis(consented, shared_clips, LONG_CLIP)
        wait_for(
            lambda: (r := _row(analysis)).state == AnalysisState.RUNNING and 0 < r.progress < 60,
            timeout=180,
            what="the analysis under way",
            interval=0.1,
        )
        with connection.cursor() as cur:  # every other session on this test database: the worker's
            cur.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cur.fetchone()[0] >= 1
        wait_for(lambda: _row(analysis).state == AnalysisState.DONE, timeout=240, what="analysis done")
    row = _row(analysis)
    assert row.result["status"] == "ok"
    assert row.attempts == 2
    assert "terminat" in row.last_error.lower() or "closed" in row.last_error.lower(), row.last_error


def test_upload_while_the_broker_is_down_is_saved_and_the_reconciler_completes_it(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    name, test = CLIP
    url = reverse("clip-list", kwargs={"studio_id": consented.a.studio.public_id})
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with publishing_to(dead_broker):
        response = client_for(consented, "teacher").post(
            url,
            {
                "dancer": str(consented.a.dancer.public_id),
                "test": test,
                "file": SimpleUploadedFile(name, (shared_clips / name).read_bytes()),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content[:300]
        assert response["Content-Type"] == "application/json"
        analysis = Analysis.objects.get(public_id=response.json()["analysis"])
        assert analysis.state == AnalysisState.QUEUED
        # The reconciler's publish fails the same quiet way while the broker is still down.
        assert services.analysis_reconcile(queued_grace_s=0).republished_queued == 1

    with private_worker(tmp_path):
        assert services.analysis_reconcile(queued_grace_s=0).republished_queued == 1  # beat's job
        wait_for(lambda: _row(analysis).state == AnalysisState.DONE, timeout=240, what="analysis done")
    assert _row(analysis).attempts == 1


COMPLETED_RECONCILE = re.compile(r"Task screenings\.tasks\.reconcile_analyses\[[^\]]+\] succeeded")


def test_the_reconciler_runs_on_time_with_twenty_clips_queued(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    a = consented.a
    assert {app.amqp.router.route({}, name)["queue"].name for name in (
        "screenings.tasks.reconcile_analyses",
        "screenings.tasks.purge_expired_clips",
    )} == {"maintenance"}  # fmt: skip
    data = (shared_clips / CLIP[0]).read_bytes()
    with private_redis(tmp_path) as broker, publishing_to(broker.url):
        screening = Screening.objects.create(
            studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today()
        )
        for i in range(20):  # a screening day's backlog, published to the video queue
            clip = Clip(studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4")
            clip.file.save(f"c{i}.mp4", ContentFile(data), save=True)
            services.analysis_create(studio=a.studio, clip=clip)
        backlog = redis.Redis.from_url(broker.url)
        assert backlog.llen("video") == 20
        with celery_worker(
            redis_url=broker.url, log_path=tmp_path / "light.log", queues=LIGHT_QUEUES
        ) as light:
            app.signature("screenings.tasks.reconcile_analyses").delay()
            wait_for(
                lambda: COMPLETED_RECONCILE.search(light.log()) is not None, timeout=60, what="reconcile ran"
            )
        # It ran while all 20 video messages were still waiting: it was not queued behind them.
        assert backlog.llen("video") == 20


class _BuggyEstimator:
    """A pose model with a bug: the engine must let this through instead of blaming the clip."""

    def estimate(self, rgb: np.ndarray) -> Any:
        raise RuntimeError("bug in the pose estimator (injected by the test)")

    def close(self) -> None:
        pass


def test_an_engine_bug_ends_as_analysis_error_that_says_it_is_our_side(
    consented: World,
    shared_clips: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import workers.engine

    monkeypatch.setattr(workers.engine, "MediaPipePose", _BuggyEstimator)
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the task runs here
        analysis = _analysis(consented, shared_clips, CLIP)
    row = _row(analysis)
    assert (row.state, row.reason) == (AnalysisState.FAILED, "analysis_error")
    assert row.attempts == 3  # retried a bounded number of times first
    assert row.message == ANALYSIS_ERROR_MESSAGE and "our side" in row.message
    assert "bug in the pose estimator" in row.last_error
    assert row.result is None  # no rejection verdict about the video was written
