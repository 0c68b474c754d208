"""Writes for reports: requesting a season report (the worker's claim → render → save is in
reports/rendering.py, which the task calls)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from reports.models import Paper, ReportJob
from reports.tasks import render_season_report
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.models import Season, Studio
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
