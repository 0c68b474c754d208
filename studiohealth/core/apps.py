from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "studiohealth.core"
    label = "core"
