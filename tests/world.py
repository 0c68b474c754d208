"""The standing personas (healthchecks-style alice/bob/charlie, widened to our roles).

Studio A has a director, a teacher of class A1 (with dancer "self"), another teacher of class A2
(with "other dancer"), a guardian of each dancer, and Studio B is a full second tenant whose director
is the "outsider". Tests pick a persona by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studios.models import ClassGroup, DancerProfile, Role, Season, Studio, User
from tests.factories import (
    ClassGroupFactory,
    DancerFactory,
    MembershipFactory,
    SeasonFactory,
    StudioFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "director",
    "teacher",
    "other_teacher",
    "dancer",
    "other_dancer",
    "guardian",
    "other_guardian",
    "outsider",
)


@dataclass
class Tenant:
    studio: Studio
    season: Season
    director: User
    teacher: User
    other_teacher: User
    dancer_user: User
    other_dancer_user: User
    guardian: User
    other_guardian: User
    dancer: DancerProfile
    other_dancer: DancerProfile
    class_group: ClassGroup
    other_class: ClassGroup


@dataclass
class World:
    a: Tenant
    b: Tenant
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        if role == "outsider":
            return self.b.director
        return {
            "director": self.a.director,
            "teacher": self.a.teacher,
            "other_teacher": self.a.other_teacher,
            "dancer": self.a.dancer_user,
            "other_dancer": self.a.other_dancer_user,
            "guardian": self.a.guardian,
            "other_guardian": self.a.other_guardian,
        }[role]


def _member(studio: Studio, username: str, role: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(studio=studio, user=user, role=role)
    return user


def build_tenant(prefix: str) -> Tenant:
    studio = StudioFactory(name=f"Studio {prefix.upper()}")
    season = SeasonFactory(studio=studio)
    director = _member(studio, f"{prefix}_director", Role.DIRECTOR)
    teacher = _member(studio, f"{prefix}_teacher", Role.TEACHER)
    other_teacher = _member(studio, f"{prefix}_other_teacher", Role.TEACHER)
    dancer_user = _member(studio, f"{prefix}_dancer", Role.DANCER)
    other_dancer_user = _member(studio, f"{prefix}_other_dancer", Role.DANCER)
    guardian = _member(studio, f"{prefix}_guardian", Role.GUARDIAN)
    other_guardian = _member(studio, f"{prefix}_other_guardian", Role.GUARDIAN)
    dancer = DancerFactory(
        studio=studio, user=dancer_user, first_name="Ada", last_name=f"Ashby{prefix.upper()}", birth_year=2012
    )
    other_dancer = DancerFactory(
        studio=studio,
        user=other_dancer_user,
        first_name="Bea",
        last_name=f"Brook{prefix.upper()}",
        birth_year=2011,
    )
    dancer.guardians.add(guardian)
    other_dancer.guardians.add(other_guardian)
    class_group = ClassGroupFactory(studio=studio, season=season, name="Ballet III")
    class_group.teachers.add(teacher)
    class_group.dancers.add(dancer)
    other_class = ClassGroupFactory(studio=studio, season=season, name="Ballet IV")
    other_class.teachers.add(other_teacher)
    other_class.dancers.add(other_dancer)
    return Tenant(
        studio=studio,
        season=season,
        director=director,
        teacher=teacher,
        other_teacher=other_teacher,
        dancer_user=dancer_user,
        other_dancer_user=other_dancer_user,
        guardian=guardian,
        other_guardian=other_guardian,
        dancer=dancer,
        other_dancer=other_dancer,
        class_group=class_group,
        other_class=other_class,
    )


def build_world() -> World:
    return World(a=build_tenant("a"), b=build_tenant("b"))
