"""What the programs API modules share: the roles of its endpoints and the scoped lookups of
assignments and of the requester's own dancer profile."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q, QuerySet

from programs.compliance import DancerCompliance
from programs.models import (
    Assignment,
)
from studiohealth.core.exceptions import NotFoundError
from studios.models import DancerProfile, Role
from studios.policies import visible_classes, visible_dancers
from studios.scoping import StudioScopedMixin

DANCER = frozenset({Role.DANCER})
DIRECTOR = frozenset({Role.DIRECTOR})
DANCER_OR_GUARDIAN = frozenset({Role.DANCER, Role.GUARDIAN})
REFERRAL_READERS = frozenset({Role.DIRECTOR, Role.TEACHER, Role.GUARDIAN})


def own_dancer_or_404(view: StudioScopedMixin) -> DancerProfile:
    dancer = DancerProfile.objects.filter(studio=view.studio, user=view.actor.user).first()
    if dancer is None:
        raise NotFoundError("You have no dancer profile in this studio.")
    return dancer


def visible_assignments(view: StudioScopedMixin) -> QuerySet[Assignment]:
    actor = view.actor
    return Assignment.objects.filter(studio=view.studio).filter(
        Q(dancer__in=visible_dancers(actor)) | Q(class_group__in=visible_classes(actor))
    )


def plain(value: Any) -> Any:
    """Dataclasses → JSON-ready dicts (dates stay dates; DRF renders them ISO 8601)."""
    return (
        dataclasses.asdict(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type)
        else value
    )


def compliance_json(result: DancerCompliance, dancer: DancerProfile) -> dict[str, Any]:
    data = plain(result)
    data.pop("dancer_id")  # internal id: never leaves the database
    return {"dancer": str(dancer.public_id), "dancer_name": dancer.full_name, **data}
