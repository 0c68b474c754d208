"""Pipeline knobs, read from settings (which read the environment; tests shorten them there)."""

from __future__ import annotations

from django.conf import settings


def lease_seconds() -> int:
    """How long a claim holds without a progress heartbeat (each progress update renews it)."""
    return int(settings.SCREENINGS_LEASE_SECONDS)


def queued_grace_seconds() -> int:
    """A row still queued after this long is assumed lost by the broker and published again."""
    return int(settings.SCREENINGS_QUEUED_GRACE_SECONDS)


def max_attempts() -> int:
    """Claims per analysis before a poison clip is given up as failed."""
    return int(settings.SCREENINGS_MAX_ATTEMPTS)


# Celery time limits for one analysis (a 60 s clip at 30 fps takes ~1-2 min on a 2-core machine).
SOFT_TIME_LIMIT_S = int(settings.SCREENINGS_SOFT_TIME_LIMIT)
HARD_TIME_LIMIT_S = int(settings.SCREENINGS_HARD_TIME_LIMIT)
