"""Demo people: a studio with a director, two teachers, a season and a class of 12 dancers.

Passwords are printed by `seed_demo`; they are demo-only and the demo runs on 127.0.0.1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from studios.models import ClassGroup, DancerProfile, GuardianConsent, Role, Season, Studio, User
from studios.services import membership_grant, studio_create

DEMO_PASSWORD = "demo-studio-2026"
DANCERS = [
    ("Amelie", "Laurent", 2012),
    ("Beatriz", "Souza", 2011),
    ("Chloe", "Martin", 2013),
    ("Daria", "Ivanova", 2010),
    ("Elena", "Rossi", 2012),
    ("Freya", "Nielsen", 2009),
    ("Grace", "Okafor", 2011),
    ("Hana", "Sato", 2013),
    ("Isla", "Campbell", 2007),
    ("Julia", "Nowak", 2012),
    ("Keira", "Walsh", 2006),
    ("Lucia", "Garcia", 2010),
]


@dataclass
class DemoStudio:
    studio: Studio
    season: Season
    director: User
    teachers: list[User]
    class_group: ClassGroup
    dancers: list[DancerProfile] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


def _user(username: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.local"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed_people(today: date) -> DemoStudio:
    director = _user("director", "Dana", "Director")
    studio = Studio.objects.filter(name="Demo Ballet Academy").first() or studio_create(
        name="Demo Ballet Academy", director=director, timezone_name="Europe/London"
    )
    season_start = today - timedelta(weeks=20)
    season, _ = Season.objects.get_or_create(
        studio=studio,
        name="Demo season",
        defaults={"starts_on": season_start, "ends_on": season_start + timedelta(weeks=40)},
    )
    teachers = [_user("teacher", "Tomas", "Teacher"), _user("teacher2", "Tessa", "Second")]
    for teacher in teachers:
        membership_grant(studio=studio, user=teacher, role=Role.TEACHER)
    group, _ = ClassGroup.objects.get_or_create(studio=studio, season=season, name="Ballet III")
    group.teachers.add(teachers[0])
    demo = DemoStudio(studio=studio, season=season, director=director, teachers=teachers, class_group=group)
    demo.logins = [("director", "director"), ("teacher", "teacher of Ballet III"), ("teacher2", "teacher")]
    for index, (first, last, birth_year) in enumerate(DANCERS):
        account = _user(f"dancer{index + 1}", first, last)
        dancer, _ = DancerProfile.objects.get_or_create(
            studio=studio,
            first_name=first,
            last_name=last,
            defaults={"birth_year": birth_year, "user": account},
        )
        membership_grant(studio=studio, user=account, role=Role.DANCER)
        group.dancers.add(dancer)
        demo.dancers.append(dancer)
        if dancer.is_minor:
            guardian = _user(f"guardian{index + 1}", "Parent of", first)
            membership_grant(studio=studio, user=guardian, role=Role.GUARDIAN)
            dancer.guardians.add(guardian)
            if not dancer.consents.exists():
                GuardianConsent.objects.create(studio=studio, dancer=dancer, guardian=guardian)
            if index == 0:
                demo.logins.append((guardian.username, f"guardian of {first}"))
        if index < 2:
            demo.logins.append((account.username, f"dancer {first} {last}"))
    return demo
