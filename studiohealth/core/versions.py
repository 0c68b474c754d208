"""Data versions: the write services say "this studio's (or these dancers') data changed" here.

Readers (the dashboard row cache) put the versions into their cache keys, so a bump makes the old
entries unreachable. There is a studio version (all rows) and one version per dancer (her row). Those
are random tokens, not counters: an evicted version key comes back as a new token (a cache miss),
never as an old number that could match stale rows.

Every change also takes the studio's next *change number* and records which dancers it touched
(`changes_since`), so a reader holding a whole roster's rows as of change n can bring them up to date
by rebuilding only those dancers instead of checking 2,000 versions. The number starts at a random
48-bit value whenever the cache lost it, so it cannot repeat a number an old entry was stored under.

The bump runs on commit, so no reader can cache rows read before the change under the new version:
tokens first, then the change number, then its record (a reader that sees the number before the
record falls back to checking every dancer's version).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

STUDIO_KEY = "ver:s:{}"
DANCER_KEY = "ver:d:{}"
CHANGE_NUMBER_KEY = "ver:n:{}"
CHANGE_KEY = "ver:c:{}:{}"
EVERYONE = "*"  # a change record meaning "all the studio's rows" (a class, a season, the settings)
CHANGE_TTL_S = 20 * 60  # longer than any reader's cached rows live (dashboards/cache.py: 15 min)
MAX_REPLAY = 64  # further behind than this, a reader re-checks every dancer instead


def _token() -> str:
    return uuid.uuid4().hex[:16]


def _next_change(studio_id: int) -> int:
    key = CHANGE_NUMBER_KEY.format(studio_id)
    try:
        return cache.incr(key)
    except ValueError:  # lost or never set: restart at a random number, never at an old one
        cache.add(key, secrets.randbits(48), None)
        return cache.incr(key)


def data_changed(*, studio_id: int, dancer_ids: Iterable[int | None] | None = None) -> None:
    """After commit, bump the given dancers' versions, or the studio's when no dancer is named."""
    ids = None if dancer_ids is None else sorted({pk for pk in dancer_ids if pk is not None})
    if ids == []:
        return

    def bump() -> None:
        if ids is None:
            cache.set(STUDIO_KEY.format(studio_id), _token(), None)
        else:
            cache.set_many({DANCER_KEY.format(pk): _token() for pk in ids}, None)
        number = _next_change(studio_id)
        cache.set(CHANGE_KEY.format(studio_id, number), EVERYONE if ids is None else tuple(ids), CHANGE_TTL_S)

    transaction.on_commit(bump, robust=True)


def _versions(keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _token(), None)  # add: a concurrent reader's token wins, both use the same
        found |= cache.get_many(missing)
    return found


def studio_versions(studio_id: int) -> tuple[str, int]:
    """(version, change number) of the studio, in one round trip. Read the number before any data:
    every change up to it is committed."""
    version_key, number_key = STUDIO_KEY.format(studio_id), CHANGE_NUMBER_KEY.format(studio_id)
    found = cache.get_many([version_key, number_key])
    if version_key not in found:
        found |= _versions([version_key])
    if number_key not in found:
        cache.add(number_key, secrets.randbits(48), None)
        found[number_key] = cache.get(number_key)
    return str(found.get(version_key) or _token()), int(found.get(number_key) or -1)


def studio_version(studio_id: int) -> str:
    return studio_versions(studio_id)[0]


def changes_since(studio_id: int, since: int, now: int) -> set[int] | None:
    """The dancers changes since+1 … now touched, or None when that is unknown or was studio-wide
    (a record lost or not yet written, too many changes, the number restarted)."""
    if now == since:
        return set()
    if not 0 < now - since <= MAX_REPLAY:
        return None
    keys = [CHANGE_KEY.format(studio_id, n) for n in range(since + 1, now + 1)]
    found = cache.get_many(keys)
    if len(found) != len(keys) or any(v == EVERYONE for v in found.values()):
        return None
    return {pk for ids in found.values() for pk in ids}


def dancer_versions_and(dancer_ids: list[int], keys: list[str]) -> tuple[dict[int, str], dict[str, object]]:
    """Current version per dancer, plus the cache values found for `keys`, in one round trip (the
    dashboard row cache reads each dancer's version and her cached row together)."""
    version_keys = [DANCER_KEY.format(pk) for pk in dancer_ids]
    found: dict[str, object] = cache.get_many(version_keys + keys)
    lost = [k for k in version_keys if k not in found]
    if lost:
        found |= _versions(lost)
    versions = {pk: str(found.get(k) or _token()) for pk, k in zip(dancer_ids, version_keys, strict=True)}
    return versions, {k: found[k] for k in keys if k in found}


def dancer_versions(dancer_ids: list[int]) -> dict[int, str]:
    """Current version per dancer (a fresh token for one the cache lost: its row is rebuilt)."""
    return dancer_versions_and(dancer_ids, [])[0]
