"""Per-viewer blanking of roster rows: the cached rows are the same for every viewer of a scope, so the
measured columns of dancers whose results this viewer may not see (studios.results_access) are blanked
after the cache, never inside it."""

from __future__ import annotations

from dataclasses import replace

from dashboards.rows import DancerRow, MetricCell


def rows_hide_results(rows: list[DancerRow], hidden_ids: set[int]) -> list[DancerRow]:
    """Blank the measured columns and the referral reasons (drawn from them) of dancers whose results
    this viewer may not see (studios.results_access); program, compliance and streak stay."""
    blank = MetricCell()
    return [
        replace(
            r,
            knee_left=blank,
            knee_right=blank,
            drop_left=blank,
            drop_right=blank,
            compensating=False,
            flagged=False,
            flag_reasons=(),
            results_hidden=True,
        )
        if r.dancer_pk in hidden_ids
        else r
        for r in rows
    ]
