"""Writes for screenings, clips and analyses.

The analysis state machine lives in PostgreSQL (queued → running → done | failed). Every move is a
conditional UPDATE whose row count says whether this caller won, so two workers, a crashed worker
and the reconciler can never both finish the same analysis.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from screenings import conf
from screenings.models import Analysis, AnalysisState, Clip, Screening, TestType
from screenings.probe import ALLOWED_EXTENSIONS, probe_bounded, sniff_container
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.models import DancerProfile, Season, Studio
from studios.policies import Actor, can_manage_dancer, can_upload_for_dancer
from studios.selectors import retention_until_for, season_current
from studios.services import require_video_consent
from workers.quality import REASONS
from workers.result import ENGINE_VERSION

log = logging.getLogger(__name__)

CONSENT_WITHDRAWN_MESSAGE = "Consent for video analysis was withdrawn, so this clip was not analysed."
# Upload-time reasons on top of the engine's quality-gate reasons (same shape: code -> fix).
UPLOAD_REASONS: dict[str, str] = {
    "empty_file": "The file is empty. Record the clip again and wait for the upload to finish.",
    "not_a_video": "This file is not a video we can read. Choose a clip recorded with the phone's camera.",
    "analysis_error": "Something went wrong on our side while analysing this clip. Please film it again.",
    "clip_deleted": "This clip was deleted before it could be analysed. Please film it again.",
    "consent_withdrawn": CONSENT_WITHDRAWN_MESSAGE,
}
CANNOT_UPLOAD = "You can upload clips only for yourself or for dancers in your classes."
CANNOT_MANAGE = "Only the director or the dancer's teacher can do this."
NO_SEASON = "This studio has no season yet; the director needs to create one first."
_HEAD_BYTES = 64


def reason_message(reason: str) -> str:
    return REASONS.get(reason) or UPLOAD_REASONS.get(reason) or UPLOAD_REASONS["analysis_error"]


def _refuse(reason: str, status: int = 400) -> ApplicationError:
    error = ApplicationError(reason_message(reason), {"reason": reason})
    error.status_code = status
    return error


# --- screenings ------------------------------------------------------------------------------------
@transaction.atomic
def screening_create(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile,
    on: date | None = None,
    season: Season | None = None,
    notes: str = "",
) -> Screening:
    if dancer.studio_id != studio.pk:
        raise NotFoundError("Dancer not found in this studio.")
    if not can_upload_for_dancer(actor, dancer):
        raise PermissionDenied(CANNOT_UPLOAD)
    on = on or studio.today()
    season = season or season_current(studio=studio, on=on)
    if season is None or season.studio_id != studio.pk:
        raise ApplicationError(NO_SEASON)
    screening = Screening(
        studio=studio, dancer=dancer, season=season, date=on, filmed_by=actor.user, notes=notes
    )
    screening.full_clean()
    screening.save()
    return screening


def _screening_for_upload(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, screening: Screening | None
) -> Screening:
    """An explicit screening of this dancer, else today's (one screening day groups both tests)."""
    if screening is not None:
        if screening.studio_id != studio.pk or screening.dancer_id != dancer.pk:
            raise NotFoundError("Screening not found for this dancer.")
        return screening
    today = studio.today()
    existing = (
        Screening.objects.filter(studio=studio, dancer=dancer, date=today).order_by("created_at").first()
    )
    return existing or screening_create(studio=studio, actor=actor, dancer=dancer, on=today)


# --- clips -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClipUpload:
    clip: Clip
    analysis: Analysis
    created: bool  # False: the same bytes were already uploaded for this screening and test


def _extension(name: str) -> str:
    return Path(name or "").suffix.lower().lstrip(".")


@contextmanager
def _local_path(upload: UploadedFile) -> Iterator[Path]:
    """A filesystem path to the uploaded bytes (Django keeps big uploads in a temp file already)."""
    path = getattr(upload, "temporary_file_path", None)
    if callable(path):
        yield Path(path())
        return
    with tempfile.NamedTemporaryFile(prefix="upload-", suffix=".bin") as tmp:
        upload.seek(0)
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield Path(tmp.name)


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def clip_validate(upload: UploadedFile) -> tuple[str, Any]:
    """Size, extension, magic bytes, then the bounded probe. Raises a 400 naming the reason."""
    size = upload.size or 0
    if size == 0:
        raise _refuse("empty_file")
    if size > settings.CLIP_MAX_BYTES:
        raise _refuse("too_large", 413)
    if _extension(upload.name or "") not in ALLOWED_EXTENSIONS:
        raise _refuse("not_a_video")
    upload.seek(0)
    container = sniff_container(upload.read(_HEAD_BYTES))
    upload.seek(0)
    if container is None:
        raise _refuse("not_a_video")
    with _local_path(upload) as path:
        probe = probe_bounded(path)
    if not probe.ok:
        raise _refuse(probe.reason or "unreadable_video")
    return container, probe


