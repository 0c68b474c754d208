"""App config of programs (no start-up hooks)."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and compliance"
