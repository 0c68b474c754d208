"""What a calendar feed says: program days and screening days of a dancer or a class, as iCalendar.

Days are studio-local dates (all-day events) and the calendar names the studio's time zone. A feed
is often synced to other people's devices, so events say only plain words ("Exercise program day",
"Screening day"): never a result, a band, a pain score, a pause reason or another dancer's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

import icalendar
from django.db.models import Count, Q
from django.utils import timezone

from integrations.calendar_models import CalendarFeed
from programs.models import Assignment, AssignmentPause, PauseDay
from screenings.models import Screening
from studios.models import Studio

PAST_DAYS = 56  # history kept in the feed: eight weeks back, everything ahead
PRODID = "-//studiohealth//calendar feed//EN"


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _program_days(
    *, studio: Studio, assignments: Iterable[Assignment], skip: set[date]
) -> list[tuple[Assignment, date]]:
    """(assignment, day) for every day an active assignment prescribes: inside its window, outside the
    teacher's pause periods and the dancer's rest / illness / injury days."""
    rows = [a for a in assignments if a.ended_at is None]
    pauses: dict[int, list[AssignmentPause]] = {}
    for pause in AssignmentPause.objects.filter(studio=studio, assignment__in=rows):
        pauses.setdefault(pause.assignment_id, []).append(pause)
    since = studio.today() - timedelta(days=PAST_DAYS)
    out = []
    for assignment in rows:
        for day in _days(max(assignment.starts_on, since), assignment.ends_on):
            paused = any(
                p.starts_on <= day and (p.ends_on is None or day <= p.ends_on)
                for p in pauses.get(assignment.pk, [])
            )
            if not paused and day not in skip:
                out.append((assignment, day))
    return out


def _event(*, uid: str, day: date, summary: str, description: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: an all-day event on the studio-local day
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    return event


def _calendar(*, studio: Studio, name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", studio.timezone)
    cal.add_component(icalendar.Timezone.from_tzid(studio.timezone))
    return cal


def _dancer_calendar(feed: CalendarFeed, stamp: datetime) -> icalendar.Calendar:
    studio, dancer = feed.studio, feed.dancer
    assert dancer is not None  # noqa: S101  # the model's check constraint: one target
    cal = _calendar(studio=studio, name=f"{dancer.first_name} · {studio.name}")
    assignments = (
        Assignment.objects.filter(studio=studio, ended_at__isnull=True)
        .filter(Q(dancer=dancer) | Q(class_group__in=dancer.classes.filter(archived_at__isnull=True)))
        .order_by("starts_on", "created_at")
    )
    skip = set(PauseDay.objects.filter(studio=studio, dancer=dancer).values_list("date", flat=True))
    seen: set[date] = set()
    for _assignment, day in _program_days(studio=studio, assignments=assignments, skip=skip):
        if day in seen:  # two programs on one day: one reminder
            continue
        seen.add(day)
        cal.add_component(
            _event(
                uid=f"program-{dancer.public_id}-{day:%Y%m%d}@studiohealth",
                day=day,
                summary="Exercise program day",
                description="Today's exercises are on your studiohealth page.",
                stamp=stamp,
            )
        )
    for screening_day in (
        Screening.objects.filter(studio=studio, dancer=dancer).values_list("date", flat=True).distinct()
    ):
        cal.add_component(
            _event(
                uid=f"screening-{dancer.public_id}-{screening_day:%Y%m%d}@studiohealth",
                day=screening_day,
                summary="Screening day",
                description=f"Filming at {studio.name}.",
                stamp=stamp,
            )
        )
    return cal


def _class_calendar(feed: CalendarFeed, stamp: datetime) -> icalendar.Calendar:
    studio, group = feed.studio, feed.class_group
    assert group is not None  # noqa: S101  # the model's check constraint: one target
    cal = _calendar(studio=studio, name=f"{group.name} · {studio.name}")
    assignments = Assignment.objects.filter(studio=studio, class_group=group).order_by("starts_on")
    seen: set[date] = set()
    for _assignment, day in _program_days(studio=studio, assignments=assignments, skip=set()):
        if day in seen:
            continue
        seen.add(day)
        cal.add_component(
            _event(
                uid=f"program-{group.public_id}-{day:%Y%m%d}@studiohealth",
                day=day,
                summary=f"{group.name}: exercise program day",
                description="The class's exercises are on studiohealth.",
                stamp=stamp,
            )
        )
    screening_days = (
        Screening.objects.filter(studio=studio, dancer__in=group.dancers.all())
        .values("date")
        .annotate(dancers=Count("dancer", distinct=True))
        .order_by("date")
    )
    for row in screening_days:
        n = row["dancers"]
        cal.add_component(
            _event(
                uid=f"screening-{group.public_id}-{row['date']:%Y%m%d}@studiohealth",
                day=row["date"],
                summary=f"{group.name}: screening day",
                description=f"{n} dancer{'s' if n != 1 else ''} of {group.name} filmed.",
                stamp=stamp,
            )
        )
    return cal


def calendar_feed_ical(*, feed: CalendarFeed) -> bytes:
    """The feed's iCalendar text (RFC 5545)."""
    stamp = timezone.now().replace(microsecond=0)
    cal = _dancer_calendar(feed, stamp) if feed.dancer_id else _class_calendar(feed, stamp)
    return cal.to_ical()
