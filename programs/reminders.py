"""Notifications and the weekly "behind on your program" reminders (in-app notice + e-mail)."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programs.models import Notification
from programs.selectors import compliance_for_dancers
from studiohealth.core.exceptions import NotFoundError
from studios.models import DancerProfile, Studio
from studios.policies import Actor

logger = logging.getLogger(__name__)

BEHIND_KIND = "behind"


def notification_mark_read(*, studio: Studio, actor: Actor, notification: Notification) -> Notification:
    if notification.studio_id != studio.pk or notification.user_id != actor.user.pk:
        raise NotFoundError()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def reminder_message(dancer: DancerProfile, completed: int, prescribed: int) -> str:
    return (
        f"{dancer.first_name} has done {completed} of {prescribed} program sessions this week. "
        "A short session today keeps the streak going. Resting, ill or injured? Mark a rest day "
        "instead — rest days never count against you."
    )


def reminders_send(*, studio: Studio, today: date | None = None) -> int:
    """Notify dancers who are behind this week (once per week per user) and e-mail them.

    Recipients: the dancer's own account; for a dancer without an account, their guardians.
    Returns the number of new notifications. Safe to run many times a day (beat runs it daily).
    """
    today = today or studio.today()
    dancers = {d.pk: d for d in DancerProfile.objects.filter(studio=studio, archived_at__isnull=True).prefetch_related("guardians")}
    compliance = compliance_for_dancers(studio=studio, dancer_ids=list(dancers), today=today)
    created_count = 0
    for dancer_id, result in compliance.items():
        if not result.behind:
            continue
        dancer = dancers[dancer_id]
        recipients = [dancer.user] if dancer.user is not None else list(dancer.guardians.all())
        message = reminder_message(dancer, result.this_week.completed, result.this_week.prescribed)
        for user in recipients:
            with transaction.atomic():
                _, created = Notification.objects.get_or_create(
                    user=user,
                    dancer=dancer,
                    kind=BEHIND_KIND,
                    week_start=result.this_week.week_start,
                    defaults={"studio": studio, "message": message},
                )
            if not created:
                continue
            created_count += 1
            if user.email:
                try:
                    send_mail(
                        subject=f"{studio.name}: this week's program",
                        message=message,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        recipient_list=[user.email],
                    )
                except OSError:  # the in-app notice stands even when the mail server is down
                    logger.exception("reminder e-mail failed for user %s", user.pk)
    return created_count


def reminders_send_all(*, today: date | None = None) -> int:
    """All studios, each in its own time zone (the beat task calls this)."""
    total = 0
    for studio in Studio.objects.filter(Q(assignments__isnull=False)).distinct():
        total += reminders_send(studio=studio, today=today)
    return total
