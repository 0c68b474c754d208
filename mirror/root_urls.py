"""The mirror's route at the origin root: its service worker script (it must sit above /s/ to
control the mirror and upload pages of every studio)."""

from __future__ import annotations

from django.urls import path

from mirror import offline

urlpatterns = [
    path("mirror-sw.js", offline.service_worker, name="mirror-service-worker"),
]