def clip_create(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile,
    test: str,
    upload: UploadedFile,
    mirrored: bool = False,
    screening: Screening | None = None,
) -> ClipUpload:
    """Check, store and queue one clip. Nothing is written (no row, no file) unless all checks pass.

    Order matters: scope and role, then consent, then the bytes — a minor's video is refused before
    it is even read, let alone stored.
    """
    if dancer.studio_id != studio.pk:
        raise NotFoundError("Dancer not found in this studio.")
    if not can_upload_for_dancer(actor, dancer):
        raise PermissionDenied(CANNOT_UPLOAD)
    require_video_consent(dancer)
    if test not in TestType.values:
        raise ApplicationError("Choose the test: plié or single-leg stance.", {"reason": "bad_test"})
    container, probe = clip_validate(upload)
    checksum = _sha256(upload)
    return _clip_store(
        studio=studio,
        actor=actor,
        dancer=dancer,
        test=test,
        upload=upload,
        mirrored=mirrored,
        screening=screening,
        container=container,
        probe=probe,
        checksum=checksum,
    )


@transaction.atomic
def _clip_store(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile,
    test: str,
    upload: UploadedFile,
    mirrored: bool,
    screening: Screening | None,
    container: str,
    probe: Any,
    checksum: str,
) -> ClipUpload:
    screening = _screening_for_upload(studio=studio, actor=actor, dancer=dancer, screening=screening)
    duplicate = (
        Clip.objects.filter(screening=screening, test=test, checksum=checksum, file_deleted_at__isnull=True)
        .order_by("created_at")
        .first()
    )
    if duplicate is not None:
        # A phone retrying an upload after a dropped connection: same bytes, same work, no duplicate.
        analysis = duplicate.analyses.filter(engine_version=ENGINE_VERSION).first()
        if analysis is not None:
            return ClipUpload(clip=duplicate, analysis=analysis, created=False)
    clip = Clip(
        studio=studio,
        screening=screening,
        dancer=dancer,
        test=test,
        original_name=(upload.name or "")[:255],
        container=container,
        mirrored=mirrored,
        size_bytes=upload.size or 0,
        duration_s=probe.duration_s,
        fps=probe.fps,
        width=probe.width,
        height=probe.height,
        checksum=checksum,
        uploaded_by=actor.user,
        retention_until=retention_until_for(dancer, studio.today()),
    )
    clip.full_clean(exclude=["file"])
    upload.seek(0)
    clip.file.save("upload", File(upload), save=False)  # name from clip_upload_to (ids only)
    try:
        clip.save()
        analysis = analysis_create(studio=studio, clip=clip)
    except Exception:
        clip.file.delete(save=False)  # the row is rolled back; do not leave the bytes behind
        raise
    return ClipUpload(clip=clip, analysis=analysis, created=True)


@transaction.atomic
def clip_request_retake(*, studio: Studio, actor: Actor, clip: Clip, reason: str = "") -> Clip:
    """A teacher asks the dancer to film this test again (the accepted result stays on record)."""
    if clip.studio_id != studio.pk:
        raise NotFoundError()
    if not can_manage_dancer(actor, clip.dancer):
        raise PermissionDenied(CANNOT_MANAGE)
    clip.retake_requested_at = timezone.now()
    clip.retake_reason = reason[:255]
    clip.full_clean(exclude=["file"])
    clip.save(update_fields=["retake_requested_at", "retake_reason", "updated_at"])
    return clip


# --- analyses: creation and the claim/lease state machine -----------------------------------------
def analysis_enqueue(analysis_id: int) -> None:
    """Publish the task after the surrounding transaction commits (the worker must see the row)."""
    from screenings.tasks import analyse_clip

    transaction.on_commit(lambda: analyse_clip.delay(analysis_id))


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


def new_lease_token() -> str:
    return f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex}"


def _claimable(now: Any) -> Q:
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


def _fail_unclaimable(analysis_id: int, now: Any) -> None:
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


