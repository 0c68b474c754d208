"""Writes for the privacy app: the audit trail, data export (GDPR Art. 20) and erasure (Art. 17)."""

from __future__ import annotations

import logging
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import IO

import pghistory.models
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from privacy.models import ERASED_ACTOR_NAME, AuditAction, AuditEvent
from privacy.policies import can_exercise_data_rights
from privacy.selectors import (
    dancer_export_document,
    dancer_files,
    dancer_owned_rows,
    dumps_export,
    file_fields,
)
from studiohealth.core.exceptions import NotFoundError
from studios.models import DancerProfile, Membership, Role, Studio, User
from studios.policies import Actor, visible_dancers

logger = logging.getLogger(__name__)

NOT_ALLOWED = "Only the studio director or a guardian of this dancer can export or erase the dancer's data."
# Studio-wide documents built from many dancers' data (no FK to any one of them): made before an
# erasure they may name the erased dancer, so they go too; the director can generate them again.
DERIVED_DOCUMENT_MODELS = ("reports.ReportJob",)
EXPORT_README = """studiohealth data export (GDPR Art. 20)

data.json   every record stored about the dancer, one section per kind of record
            ("screenings.clip", "programs.exerciselog", ...); ids are public ids, dates ISO 8601.
files/      the dancer's clips and key frames, named as in data.json.

Results are a screening aid, not a diagnosis: persistent or painful findings are a reason to
flag for review by a dance medicine specialist.
"""


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


def _require_data_rights(*, studio: Studio, actor: Actor, dancer: DancerProfile) -> None:
    # Same answers as the API: not visible → 404 (nothing learned), visible but not allowed → 403.
    if dancer.studio_id != studio.pk or not visible_dancers(actor).filter(pk=dancer.pk).exists():
        raise NotFoundError()
    if not can_exercise_data_rights(actor, dancer):
        raise PermissionDenied(NOT_ALLOWED)


@dataclass
class DancerExport:
    """A zip on a temporary file (clips can be large, so never built in memory)."""

    file: IO[bytes]
    filename: str
    size_bytes: int
    files_missing: list[str] = field(default_factory=list)


@transaction.atomic
def dancer_export(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, request: HttpRequest | None = None
) -> DancerExport:
    """Everything stored about the dancer as data.json plus their clip and key-frame files."""
    _require_data_rights(studio=studio, actor=actor, dancer=dancer)
    rows = dancer_owned_rows(dancer)
    document = dancer_export_document(dancer=dancer, rows=rows)
    missing: list[str] = []
    spooled = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(spooled, "w") as archive:
        archive.writestr("README.txt", EXPORT_README, compress_type=zipfile.ZIP_DEFLATED)
        for name in dancer_files(rows):
            if not default_storage.exists(name):
                missing.append(name)  # e.g. a clip already removed by the retention purge
                continue
            # Video and PNG are already compressed: store them as they are.
            with default_storage.open(name, "rb") as source, archive.open(f"files/{name}", "w") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
        document["files_missing"] = missing
        archive.writestr("data.json", dumps_export(document), compress_type=zipfile.ZIP_DEFLATED)
    size = spooled.tell()
    spooled.seek(0)
    audit_record(actor=actor, action=AuditAction.EXPORT_DATA, dancer=dancer, request=request)
    return DancerExport(
        file=spooled,
        filename=f"studiohealth-dancer-{dancer.public_id}.zip",
        size_bytes=size,
        files_missing=missing,
    )


@dataclass(frozen=True)
class ErasureReceipt:
    dancer_ref: str
    records: dict[str, int]
    files: int
    account_deleted: bool


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # Leave a trace for the operator; the row is gone, so a sweep can find orphans later.
            logger.exception("erasure: could not delete %s", name)


