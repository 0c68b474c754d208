"""Calendar feed URLs: who may create and revoke them, and resolving a token (fails closed)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from integrations.calendar_models import CalendarFeed
from studiohealth.core.exceptions import ApplicationError
from studios.models import ClassGroup, DancerProfile, Studio
from studios.policies import Actor, actor_for, can_manage_class, visible_dancers


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_feed_dancer(actor: Actor, dancer: DancerProfile) -> bool:
    """The dancer herself, her guardian, and staff who may see her."""
    return dancer.archived_at is None and visible_dancers(actor).filter(pk=dancer.pk).exists()


def may_feed_class(actor: Actor, group: ClassGroup) -> bool:
    """The class's teachers and the director."""
    return group.archived_at is None and can_manage_class(actor, group)


def _may_manage(actor: Actor, feed: CalendarFeed) -> bool:
    if actor.studio.pk != feed.studio_id or hasattr(actor.user, "api_key"):
        return False  # keys never mint calendar URLs
    if feed.dancer is not None:
        return may_feed_dancer(actor, feed.dancer)
    return feed.class_group is not None and may_feed_class(actor, feed.class_group)


@transaction.atomic
def calendar_feed_create(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile | None = None,
    class_group: ClassGroup | None = None,
) -> tuple[CalendarFeed, str]:
    """A new feed URL for the dancer or the class; returns (feed, the token to show once)."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        studio=studio, dancer=dancer, class_group=class_group, token_hash=_hash(token), created_by=actor.user
    )
    if (dancer is None) == (class_group is None) or not _may_manage(actor, feed):
        raise ApplicationError("You cannot create a calendar link for this dancer or class.")
    feed.full_clean()
    feed.save()
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, studio: Studio, actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    """Revoke for good: the old URL then answers like a random one (404)."""
    if feed.studio_id != studio.pk or not _may_manage(actor, feed):
        raise ApplicationError("You cannot revoke this calendar link.")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.full_clean()
        feed.save(update_fields=["revoked_at", "updated_at"])
    return feed


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    """The live feed behind a token, or None: unknown, revoked, archived target, or its creator may no
    longer see the target (left the studio, no longer teaches the class) — all the same to the caller."""
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("studio", "dancer", "class_group", "created_by")
        .first()
    )
    if feed is None or not feed.created_by.is_active:
        return None
    actor = actor_for(user=feed.created_by, studio=feed.studio)
    if actor is None or not _may_manage(actor, feed):
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    return feed


def calendar_feed_list(
    *, studio: Studio, dancer: DancerProfile | None = None, class_group: ClassGroup | None = None
) -> QuerySet[CalendarFeed]:
    rows = CalendarFeed.objects.filter(studio=studio).select_related("created_by")
    return rows.filter(dancer=dancer) if dancer is not None else rows.filter(class_group=class_group)
