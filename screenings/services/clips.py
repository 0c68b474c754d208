"""Clip intake: screening days, upload validation, storage of the bytes and the clip rows.

An upload is checked (scope, role, consent, size, magic bytes, bounded probe) and hashed before any
transaction is open, then the bytes are stored, then one short transaction writes the rows. If the
rows fail, the stored bytes are deleted again: a refusal or a fault leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from screenings.models import Analysis, Clip, Screening, TestType
from screenings.probe import ALLOWED_EXTENSIONS, Probe, probe_bounded, sniff_container
from screenings.services.analyses import analysis_create
from screenings.services.reasons import refusal
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import DancerProfile, Season, Studio
from studios.policies import Actor, can_manage_dancer, can_upload_for_dancer
from studios.selectors import retention_until_for, season_current
from studios.services import require_video_consent

log = logging.getLogger(__name__)

CANNOT_UPLOAD = "You can upload clips only for yourself or for dancers in your classes."
CANNOT_MANAGE = "Only the director or the dancer's teacher can do this."
NO_SEASON = "This studio has no season yet; the director needs to create one first."
BAD_TEST = "Choose the test: plié or single-leg stance."
_HEAD_BYTES = 64


@dataclass(frozen=True)
class ClipUpload:
    clip: Clip
    analysis: Analysis
    created: bool  # False: the same bytes were already uploaded for this screening and test


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


@transaction.atomic
def screening_update(
    *, studio: Studio, actor: Actor, screening: Screening, on: date | None = None, notes: str | None = None
) -> Screening:
    """PATCH the day or the notes, by whoever may create one for the dancer; a new day moves the
    screening into that day's season (as a new one would be)."""
    if screening.studio_id != studio.pk:
        raise NotFoundError("Screening not found in this studio.")
    if not can_upload_for_dancer(actor, screening.dancer):
        raise PermissionDenied(CANNOT_UPLOAD)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if on is not None:
        season = season_current(studio=studio, on=on)
        if season is None:
            raise ApplicationError(NO_SEASON)
        screening.date, screening.season = on, season
    if notes is not None:
        screening.notes = notes
    screening.full_clean()
    screening.save()
    data_changed(studio_id=studio.pk, dancer_ids=[screening.dancer_id])  # trend charts are dated
    return screening


def _screening_for_upload(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, screening: Screening | None
) -> Screening:
    """An explicit screening of this dancer, else today's (one screening day groups both tests).

    Runs under the dancer-row lock taken by `_clip_rows`, so simultaneous uploads for a dancer with
    no screening today find or create the same one.
    """
    if screening is not None:
        if screening.studio_id != studio.pk or screening.dancer_id != dancer.pk:
            raise NotFoundError("Screening not found for this dancer.")
        return screening
    today = studio.today()
    existing = (
        Screening.objects.filter(studio=studio, dancer=dancer, date=today).order_by("created_at").first()
    )
    return existing or screening_create(studio=studio, actor=actor, dancer=dancer, on=today)


# --- validation --------------------------------------------------------------------------------------
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


def clip_validate(upload: UploadedFile) -> tuple[str, Probe]:
    """Size, extension, magic bytes, then the bounded probe. Raises a 400 naming the reason."""
    size = upload.size or 0
    if size == 0:
        raise refusal("empty_file")
    if size > settings.CLIP_MAX_BYTES:
        raise refusal("too_large", 413)
    if _extension(upload.name or "") not in ALLOWED_EXTENSIONS:
        raise refusal("not_a_video")
    upload.seek(0)
    container = sniff_container(upload.read(_HEAD_BYTES))
    upload.seek(0)
    if container is None:
        raise refusal("not_a_video")
    with _local_path(upload) as path:
        probe = probe_bounded(path)
    if not probe.ok:
        raise refusal(probe.reason or "unreadable_video")
    return container, probe


# --- upload ------------------------------------------------------------------------------------------
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
    it is even read, let alone stored. The probe (up to its timeout) and the hash run before any
    transaction, so a slow clip never holds a database connection idle in a transaction; callers
    (the upload API and page) opt out of ATOMIC_REQUESTS for that reason.
    """
    if dancer.studio_id != studio.pk:
        raise NotFoundError("Dancer not found in this studio.")
    if not can_upload_for_dancer(actor, dancer):
        raise PermissionDenied(CANNOT_UPLOAD)
    require_video_consent(dancer)
    if test not in TestType.values:
        raise ApplicationError(BAD_TEST, {"reason": "bad_test"})
    container, probe = clip_validate(upload)
    checksum = _sha256(upload)
    retry = _clip_duplicate(studio=studio, dancer=dancer, test=test, checksum=checksum, screening=screening)
    if retry is not None:
        return retry  # a phone re-sending the same bytes: nothing to store
    clip = Clip(
        studio=studio,
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
    clip.full_clean(exclude=["file", "screening"])
    upload.seek(0)
    clip.file.save("upload", File(upload), save=False)  # name from clip_upload_to (ids only)
    stored = clip.file.name or ""
    try:
        done = _clip_rows(studio=studio, actor=actor, clip=clip, screening=screening)
    except BaseException:
        clip.file.storage.delete(stored)  # the rows were rolled back: do not leave the bytes behind
        raise
    if not done.created:
        clip.file.storage.delete(stored)  # a simultaneous identical upload won the race
    return done


def _clip_duplicate(
    *, studio: Studio, dancer: DancerProfile, test: str, checksum: str, screening: Screening | None
) -> ClipUpload | None:
    """The clip already stored with these bytes for this screening (today's when none is given)."""
    clips = Clip.objects.filter(
        studio=studio, dancer=dancer, test=test, checksum=checksum, file_deleted_at__isnull=True
    )
    clips = clips.filter(screening=screening) if screening else clips.filter(screening__date=studio.today())
    clip = clips.order_by("created_at").first()
    if clip is None:
        return None
    # Idempotent: the existing run of this engine version, or a new one for an older clip.
    return ClipUpload(clip=clip, analysis=analysis_create(studio=studio, clip=clip), created=False)


@transaction.atomic
def _clip_rows(*, studio: Studio, actor: Actor, clip: Clip, screening: Screening | None) -> ClipUpload:
    """The short transaction: screening day, clip, analysis (published after commit)."""
    dancer = clip.dancer
    # Serialise uploads per dancer for the few milliseconds of this transaction: two phones sending
    # the same clip at once find one screening day and one clip (the constraint is the backstop).
    DancerProfile.objects.select_for_update().filter(pk=dancer.pk).first()
    clip.screening = _screening_for_upload(studio=studio, actor=actor, dancer=dancer, screening=screening)
    duplicate = _clip_duplicate(
        studio=studio, dancer=dancer, test=clip.test, checksum=clip.checksum, screening=clip.screening
    )
    if duplicate is not None:
        return duplicate
    try:
        with transaction.atomic():  # savepoint: losing the race on clip_unique_bytes is not an error
            clip.save()
    except IntegrityError:
        duplicate = _clip_duplicate(
            studio=studio, dancer=dancer, test=clip.test, checksum=clip.checksum, screening=clip.screening
        )
        if duplicate is None:
            raise
        return duplicate
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return ClipUpload(clip=clip, analysis=analysis_create(studio=studio, clip=clip), created=True)


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
    data_changed(studio_id=studio.pk, dancer_ids=[clip.dancer_id])
    return clip
