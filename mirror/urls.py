"""Pages under /s/<studio_id>/: the mirror."""

from __future__ import annotations

from django.urls import path

from mirror import views

urlpatterns = [
    path("mirror/", views.practice, name="mirror-practice"),
]
