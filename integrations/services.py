"""Writes for studio API keys: create (the key is returned once, never stored), rename / rescope, revoke."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from integrations.models import KeyScope, StudioAPIKey
from studiohealth.core.exceptions import ApplicationError
from studios.models import Studio, User
from studios.policies import Actor


def _require_director(*, studio: Studio, actor: Actor) -> None:
    # Keys manage nothing about keys: only a signed-in director (never a key) creates or revokes.
    if actor.studio.pk != studio.pk or not actor.is_director or hasattr(actor.user, "api_key"):
        raise ApplicationError("Only the studio's director can manage API keys.")


def _check_scope(scope: str) -> None:
    if scope not in KeyScope.values:
        raise ApplicationError("Scope must be 'read' or 'write'.", extra={"scope": scope})


@transaction.atomic
def api_key_create(*, studio: Studio, actor: Actor, name: str, scope: str) -> tuple[StudioAPIKey, str]:
    """A new key for the studio; returns (key row, the plain key to show once)."""
    _require_director(studio=studio, actor=actor)
    name = name.strip()
    _check_scope(scope)
    generator = StudioAPIKey.objects.key_generator
    prefix = generator.get_prefix()
    service_user = User(
        username=f"integration-{prefix}",
        first_name="Integration:",
        last_name=name[:140],
        password=make_password(None),  # unusable: the key is the only way in
    )
    service_user.full_clean()
    service_user.save()
    key = StudioAPIKey(
        studio=studio, scope=scope, name=name, service_user=service_user, created_by=actor.user
    )
    plain = StudioAPIKey.objects.assign_key(key)
    key.full_clean(exclude=["id", "prefix", "hashed_key"])
    key.save()
    return key, plain


@transaction.atomic
def api_key_revoke(*, studio: Studio, actor: Actor, key: StudioAPIKey) -> StudioAPIKey:
    """Revoke for good (the library refuses un-revoking); later requests with it get 401."""
    _require_director(studio=studio, actor=actor)
    if key.studio_id != studio.pk:
        raise ApplicationError("Unknown API key.")
    if not key.revoked:
        key.revoked = True
        key.revoked_at = timezone.now()
        key.full_clean(exclude=["id", "prefix", "hashed_key"])
        key.save(update_fields=["revoked", "revoked_at"])
    return key


@transaction.atomic
def api_key_update(
    *, studio: Studio, actor: Actor, key: StudioAPIKey, name: str | None = None, scope: str | None = None
) -> StudioAPIKey:
    """PATCH the name or scope (read / write) of a live key; the secret never changes and is never
    shown again. A revoked key stays as it was revoked (the audit trail names it)."""
    _require_director(studio=studio, actor=actor)
    if key.studio_id != studio.pk:
        raise ApplicationError("Unknown API key.")
    key = StudioAPIKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked:
        raise ApplicationError("This API key was revoked; it cannot be changed. Create a new key.")
    if scope is not None:
        _check_scope(scope)
        key.scope = scope
    if name is not None:
        key.name = name.strip()
        key.service_user.last_name = key.name[:140]  # the audit trail's name for the key's requests
        key.service_user.save(update_fields=["last_name"])
    key.full_clean(exclude=["id", "prefix", "hashed_key"])
    key.save(update_fields=["name", "scope"])
    return key