def _predicted_files(rows: dict[type[models.Model], list[models.Model]]) -> list[str]:
    """Files an id-named upload_to would give a row whose file is not recorded yet (a worker may be
    writing a key frame right now): deleting the would-be name too leaves nothing behind."""
    names: list[str] = []
    for model, instances in rows.items():
        for file_field in file_fields(model):
            for obj in instances:
                if not getattr(obj, file_field.attname) and callable(file_field.upload_to):
                    try:
                        names.append(file_field.generate_filename(obj, "erased"))
                    except Exception:  # a prediction only; the recorded files are authoritative
                        logger.debug("erasure: no predictable file name for %s", model._meta.label)
    return names


def _user_sessions(user: User) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def _forget_account(user: User) -> None:
    """Delete a login that only existed for this dancer, with its sessions and login records."""
    Session.objects.filter(session_key__in=_user_sessions(user)).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.get_username()).delete()
    # The trail keeps what happened but not who the erased person was (only SET_NULL'd ids remain).
    AuditEvent.objects.filter(actor=user).update(actor_name=ERASED_ACTOR_NAME, ip_address=None)
    user.delete()


def _forget_history(*, dancer_pk: int, user_pk: int | None) -> None:
    """Write-history rows (privacy/history.py, programs/history.py) about the erased dancer, and
    about the deleted login: erasure leaves no copy of them in the history either."""
    for model in apps.get_models():
        if not issubclass(model, pghistory.models.Event):
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is DancerProfile:
                model._base_manager.filter(**{f.attname: dancer_pk}).delete()
            elif f.is_relation and f.related_model is User and user_pk is not None:
                model._base_manager.filter(**{f.attname: user_pk}).delete()


def _derived_documents(studio: Studio) -> dict[type[models.Model], list[models.Model]]:
    found: dict[type[models.Model], list[models.Model]] = {}
    for label in DERIVED_DOCUMENT_MODELS:
        model = apps.get_model(label)
        instances = list(model._base_manager.filter(studio=studio).order_by("pk"))
        if instances:
            found[model] = instances
    return found


@transaction.atomic
def dancer_erase(
    *, studio: Studio, actor: Actor, dancer: DancerProfile, request: HttpRequest | None = None
) -> ErasureReceipt:
    """Erase the dancer: profile, clips, key frames, results, logs, consents, pause days,
    notifications, referral requests and any other row that exists only because of them, plus the
    studio's season-report PDFs (they may name the dancer; they can be generated again).

    The audit trail keeps the dancer's public id (`dancer_ref`) and nothing else about them. Files
    are deleted after commit, so a rolled-back erasure never leaves rows pointing at missing files.
    """
    _require_data_rights(studio=studio, actor=actor, dancer=dancer)
    dancer = DancerProfile.objects.select_for_update().get(pk=dancer.pk)
    derived = _derived_documents(studio)
    rows = dancer_owned_rows(dancer) | derived
    files = dancer_files(rows)
    stale = [name for name in _predicted_files(rows) if name not in files]
    records = {model._meta.label_lower: len(instances) for model, instances in rows.items()}
    dancer_ref = str(dancer.public_id)
    dancer_pk = dancer.pk
    user = dancer.user
    user_pk = user.pk if user is not None else None  # delete() clears it

    # Recorded before the delete: SET_NULL clears `dancer`, the public id stays in `dancer_ref`.
    audit_record(actor=actor, action=AuditAction.ERASE_DATA, dancer=dancer, request=request)
    dancer.delete()
    for model, instances in derived.items():
        model._base_manager.filter(pk__in=[obj.pk for obj in instances]).delete()

    account_deleted = False
    if user is not None:
        Membership.objects.filter(studio=studio, user=user, role=Role.DANCER).delete()
        # Only a login that has no other role anywhere is deleted (a parent who also dances keeps theirs).
        if not Membership.objects.filter(user=user).exists() and not user.is_staff:
            _forget_account(user)
            account_deleted = True
    _forget_history(dancer_pk=dancer_pk, user_pk=user_pk if account_deleted else None)

    transaction.on_commit(lambda: _delete_files(files + stale))
    return ErasureReceipt(
        dancer_ref=dancer_ref, records=records, files=len(files), account_deleted=account_deleted
    )
