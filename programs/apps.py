"""App config of programs: registers the referral-flag refresh on screenings' "analysis measured"."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and compliance"

    def ready(self) -> None:
        from programs.flag_state import on_analysis_measured
        from screenings.events import analysis_measured

        analysis_measured.register(on_analysis_measured)
