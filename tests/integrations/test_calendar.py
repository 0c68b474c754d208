"""Calendar feed links: the iCal content (parsed with icalendar), who may create one, and that a
revoked, guessed or orphaned link answers the same 404 as a random one."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations.calendar_models import CalendarFeed
from integrations.calendar_services import calendar_feed_create, calendar_feed_revoke
from programs.models import Assignment, AssignmentPause, PauseDay, PauseKind, Program
from screenings.models import Screening
from studiohealth.core.exceptions import ApplicationError
from studios.models import Membership
from studios.policies import actor_for
from tests.world import World, build_world

pytestmark = pytest.mark.django_db


def _feed_url(world: World, token: str) -> str:
    return reverse(
        "integrations-calendar-feed", kwargs={"studio_id": world.a.studio.public_id, "token": token}
    )


def _events(body: bytes) -> dict[tuple[str, date], icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return {(str(e["summary"]), e.decoded("dtstart")): e for e in cal.walk("VEVENT")}


@pytest.fixture
def world() -> World:
    w = build_world()
    studio = w.a.studio
    studio.timezone = "America/New_York"
    studio.save(update_fields=["timezone"])
    today = studio.today()
    program = Program.objects.create(studio=studio, name="Strong hips", sessions_per_week=3, weeks=1)
    own = Assignment.objects.create(
        studio=studio,
        program=program,
        dancer=w.a.dancer,
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=4),
    )
    AssignmentPause.objects.create(studio=studio, assignment=own, starts_on=today + timedelta(days=3))
    PauseDay.objects.create(studio=studio, dancer=w.a.dancer, date=today, kind=PauseKind.INJURY)
    Assignment.objects.create(  # the class's program: two days past the dancer's own
        studio=studio,
        program=program,
        class_group=w.a.class_group,
        starts_on=today,
        ends_on=today + timedelta(days=6),
    )
    Assignment.objects.create(  # ended: prescribes nothing any more
        studio=studio,
        program=program,
        dancer=w.a.dancer,
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=25),
        ended_at=timezone.now(),
    )
    Screening.objects.create(
        studio=studio, dancer=w.a.dancer, season=w.a.season, date=today - timedelta(days=1)
    )
    Screening.objects.create(
        studio=studio, dancer=w.a.other_dancer, season=w.a.season, date=today - timedelta(days=5)
    )
    w.extra["today"] = today
    return w


def test_dancer_feed_lists_program_and_screening_days_in_the_studio_time_zone(world: World) -> None:
    actor = actor_for(user=world.a.guardian, studio=world.a.studio)
    feed, token = calendar_feed_create(studio=world.a.studio, actor=actor, dancer=world.a.dancer)
    assert token not in feed.token_hash and len(feed.token_hash) == 64  # only a hash is stored
    response = Client().get(_feed_url(world, token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    today = world.extra["today"]
    program_days = sorted(d for (s, d) in _events(response.content) if s == "Exercise program day")
    # Own program: today-2 … today+2 (from today+3 paused), minus today (a pause day); the class
    # program adds today+3 … today+6. Days are studio-local dates (all-day events).
    expected = [today + timedelta(days=n) for n in (-2, -1, 1, 2, 3, 4, 5, 6)]
    assert program_days == expected
    screening = _events(response.content)[("Screening day", today - timedelta(days=1))]
    assert screening.decoded("dtend") == today  # one all-day event
    assert not any(d == today - timedelta(days=5) for (_s, d) in _events(response.content))  # not hers
    text = response.content.decode()
    for word in ("injury", "Injury", "Strong hips", "pain", "valgus", "Bea", world.a.dancer.last_name):
        assert word not in text, word  # plain words only: no health details, names or programs
    feed.refresh_from_db()
    assert feed.last_fetched_at is not None


def test_class_feed_counts_dancers_without_naming_them(world: World) -> None:
    actor = actor_for(user=world.a.teacher, studio=world.a.studio)
    _feed, token = calendar_feed_create(studio=world.a.studio, actor=actor, class_group=world.a.class_group)
    body = Client().get(_feed_url(world, token)).content
    events = _events(body)
    today = world.extra["today"]
    days = sorted(d for (s, d) in events if s == "Ballet III: exercise program day")
    assert days == [today + timedelta(days=n) for n in range(7)]
    screening = events[("Ballet III: screening day", today - timedelta(days=1))]
    assert str(screening["description"]) == "1 dancer of Ballet III filmed."
    assert world.a.dancer.first_name not in body.decode()


def test_revoked_guessed_and_orphaned_links_get_the_same_404(world: World) -> None:
    director = actor_for(user=world.a.director, studio=world.a.studio)
    feed, token = calendar_feed_create(studio=world.a.studio, actor=director, dancer=world.a.dancer)
    client = Client()
    assert client.get(_feed_url(world, token)).status_code == 200
    random_404 = client.get(_feed_url(world, "x" * 43))
    calendar_feed_revoke(studio=world.a.studio, actor=director, feed=feed)
    revoked = client.get(_feed_url(world, token))
    assert revoked.status_code == random_404.status_code == 404
    assert revoked.content == random_404.content
    # Another studio's URL prefix with a good token: 404 too.
    other = reverse(
        "integrations-calendar-feed", kwargs={"studio_id": world.b.studio.public_id, "token": token}
    )
    _feed2, token2 = calendar_feed_create(
        studio=world.a.studio,
        actor=actor_for(user=world.a.teacher, studio=world.a.studio),
        dancer=world.a.dancer,
    )
    assert client.get(other.replace(token, token2)).status_code == 404
    # The teacher who made the link stops teaching her class: the link dies with that access.
    assert client.get(_feed_url(world, token2)).status_code == 200
    world.a.class_group.teachers.remove(world.a.teacher)
    assert client.get(_feed_url(world, token2)).status_code == 404
    Membership.objects.filter(studio=world.a.studio, user=world.a.teacher).delete()
    assert client.get(_feed_url(world, token2)).status_code == 404


def test_who_may_create_a_link(world: World) -> None:
    a = world.a
    for user in (a.dancer_user, a.guardian, a.teacher, a.director):
        calendar_feed_create(studio=a.studio, actor=actor_for(user=user, studio=a.studio), dancer=a.dancer)
    for user in (a.other_dancer_user, a.other_guardian, a.other_teacher):
        with pytest.raises(ApplicationError):
            calendar_feed_create(
                studio=a.studio, actor=actor_for(user=user, studio=a.studio), dancer=a.dancer
            )
    for user in (a.teacher, a.director):
        calendar_feed_create(
            studio=a.studio, actor=actor_for(user=user, studio=a.studio), class_group=a.class_group
        )
    for user in (a.dancer_user, a.guardian, a.other_teacher):
        with pytest.raises(ApplicationError):
            calendar_feed_create(
                studio=a.studio, actor=actor_for(user=user, studio=a.studio), class_group=a.class_group
            )
    assert CalendarFeed.objects.filter(studio=a.studio).count() == 6


def test_the_page_shows_the_link_once(world: World) -> None:
    client = Client()
    client.force_login(world.a.guardian)
    page = reverse(
        "integrations-calendar-dancer",
        kwargs={"studio_id": world.a.studio.public_id, "dancer_id": world.a.dancer.public_id},
    )
    response = client.post(page)
    assert response.status_code == 302
    shown = client.get(page)
    assert b"shown only this once" in shown.content and shown["Cache-Control"] == "no-store"
    again = client.get(page)
    assert b"shown only this once" not in again.content
    assert CalendarFeed.objects.filter(dancer=world.a.dancer).count() == 1
