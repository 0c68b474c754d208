"""Audit trail: who viewed or downloaded which dancer's clips, results and reports (append-only in SQL)."""

from __future__ import annotations

import pgtrigger
from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import DancerProfile, Studio, User


class AuditAction(models.TextChoices):
    VIEW_RESULT = "view_result", "Viewed a screening result"
    VIEW_CLIP = "view_clip", "Viewed a clip"
    VIEW_KEYFRAME = "view_keyframe", "Viewed a key frame"
    DOWNLOAD_REPORT = "download_report", "Downloaded a report"
    VIEW_DANCER_PAGE = "view_dancer_page", "Opened a dancer page"
    EXPORT_DATA = "export_data", "Exported a dancer's data"
    ERASE_DATA = "erase_data", "Erased a dancer's data"
    VIEW_EMBED_CARD = "view_embed_card", "Opened a dancer's card in the studio portal"
    SHARE_REPORT = "share_report", "Sent the guardians the report links"


ERASED_ACTOR_NAME = "erased user"
_FIXED_COLUMNS = (
    "id", "public_id", "created_at", "updated_at", "studio_id", "action", "dancer_ref", "target_type",
    "target_ref",
)  # fmt: skip
AUDIT_REWRITE = " OR ".join(
    [f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _FIXED_COLUMNS]
    + [
        f"(NEW.{c} IS NOT NULL AND NEW.{c} IS DISTINCT FROM OLD.{c})"
        for c in ("actor_id", "dancer_id", "ip_address")
    ]
    + [f"(OLD.actor_name IS DISTINCT FROM NEW.actor_name AND NEW.actor_name <> '{ERASED_ACTOR_NAME}')"]
)


class AuditEvent(BaseModel):
    """Append-only (no update/delete through the app). Names are copied so the trail outlives erasure."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    dancer = models.ForeignKey(
        DancerProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dancer_ref = models.UUIDField(
        null=True, blank=True, help_text="The dancer's public id, kept after erasure."
    )
    target_type = models.CharField(max_length=64, blank=True)
    target_ref = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["studio", "created_at"])]
        triggers = [
            # Append-only in PostgreSQL itself, so queryset update()/delete() and raw SQL fail too.
            pgtrigger.Protect(name="audit_no_delete", operation=pgtrigger.Delete),
            # The one permitted UPDATE is erasure's pseudonymisation: the person's ids, name and IP
            # may be cleared (SET_NULL, "erased user"); anything else changing is refused.
            pgtrigger.Protect(
                name="audit_no_rewrite",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(AUDIT_REWRITE),
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        # Append-only: an existing row is never rewritten.
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        # Rows go only with their studio (a cascade, which does not call this method).
        raise ValueError("Audit events are append-only.")


# The write-history models live in their own module; importing it here registers them with the app.
from privacy.history import GuardianConsentEvent, MembershipEvent  # noqa: E402

__all__ = ["AuditAction", "AuditEvent", "GuardianConsentEvent", "MembershipEvent"]
