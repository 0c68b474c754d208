"""What an embedded card shows: a dancer's status (name, latest results in band words with their
± band, program compliance) or a class summary (counts and compliance, no names), cut down to the
fields the director allows and, for a minor without filming consent, to a sentence saying so.

Built from the same selectors as the dancer page and the roster, so the card never disagrees with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboards.rows import dancer_rows
from dashboards.words import Finding, findings
from integrations.embed_models import EmbedSettings
from programs.group_compliance import GroupCompliance, aggregate
from programs.selectors import compliance_for_dancer, compliance_for_dancers
from studios.models import ClassGroup, DancerProfile, Studio
from studios.selectors import active_consent, season_current


@dataclass(frozen=True)
class Compliance:
    season_pct: float | None
    this_week_completed: int
    this_week_prescribed: int
    streak_weeks: int
    has_program: bool


@dataclass(frozen=True)
class DancerCard:
    name: str | None  # None: the director hides names
    consent_missing: bool  # a minor without filming consent this season: no results at all
    show_results: bool
    findings: tuple[Finding, ...]
    screened_on: date | None
    compliance: Compliance | None  # None: hidden by the director


@dataclass(frozen=True)
class ClassCard:
    name: str
    dancers: int
    screened: int  # dancers with a measured screening this season
    compliance: GroupCompliance | None


def dancer_card(*, studio: Studio, dancer: DancerProfile, allowed: EmbedSettings) -> DancerCard:
    consent_missing = dancer.is_minor and active_consent(dancer) is None
    found: tuple[Finding, ...] = ()
    screened = None
    if allowed.show_results and not consent_missing:
        rows = dancer_rows(studio=studio, dancers=[dancer], season=season_current(studio=studio))
        if rows:
            found, screened = tuple(findings(rows[0])), rows[0].last_screened
    compliance = None
    if allowed.show_compliance:
        comp = compliance_for_dancer(studio=studio, dancer=dancer)
        if comp is not None:
            compliance = Compliance(
                season_pct=comp.season_pct,
                this_week_completed=comp.this_week.completed,
                this_week_prescribed=comp.this_week.prescribed,
                streak_weeks=comp.streak_weeks,
                has_program=comp.has_program,
            )
    return DancerCard(
        name=f"{dancer.first_name} {dancer.last_name}" if allowed.show_name else None,
        consent_missing=consent_missing,
        show_results=allowed.show_results,
        findings=found,
        screened_on=screened,
        compliance=compliance,
    )


def class_card(*, studio: Studio, group: ClassGroup, allowed: EmbedSettings) -> ClassCard:
    current = group.dancers.filter(studio=studio, archived_at__isnull=True)
    rows = dancer_rows(studio=studio, dancers=current, season=group.season)
    compliance = None
    if allowed.show_compliance:
        per_dancer = compliance_for_dancers(studio=studio, dancer_ids=[r.dancer_pk for r in rows])
        compliance = aggregate(
            name=group.name, public_id=str(group.public_id), items=list(per_dancer.values())
        )
    return ClassCard(
        name=group.name,
        dancers=len(rows),
        screened=sum(1 for r in rows if r.last_screened is not None) if allowed.show_results else 0,
        compliance=compliance,
    )
