"""Cache of computed dashboard rows, invalidated by a fingerprint of the studio's data.

Building rows for 500 dancers walks ~6,000 analyses and ~60,000 logs in Python (seconds on a busy
2-core box); the data changes far less often than directors look at it. The key holds the studio,
season, studio-local day (compliance and the pain rules move with the calendar), the dancer ids and
a fingerprint read in ONE query: row counts, newest timestamps and analysis states of every table
the rows depend on. Any insert, delete or save changes it, so a cached row is never stale; a
conditional UPDATE that skips `updated_at` (the analysis claim) is caught by the state/finished_at
terms.
"""

# ruff: noqa: S608 - table names come from model metadata, the only parameter is bound (%(s)s)
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from programs.models import (
    Assignment,
    AssignmentPause,
    ExerciseLog,
    PauseDay,
    ProgramExercise,
    ReferralRequest,
)
from screenings.models import Analysis, Screening
from studios.models import ClassGroup, DancerProfile, Season, Studio

T = TypeVar("T")
TIMEOUT_S = 15 * 60
VERSION = 1  # bump when the cached row shape changes


def _fingerprint_sql() -> str:
    def stamp(model: type) -> str:
        t = model._meta.db_table
        return (
            f"(SELECT concat(count(*), '/', max(id), '/', max(updated_at)) FROM {t} WHERE studio_id = %(s)s)"
        )

    analysis = Analysis._meta.db_table
    through = ClassGroup.dancers.through._meta.db_table
    groups = ClassGroup._meta.db_table
    pauses = AssignmentPause._meta.db_table
    items = ProgramExercise._meta.db_table
    assignments = Assignment._meta.db_table
    parts = [stamp(m) for m in (Analysis, Screening, ExerciseLog, Assignment, PauseDay, ReferralRequest,
                                DancerProfile, ClassGroup, Season)]  # fmt: skip
    parts += [
        f"(SELECT concat(count(*) FILTER (WHERE state = 'done'), '/', max(finished_at)) FROM {analysis} "
        "WHERE studio_id = %(s)s)",
        f"(SELECT concat(count(*), '/', sum(t.id)) FROM {through} t JOIN {groups} g ON g.id = t.classgroup_id "
        "WHERE g.studio_id = %(s)s)",
        f"(SELECT md5(coalesce(string_agg(concat(id, ':', starts_on, ':', ends_on), ',' ORDER BY id), '')) "
        f"FROM {pauses} WHERE studio_id = %(s)s)",
        f"(SELECT concat(count(*), '/', sum(i.id), '/', sum(i.sets)) FROM {items} i WHERE i.program_id IN "
        f"(SELECT program_id FROM {assignments} WHERE studio_id = %(s)s))",
    ]
    return "SELECT " + ", ".join(parts)


_SQL = _fingerprint_sql()


def studio_fingerprint(studio: Studio) -> str:
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"s": studio.pk})
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:24]


def cached_rows(
    *, studio: Studio, season: Season | None, today: date, dancer_ids: list[int], build: Callable[[], T]
) -> T:
    ids = hashlib.sha256(",".join(map(str, sorted(dancer_ids))).encode()).hexdigest()[:16]
    key = (
        f"dash:v{VERSION}:{studio.public_id}:{season.pk if season else 0}:{today.isoformat()}:{ids}:"
        f"{studio_fingerprint(studio)}"
    )
    rows = cache.get(key)
    if rows is None:
        rows = build()
        cache.set(key, rows, TIMEOUT_S)
    return rows
