"""One page of a roster (the director's, or a class's): every dancer in scope is filtered, sorted and
counted by the small row index, full rows are read only for the slice shown, and the assembled page
is cached until anything in the studio changes (dashboards/cache.py).

At 2,000 dancers a warm read is then the scope's ids (one query), two version tokens and one cache
entry of ≤ 100 rows, and a read right after a change reads 2,000 index tuples and rebuilds only the
changed rows; neither depends on rendering or unpickling 2,000 full rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from dashboards.cache import page_key
from dashboards.query import RosterQuery, rows_filter_sort
from dashboards.rows import ClassRef, Counts, DancerRow, RowIndex, counts_of, row_source
from studios.models import DancerProfile, Season, Studio


@dataclass(frozen=True)
class RosterSlice:
    rows: list[DancerRow]  # the page shown, in the query's order
    counts: Counts  # over every dancer in scope, before filtering
    total: int  # rows matching the query, over all pages
    age_groups: list[str]
    classes: list[ClassRef] = field(default_factory=list)  # the class filter's options
    key: str = ""  # names exactly this data (changes with it): renderings of it may be cached under it


def roster_slice_get(
    *,
    studio: Studio,
    dancers: QuerySet[DancerProfile] | Iterable[DancerProfile],
    season: Season | None,
    query: RosterQuery,
    offset: int = 0,
    limit: int | None = None,
    classes: Callable[[], list[ClassRef]] = list,
) -> RosterSlice:
    """Rows `offset` … `offset + limit` (all when `limit` is None) of the dancers, as the query shows
    them; `classes()` lists the class filter's options (cached with the page: any class change is a
    studio-wide change)."""
    source, ids = row_source(studio=studio, dancers=dancers, season=season)

    scope = page_key(ids)

    def assemble(key: str) -> RosterSlice:
        index = [RowIndex._make(entry) for entry in source.index(ids, scope)]
        shown = rows_filter_sort(index, query)
        window = shown[offset:] if limit is None else shown[offset : offset + limit]
        return RosterSlice(
            rows=source.rows([r.pk for r in window]),
            counts=counts_of(index),
            total=len(shown),
            age_groups=sorted({r.age_group for r in index}),
            classes=classes(),
            key=key,
        )

    query_key = (query.sort, query.direction, query.class_id, query.age_group, query.show, offset, limit)
    return source.page(f"{scope}:{page_key([], *query_key)}", assemble)
