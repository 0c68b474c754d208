"""Embedding a read-only card in a studio's own portal: the allowed origins, and short-lived signed
launch links (one studio, one dancer or class) that the partner's server mints with its API key.

A link is never a standing URL for a minor's data: it is signed with a purpose salt, carries a
timestamp and dies after `EMBED_LINK_MAX_AGE_SECONDS` (5 min); it is re-checked against the database
on every open (object still in the studio and not archived, the minting key not revoked, the minting
director still a director, embedding still on). It opens once: integrations/embed_sessions.py trades
it for the card's session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from integrations.embed_models import EmbedSettings
from integrations.models import StudioAPIKey
from studiohealth.core.exceptions import ApplicationError
from studios.models import ClassGroup, DancerProfile, Role, Studio, User
from studios.policies import Actor

SALT = "integrations.embed.launch-link"  # a signature for anything else never opens a card
MAX_ORIGINS = 10
KINDS = (("dancer", "A dancer's status card"), ("class", "A class summary"))  # schema: EmbedLinkKindEnum


class EmbedLinkError(Exception):
    """A launch link that cannot open a card; `code` is "expired" or "invalid". `frame` is the
    studio's settings when the link is authentic (so "expired" can show inside its portal)."""

    def __init__(self, code: str, frame: EmbedSettings | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.frame = frame


def origin_normalise(raw: str) -> str:
    """`scheme://host[:port]`, lower-case, default port dropped; ApplicationError names what is wrong.
    Strict on purpose: the value goes verbatim into a CSP header."""
    value = raw.strip()
    parts = urlsplit(value)
    bad = ApplicationError(
        f"“{value}” is not an origin. Write it as https://portal.example.com (no path, no wildcard).",
        extra={"origin": value},
    )
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise bad
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise bad
    host = parts.hostname.lower()
    if not all(c.isalnum() or c in ".-:[]" for c in host) or "*" in value:
        raise bad
    if parts.scheme == "http" and not settings.EMBED_ALLOW_HTTP_ORIGINS:
        raise ApplicationError(
            f"“{value}” uses http://. A portal that shows dancers' data must use https://.",
            extra={"origin": value},
        )
    try:
        port = parts.port
    except ValueError as error:
        raise bad from error
    default = {"https": 443, "http": 80}[parts.scheme]
    shown_host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown_host}" + (f":{port}" if port and port != default else "")


def embed_settings_get(*, studio: Studio) -> EmbedSettings:
    """The studio's settings, unsaved defaults (no origins: embedding off) when never configured."""
    return EmbedSettings.objects.filter(studio=studio).first() or EmbedSettings(studio=studio)


@transaction.atomic
def embed_settings_update(
    *,
    studio: Studio,
    actor: Actor,
    origins: list[str],
    show_name: bool,
    show_results: bool,
    show_compliance: bool,
) -> EmbedSettings:
    if not actor.is_director or actor.studio.pk != studio.pk or hasattr(actor.user, "api_key"):
        raise ApplicationError("Only the studio's director can change what its portal may embed.")
    cleaned = list(dict.fromkeys(origin_normalise(o) for o in origins if o.strip()))
    if len(cleaned) > MAX_ORIGINS:
        raise ApplicationError(f"At most {MAX_ORIGINS} portal origins.", extra={"count": len(cleaned)})
    row = EmbedSettings.objects.select_for_update().filter(studio=studio).first() or EmbedSettings(
        studio=studio
    )
    row.origins = cleaned
    row.show_name, row.show_results, row.show_compliance = show_name, show_results, show_compliance
    row.full_clean()
    row.save()
    return row


def frame_ancestors(row: EmbedSettings | None) -> list[str]:
    """The CSP frame-ancestors sources for a card: the allowed origins, or 'none'."""
    return list(row.origins) if row is not None and row.origins else ["'none'"]


@dataclass(frozen=True)
class EmbedLink:
    url_token: str
    kind: str  # "dancer" | "class"
    expires_at: datetime


