"""Celery tasks: analyse one clip (video queue), reconcile and purge (maintenance queue). Thin.

Worker command for the video queue (MediaPipe and OpenCV hold native memory, so each child is
recycled after a few clips):

    celery -A studiohealth worker -Q video -c 2 --max-tasks-per-child 20 -O fair

acks_late + reject_on_worker_lost (settings) put a message back if the worker dies mid-task; the
claim/lease in PostgreSQL makes a second delivery harmless, and `reconcile_analyses` (beat, every
minute, on the light worker's `maintenance` queue so a video backlog never delays it) re-queues what
a crash or a lost broker message left behind.

Failure policy of `analyse_clip` (the engine turns only an undecodable file into a rejection and
lets everything else through):
- TRANSIENT (deadlock, serialization failure, lost DB connection, broker hiccup, soft time limit):
  the connection is reset, the row goes back to queued with `last_error`, and the task retries
  with backoff; attempts are counted in the row, so this is bounded too;
- anything else is our bug: same bounded retry, logged with its traceback, and when the attempts
  are used up the row ends `failed / analysis_error` with a message that says it is our side;
- `on_failure` records the error on the row whatever escaped.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from billiard.einfo import ExceptionInfo
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, connection
from kombu.exceptions import OperationalError as BrokerError

from screenings import conf, services
from screenings.models import Clip
from studiohealth.core.storage import StorageUnavailable, local_copy

log = logging.getLogger(__name__)

# Faults of the moment, not of the clip or of our code; explicitly narrow. django.db's
# OperationalError covers deadlock_detected, serialization_failure and a terminated connection;
# IntegrityError, ProgrammingError and DataError are bugs and are NOT here.
TRANSIENT: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    BrokerError,
    SoftTimeLimitExceeded,
    StorageUnavailable,  # the bucket is unreachable right now; the clip is fine
)


class LeaseLost(BaseException):  # noqa: N818
    """Raised from the progress callback to stop the engine once the claim is gone."""


class ClipFileMissing(Exception):  # noqa: N818
    """The row says there is a file but storage has none: not transient, not the dancer's fault."""


@contextmanager
def clip_local_path(clip: Clip) -> Iterator[Path]:
    """THE one place the worker reaches clip bytes: the file on disk storage, else a temp download."""
    with ExitStack() as stack:
        try:
            path = stack.enter_context(local_copy(clip.file))
        except FileNotFoundError as exc:
            raise ClipFileMissing(clip.file.name or "") from exc
        if not path.is_file():
            raise ClipFileMissing(clip.file.name or "")
        yield path


def _backoff(retries: int) -> int:
    return min(300, 10 * 2**retries)


def _reset_connection() -> None:
    """A DB error may have killed the connection; drop it so the next query opens a fresh one."""
    if not connection.in_atomic_block:
        connection.close()


class AnalyseTask(Task):
    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: ExceptionInfo,
    ) -> None:
        analysis_id = int(args[0]) if args else int(kwargs["analysis_id"])
        _reset_connection()
        services.analysis_fail(analysis_id=analysis_id, error=f"{exc!r}\n{einfo.traceback}")
        log.error("analysis %s: task failed for good: %r", analysis_id, exc)


@shared_task(
    bind=True,
    base=AnalyseTask,
    name="screenings.tasks.analyse_clip",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=conf.SOFT_TIME_LIMIT_S,
    time_limit=conf.HARD_TIME_LIMIT_S,
    max_retries=None,  # attempts are counted in the row (max_attempts), not in the message
)
def analyse_clip(self: AnalyseTask, analysis_id: int) -> str:
    token = services.new_lease_token()
    analysis = services.analysis_claim(analysis_id=analysis_id, token=token)
    if analysis is None:
        return "skipped"
    from workers.engine import analyse  # heavy import (MediaPipe), only inside the worker

    def progress(pct: int) -> None:
        if not services.analysis_progress(analysis_id=analysis_id, token=token, progress=pct):
            raise LeaseLost

    try:
        with clip_local_path(analysis.clip) as path:
            output = analyse(path, test=analysis.test, mirrored=analysis.clip.mirrored, progress=progress)
        saved = services.analysis_complete(
            analysis_id=analysis_id, token=token, result=output.result, keyframe=output.keyframe_jpeg
        )
    except LeaseLost:
        log.warning("analysis %s: lease lost, stopping", analysis_id)
        return "lease-lost"
    except TRANSIENT as exc:
        log.warning("analysis %s: transient fault %r", analysis_id, exc)
        return _release_and_retry(self, analysis_id, token, exc, repr(exc))
    except Exception as exc:
        # Our side (a bug in the engine or here, a missing file, memory): never the dancer's video.
        log.exception("analysis %s: internal error", analysis_id)
        return _release_and_retry(self, analysis_id, token, exc, traceback.format_exc())
    return "completed" if saved else "lease-lost"


def _release_and_retry(self: AnalyseTask, analysis_id: int, token: str, exc: Exception, error: str) -> str:
    _reset_connection()
    state = services.analysis_release(analysis_id=analysis_id, token=token, error=error)
    if state == "queued":
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries))
    return f"released:{state}"


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
