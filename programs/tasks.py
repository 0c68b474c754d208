"""Celery tasks for programs (queue "notifications"). Thin: they call services."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from programs.flag_state import referral_flags_refresh, referral_flags_sweep
from programs.reminders import reminders_send_all
from studios.models import Studio


@shared_task(name="programs.tasks.send_program_reminders", soft_time_limit=300, time_limit=360)
def send_program_reminders(on: str | None = None) -> int:
    """Beat, daily: notify dancers behind on this week's program (once per week per user).

    `on` (ISO date) re-runs a given day for every studio; the beat passes nothing, so each studio
    uses its own local today."""
    return reminders_send_all(today=date.fromisoformat(on) if on else None)


@shared_task(name="programs.tasks.refresh_referral_flags", ignore_result=True, soft_time_limit=120)
def refresh_referral_flags(studio_id: int, dancer_ids: list[int]) -> None:
    """After a write that changes the referral rule's inputs: store the flags, emit on transitions."""
    studio = Studio.objects.filter(pk=studio_id).first()
    if studio is not None:
        referral_flags_refresh(studio=studio, dancer_ids=dancer_ids)


@shared_task(name="programs.tasks.sweep_referral_flags", soft_time_limit=900, time_limit=960)
def sweep_referral_flags() -> int:
    """Beat, daily: what time alone changes (pain look-back, season, weeks passing)."""
    return referral_flags_sweep()
