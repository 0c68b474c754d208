"""Retention of clip bytes: the scheduled purge and the consent-withdrawal cascade."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from screenings.models import Analysis, AnalysisState, Clip
from screenings.services.reasons import CONSENT_WITHDRAWN_MESSAGE
from studiohealth.celery import app
from studiohealth.core.versions import data_changed
from studios.models import DancerProfile, Studio

log = logging.getLogger(__name__)

PURGE_TASK = "screenings.tasks.purge_expired_clips"


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
        name = clip.file.name or ""
        with transaction.atomic():
            won = Clip.objects.filter(pk=clip.pk, file_deleted_at__isnull=True).update(
                file="", file_deleted_at=timezone.now(), updated_at=timezone.now()
            )
        if won and name:
            clip.file.storage.delete(name)
            deleted += 1
    return deleted


def _purge_soon() -> None:
    try:
        app.signature(PURGE_TASK).delay()
    except Exception:
        # The rows already say "delete today": the 6-hourly purge run picks them up.
        log.exception("purge after consent withdrawal could not be queued; the scheduled run will do it")


@transaction.atomic
def clips_on_consent_withdrawn(*, studio: Studio, dancer: DancerProfile) -> int:
    """Stop processing a dancer's clips and schedule their files for deletion today.

    Called inside the consent withdrawal's transaction (studios.events): queued or running analyses
    end as failed (a running worker's save is refused by its lease check) and retention is set to
    today, all or nothing with the withdrawal itself; the purge is queued right after commit. Results
    already computed stay, as the consent covered them.
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
    transaction.on_commit(_purge_soon, robust=True)
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return count
