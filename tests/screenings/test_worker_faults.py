"""Fault tests with real processes: kill -9 the worker mid-batch; restart Redis with work queued.

Each wait is bounded and every child process (worker, private redis-server) is killed in finally.
The reconciler is driven from the test loop, as beat would run it every minute in production.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from screenings import services
from screenings.models import Analysis, AnalysisState
from studios.policies import actor_for
from tests.celery_support import (
    WorkerProcess,
    flush_redis,
    private_worker,
    publishing_to,
    start_worker,
    wait_for,
)
from tests.world import World

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

# Short lease so a killed worker's claims expire within seconds (production default: 120 s).
FAST_LEASE = {"SCREENINGS_LEASE_SECONDS": "6"}
BATCH_CLIPS = [
    ("sumo_squat_frontal_woman.mp4", "plie"),
    ("squat_frontal_woman.mp4", "plie"),
    ("tree_pose.mp4", "stance"),
]
COMPLETED = re.compile(r"analysis (\d+) completed state=(\w+)")


def _queue_batch(world: World, clips: Path, n: int) -> list[int]:
    """n analyses, each on its own screening day so identical bytes are not de-duplicated."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    actor = actor_for(user=world.a.teacher, studio=world.a.studio)
    ids = []
    for i in range(n):
        name, test = BATCH_CLIPS[i % len(BATCH_CLIPS)]
        screening = services.screening_create(
            studio=world.a.studio,
            actor=actor,
            dancer=world.a.dancer,
            on=world.a.season.starts_on + timedelta(days=i),
        )
        upload = SimpleUploadedFile(name, (clips / name).read_bytes())
        done = services.clip_create(
            studio=world.a.studio,
            actor=actor,
            dancer=world.a.dancer,
            test=test,
            upload=upload,
            screening=screening,
        )
        ids.append(done.analysis.pk)
    return ids


def _states(ids: list[int]) -> Counter:
    return Counter(Analysis.objects.filter(pk__in=ids).values_list("state", flat=True))


def _completions(*workers: WorkerProcess) -> Counter:
    return Counter(int(m.group(1)) for w in workers for m in COMPLETED.finditer(w.log()))


def _reconcile_until_done(ids: list[int], *, timeout: float, grace_s: int) -> None:
    deadline = time.monotonic() + timeout
    while _states(ids).get(AnalysisState.DONE, 0) < len(ids):
        if time.monotonic() > deadline:
            pytest.fail(f"not all done after {timeout}s: {dict(_states(ids))}")
        services.analysis_reconcile(queued_grace_s=grace_s)  # beat's job
        time.sleep(2)


def test_kill_9_mid_batch_every_analysis_done_exactly_once(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    from django.conf import settings

    redis_url = settings.REDIS_URL
    flush_redis(redis_url)
    worker_kw = {"redis_url": redis_url, "concurrency": 2, "extra_env": FAST_LEASE}
    first = second = None
    with publishing_to(redis_url):
        try:
            first = start_worker(log_path=tmp_path / "worker1.log", **worker_kw)
            ids = _queue_batch(consented, shared_clips, 10)
            # Mid-batch: some done, at least one being analysed right now.
            wait_for(
                lambda: (
                    _states(ids).get(AnalysisState.DONE, 0) >= 2
                    and _states(ids).get(AnalysisState.RUNNING, 0) >= 1
                ),
                timeout=180,
                what="the batch to be under way",
            )
            first.kill9()
            before = _states(ids)
            assert before[AnalysisState.DONE] < len(ids), "killed too late to prove anything"
            interrupted = list(
                Analysis.objects.filter(pk__in=ids, state=AnalysisState.RUNNING).values_list("pk", flat=True)
            )
            assert interrupted, "no analysis was in flight when the worker died"

            second = start_worker(log_path=tmp_path / "worker2.log", **worker_kw)
            _reconcile_until_done(ids, timeout=300, grace_s=15)
        finally:
            for w in (first, second):
                if w is not None:
                    w.stop()

    rows = list(Analysis.objects.filter(pk__in=ids))
    assert len(rows) == 10 == Analysis.objects.count()  # no duplicate rows
    assert all(r.state == AnalysisState.DONE and r.result["status"] == "ok" for r in rows)
    assert all(r.lease_expires_at is None and r.progress == 100 for r in rows)
    # Done exactly once: one successful completion per analysis across both workers' logs.
    completions = _completions(first, second)
    assert {i: completions[i] for i in ids} == dict.fromkeys(ids, 1), completions
    # The interrupted runs were claimed again (attempt 2), nothing else needed a second go.
    assert all(r.attempts == 2 for r in rows if r.pk in interrupted)
    # One key frame file per analysis: no half-written leftovers from the killed run.
    keyframes = list((Path(settings.MEDIA_ROOT) / "keyframes").rglob("*.jpg"))  # JPEG since engine 1.2
    assert len(keyframes) == 10
    assert all(Path(r.keyframe.path).is_file() for r in rows)


def test_redis_restart_loses_queued_messages_and_reconciler_completes_them(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    with (
        private_worker(tmp_path, extra_env=FAST_LEASE) as (broker, worker),
    ):
        ids = _queue_batch(consented, shared_clips, 6)
        wait_for(
            lambda: _states(ids).get(AnalysisState.DONE, 0) >= 1,
            timeout=180,
            what="the first analysis",
        )
        broker.restart()  # no persistence: every queued message is gone
        assert redis.Redis(port=broker.port).llen("video") == 0
        time.sleep(5)  # the worker reconnects; nothing is left to deliver
        stranded = _states(ids)[AnalysisState.QUEUED]
        assert stranded >= 1, dict(_states(ids))
        _reconcile_until_done(ids, timeout=300, grace_s=3)
        assert worker.alive()
        completions = _completions(worker)
    assert all(completions[i] == 1 for i in ids), completions
    assert Analysis.objects.filter(pk__in=ids, state=AnalysisState.DONE).count() == 6
