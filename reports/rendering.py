"""The worker side of a season report: claim the job with a conditional UPDATE, render, store the
file or record the failure on the row (never lost)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations import events as integration_events
from reports import pdf
from reports.models import ReportJob, ReportState

logger = logging.getLogger(__name__)

# A job stuck in "running" longer than this lost its worker (crash, OOM kill): it may be claimed again.
RUNNING_LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 3


def season_report_claim(*, job_public_id: Any, worker: str = "") -> ReportJob | None:
    """Claim a queued job (or one whose worker vanished) with a conditional UPDATE; None if taken."""
    now = timezone.now()
    claimable = Q(state=ReportState.QUEUED) | Q(state=ReportState.RUNNING, started_at__lt=now - RUNNING_LEASE)
    updated = (
        ReportJob.objects.filter(public_id=job_public_id, attempts__lt=MAX_ATTEMPTS)
        .filter(claimable)
        .update(state=ReportState.RUNNING, started_at=now, attempts=F("attempts") + 1, error="")
    )
    if updated != 1:
        return None
    return ReportJob.objects.select_related("studio", "season").get(public_id=job_public_id)


def season_report_run(*, job_public_id: Any) -> ReportJob | None:
    """Render a claimed season report and store it; a failure is recorded on the row, not lost."""
    job = season_report_claim(job_public_id=job_public_id)
    if job is None:
        return None
    try:
        rendered = pdf.season_report_pdf(studio=job.studio, season=job.season, paper=job.paper)
    except Exception as exc:  # noqa: BLE001 - any rendering error must end as a visible "failed"
        logger.exception("season report %s failed", job.public_id)
        return season_report_fail(job=job, error=f"Rendering failed: {type(exc).__name__}.")
    return season_report_save(
        job=job,
        content=rendered.content,
        pages=rendered.pages,
        seconds=rendered.seconds,
        filename=pdf.report_filename("season", job.season.name),
    )


@transaction.atomic
def season_report_save(
    *, job: ReportJob, content: bytes, pages: int, seconds: float, filename: str
) -> ReportJob:
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.state != ReportState.RUNNING:
        return job  # someone else finished or failed it meanwhile: keep theirs
    job.file.save(filename, ContentFile(content), save=False)
    job.state = ReportState.DONE
    job.size_bytes = len(content)
    job.page_count = pages
    job.render_seconds = round(seconds, 3)
    job.finished_at = timezone.now()
    job.full_clean()
    job.save()
    integration_events.report_ready(job=job)  # the report.ready webhook, after commit
    return job


@transaction.atomic
def season_report_fail(*, job: ReportJob, error: str) -> ReportJob:
    ReportJob.objects.filter(pk=job.pk, state=ReportState.RUNNING).update(
        state=ReportState.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
