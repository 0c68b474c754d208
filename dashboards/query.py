"""The roster's query string: which column sorts, which direction, which class / age group / filter
is shown (validated, with defaults for anything unknown), and the filtering and sorting of rows by it.
Works without JavaScript; the page's JS sorts by the same scalars (DancerRow.sort_values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from dashboards.rows import SORT_KEYS, RowIndex
from studios.scoping import parse_uuid_or_none

__all__ = ["SHOW_FILTERS", "SORT_KEYS", "RosterQuery", "page_window", "rows_filter_sort"]
SHOW_FILTERS = {
    "all": "Everyone",
    "flagged": "Flagged for review",
    "behind": "Behind this week",
    "valgus_low_compliance": "Knee inside the toe line and < 50% compliance",
}


@dataclass
class RosterQuery:
    """Sort and filter parameters (from the query string), already validated."""

    sort: str = "name"
    direction: str = "asc"
    class_id: UUID | None = None
    age_group: str = ""
    show: str = "all"

    @classmethod
    def from_params(cls, params: Any) -> RosterQuery:
        sort = params.get("sort") or "name"
        direction = params.get("dir") or "asc"
        show = params.get("show") or "all"
        # A malformed class filter shows every class rather than an error page.
        class_id = parse_uuid_or_none(params.get("class")) if params.get("class") else None
        return cls(
            sort=sort if sort in SORT_KEYS else "name",
            direction=direction if direction in ("asc", "desc") else "asc",
            class_id=class_id,
            age_group=params.get("age") or "",
            show=show if show in SHOW_FILTERS else "all",
        )

    def as_params(self, **changes: str) -> dict[str, str]:
        out = {"sort": self.sort, "dir": self.direction, "show": self.show}
        if self.class_id:
            out["class"] = str(self.class_id)
        if self.age_group:
            out["age"] = self.age_group
        out.update(changes)
        return out


def _whole(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def page_window(params: Any, *, default_limit: int, max_limit: int) -> tuple[int, int]:
    """(offset, limit) from `offset` / `limit`, as DRF's LimitOffsetPagination reads them (the project
    default): a malformed or out-of-range value falls back to the default rather than an error page."""
    limit = _whole(params.get("limit"), default_limit)
    limit = default_limit if limit <= 0 else min(limit, max_limit)
    offset = max(0, _whole(params.get("offset"), 0))
    return offset, limit


def _sort_key(sort: str) -> Any:
    # The same scalar the page puts in data-s-* attributes, so JS sorting agrees with the server.
    position = SORT_KEYS.index(sort)
    return lambda r: r.sort[position]


def rows_filter_sort(rows: list[RowIndex], query: RosterQuery) -> list[RowIndex]:
    """The rows the query shows, in its order (over the whole scope: a page is a slice of this)."""
    out = rows
    if query.class_id:
        wanted = str(query.class_id)
        out = [r for r in out if wanted in r.class_ids]
    if query.age_group:
        out = [r for r in out if r.age_group == query.age_group]
    if query.show == "flagged":
        out = [r for r in out if r.flagged]
    elif query.show == "behind":
        out = [r for r in out if r.behind]
    elif query.show == "valgus_low_compliance":
        out = [r for r in out if r.valgus_low_compliance]
    # Stable sort: by name first so ties are always in name order.
    out = sorted(out, key=_sort_key("name"))
    return sorted(out, key=_sort_key(query.sort), reverse=query.direction == "desc")
