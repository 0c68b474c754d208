"""Partial edits (the API's PATCH) of seasons and dancers; classes go through classes.class_save."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import DancerProfile, Season, Studio
from studios.people_policies import require_director
from studios.policies import Actor


@transaction.atomic
def season_update(
    *, studio: Studio, actor: Actor, season: Season, name: str | None = None,
    starts_on: date | None = None, ends_on: date | None = None,
) -> Season:  # fmt: skip
    require_director(actor)
    if season.studio_id != studio.pk:
        raise NotFoundError()
    season = Season.objects.select_for_update().get(pk=season.pk)
    season.name = season.name if name is None else name
    season.starts_on = season.starts_on if starts_on is None else starts_on
    season.ends_on = season.ends_on if ends_on is None else ends_on
    season.full_clean()
    season.save()
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return season


@transaction.atomic
def dancer_update(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, first_name: str | None = None,
    last_name: str | None = None, birth_year: int | None = None,
) -> DancerProfile:  # fmt: skip
    require_director(actor)
    if dancer.studio_id != studio.pk:
        raise NotFoundError()
    dancer = DancerProfile.objects.select_for_update().get(pk=dancer.pk)
    dancer.first_name = dancer.first_name if first_name is None else first_name
    dancer.last_name = dancer.last_name if last_name is None else last_name
    dancer.birth_year = dancer.birth_year if birth_year is None else birth_year
    dancer.full_clean()
    dancer.save()
    data_changed(studio_id=studio.pk, dancer_ids=[dancer.pk])
    return dancer
