"""App config of studios: connects the token-ending signals at start-up."""

from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = "Studios and people"

    def ready(self) -> None:
        from studios.tokens import connect_signals

        connect_signals()  # API tokens end on logout and on password change / reset
