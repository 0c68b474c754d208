"""Pages for privacy, mounted at /s/<studio_id>/."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("audit/", views.audit_log, name="privacy-audit"),
    path("privacy/", views.privacy_index, name="privacy-index"),
    path("privacy/dancers/<str:dancer_id>/", views.dancer_data, name="privacy-dancer"),
    path("privacy/dancers/<str:dancer_id>/erase/", views.dancer_erase, name="privacy-dancer-erase"),
]
