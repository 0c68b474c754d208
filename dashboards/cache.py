"""Cache of computed dashboard rows: one entry per dancer, keyed by the data versions.

Building rows for 500 dancers walks ~6,000 analyses and ~60,000 logs in Python (seconds on a busy
2-core box); the data changes far less often than directors look at it. The write services bump a
per-dancer or per-studio version on commit (`studiohealth/core/versions.py`); a row's key holds the
studio and its version, the season, the studio-local day (compliance and the pain rules move with the
calendar), the dancer and her version. A read is three cache round trips (studio version, dancer
versions, rows via `get_many`) and no SQL; after a change only the missing rows are built, in one
bulk build, so the query count does not grow with the number of dancers or of changed rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol, TypeVar

from django.core.cache import cache

from studiohealth.core.versions import dancer_versions, studio_version
from studios.models import Season, Studio


class _Row(Protocol):
    @property
    def dancer_pk(self) -> int: ...


R = TypeVar("R", bound=_Row)
TIMEOUT_S = 15 * 60
# Bump when the cached row shape, its module or its meaning changes (rows are pickled); 5: consent.
VERSION = 5


def cached_rows(
    *,
    studio: Studio,
    season: Season | None,
    today: date,
    dancer_ids: list[int],
    build: Callable[[list[int]], Sequence[R]],
) -> list[R]:
    """Rows for `dancer_ids` in that order; `build(missing_ids)` makes the rows the cache lacks."""
    base = f"dash:v{VERSION}:{studio.public_id}:{studio_version(studio.pk)}:{season.pk if season else 0}:{today.isoformat()}"
    versions = dancer_versions(dancer_ids)
    keys = {pk: f"{base}:{pk}:{versions[pk]}" for pk in dancer_ids}
    found: dict[str, R] = cache.get_many(list(keys.values())) if keys else {}
    missing = [pk for pk in dancer_ids if keys[pk] not in found]
    if missing:
        built = {row.dancer_pk: row for row in build(missing)}
        cache.set_many({keys[pk]: row for pk, row in built.items()}, TIMEOUT_S)
        found |= {keys[pk]: row for pk, row in built.items()}
    return [found[keys[pk]] for pk in dancer_ids if keys[pk] in found]
