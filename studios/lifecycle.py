"""Partial edits (the API's PATCH) of seasons and dancers; classes go through classes.class_save."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import DancerProfile, Season, Studio
from studios.people_policies import require_director
from studios.policies import Actor


def _patched(studio: Studio, obj: Any, values: dict[str, Any]) -> Any:
    """The locked row with the given (non-None) fields set, validated and saved."""
    if obj.studio_id != studio.pk:
        raise NotFoundError()
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    for name, value in values.items():
        if value is not None:
            setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def season_update(
    *, studio: Studio, actor: Actor, season: Season, name: str | None = None,
    starts_on: date | None = None, ends_on: date | None = None,
) -> Season:  # fmt: skip
    require_director(actor)
    season = _patched(studio, season, {"name": name, "starts_on": starts_on, "ends_on": ends_on})
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return season


@transaction.atomic
def dancer_update(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, first_name: str | None = None,
    last_name: str | None = None, birth_year: int | None = None,
) -> DancerProfile:  # fmt: skip
    require_director(actor)
    values = {"first_name": first_name, "last_name": last_name, "birth_year": birth_year}
    dancer = _patched(studio, dancer, values)
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return dancer
