"""Roster sync writes: a dry run or an apply of records for one source (the JSON sync API and the
by-external-id upserts), and the CSV import's two steps (upload = dry run, then apply)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from integrations.roster_apply import roster_write
from integrations.roster_models import RosterImport
from integrations.roster_parse import Row, csv_records, rows_checked, source_checked
from integrations.roster_plan import Plan, roster_plan
from studiohealth.core.exceptions import ApplicationError
from studios.models import Studio
from studios.people_policies import require_director
from studios.policies import Actor

HAS_ERRORS = "{} rows have errors, so nothing was changed. Fix them and send the records again."
ALREADY_APPLIED = "This import was already applied. Upload the file again to import it again."


def _run(
    *,
    studio: Studio,
    actor: Actor,
    source: str,
    rows: list[Row],
    archive_missing: bool,
    apply: bool,
    link_base: str,
) -> Plan:
    require_director(actor)
    if apply:  # one apply at a time per studio, planned against what is stored now
        Studio.objects.select_for_update().filter(pk=studio.pk).first()
    plan = roster_plan(studio=studio, source=source, rows=rows, archive_missing=archive_missing)
    if apply and len(rows) == 1 and rows[0].error is not None:  # one record (a PUT): its own error
        raise ApplicationError(rows[0].error.message, {"code": rows[0].error.code})
    if apply and plan.errors:
        raise ApplicationError(
            HAS_ERRORS.format(len(plan.errors)), {"code": "rows_with_errors"} | plan.report()
        )
    if apply:
        roster_write(plan=plan, actor=actor, link_base=link_base)
        plan.applied = True
    return plan


@transaction.atomic
def roster_sync(
    *,
    studio: Studio,
    actor: Actor,
    source: str,
    records: list[dict[str, Any]],
    archive_missing: bool = False,
    dry_run: bool = True,
    link_base: str,
) -> dict[str, Any]:
    """Records as dicts with the CSV's column names (docs/integration.md); the report."""
    rows = rows_checked([(index, record) for index, record in enumerate(records, start=1)])
    plan = _run(
        studio=studio,
        actor=actor,
        source=source_checked(source),
        rows=rows,
        archive_missing=archive_missing,
        apply=not dry_run,
        link_base=link_base,
    )
    return plan.report() | {"applied": not dry_run}


def _csv_plan(roster: RosterImport, actor: Actor, *, apply: bool, link_base: str) -> Plan:
    header, records = csv_records(roster.content)
    return _run(
        studio=roster.studio,
        actor=actor,
        source=roster.source,
        rows=rows_checked(records, set(header)),
        archive_missing=roster.archive_missing,
        apply=apply,
        link_base=link_base,
    )


@transaction.atomic
def roster_import_create(
    *,
    studio: Studio,
    actor: Actor,
    source: str,
    content: str,
    filename: str = "",
    archive_missing: bool = False,
) -> RosterImport:
    """Upload: keep the file and its dry-run report. Changes nothing else."""
    require_director(actor)
    roster = RosterImport(
        studio=studio,
        source=source_checked(source),
        filename=filename[:200],
        content=content,
        archive_missing=archive_missing,
        created_by=actor.user,
    )
    roster.report = _csv_plan(roster, actor, apply=False, link_base="").report()
    roster.full_clean()
    roster.save()
    return roster


@transaction.atomic
def roster_import_apply(
    *, studio: Studio, actor: Actor, roster: RosterImport, link_base: str
) -> RosterImport:
    """Apply in one transaction, planned again against the data as it is now; any row error: nothing."""
    require_director(actor)
    roster = RosterImport.objects.select_for_update().get(pk=roster.pk, studio=studio)
    if roster.state == RosterImport.State.APPLIED:
        raise ApplicationError(ALREADY_APPLIED, {"code": "already_applied"})
    roster.report = _csv_plan(roster, actor, apply=True, link_base=link_base).report()
    roster.state, roster.applied_at = RosterImport.State.APPLIED, timezone.now()
    roster.save(update_fields=["report", "state", "applied_at", "updated_at"])
    return roster


@transaction.atomic
def roster_upsert(
    *, studio: Studio, actor: Actor, source: str, record_type: str, external_id: str, values: dict[str, Any],
    link_base: str,
) -> tuple[str, Any]:  # fmt: skip
    """One record by its external id (PUT .../by-external-id/...): ("create" | "update" |
    "unchanged", the stored object). A bad record is a 400 naming its problem; nothing is written."""
    record = {**values, "record_type": record_type, "external_id": external_id}
    plan = _run(
        studio=studio, actor=actor, source=source_checked(source), rows=rows_checked([(1, record)]),
        archive_missing=False, apply=True, link_base=link_base,
    )  # fmt: skip
    action = plan.report()["rows"][0]["action"]
    return action, plan.objects[record_type][external_id]
