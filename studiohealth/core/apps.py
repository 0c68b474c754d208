"""App config of the shared core (errors, API and page helpers, throttles)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "studiohealth.core"
    label = "core"
