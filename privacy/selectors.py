"""Reads for the privacy app: the audit trail and everything stored about one dancer."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router
from django.db.models import QuerySet
from django.db.models.deletion import Collector

from privacy.models import AuditEvent
from studios.models import DancerProfile, Studio

# Never copied into an export: secrets and worker internals, not data about the dancer.
EXPORT_SKIPPED_FIELDS = frozenset(
    {"password", "token", "token_hash", "key", "claimed_by", "lease_expires_at"}
)
AUDIT_COLUMNS = (
    "id",
    "created_at",
    "actor",
    "actor_name",
    "action",
    "dancer",
    "target_type",
    "target_ref",
    "ip_address",
)
# Spreadsheet apps run cells starting with these as formulas (CSV injection): names are user-chosen.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def audit_event_list(
    *,
    studio: Studio,
    dancer_ref: Any | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The studio's audit trail, newest first, optionally filtered (dates inclusive, UTC)."""
    qs = AuditEvent.objects.filter(studio=studio).select_related("actor")
    if dancer_ref:
        qs = qs.filter(dancer_ref=dancer_ref)
    if action:
        qs = qs.filter(action=action)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    return qs.order_by("-created_at", "-id")


def audit_event_row(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": str(event.public_id),
        "created_at": event.created_at.isoformat(),
        "actor": str(event.actor.public_id) if event.actor is not None else None,
        "actor_name": event.actor_name,
        "action": event.action,
        "dancer": str(event.dancer_ref) if event.dancer_ref else None,
        "target_type": event.target_type,
        "target_ref": event.target_ref,
        "ip_address": event.ip_address,
    }


def _csv_safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def audit_events_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    """CSV lines (header first), streamed so a long trail never sits in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for event in events:
        row = audit_event_row(event)
        writer.writerow([_csv_safe(row[column]) for column in AUDIT_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
    yield buffer.getvalue()


def audit_events_json(events: Iterable[AuditEvent]) -> Iterator[str]:
    """A JSON array, streamed element by element."""
    yield "["
    first = True
    for event in events:
        yield ("" if first else ",") + json.dumps(audit_event_row(event))
        first = False
    yield "]"


# --- everything stored about one dancer -----------------------------------------------------------


def dancer_owned_rows(dancer: DancerProfile) -> dict[type[models.Model], list[models.Model]]:
    """Every row that exists only because of this dancer: what Django's delete() would cascade to.

    Uses the deletion collector, so a model another app adds later (with an FK to the dancer) is
    exported and erased without this module knowing about it. Rows are re-read in full because
    the collector defers columns.
    """
    collector = Collector(using=router.db_for_write(DancerProfile), origin=dancer)
    collector.collect([dancer])
    pks: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        pks[model] |= {obj.pk for obj in instances}
    for queryset in collector.fast_deletes:
        pks[queryset.model] |= set(queryset.values_list("pk", flat=True))
    rows: dict[type[models.Model], list[models.Model]] = {}
    for model, ids in sorted(pks.items(), key=lambda item: item[0]._meta.label_lower):
        if ids:
            rows[model] = list(model._base_manager.filter(pk__in=ids).order_by("pk"))
    return rows


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def dancer_files(rows: dict[type[models.Model], list[models.Model]]) -> list[str]:
    """Storage names of every file (clips, key frames, reports...) attached to the dancer's rows."""
    names: list[str] = []
    for model, instances in rows.items():
        for field in file_fields(model):
            names += [getattr(obj, field.attname).name for obj in instances if getattr(obj, field.attname)]
    return sorted(set(names))


def _export_value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        related_model = field.related_model
        if related_model is not None and any(
            f.name == "public_id" for f in related_model._meta.concrete_fields
        ):
            # Internal sequential ids never leave the database: use the related row's public id.
            public = related_model._base_manager.filter(pk=related_id).values_list("public_id", flat=True)
            return str(public.first())
        return None
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return f"files/{value.name}" if value else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_row(obj: models.Model) -> dict[str, Any]:
    return {
        field.name: _export_value(obj, field)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in EXPORT_SKIPPED_FIELDS
    }


def dancer_export_document(
    *, dancer: DancerProfile, rows: dict[type[models.Model], list[models.Model]]
) -> dict[str, Any]:
    """The machine-readable part of a GDPR Art. 20 export: one section per kind of record."""
    account = None
    if dancer.user is not None:
        user = dancer.user
        account = {
            "id": str(user.public_id),
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    return {
        "format": "studiohealth-dancer-export/1",
        "dancer": str(dancer.public_id),
        "studio": {"id": str(dancer.studio.public_id), "name": dancer.studio.name},
        "account": account,
        "records": {
            model._meta.label_lower: [export_row(obj) for obj in instances]
            for model, instances in rows.items()
        },
    }


def dumps_export(document: dict[str, Any]) -> str:
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
