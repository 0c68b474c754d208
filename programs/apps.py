"""App config of programs: registers the referral-flag refresh on screenings' "analysis measured" and
the Celery tasks (published by name, so they must be registered in every process)."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and compliance"

    def ready(self) -> None:
        from programs import tasks  # noqa: F401
        from programs.flag_state import on_analysis_measured
        from screenings.events import analysis_measured

        analysis_measured.register(on_analysis_measured)
