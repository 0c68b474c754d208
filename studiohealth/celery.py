"""The one Celery app. Configuration lives in settings (CELERY_* keys)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studiohealth.settings.local")

app = Celery("studiohealth")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
