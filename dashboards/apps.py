"""App config of dashboards (no start-up hooks)."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
