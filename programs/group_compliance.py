"""Compliance of a class and of the whole studio: the per-dancer results of
programs.selectors.compliance_for_dancers (one bulk read) averaged per group and per week."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from programs.compliance import DancerCompliance
from programs.selectors import compliance_for_dancers
from studios.models import ClassGroup, DancerProfile, Studio


@dataclass(frozen=True)
class WeekAggregate:
    week_start: date
    mean_pct: float | None  # mean of the dancers' weekly percentages (program weeks only)
    dancers: int  # dancers with a program week that week


@dataclass(frozen=True)
class GroupCompliance:
    """Compliance of a group of dancers (a class, or the whole studio)."""

    public_id: str | None
    name: str
    dancer_count: int
    with_program: int
    season_pct: float | None  # mean of the dancers' season compliance
    this_week_completed: int
    this_week_prescribed: int
    this_week_pct: float | None
    behind_count: int
    weekly: tuple[WeekAggregate, ...]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def aggregate(
    *, name: str, public_id: str | None, items: list[DancerCompliance], dancer_count: int | None = None
) -> GroupCompliance:
    per_week: dict[date, list[float]] = defaultdict(list)
    for c in items:
        for w in c.weekly:
            if w.pct is not None and not w.in_progress:
                per_week[w.week_start].append(w.pct)
    completed = sum(c.this_week.completed for c in items)
    prescribed = sum(c.this_week.prescribed for c in items)
    return GroupCompliance(
        public_id=public_id,
        name=name,
        dancer_count=len(items) if dancer_count is None else dancer_count,
        with_program=sum(1 for c in items if c.has_program or c.weekly),
        season_pct=_mean([c.season_pct for c in items if c.season_pct is not None]),
        this_week_completed=completed,
        this_week_prescribed=prescribed,
        this_week_pct=round(min(100.0, 100.0 * completed / prescribed), 1) if prescribed else None,
        behind_count=sum(1 for c in items if c.behind),
        weekly=tuple(
            WeekAggregate(week_start=w, mean_pct=_mean(v), dancers=len(v))
            for w, v in sorted(per_week.items())
        ),
    )


def compliance_for_class(
    *, studio: Studio, class_group: ClassGroup, today: date | None = None
) -> GroupCompliance:
    ids = list(class_group.dancers.filter(studio=studio).values_list("pk", flat=True))
    per_dancer = compliance_for_dancers(studio=studio, dancer_ids=ids, today=today)
    return aggregate(
        name=class_group.name, public_id=str(class_group.public_id), items=list(per_dancer.values())
    )


@dataclass(frozen=True)
class StudioCompliance:
    overall: GroupCompliance
    classes: tuple[GroupCompliance, ...]
    per_dancer: dict[int, DancerCompliance]


def compliance_for_studio(
    *, studio: Studio, today: date | None = None, classes: QuerySet[ClassGroup] | None = None
) -> StudioCompliance:
    """Whole-studio and per-class compliance from one bulk read (pass `classes` to narrow them)."""
    groups = list(
        (classes if classes is not None else ClassGroup.objects.filter(studio=studio)).order_by("name")
    )
    current = DancerProfile.objects.filter(studio=studio, archived_at__isnull=True)  # archived: left the studio
    dancer_ids = list(current.values_list("pk", flat=True))
    per_dancer = compliance_for_dancers(studio=studio, dancer_ids=dancer_ids, today=today)
    members: dict[int, list[int]] = defaultdict(list)
    for class_id, dancer_id in ClassGroup.dancers.through.objects.filter(
        classgroup_id__in=[c.pk for c in groups]
    ).values_list("classgroup_id", "dancerprofile_id"):
        members[class_id].append(dancer_id)
    return StudioCompliance(
        overall=aggregate(name=studio.name, public_id=str(studio.public_id), items=list(per_dancer.values())),
        classes=tuple(
            aggregate(
                name=c.name,
                public_id=str(c.public_id),
                items=[per_dancer[d] for d in members[c.pk] if d in per_dancer],
            )
            for c in groups
        ),
        per_dancer=per_dancer,
    )
