"""Single-use launch links: the first open of a link trades it for the card's session (a signed
token of its own, EMBED_SESSION_MAX_AGE_SECONDS), a second open of the same link is refused like an
expired one, and the record of used links is purged once they would have expired anyway."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.embed import EmbedLinkError, EmbedTarget, embed_link_open, embed_token_open
from integrations.embed_models import EmbedLinkUse

SESSION_SALT = "integrations.embed.card-session"  # never accepted as a launch link, nor the reverse


def embed_card_open(*, token: str) -> tuple[EmbedTarget, bool]:
    """(target, is_session) for a card session token or else a launch link (not used up here:
    see embed_link_redeem). EmbedLinkError as embed_link_open."""
    try:
        session = embed_token_open(
            token=_unhex(token), salt=SESSION_SALT, max_age=settings.EMBED_SESSION_MAX_AGE_SECONDS
        )
    except EmbedLinkError as error:
        if error.code == "expired":  # an authentic session that ran out: same words as a link
            raise
        return embed_link_open(token=token), False
    return session, True


def embed_link_redeem(*, token: str, target: EmbedTarget) -> str:
    """Use the launch link up and return the card's session token; EmbedLinkError("expired") when
    it was used before. The unique digest decides between two concurrent opens: one INSERT wins."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    expires = timezone.now() + timedelta(seconds=settings.EMBED_LINK_MAX_AGE_SECONDS)  # ≥ the link's own end
    try:
        with transaction.atomic():  # a savepoint: the request's transaction survives the refusal
            EmbedLinkUse.objects.create(studio=target.studio, token_digest=digest, expires_at=expires)
    except IntegrityError as error:
        raise EmbedLinkError("expired", frame=target.settings) from error
    signed = signing.TimestampSigner(salt=SESSION_SALT).sign_object(target.claims, compress=True)
    # Lower-case hex in the card's markup: no run of base64 that reads like a name or a word.
    return signed.encode().hex()


def _unhex(token: str) -> str:
    try:
        return bytes.fromhex(token).decode()
    except ValueError:  # a launch link (base64, never hex) or garbage: no session
        return ""


def embed_link_uses_purge() -> int:
    """Forget used links past their expiry (their signature refuses them by itself by then)."""
    deleted, _ = EmbedLinkUse.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
