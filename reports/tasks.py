"""Celery tasks for reports (queue "reports"). Thin: take an id, call the worker-side service
(reports/rendering.py)."""

from __future__ import annotations

from celery import shared_task

from reports import rendering


@shared_task(name="reports.tasks.render_season_report", soft_time_limit=600, time_limit=660, acks_late=True)
def render_season_report(job_public_id: str) -> str | None:
    """Claim, render and store one season report; returns the final state (None if already taken)."""
    job = rendering.season_report_run(job_public_id=job_public_id)
    return job.state if job is not None else None
