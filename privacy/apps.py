"""App config of privacy (audit trail, retention, erasure)."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
