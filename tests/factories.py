"""Typed factories. SubFactory chains stay inside one studio by construction.

`clip_for(tenant, "plie")` and `analysis_for(clip, state=...)` are the screening rows most tests need
(a screening day, its clip, an analysis of it) without the upload pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from screenings.models import Analysis, AnalysisState, Clip, Screening
from studios.models import ClassGroup, DancerProfile, Membership, Role, Season, Studio, User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("correct-horse-battery")


class StudioFactory(DjangoModelFactory[Studio]):
    class Meta:
        model = Studio

    name = factory.Sequence(lambda n: f"Studio {n}")
    timezone = "Europe/London"


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    studio = factory.SubFactory(StudioFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.DANCER


class SeasonFactory(DjangoModelFactory[Season]):
    class Meta:
        model = Season

    studio = factory.SubFactory(StudioFactory)
    name = "2026/27"
    starts_on = date(2026, 9, 1)
    ends_on = date(2027, 7, 31)


class DancerFactory(DjangoModelFactory[DancerProfile]):
    class Meta:
        model = DancerProfile

    studio = factory.SubFactory(StudioFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    birth_year = 2012


class ClassGroupFactory(DjangoModelFactory[ClassGroup]):
    class Meta:
        model = ClassGroup

    studio = factory.SubFactory(StudioFactory)
    season = factory.SubFactory(SeasonFactory, studio=factory.SelfAttribute("..studio"))
    name = factory.Sequence(lambda n: f"Ballet {n}")



def clip_for(
    tenant: Any, test: str = "plie", *, on: date | None = None, dancer: DancerProfile | None = None
) -> Clip:
    """A clip (no file) of the tenant's dancer on a screening day (`on`, default today)."""
    dancer = dancer or tenant.dancer
    screening, _ = Screening.objects.get_or_create(
        studio=tenant.studio, dancer=dancer, season=tenant.season, date=on or tenant.studio.today()
    )
    return Clip.objects.create(studio=tenant.studio, screening=screening, dancer=dancer, test=test)


def analysis_for(
    clip: Clip, *, state: str = AnalysisState.QUEUED, engine_version: str = "t", **fields: Any
) -> Analysis:
    """An analysis row of this clip (its studio, dancer and test)."""
    return Analysis.objects.create(
        studio_id=clip.studio_id,
        clip=clip,
        dancer_id=clip.dancer_id,
        test=clip.test,
        engine_version=engine_version,
        state=state,
        **fields,
    )
