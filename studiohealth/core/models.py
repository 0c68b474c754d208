"""Abstract bases shared by every app."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Timestamps plus a public UUID: sequential ids never leave the database."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
