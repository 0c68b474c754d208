"""App config for integrations."""

from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"

    def ready(self) -> None:
        from integrations import schema  # noqa: F401  # registers the OpenAPI security scheme
        from integrations.events import consent_withdrawn
        from studios.events import on_consent_withdrawn

        on_consent_withdrawn(consent_withdrawn)