def embed_link_create(
    *,
    studio: Studio,
    actor: Actor,
    dancer: DancerProfile | None = None,
    class_group: ClassGroup | None = None,
) -> EmbedLink:
    """A launch token for one dancer's status card or one class's summary. The caller (the API view)
    resolved the object inside the actor's scope; archived objects and studios with embedding off
    are refused here with a named error."""
    if not actor.is_director or actor.studio.pk != studio.pk:
        raise ApplicationError("Only the studio's director or its API keys can create embed links.")
    target = dancer if dancer is not None else class_group
    if target is None or (dancer is not None and class_group is not None):
        raise ApplicationError("Name exactly one of `dancer` or `class`.")
    if target.studio_id != studio.pk or target.archived_at is not None:
        raise ApplicationError(
            "This dancer or class is archived: it has no card.", extra={"code": "archived"}
        )
    if not embed_settings_get(studio=studio).origins:
        raise ApplicationError(
            "Embedding is off for this studio: its director adds the portal's origin on the "
            "Embed settings page first.",
            extra={"code": "embed_off"},
        )
    key = getattr(actor.user, "api_key", None)
    payload: dict[str, Any] = {
        "s": str(studio.public_id),
        "k": "dancer" if dancer is not None else "class",
        "o": str(target.public_id),
        "key": str(key.public_id) if key is not None else None,
        "u": None if key is not None else actor.user.pk,
        "n": secrets.token_urlsafe(9),  # two links for one card in one second still differ (single use)
    }
    token = signing.TimestampSigner(salt=SALT).sign_object(payload, compress=True)
    expires = timezone.now() + timedelta(seconds=settings.EMBED_LINK_MAX_AGE_SECONDS)
    return EmbedLink(url_token=token, kind=payload["k"], expires_at=expires)


@dataclass(frozen=True)
class EmbedTarget:
    studio: Studio
    settings: EmbedSettings
    minter: User  # the key's service user or the director: named in the audit trail
    dancer: DancerProfile | None
    class_group: ClassGroup | None
    claims: dict[str, Any] = field(default_factory=dict)  # what the token said (a session re-signs it)


def embed_link_open(*, token: str) -> EmbedTarget:
    """The card a launch token opens, re-checked now; EmbedLinkError("expired" | "invalid")."""
    return embed_token_open(token=token, salt=SALT, max_age=settings.EMBED_LINK_MAX_AGE_SECONDS)


def embed_token_open(*, token: str, salt: str, max_age: int) -> EmbedTarget:
    """A launch link or a card session (`salt` says which), re-checked against the database now."""
    signer = signing.TimestampSigner(salt=salt)
    try:
        payload = signer.unsign_object(token)  # authenticity first, age below
    except (signing.BadSignature, ValueError) as error:
        raise EmbedLinkError("invalid") from error
    studio = Studio.objects.filter(public_id=payload.get("s")).first()
    row = EmbedSettings.objects.filter(studio=studio).first() if studio else None
    if studio is None or row is None or not row.origins:
        raise EmbedLinkError("invalid")
    try:
        signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise EmbedLinkError("expired", frame=row) from error
    minter = _minter_still_allowed(studio, payload)
    model = DancerProfile if payload.get("k") == "dancer" else ClassGroup
    target = model.objects.filter(studio=studio, public_id=payload.get("o"), archived_at__isnull=True).first()
    if minter is None or target is None:
        raise EmbedLinkError("invalid", frame=row)
    dancer = target if isinstance(target, DancerProfile) else None
    group = target if isinstance(target, ClassGroup) else None
    return EmbedTarget(
        studio=studio, settings=row, minter=minter, dancer=dancer, class_group=group, claims=payload
    )


def _minter_still_allowed(studio: Studio, payload: dict[str, Any]) -> User | None:
    # A revoked key, or a director who lost the role, takes their open links down with them.
    if payload.get("key"):
        key = (
            StudioAPIKey.objects.filter(studio=studio, public_id=payload["key"])
            .select_related("service_user")
            .first()
        )
        return key.service_user if key is not None and not key.revoked and not key.has_expired else None
    user_id = payload.get("u")
    if not isinstance(user_id, int):
        return None
    membership = studio.memberships.filter(user_id=user_id, role=Role.DIRECTOR, user__is_active=True)
    first = membership.select_related("user").first()
    return first.user if first is not None else None
