"""App config: registers the consent-withdrawal handler and the Celery tasks at start-up."""

from django.apps import AppConfig


class ScreeningsConfig(AppConfig):
    name = "screenings"
    verbose_name = "Screenings"

    def ready(self) -> None:
        # Tasks are imported here so every process (web included) has them registered: services
        # publish by task name, which then runs eagerly in tests/demo and through the broker otherwise.
        from screenings import tasks  # noqa: F401
        from screenings.services import clips_on_consent_withdrawn
        from studios.events import on_consent_withdrawn

        on_consent_withdrawn(clips_on_consent_withdrawn)
