"""Cache of computed dashboard rows, invalidated by a fingerprint of the studio's data.

Building rows for 500 dancers walks ~6,000 analyses and ~60,000 logs in Python (seconds on a busy
2-core box); the data changes far less often than directors look at it. The key holds the studio,
season, studio-local day (compliance and the pain rules move with the calendar), the dancer ids and
a fingerprint read in ONE query: row counts, newest timestamps and analysis states of every table
the rows depend on. Any insert, delete or save changes it, so a cached row is never stale; a
conditional UPDATE that skips `updated_at` (the analysis claim) is caught by the state/finished_at
terms.
"""

# ruff: noqa: S608 - table names come from model metadata, the only parameter is bound (%s)
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Model

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
VERSION = 3  # bump when the cached row shape, its module or its meaning changes (rows are pickled); 2: dashboards.rows; 3: knee trends depth-matched


def _fingerprint_sql() -> tuple[str, int]:
    """One SELECT of scalar subqueries, portable SQL (PostgreSQL in production, SQLite in the demo).

    Returns the statement and how many times it binds the studio id.
    """
    q = connection.ops.quote_name

    def table(model: type[Model]) -> str:
        return q(model._meta.db_table)

    parts: list[str] = []
    for model in (Analysis, Screening, ExerciseLog, Assignment, PauseDay, ReferralRequest, DancerProfile,
                  ClassGroup, Season):  # fmt: skip
        t = table(model)
        parts += [
            f"(SELECT count(*) FROM {t} WHERE studio_id = %s)",
            f"(SELECT max(id) FROM {t} WHERE studio_id = %s)",
            f"(SELECT max(updated_at) FROM {t} WHERE studio_id = %s)",
        ]
    analysis = table(Analysis)
    parts += [
        # The claim is a conditional UPDATE that does not touch updated_at: count states and ends.
        f"(SELECT sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END) FROM {analysis} WHERE studio_id = %s)",
        f"(SELECT max(finished_at) FROM {analysis} WHERE studio_id = %s)",
    ]
    through, groups = table(ClassGroup.dancers.through), table(ClassGroup)
    parts += [
        f"(SELECT count(*) FROM {through} t JOIN {groups} g ON g.id = t.classgroup_id WHERE g.studio_id = %s)",
        f"(SELECT sum(t.id) FROM {through} t JOIN {groups} g ON g.id = t.classgroup_id WHERE g.studio_id = %s)",
    ]
    pauses = table(AssignmentPause)  # no updated_at: a resume fills ends_on, so count the filled ones
    parts += [
        f"(SELECT count(*) FROM {pauses} WHERE studio_id = %s)",
        f"(SELECT sum(id) FROM {pauses} WHERE studio_id = %s)",
        f"(SELECT count(ends_on) FROM {pauses} WHERE studio_id = %s)",
        f"(SELECT max(ends_on) FROM {pauses} WHERE studio_id = %s)",
    ]
    items, assignments = table(ProgramExercise), table(Assignment)
    in_studio = f"i.program_id IN (SELECT program_id FROM {assignments} WHERE studio_id = %s)"
    parts += [
        f"(SELECT count(*) FROM {items} i WHERE {in_studio})",
        f"(SELECT sum(i.id) FROM {items} i WHERE {in_studio})",
        f"(SELECT sum(i.sets) FROM {items} i WHERE {in_studio})",
    ]
    return "SELECT " + ", ".join(parts), len(parts)


def studio_fingerprint(studio: Studio) -> str:
    sql, binds = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [studio.pk] * binds)
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
