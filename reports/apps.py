"""App config of reports (no start-up hooks)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
