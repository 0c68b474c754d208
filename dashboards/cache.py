"""Cache of computed dashboard rows, kept current by the data versions the write services bump.

Building rows for 2,000 dancers walks ~24,000 analyses and ~200,000 logs in Python (seconds); the
data changes far less often than directors look at it. The write services bump a per-dancer or
per-studio version on commit and take the studio's next change number (`studiohealth/core/versions.py`).

Entries live under a short hashed base of the studio, its version, the season and the studio-local
day (compliance and the pain rules move with the calendar):
- `r:<dancer>` — the full row (pickled) as (dancer version, row); read only for the rows of the page
  shown: unpickling 2,000 nested rows was most of the old 1.4 s.
- `i:<dancer>` — the row's index (`RowIndex`: sort scalars, filter flags, count bits) as a plain tuple,
  (dancer version, tuple); read for a whole scope only when the scope entry cannot be brought up to date.
- `x:<scope>` — the index of every dancer in one scope (a director's roster, a class) as of change n.
  A read a few changes later rebuilds only the dancers those changes touched, so "right after a log"
  costs one row's build, not 2,000 version checks.
- `p:<change>:<scope>:<query>` — one assembled page (a sort, filter and slice of one scope); any change
  moves the number, so a warm read is the version pair and one entry.
Rows the cache lacks are built in one bulk build (the same queries as a cold build, so the query
count does not grow with the number of dancers or of changed rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from django.core.cache import cache

from studiohealth.core.versions import changes_since, dancer_versions, dancer_versions_and, studio_versions
from studios.models import Season, Studio


class _Row(Protocol):
    @property
    def dancer_pk(self) -> int: ...


R = TypeVar("R", bound=_Row)
T = TypeVar("T")
TIMEOUT_S = 15 * 60
# Bump when a cached shape, its module or its meaning changes (entries are pickled).
# 5: rows and indexes stored with their version, scope indexes and pages by change number; 6: consent.
VERSION = 6


class RowCache(Generic[R]):
    """The rows of one studio, season and day; `build(missing_ids)` makes the rows the cache lacks,
    `index_of(row)` their index tuple."""

    def __init__(
        self,
        *,
        studio: Studio,
        season: Season | None,
        today: date,
        build: Callable[[list[int]], Sequence[R]],
        index_of: Callable[[R], tuple],
    ) -> None:
        version, self.change = studio_versions(studio.pk)  # before any data is read
        self._studio_pk = studio.pk
        # Hashed to a short prefix: Django validates every key character by character, and a roster
        # reads 2 × 2,000 keys (the long form cost ~40 ms of a read on a busy box).
        base = f"{studio.public_id}:{version}:{season.pk if season else 0}:{today.isoformat()}"
        self.base = f"dash{VERSION}:{hashlib.blake2b(base.encode(), digest_size=12).hexdigest()}"
        self._build = build
        self._index_of = index_of
        self._versions: dict[int, str] = {}
        self._built: dict[int, R] = {}  # rows built during this request, so not read back

    def index(self, dancer_ids: list[int], scope: str) -> list[tuple]:
        """The index tuple of every dancer in `dancer_ids` (whose `page_key`-style name is `scope`),
        in that order.

        The scope's whole index is one entry, stored with the change number it is current at; a few
        changes behind, only the dancers those changes touched are rebuilt. Otherwise (first read, a
        change record lost) each dancer's version is checked against her own index entry."""
        key = f"{self.base}:x:{scope}"
        entry: Any = cache.get(key)
        index: dict[int, tuple] | None = None
        changed: set[int] | None = None
        if entry is not None:
            since, index = entry
            changed = changes_since(self._studio_pk, since, self.change)
        if index is None or changed is None:
            index = self._index_by_dancer(dancer_ids)
            cache.set(key, (self.change, index), TIMEOUT_S)
        elif changed:
            stale = [pk for pk in dancer_ids if pk in changed]
            self._versions |= dancer_versions(stale)
            built = self._build_and_store(stale)
            index = {pk: row for pk, row in index.items() if pk not in changed or pk in built}
            index |= {pk: tuple(self._index_of(row)) for pk, row in built.items()}
            cache.set(key, (self.change, index), TIMEOUT_S)
        return [index[pk] for pk in dancer_ids if pk in index]

    def _index_by_dancer(self, dancer_ids: list[int]) -> dict[int, tuple]:
        keys = [f"{self.base}:i:{pk}" for pk in dancer_ids]
        versions, found = dancer_versions_and(dancer_ids, keys)
        self._versions |= versions
        out: dict[int, tuple] = {}
        for pk, key in zip(dancer_ids, keys, strict=True):
            entry: Any = found.get(key)
            if entry is not None and entry[0] == versions[pk]:
                out[pk] = entry[1]
        missing = [pk for pk in dancer_ids if pk not in out]
        if missing:
            built = self._build_and_store(missing)
            out |= {pk: tuple(self._index_of(row)) for pk, row in built.items()}
        return out

    def rows(self, dancer_ids: list[int]) -> list[R]:
        """The full rows of `dancer_ids`, in that order (built when missing or stale)."""
        wanted = [pk for pk in dancer_ids if pk not in self._built]
        unknown = [pk for pk in wanted if pk not in self._versions]
        keys = {pk: f"{self.base}:r:{pk}" for pk in wanted}
        versions, found = dancer_versions_and(unknown, list(keys.values()))
        self._versions |= versions
        out: dict[int, R] = {pk: self._built[pk] for pk in dancer_ids if pk in self._built}
        for pk in wanted:
            entry: Any = found.get(keys[pk])
            if entry is not None and entry[0] == self._versions[pk]:
                out[pk] = entry[1]
        missing = [pk for pk in dancer_ids if pk not in out]
        if missing:
            out |= self._build_and_store(missing)
        return [out[pk] for pk in dancer_ids if pk in out]

    def page(self, key: str, assemble: Callable[[str], T]) -> T:
        """One assembled page for `key` (the caller's scope and query), cached until any change.
        `assemble` gets the entry's full key: it names exactly this data, so a caller may cache what
        it renders from the page under it (the roster page's HTML)."""
        full = f"{self.base}:p:{self.change}:{key}"
        found = cache.get(full)
        if found is None:
            found = assemble(full)
            cache.set(full, found, TIMEOUT_S)
        return found

    def _build_and_store(self, missing: list[int]) -> dict[int, R]:
        built = {row.dancer_pk: row for row in self._build(missing)}
        self._built |= built
        entries: dict[str, Any] = {}
        for pk, row in built.items():
            version = self._versions.get(pk)
            if version is None:
                continue  # not read under a version (cannot happen via index/rows): do not cache
            entries[f"{self.base}:r:{pk}"] = (version, row)
            entries[f"{self.base}:i:{pk}"] = (version, tuple(self._index_of(row)))
        if entries:
            cache.set_many(entries, TIMEOUT_S)
        return built


def page_key(dancer_ids: Iterable[int], *parts: object) -> str:
    """A short, stable name for one page of one scope: it holds every dancer id in scope, so a page
    cached for one viewer (a director's whole roster, one class) is never served to a viewer whose
    scope differs by a single dancer; `parts` are the query and the slice (hashed: they come from the
    query string)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(",".join(map(str, sorted(dancer_ids))).encode())
    digest.update(repr(parts).encode())
    return digest.hexdigest()
