"""Pages for integrations, mounted at /s/<studio_id>/."""

from django.urls import path

from integrations import calendar_views, views

urlpatterns = [
    path("integrations/api-keys/", views.api_keys, name="integrations-api-keys"),
    path(
        "integrations/api-keys/<str:key_id>/revoke/", views.api_key_revoke, name="integrations-api-key-revoke"
    ),
    path(
        "integrations/calendar/dancers/<str:dancer_id>/",
        calendar_views.dancer_calendar,
        name="integrations-calendar-dancer",
    ),
    path(
        "integrations/calendar/classes/<str:class_id>/",
        calendar_views.class_calendar,
        name="integrations-calendar-class",
    ),
    path(
        "integrations/calendar/links/<str:feed_id>/revoke/",
        calendar_views.calendar_revoke,
        name="integrations-calendar-revoke",
    ),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="integrations-calendar-feed"),
]
