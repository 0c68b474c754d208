"""Calendar feed pages and the feed itself, mounted at /s/<studio_id>/."""

from django.urls import path

from calendars import views

urlpatterns = [
    path(
        "integrations/calendar/dancers/<str:dancer_id>/",
        views.dancer_calendar,
        name="integrations-calendar-dancer",
    ),
    path(
        "integrations/calendar/classes/<str:class_id>/",
        views.class_calendar,
        name="integrations-calendar-class",
    ),
    path(
        "integrations/calendar/links/<str:feed_id>/revoke/",
        views.calendar_revoke,
        name="integrations-calendar-revoke",
    ),
    path("integrations/calendar/<str:token>.ics", views.calendar_feed, name="integrations-calendar-feed"),
]