@transaction.atomic
def analysis_complete(
    *, analysis_id: int, token: str, result: dict[str, Any], keyframe_png: bytes | None
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
    if keyframe_png:
        analysis = Analysis.objects.select_related("studio").get(pk=analysis_id)
        name = "keyframe.jpg" if keyframe_png[:3] == b"\xff\xd8\xff" else "keyframe.png"  # JPEG since 1.2
        analysis.keyframe.save(name, ContentFile(keyframe_png), save=False)
        Analysis.objects.filter(pk=analysis_id).update(keyframe=analysis.keyframe.name)
    log.info("analysis %s completed state=%s reason=%s", analysis_id, "done" if ok else "failed", reason)
    return True


def analysis_release(*, analysis_id: int, token: str, error: str) -> str | None:
    """A transient fault (database, storage, time limit): back to queued for a retry, or failed for good
    when the attempts are used up. Returns the new state, or None if the lease was not ours."""
    now = timezone.now()
    mine = Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, claimed_by=token)
    if mine.filter(attempts__gte=conf.max_attempts()).update(
        state=AnalysisState.FAILED,
        reason="analysis_error",
        message=reason_message("analysis_error"),
        last_error=error[:2000],
        finished_at=now,
        lease_expires_at=None,
        claimed_by="",
        updated_at=now,
    ):
        return AnalysisState.FAILED
    if mine.update(
        state=AnalysisState.QUEUED,
        last_error=error[:2000],
        queued_at=now,
        lease_expires_at=None,
        claimed_by="",
        progress=0,
        updated_at=now,
    ):
        return AnalysisState.QUEUED
    return None


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
      persistence) → published again. A duplicate message is harmless: only one claim can win.
    """
    now = timezone.now()
    grace = conf.queued_grace_seconds() if queued_grace_s is None else queued_grace_s
    requeued = republished = failed = 0
    expired = Analysis.objects.filter(state=AnalysisState.RUNNING, lease_expires_at__lt=now)
    for analysis_id, attempts in expired.values_list("pk", "attempts")[:limit]:
        row = Analysis.objects.filter(pk=analysis_id, state=AnalysisState.RUNNING, lease_expires_at__lt=now)
        if attempts >= conf.max_attempts():
            failed += row.update(
                state=AnalysisState.FAILED,
                reason="analysis_error",
                message=reason_message("analysis_error"),
                last_error="lease expired on the last attempt (worker lost or killed)",
                finished_at=now,
                lease_expires_at=None,
                claimed_by="",
                updated_at=now,
            )
        elif row.update(
            state=AnalysisState.QUEUED, queued_at=now, lease_expires_at=None, claimed_by="", updated_at=now
        ):
            requeued += 1
            _publish(analysis_id)
    lost = Analysis.objects.filter(state=AnalysisState.QUEUED, queued_at__lte=now - timedelta(seconds=grace))
    for analysis_id, queued_at in lost.values_list("pk", "queued_at")[:limit]:
        if Analysis.objects.filter(pk=analysis_id, state=AnalysisState.QUEUED, queued_at=queued_at).update(
            queued_at=now, updated_at=now
        ):
            republished += 1
            _publish(analysis_id)
    return Reconciled(requeued_expired=requeued, republished_queued=republished, failed=failed)


def _publish(analysis_id: int) -> None:
    from screenings.tasks import analyse_clip

    transaction.on_commit(lambda: analyse_clip.delay(analysis_id))


# --- retention and consent ----------------------------------------------------------------------------
def clips_purge_expired(*, today_utc: date | None = None, limit: int = 1000) -> int:
    """Delete clip files whose retention date has come (studio-local day). Rows, results and key
    frames stay; only the video bytes go. Running analyses of those clips are left to finish first."""
    deleted = 0
    candidates = (
        Clip.objects.filter(file_deleted_at__isnull=True, retention_until__isnull=False)
        .exclude(file="")
        .select_related("studio")
    )
    if today_utc is not None:
        candidates = candidates.filter(retention_until__lte=today_utc)
    for clip in candidates.order_by("retention_until")[:limit]:
        if clip.retention_until is None or clip.retention_until > clip.studio.today():
            continue
        if clip.analyses.filter(state=AnalysisState.RUNNING, lease_expires_at__gt=timezone.now()).exists():
            continue
        name = clip.file.name
        with transaction.atomic():
            won = Clip.objects.filter(pk=clip.pk, file_deleted_at__isnull=True).update(
                file="", file_deleted_at=timezone.now(), updated_at=timezone.now()
            )
        if won:
            clip.file.storage.delete(name)
            deleted += 1
    return deleted


@transaction.atomic
def clips_on_consent_withdrawn(*, studio: Studio, dancer: DancerProfile) -> int:
    """Stop processing a dancer's clips and schedule their files for deletion today.

    Queued or running analyses end as failed (a running worker's save is refused by its lease check);
    the retention task removes the files — it is queued right after commit. Results already computed
    stay, as the consent covered them.
    """
    now = timezone.now()
    Analysis.objects.filter(
        studio=studio, dancer=dancer, state__in=[AnalysisState.QUEUED, AnalysisState.RUNNING]
    ).update(
        state=AnalysisState.FAILED,
        reason="consent_withdrawn",
        message=CONSENT_WITHDRAWN_MESSAGE,
        finished_at=now,
        lease_expires_at=None,
        claimed_by="",
        updated_at=now,
    )
    count = Clip.objects.filter(studio=studio, dancer=dancer, file_deleted_at__isnull=True).update(
        retention_until=studio.today()
    )

    def purge() -> None:
        from screenings.tasks import purge_expired_clips

        purge_expired_clips.delay()

    transaction.on_commit(purge)
    return count
