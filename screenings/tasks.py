"""Celery tasks for the video queue. Thin: claim → workers.engine.analyse → save, all via services.

Worker command for the video queue (MediaPipe and OpenCV hold native memory, so each child is
recycled after a few clips):

    celery -A studiohealth worker -Q video -c 2 --max-tasks-per-child 20 -O fair

acks_late + reject_on_worker_lost (settings) put a message back if the worker dies mid-task; the
claim/lease in PostgreSQL makes a second delivery harmless, and `reconcile_analyses` (beat, every
minute) re-queues what a crash or a lost broker message left behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError, OperationalError

from screenings import conf, services
from screenings.models import Clip

log = logging.getLogger(__name__)

# Faults that are not the clip's fault: the next attempt may well succeed.
TRANSIENT = (OperationalError, InterfaceError, DatabaseError, OSError, SoftTimeLimitExceeded)


class LeaseLost(BaseException):  # noqa: N818
    """Raised from the progress callback to stop the engine once the claim is gone.

    A BaseException so the engine's own `except Exception` (bad clips never crash it) lets it through.
    """


@contextmanager
def _clip_path(clip: Clip) -> Iterator[Path]:
    """A local path to the clip: the file itself on disk storage, else a temporary download (S3)."""
    try:
        yield Path(clip.file.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="clip-") as tmp:
        target = Path(tmp) / Path(clip.file.name).name
        with clip.file.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        yield target


def _backoff(retries: int) -> int:
    return min(300, 10 * 2**retries)


@shared_task(
    bind=True,
    name="screenings.tasks.analyse_clip",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=conf.SOFT_TIME_LIMIT_S,
    time_limit=conf.HARD_TIME_LIMIT_S,
    max_retries=None,  # attempts are counted in the row (max_attempts), not in the message
)
def analyse_clip(self, analysis_id: int) -> str:  # noqa: ANN001
    token = services.new_lease_token()
    analysis = services.analysis_claim(analysis_id=analysis_id, token=token)
    if analysis is None:
        return "skipped"
    from workers.engine import analyse  # heavy import (MediaPipe), only inside the worker

    def progress(pct: int) -> None:
        if not services.analysis_progress(analysis_id=analysis_id, token=token, progress=pct):
            raise LeaseLost

    try:
        with _clip_path(analysis.clip) as path:
            if not path.is_file():
                raise FileNotFoundError(os.fspath(path))
            # The engine rejects only undecodable clips; a lost lease, the soft time limit or any
            # other fault propagates (it is about this run, not a verdict on the clip).
            output = analyse(path, test=analysis.test, mirrored=analysis.clip.mirrored, progress=progress)
        saved = services.analysis_complete(
            analysis_id=analysis_id, token=token, result=output.result, keyframe_png=output.keyframe_jpeg
        )
    except LeaseLost:
        log.warning("analysis %s: lease lost, stopping", analysis_id)
        return "lease-lost"
    except TRANSIENT as exc:
        state = services.analysis_release(analysis_id=analysis_id, token=token, error=repr(exc))
        log.warning("analysis %s: transient fault %r -> %s", analysis_id, exc, state)
        if state == "queued":
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        return f"released:{state}"
    return "completed" if saved else "lease-lost"


@shared_task(name="screenings.tasks.reconcile_analyses")
def reconcile_analyses() -> dict[str, int]:
    done = services.analysis_reconcile()
    if done.requeued_expired or done.republished_queued or done.failed:
        log.info("reconcile: %s", done)
    return {
        "requeued_expired": done.requeued_expired,
        "republished_queued": done.republished_queued,
        "failed": done.failed,
    }


@shared_task(name="screenings.tasks.purge_expired_clips")
def purge_expired_clips() -> int:
    return services.clips_purge_expired()
