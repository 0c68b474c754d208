"""Pages under /s/<studio_id>/: film a clip, follow its analysis."""

from __future__ import annotations

from django.urls import path

from screenings import views

urlpatterns = [
    path("screenings/upload/", views.upload, name="screening-upload"),
    path("analyses/<str:pk>/", views.analysis_status, name="analysis-status"),
]
