"""Search the whole database for anything left of an erased person (walks every model, incl. M2M tables)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast

from studios.models import DancerProfile, User

TEXT_FIELDS = (models.CharField, models.TextField)


def database_leftovers(
    *,
    dancer_pk: int,
    needles: list[str],
    user_pk: int | None = None,
    allowed: frozenset[tuple[str, str]] = frozenset(),
) -> list[str]:
    """Rows that still point at the dancer (FK/M2M) or mention one of `needles` in a text, JSON or UUID
    column. `allowed` lists (model label, field) pairs that may keep a needle (the audit dancer_ref)."""
    found: list[str] = []
    uuids = {n for n in needles if _is_uuid(n)}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue  # pghistory's Events views: queries over the real event tables, which are walked too
        label = model._meta.label_lower
        manager = model._base_manager
        for f in model._meta.concrete_fields:
            if (label, f.name) in allowed:
                continue
            if f.is_relation and f.related_model is DancerProfile:
                if manager.filter(**{f.attname: dancer_pk}).exists():
                    found.append(f"{label}.{f.name} -> dancer {dancer_pk}")
            elif f.is_relation and f.related_model is User and user_pk is not None:
                if manager.filter(**{f.attname: user_pk}).exists():
                    found.append(f"{label}.{f.name} -> user {user_pk}")
            elif f.primary_key and model is DancerProfile:
                if manager.filter(pk=dancer_pk).exists():
                    found.append(f"{label} row {dancer_pk}")
            elif f.primary_key and model is User and user_pk is not None:
                if manager.filter(pk=user_pk).exists():
                    found.append(f"{label} row {user_pk}")
            elif isinstance(f, TEXT_FIELDS):
                for needle in needles:
                    if manager.filter(**{f"{f.name}__icontains": needle}).exists():
                        found.append(f"{label}.{f.name} contains {needle!r}")
            elif isinstance(f, models.JSONField):
                for needle in needles:
                    text = manager.annotate(_t=Cast(f.name, models.TextField()))
                    if text.filter(_t__icontains=needle).exists():
                        found.append(f"{label}.{f.name} (JSON) contains {needle!r}")
            elif isinstance(f, models.UUIDField):
                for needle in uuids:
                    if manager.filter(**{f.name: needle}).exists():
                        found.append(f"{label}.{f.name} = {needle}")
    if user_pk is not None:
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(user_pk):
                found.append(f"session {session.session_key[:6]}… of user {user_pk}")
    return found


def media_leftovers(media_root: Path, *, files: list[str], needles: list[str]) -> list[str]:
    """Listed files still present, and any file whose name or (uncompressed) bytes hold a needle."""
    found = [name for name in files if (media_root / name).exists()]
    if media_root.exists():
        for path in media_root.rglob("*"):
            rel = str(path.relative_to(media_root))
            found += [f"{rel} (name contains {n!r})" for n in needles if n.lower() in rel.lower()]
            if path.is_file():
                content = path.read_bytes().lower()
                found += [f"{rel} (bytes contain {n!r})" for n in needles if n.lower().encode() in content]
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
