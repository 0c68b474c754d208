"""The analysis state machine in PostgreSQL: create, publish, claim/lease, progress, save, release, reconcile.

queued → running → done | failed. Every move is a conditional UPDATE whose row count says whether
this caller won, so two workers, a crashed worker and the reconciler can never both finish the same
analysis.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations import events as integration_events
from screenings import conf
from screenings.events import analysis_measured_emit
from screenings.models import Analysis, AnalysisState, Clip
from screenings.services.reasons import reason_message
from studiohealth.celery import app
from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import Studio
from workers.result import ENGINE_VERSION

log = logging.getLogger(__name__)

ANALYSE_TASK = "screenings.tasks.analyse_clip"
_ERROR_CHARS = 2000


# --- publishing ------------------------------------------------------------------------------------
def _send(analysis_id: int) -> None:
    try:
        app.signature(ANALYSE_TASK, args=(analysis_id,)).delay()
    except Exception:
        # The row is committed and queued: the reconciler publishes it again after the grace period.
        # Never let a broker outage turn saved work into an error for the person who uploaded it.
        log.exception("analysis %s: publish failed (broker down?); the reconciler will retry", analysis_id)


def analysis_enqueue(analysis_id: int) -> None:
    """Publish the task after the surrounding transaction commits (the worker must see the row)."""
    transaction.on_commit(lambda: _send(analysis_id), robust=True)


# --- creation --------------------------------------------------------------------------------------
@transaction.atomic
def analysis_create(*, studio: Studio, clip: Clip, engine_version: str = ENGINE_VERSION) -> Analysis:
    """Queue one engine run of a clip. Idempotent per (clip, engine_version): returns the existing row."""
    if clip.studio_id != studio.pk:
        raise NotFoundError()
    existing = Analysis.objects.filter(clip=clip, engine_version=engine_version).first()
    if existing is not None:
        return existing
    analysis = Analysis(
        studio=studio,
        clip=clip,
        dancer=clip.dancer,
        test=clip.test,
        engine_version=engine_version,
        state=AnalysisState.QUEUED,
        queued_at=timezone.now(),
    )
    analysis.full_clean()
    analysis.save()
    analysis_enqueue(analysis.pk)
    return analysis


@transaction.atomic
def analyses_create_for_engine(
    *, studio: Studio, clips: Iterable[Clip], engine_version: str = ENGINE_VERSION
) -> list[Analysis]:
    """Re-analysis when the engine changes: a new row per clip for this version; earlier results stay."""
    created = []
    for clip in clips:
        if clip.studio_id != studio.pk or not clip.file or clip.file_deleted_at is not None:
            continue
        if Analysis.objects.filter(clip=clip, engine_version=engine_version).exists():
            continue
        created.append(analysis_create(studio=studio, clip=clip, engine_version=engine_version))
    return created


def _changed(analysis_id: int) -> None:
    """An analysis ended (done or failed): its dancer's dashboard row is rebuilt after commit."""
    for studio_id, dancer_id in Analysis.objects.filter(pk=analysis_id).values_list("studio_id", "dancer_id"):
        data_changed(studio_id=studio_id, dancer_ids=[dancer_id])


# --- claim and lease -------------------------------------------------------------------------------
def new_lease_token() -> str:
    return f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex}"


def _claimable(now: datetime) -> Q:
    return Q(state=AnalysisState.QUEUED) | Q(state=AnalysisState.RUNNING, lease_expires_at__lt=now)


def analysis_claim(*, analysis_id: int, token: str) -> Analysis | None:
    """Take the analysis for this worker, or None when someone else has it or it is finished.

    One conditional UPDATE: queued (or running with an expired lease) → running with our token and a
    fresh lease. A row that already used all its attempts is failed instead (poison clip).
    """
    now = timezone.now()
    won = (
        Analysis.objects.filter(_claimable(now), pk=analysis_id, attempts__lt=conf.max_attempts())
        .exclude(clip__file="")
        .update(
            state=AnalysisState.RUNNING,
            attempts=F("attempts") + 1,
            claimed_by=token,
            lease_expires_at=now + timedelta(seconds=conf.lease_seconds()),
            started_at=now,
            progress=0,
            updated_at=now,
        )
    )
    if won == 1:
        return Analysis.objects.select_related("clip", "studio").get(pk=analysis_id)
    _fail_unclaimable(analysis_id, now)
    return None


def _fail_unclaimable(analysis_id: int, now: datetime) -> None:
    """A claimable row we could not take: out of attempts, or its file is gone."""
    row = Analysis.objects.filter(_claimable(now), pk=analysis_id).select_related("clip").first()
    if row is None:
        return
    reason = "clip_deleted" if not row.clip.file else "analysis_error"
    if row.attempts >= conf.max_attempts() or reason == "clip_deleted":
        Analysis.objects.filter(_claimable(now), pk=analysis_id).update(
            state=AnalysisState.FAILED,
            reason=reason,
            message=reason_message(reason),
            finished_at=now,
            lease_expires_at=None,
            claimed_by="",
            updated_at=now,
        )
        _changed(analysis_id)
        integration_events.analysis_finished(analysis_id=analysis_id)  # webhooks, after commit


def analysis_progress(*, analysis_id: int, token: str, progress: int) -> bool:
    """Write progress and renew the lease (the heartbeat). False: the lease is no longer ours."""
    now = timezone.now()
    return (
        Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, claimed_by=token).update(
            progress=max(0, min(100, int(progress))),
            lease_expires_at=now + timedelta(seconds=conf.lease_seconds()),
            updated_at=now,
        )
        == 1
    )


