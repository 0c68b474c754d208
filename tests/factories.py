"""Typed factories. SubFactory chains stay inside one studio by construction."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

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
