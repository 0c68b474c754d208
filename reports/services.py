"""Writes for reports: requesting a season report (the worker's claim → render → save is in
reports/rendering.py, which the task calls) and sharing a dancer's report with her guardians."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from privacy.models import AuditAction
from privacy.services import audit_record
from reports.models import Paper, ReportJob
from reports.tasks import render_season_report
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.guardian_mail import guardians_mail
from studios.models import DancerProfile, Season, Studio
from studios.policies import Actor, can_manage_studio
from studios.selectors import season_current

NO_SEASON_MESSAGE = "This studio has no season yet: create one before requesting a season report."
FOREIGN_SEASON_MESSAGE = "Season not found in this studio."


@transaction.atomic
def season_report_request(
    *, studio: Studio, actor: Actor, season: Season | None = None, paper: str = Paper.A4
) -> ReportJob:
    """Queue a season report for the director. The task is sent after commit, so the worker sees the row."""
    if actor.studio.pk != studio.pk or not can_manage_studio(actor):
        raise PermissionDenied
    if season is None:
        season = season_current(studio=studio)
        if season is None:
            raise ApplicationError(NO_SEASON_MESSAGE)
    if season.studio_id != studio.pk:
        raise NotFoundError(FOREIGN_SEASON_MESSAGE)
    job = ReportJob(studio=studio, season=season, paper=paper, requested_by=actor.user)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: ReportJob) -> None:
    render_season_report.delay(str(job.public_id))


@transaction.atomic
def dancer_report_share(*, studio: Studio, actor: Actor, dancer: DancerProfile, link_base: str) -> int:
    """E-mail each guardian links to the dancer's page and PDF (no results in the mail: the links ask
    for their login), after commit, and audit it. Returns how many guardians were e-mailed."""
    if actor.studio.pk != studio.pk or not can_manage_studio(actor):
        raise PermissionDenied
    if dancer.studio_id != studio.pk:
        raise NotFoundError()
    base = link_base.rstrip("/")
    ids = {"studio_id": studio.public_id}
    sent = guardians_mail(
        dancer=dancer,
        template="reports/email/share",
        context={
            "studio": studio,
            "dancer": dancer,
            "page_link": base + reverse("dashboard-dancer", kwargs=ids | {"pk": dancer.public_id}),
            "pdf_link": base + reverse("report-dancer-pdf", kwargs=ids | {"dancer_id": dancer.public_id}),
        },
    )
    audit_record(actor=actor, action=AuditAction.SHARE_REPORT, dancer=dancer)
    return sent
