"""Per-studio API keys: hashed at rest (djangorestframework-api-key), named, scoped, revocable."""

from __future__ import annotations

import uuid

from django.db import models
from rest_framework_api_key.models import AbstractAPIKey

from studios.models import Studio, User


class KeyScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class StudioAPIKey(AbstractAPIKey):
    """A machine credential for one studio. Only the prefix and a SHA-512 of the key are stored;
    the key itself is shown once at creation. Requests made with it act as `service_user`, a
    login-less user with no membership, holding director-level read (and writes if scope=write)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, db_index=True)
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="api_keys")
    scope = models.CharField(max_length=8, choices=KeyScope.choices, default=KeyScope.READ)
    service_user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_key")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @property
    def can_write(self) -> bool:  # studios.scoping.StudioCredential
        return self.scope == KeyScope.WRITE

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "studio API key"
        verbose_name_plural = "studio API keys"
        indexes = [models.Index(fields=["studio", "created"])]


class KeyRequest(models.Model):
    """One line per request authenticated by a key (append-only): which key, what, when, answer."""

    key = models.ForeignKey(StudioAPIKey, on_delete=models.CASCADE, related_name="requests")
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]


# Webhook models live in their own module (one concern each); imported here so Django registers them.
from integrations.calendar_models import CalendarFeed  # noqa: E402, F401
from integrations.embed_models import EmbedSettings  # noqa: E402, F401
from integrations.roster_models import RosterImport  # noqa: E402, F401
from integrations.webhook_models import WebhookDelivery, WebhookSubscription  # noqa: E402, F401
