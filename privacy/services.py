"""Writes for the privacy app: the audit trail (more: export and erasure)."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from privacy.models import AuditEvent
from studios.models import DancerProfile
from studios.policies import Actor


def audit_record(
    *,
    actor: Actor,
    action: str,
    dancer: DancerProfile | None = None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record that `actor` viewed/downloaded something of `dancer` (call it from views, after access checks)."""
    return AuditEvent.objects.create(
        studio=actor.studio,
        actor=actor.user,
        actor_name=str(actor.user),
        action=action,
        dancer=dancer,
        dancer_ref=dancer.public_id if dancer else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_ref=str(getattr(target, "public_id", "") or "") if target is not None else "",
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )
