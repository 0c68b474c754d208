"""Calendar feed pages: create (URL shown once), copy and revoke a dancer's or a class's feed URL,
and the feed itself, answered to whoever holds the secret URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from calendars.content import calendar_feed_ical
from integrations import calendar_services as services
from integrations.calendar_models import CalendarFeed
from studios.models import ClassGroup, DancerProfile
from studios.policies import Actor, can_manage_class, visible_classes
from studios.scoping import dancer_visible_or_404, parse_uuid_or_404, studio_page

NEW_FEED_SESSION = "integrations_new_calendar_feed"


def _page(
    request: HttpRequest, actor: Actor, *, dancer: DancerProfile | None, group: ClassGroup | None, url: str
) -> HttpResponse:
    if request.method == "POST":
        feed, token = services.calendar_feed_create(
            studio=actor.studio, actor=actor, dancer=dancer, class_group=group
        )
        # Post/redirect/get: the URL waits in the session for exactly one page view.
        feed_url = reverse(
            "integrations-calendar-feed", kwargs={"studio_id": actor.studio.public_id, "token": token}
        )
        request.session[NEW_FEED_SESSION] = {
            "feed": str(feed.public_id),
            "url": request.build_absolute_uri(feed_url),
        }
        return HttpResponseRedirect(url)
    created = request.session.pop(NEW_FEED_SESSION, None)
    classes = []
    if dancer is not None:  # staff reach the class feeds from here
        classes = [g for g in dancer.classes.filter(archived_at__isnull=True) if can_manage_class(actor, g)]
    response = render(
        request,
        "integrations/calendar.html",
        {
            "studio": actor.studio,
            "dancer": dancer,
            "group": group,
            "created": created,
            "feeds": services.calendar_feed_list(studio=actor.studio, dancer=dancer, class_group=group),
            "classes": classes,
            "back_url": reverse(
                "dashboard-dancer" if dancer else "dashboard-class",
                kwargs={"studio_id": actor.studio.public_id, "pk": (dancer or group).public_id},  # type: ignore[union-attr]
            ),
        },
    )
    response["Cache-Control"] = "no-store"  # the page with a fresh URL must not be cached
    return response


@require_http_methods(["GET", "POST"])
@studio_page
def dancer_calendar(request: HttpRequest, actor: Actor, dancer_id: str) -> HttpResponse:
    dancer = dancer_visible_or_404(actor=actor, public_id=dancer_id)
    if dancer.archived_at is not None:
        raise Http404
    url = reverse(
        "integrations-calendar-dancer",
        kwargs={"studio_id": actor.studio.public_id, "dancer_id": dancer.public_id},
    )
    return _page(request, actor, dancer=dancer, group=None, url=url)


@require_http_methods(["GET", "POST"])
@studio_page
def class_calendar(request: HttpRequest, actor: Actor, class_id: str) -> HttpResponse:
    group = get_object_or_404(
        visible_classes(actor), public_id=parse_uuid_or_404(class_id), archived_at__isnull=True
    )
    if not services.may_feed_class(actor, group):
        raise PermissionDenied("Only the class's teachers and the director can create its calendar link.")
    url = reverse(
        "integrations-calendar-class",
        kwargs={"studio_id": actor.studio.public_id, "class_id": group.public_id},
    )
    return _page(request, actor, dancer=None, group=group, url=url)


@require_POST
@studio_page
def calendar_revoke(request: HttpRequest, actor: Actor, feed_id: str) -> HttpResponse:
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("dancer", "class_group"),
        studio=actor.studio,
        public_id=parse_uuid_or_404(feed_id),
    )
    if feed.dancer is not None:
        dancer_visible_or_404(actor=actor, public_id=feed.dancer.public_id)  # hidden dancer: 404
        url = reverse(
            "integrations-calendar-dancer",
            kwargs={"studio_id": actor.studio.public_id, "dancer_id": feed.dancer.public_id},
        )
    else:
        assert feed.class_group is not None  # noqa: S101  # one target (check constraint)
        get_object_or_404(visible_classes(actor), pk=feed.class_group.pk)
        url = reverse(
            "integrations-calendar-class",
            kwargs={"studio_id": actor.studio.public_id, "class_id": feed.class_group.public_id},
        )
    services.calendar_feed_revoke(studio=actor.studio, actor=actor, feed=feed)
    return HttpResponseRedirect(url)


@require_GET
def calendar_feed(request: HttpRequest, studio_id: str, token: str) -> HttpResponse:
    # No login: calendar apps cannot sign in; the secret URL is the credential. Unknown, revoked and
    # another studio's tokens all get the same 404.
    feed = services.calendar_feed_for_token(token=token)
    if feed is None or str(feed.studio.public_id) != str(parse_uuid_or_404(studio_id)):
        raise Http404
    response = HttpResponse(calendar_feed_ical(feed=feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="studiohealth.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
