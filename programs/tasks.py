"""Celery tasks for programs (queue "notifications"). Thin: they call services."""

from __future__ import annotations

from celery import shared_task

from programs.services import reminders_send_all


@shared_task(name="programs.tasks.send_program_reminders", soft_time_limit=300, time_limit=360)
def send_program_reminders() -> int:
    """Beat, daily: notify dancers behind on this week's program (once per week per user)."""
    return reminders_send_all()
