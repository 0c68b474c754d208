"""Celery tasks for programs (queue "notifications"). Thin: they call services."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from programs.reminders import reminders_send_all


@shared_task(name="programs.tasks.send_program_reminders", soft_time_limit=300, time_limit=360)
def send_program_reminders(on: str | None = None) -> int:
    """Beat, daily: notify dancers behind on this week's program (once per week per user).

    `on` (ISO date) re-runs a given day for every studio; the beat passes nothing, so each studio
    uses its own local today."""
    return reminders_send_all(today=date.fromisoformat(on) if on else None)