# --- outcomes --------------------------------------------------------------------------------------
@transaction.atomic
def analysis_complete(
    *, analysis_id: int, token: str, result: Mapping[str, Any], keyframe: bytes | None
) -> bool:
    """Save the engine's verdict if the lease is still ours. ok → done; rejected → failed + reason.

    Returns False (and writes nothing) when the claim was lost, e.g. the reconciler re-queued it
    or consent was withdrawn meanwhile: exactly one run finishes an analysis.
    """
    now = timezone.now()
    ok = result.get("status") == "ok"
    reason = "" if ok else str(result.get("reason") or "analysis_error")
    message = str(result.get("message") or "") if ok else reason_message(reason)
    won = Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, claimed_by=token).update(
        state=AnalysisState.DONE if ok else AnalysisState.FAILED,
        result=result,
        reason=reason,
        message=message,
        progress=100,
        finished_at=now,
        lease_expires_at=None,
        updated_at=now,
    )
    if won != 1:
        return False
    if keyframe:
        analysis = Analysis.objects.select_related("studio").get(pk=analysis_id)
        name = "keyframe.jpg" if keyframe[:3] == b"\xff\xd8\xff" else "keyframe.png"  # JPEG since 1.2
        analysis.keyframe.save(name, ContentFile(keyframe), save=False)
        Analysis.objects.filter(pk=analysis_id).update(keyframe=analysis.keyframe.name)
    _changed(analysis_id)
    log.info("analysis %s completed state=%s reason=%s", analysis_id, "done" if ok else "failed", reason)
    integration_events.analysis_finished(analysis_id=analysis_id)  # webhooks, after commit
    if ok:
        analysis_measured_emit(analysis_id=analysis_id)  # programs: the stored referral flag
    return True


def _failed_for_good(*, error: str, now: datetime, reason: str = "analysis_error") -> dict[str, Any]:
    return {
        "state": AnalysisState.FAILED,
        "reason": reason,
        "message": reason_message(reason),
        "last_error": error[:_ERROR_CHARS],
        "finished_at": now,
        "lease_expires_at": None,
        "claimed_by": "",
        "updated_at": now,
    }


def analysis_release(*, analysis_id: int, token: str, error: str) -> str | None:
    """A fault on our side (database, broker, time limit, a bug): back to queued for a retry, or
    failed as `analysis_error` when the attempts are used up. Returns the new state, or None if the
    lease was not ours. The dancer's clip is never blamed."""
    now = timezone.now()
    mine = Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, claimed_by=token)
    if mine.filter(attempts__gte=conf.max_attempts()).update(**_failed_for_good(error=error, now=now)):
        _changed(analysis_id)
        return AnalysisState.FAILED
    if mine.update(
        state=AnalysisState.QUEUED,
        last_error=error[:_ERROR_CHARS],
        queued_at=now,
        lease_expires_at=None,
        claimed_by="",
        progress=0,
        updated_at=now,
    ):
        return AnalysisState.QUEUED
    return None


def analysis_fail(*, analysis_id: int, error: str, reason: str = "analysis_error") -> bool:
    """The task gave up (Celery's on_failure): record the error; fail the row if it is still open.

    A row running under a live lease of another worker is left alone (that run will finish it).
    """
    now = timezone.now()
    open_rows = Analysis.objects.filter(pk=analysis_id).filter(
        Q(state=AnalysisState.QUEUED) | Q(state=AnalysisState.RUNNING, lease_expires_at__lt=now)
    )
    if open_rows.update(**_failed_for_good(error=error, now=now, reason=reason)):
        _changed(analysis_id)
        return True
    Analysis.objects.filter(pk=analysis_id).update(last_error=error[:_ERROR_CHARS])
    return False


# --- repair ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reconciled:
    requeued_expired: int
    republished_queued: int
    failed: int


def analysis_reconcile(*, queued_grace_s: int | None = None, limit: int = 500) -> Reconciled:
    """Repair what a crash or a lost broker message left behind (run by beat every minute).

    - running with an expired lease (worker killed, machine lost) → queued again and published, or
      failed when the attempts are used up (a clip that kills its worker every time);
    - queued for longer than the grace period (message lost, e.g. Redis restarted without
      persistence, or the broker was down at upload) → published again. A duplicate message is
      harmless: only one claim can win.
    """
    now = timezone.now()
    grace = conf.queued_grace_seconds() if queued_grace_s is None else queued_grace_s
    requeued = republished = failed = 0
    expired = Analysis.objects.filter(state=AnalysisState.RUNNING, lease_expires_at__lt=now)
    for analysis_id, attempts in expired.values_list("pk", "attempts")[:limit]:
        row = Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, lease_expires_at__lt=now)
        if attempts >= conf.max_attempts():
            lost = "lease expired on the last attempt (worker lost or killed)"
            if row.update(**_failed_for_good(error=lost, now=now)):
                failed += 1
                _changed(analysis_id)
        elif row.update(
            state=AnalysisState.QUEUED, queued_at=now, lease_expires_at=None, claimed_by="", updated_at=now
        ):
            requeued += 1
            analysis_enqueue(analysis_id)
    stale = Analysis.objects.filter(state=AnalysisState.QUEUED, queued_at__lte=now - timedelta(seconds=grace))
    for analysis_id, queued_at in stale.values_list("pk", "queued_at")[:limit]:
        if Analysis.objects.filter(pk=analysis_id, state=AnalysisState.QUEUED, queued_at=queued_at).update(
            queued_at=now, updated_at=now
        ):
            republished += 1
            analysis_enqueue(analysis_id)
    return Reconciled(requeued_expired=requeued, republished_queued=republished, failed=failed)
