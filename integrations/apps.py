"""App config for integrations."""

from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"

    def ready(self) -> None:
        from integrations import (
            events,
            schema,  # noqa: F401  # registers the OpenAPI security scheme
            tasks,  # noqa: F401  # registers the tasks the services publish by name
        )
        from studios import events as studio_events

        studio_events.on_consent_withdrawn(events.consent_withdrawn)
        studio_events.consent_given.register(events.consent_given)
        studio_events.dancer_archived.register(events.dancer_archived)
