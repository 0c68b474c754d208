"""Routes of the health and metrics endpoints (not studio-scoped)."""

from django.urls import path

from ops import health, views

# Deliberately unnamed: the page matrix walks named routes; tests/deploy/ checks these for every persona.
urlpatterns = [
    path("healthz", health.liveness),
    path("readyz", health.readiness),
    path("metrics", views.metrics),
]
