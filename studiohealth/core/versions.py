"""Data versions: the write services say "this studio's (or these dancers') data changed" here.

Readers (the dashboard row cache) put the versions into their cache keys, so a bump makes the old
entries unreachable. Versions are random tokens, not counters: an evicted version key comes back as a
new token (a cache miss), never as an old number that could match stale rows. The bump runs on commit,
so no reader can cache rows read before the change under the new version.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

STUDIO_KEY = "ver:s:{}"
DANCER_KEY = "ver:d:{}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def data_changed(*, studio_id: int, dancer_ids: Iterable[int | None] | None = None) -> None:
    """After commit, bump the given dancers' versions, or the studio's when no dancer is named."""
    ids = None if dancer_ids is None else sorted({pk for pk in dancer_ids if pk is not None})

    def bump() -> None:
        if ids is None:
            cache.set(STUDIO_KEY.format(studio_id), _token(), None)
        elif ids:
            cache.set_many({DANCER_KEY.format(pk): _token() for pk in ids}, None)

    transaction.on_commit(bump, robust=True)


def _versions(keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _token(), None)  # add: a concurrent reader's token wins, both use the same
        found |= cache.get_many(missing)
    return found


def studio_version(studio_id: int) -> str:
    return _versions([STUDIO_KEY.format(studio_id)]).get(STUDIO_KEY.format(studio_id), _token())


def dancer_versions(dancer_ids: list[int]) -> dict[int, str]:
    """Current version per dancer (a fresh token for one the cache lost: its row is rebuilt)."""
    found = _versions([DANCER_KEY.format(pk) for pk in dancer_ids])
    return {pk: found.get(DANCER_KEY.format(pk)) or _token() for pk in dancer_ids}
