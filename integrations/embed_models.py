"""What a studio lets its own portal embed: the origins allowed to frame the cards, and the fields shown."""

from __future__ import annotations

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import Studio


class EmbedSettings(BaseModel):
    """One row per studio that configured embedding; no row = nothing may frame a card."""

    studio = models.OneToOneField(Studio, on_delete=models.CASCADE, related_name="embed_settings")
    # Exact origins ("https://portal.example.com"), sent as CSP frame-ancestors on the card responses.
    origins = models.JSONField(default=list, blank=True)
    show_name = models.BooleanField(default=True)
    show_results = models.BooleanField(default=True, help_text="Latest results: band words with ± band.")
    show_compliance = models.BooleanField(default=True, help_text="Program compliance this week and season.")


class EmbedLinkUse(BaseModel):
    """A launch link already opened: it opens one card once. Kept until the link would have expired
    anyway (`expires_at`), then purged by the `embed_link_uses_purge` beat task."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the link, never the link
    expires_at = models.DateTimeField(db_index=True)
