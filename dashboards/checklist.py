"""The screening-day checklist of a class: which clips each dancer still needs in the current round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from screenings.selectors import PlieResult, ResultStatus, StanceResult, dancer_results
from studios.models import DancerProfile, Season, Studio

# A screening day's clips may be filmed over a few sessions; older clips belong to an earlier round.
SCREENING_ROUND_DAYS = 14


@dataclass(frozen=True)
class ChecklistItem:
    """Screening-day checklist: which clips a dancer still needs in the current round."""

    dancer_id: UUID
    name: str
    plie: str  # measured | film again | analysing | missing
    stance: str

    @property
    def done(self) -> bool:
        return self.plie == "measured" and self.stance == "measured"


def _test_state(result: PlieResult | StanceResult | None) -> str:
    if result is None:
        return "missing"
    return {
        ResultStatus.OK: "measured",
        ResultStatus.REJECTED: "film again",
        ResultStatus.PENDING: "analysing",
    }[result.status]


_STATE_RANK = {"missing": 0, "film again": 1, "analysing": 2, "measured": 3}


def class_checklist(
    *, studio: Studio, dancers: list[DancerProfile], season: Season | None, today: date
) -> tuple[date | None, list[ChecklistItem]]:
    """The round is the latest screening day of the class (± SCREENING_ROUND_DAYS); a dancer still
    needs a clip of each test that has no measured result in that round."""
    results = dancer_results(studio=studio, dancer_ids=[d.pk for d in dancers], season=season)
    days = [r.date for rs in results.values() for r in rs]
    round_start = max(days) - timedelta(days=SCREENING_ROUND_DAYS) if days else None
    items = []
    for d in dancers:
        best = {"plie": "missing", "stance": "missing"}
        for r in results.get(d.pk, []):
            if round_start is None or r.date < round_start:
                continue
            for test, res in (("plie", r.plie), ("stance", r.stance)):
                state = _test_state(res)
                if _STATE_RANK[state] > _STATE_RANK[best[test]]:
                    best[test] = state
        items.append(ChecklistItem(d.public_id, d.full_name, best["plie"], best["stance"]))
    return round_start, items
