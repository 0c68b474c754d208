"""Pipeline knobs. Read from settings when the lead adds them there, else from the environment.

Tests shorten the lease and the queued grace for the worker subprocess through the environment.
"""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def lease_seconds() -> int:
    """How long a claim holds without a progress heartbeat (each progress update renews it)."""
    return _int("SCREENINGS_LEASE_SECONDS", 120)


def queued_grace_seconds() -> int:
    """A row still queued after this long is assumed lost by the broker and published again."""
    return _int("SCREENINGS_QUEUED_GRACE_SECONDS", 600)


def max_attempts() -> int:
    """Claims per analysis before a poison clip is given up as failed."""
    return _int("SCREENINGS_MAX_ATTEMPTS", 3)


# Celery time limits for one analysis (a 60 s clip at 30 fps takes ~1-2 min on a 2-core machine).
SOFT_TIME_LIMIT_S = _int("SCREENINGS_SOFT_TIME_LIMIT", 300)
HARD_TIME_LIMIT_S = _int("SCREENINGS_HARD_TIME_LIMIT", 360)
