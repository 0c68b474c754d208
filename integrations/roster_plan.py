"""The dry run: checked roster rows compared with what one source already put in the studio, giving
per row create / update / unchanged / error, the archives, and the objects `roster_apply` writes.

Reads are one query per table for the whole file (never per row), so a 2,000-row file plans in a
fixed number of queries (benchmarks/integration_import.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from integrations.roster_parse import RECORD_TYPES, Row, RowError
from studios.external_models import Contact, ContactKind, EnrolmentRef
from studios.models import ClassGroup, DancerProfile, Invitation, Membership, Season, Studio

FIELDS = {
    "season": ("name", "starts_on", "ends_on"),
    "staff": ("first_name", "last_name", "email"),
    "guardian": ("first_name", "last_name", "email"),
    "dancer": ("first_name", "last_name", "birth_year"),
    "class": ("name",),
}
KIND = {"staff": ContactKind.STAFF, "guardian": ContactKind.GUARDIAN}
PENDING_TEACHER = "teacher {} has no account yet: added to the class when a later sync runs after they accept"


@dataclass
class Plan:
    """What applying the rows would do. `objects[type][external_id]` is the (possibly unsaved) row."""

    studio: Studio
    source: str
    rows: list[Row]
    archive_missing: bool
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: dict[str, list[Any]] = field(default_factory=dict)
    changed: dict[str, list[Any]] = field(default_factory=dict)
    actions: dict[int, tuple[str, list[str], list[str]]] = field(default_factory=dict)  # line -> action
    class_season: dict[str, str] = field(default_factory=dict)  # class id -> season id
    class_teachers: dict[str, set[int]] = field(default_factory=dict)  # class id -> teacher user ids
    current_teachers: dict[int, set[int]] = field(default_factory=dict)  # class pk -> user ids
    wards: dict[str, list[str]] = field(default_factory=dict)  # guardian id -> dancer ids
    current_wards: dict[int, set[int]] = field(default_factory=dict)  # contact pk -> dancer pks
    places: set[tuple[int, int]] = field(default_factory=set)  # (class pk, dancer pk) that exist
    invited: set[int] = field(default_factory=set)  # contact pks with an open invitation
    applied: bool = False
    broken: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, id) of error rows -> line
    enrolments: list[tuple[str, str, str]] = field(default_factory=list)  # (id, class id, dancer id)
    archives: dict[str, list[Any]] = field(default_factory=dict)
    invites: list[str] = field(default_factory=list)  # ids of contacts ("staff:S1") to invite

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.error is not None]

    def report(self) -> dict[str, Any]:
        """The JSON the page and the API show: counts, one entry per row, the archives."""
        counts = dict.fromkeys(("create", "update", "unchanged", "archive", "error"), 0)
        rows = []
        for row in self.rows:
            action, changes, notes = self.actions.get(row.line, ("error", [], []))
            counts[action] += 1
            entry = {"line": row.line, "record_type": row.record_type, "external_id": row.external_id}
            if self.applied:
                notes = [note.replace(" will be e-mailed ", " was e-mailed ") for note in notes]
            entry |= {"action": action, "changes": changes, "notes": notes}
            if row.error is not None:
                entry |= {"error": row.error.code, "message": row.error.message}
            rows.append(entry)
        archives = [
            {"record_type": kind, "external_id": obj.external_id, "name": str(obj)}
            for kind, objs in self.archives.items()
            for obj in objs
        ]
        counts["archive"] = len(archives)
        return {"source": self.source, "archive_missing": self.archive_missing, "counts": counts} | {
            "rows": rows,
            "archives": archives,
        }


def _named(rows: list[Row]) -> dict[str, set[str]]:
    """The ids each type's rows name (their own and their references): all a partial sync needs."""
    named: dict[str, set[str]] = {kind: set() for kind in RECORD_TYPES}
    refs = {"season_id": "season", "class_id": "class", "dancer_id": "dancer"}
    lists = {"dancer_ids": "dancer", "teacher_ids": "staff"}
    for row in rows:
        if row.record_type in named:
            named[row.record_type].add(row.external_id)
        for column, kind in refs.items():
            if row.values.get(column):
                named[kind].add(row.values[column])
        for column, kind in lists.items():
            named[kind].update(row.values.get(column) or [])
    return named


def _existing(studio: Studio, source: str, named: dict[str, set[str]] | None) -> dict[str, dict[str, Any]]:
    """This source's stored rows: all of them for a full sync, else only those the rows name (so
    one PUT by external id reads a few rows, not the whole roster)."""

    def rows(model: type[Any], kinds: tuple[str, ...], **extra: Any) -> Any:
        qs = model.objects.filter(studio=studio, source=source, **extra).exclude(external_id="")
        if named is not None:
            qs = qs.filter(external_id__in=set().union(*(named[kind] for kind in kinds)))
        return qs

    found: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_TYPES}
    for season in rows(Season, ("season",)):
        found["season"][season.external_id] = season
    for contact in rows(Contact, ("staff", "guardian")):
        kind = "staff" if contact.kind == ContactKind.STAFF else "guardian"
        if named is None or contact.external_id in named[kind]:
            found[kind][contact.external_id] = contact
    for dancer in rows(DancerProfile, ("dancer",)):
        found["dancer"][dancer.external_id] = dancer
    for group in rows(ClassGroup, ("class",)).select_related("season"):
        found["class"][group.external_id] = group
    for ref in rows(EnrolmentRef, ("enrolment",)).select_related("class_group", "dancer"):
        found["enrolment"][ref.external_id] = ref
    return found


def _load_links(plan: Plan) -> None:
    """Link tables of the loaded rows only (one query each)."""
    classes = [group.pk for group in plan.objects["class"].values()]
    contacts = [c.pk for kind in ("staff", "guardian") for c in plan.objects[kind].values()]
    for class_pk, user_pk in ClassGroup.teachers.through.objects.filter(
        classgroup_id__in=classes
    ).values_list("classgroup_id", "user_id"):
        plan.current_teachers.setdefault(class_pk, set()).add(user_pk)
    for contact_pk, dancer_pk in Contact.wards.through.objects.filter(contact_id__in=contacts).values_list(
        "contact_id", "dancerprofile_id"
    ):
        plan.current_wards.setdefault(contact_pk, set()).add(dancer_pk)
    plan.invited = set(
        Invitation.objects.filter(
            contact_id__in=contacts, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).values_list("contact_id", flat=True)
    )
    places = ClassGroup.dancers.through.objects.filter(classgroup_id__in=classes)
    plan.places = set(places.values_list("classgroup_id", "dancerprofile_id"))


def _accounts_by_email(studio: Studio, rows: list[Row]) -> dict[tuple[str, str], int]:
    """(role, e-mail) -> user id of accounts that already hold that role here with that verified address."""
    emails = {row.values["email"] for row in rows if row.error is None and "email" in row.values}
    members = Membership.objects.filter(studio=studio, role__in=("guardian", "teacher")).values(
        "user_id", "role"
    )
    roles: dict[int, set[str]] = {}
    for member in members:
        roles.setdefault(member["user_id"], set()).add(member["role"])
    found = {}
    for user_id, email in EmailAddress.objects.filter(
        user_id__in=list(roles), verified=True, email__in=list(emails)
    ).values_list("user_id", "email"):
        for role in roles[user_id]:
            found[(role, email.lower())] = user_id
    return found


def _fill(kind: str, row: Row, obj: Any, existing: Any) -> list[str]:
    """Copy the row's values onto obj; the names of the fields that differ from `existing`."""
    changes = []
    for name in FIELDS.get(kind, ()):
        if existing is None or getattr(existing, name) != row.values[name]:
            changes.append(name)
        setattr(obj, name, row.values[name])
    return changes


def _known(plan: Plan, kind: str, external_id: str) -> bool:
    return external_id in plan.objects[kind]


def _reference_error(plan: Plan, kind: str, refs: list[str]) -> RowError | None:
    """The first reference that does not resolve: a row of the file with its own error, or unknown."""
    for ref in refs:
        if _known(plan, kind, ref):
            continue
        line = plan.broken.get((kind, ref))
        if line is not None:
            return RowError(
                "refers_to_bad_row", f"{kind} {ref} has an error on line {line}; fix that row first."
            )
        return RowError(
            f"unknown_{kind}",
            f"{kind} {ref} is not among the records sent, nor imported from {plan.source} before.",
        )
    return None


def _plan_row(plan: Plan, row: Row, existing: dict[str, dict[str, Any]], accounts: dict) -> None:
    kind, ext = row.record_type, row.external_id
    old: Any = existing[kind].get(ext)
    notes: list[str] = []
    if kind == "enrolment":
        _plan_enrolment(plan, row, old)
        return
    refs = [("season", [row.values["season_id"]] if kind == "class" else [])]
    refs += [("dancer", row.values.get("dancer_ids") or []), ("staff", row.values.get("teacher_ids") or [])]
    for ref_kind, ids in refs:
        row.error = _reference_error(plan, ref_kind, ids)
        if row.error is not None:
            plan.broken[(kind, ext)] = row.line
            return
    model: Any = {"season": Season, "dancer": DancerProfile, "class": ClassGroup}.get(kind, Contact)
    obj = model(studio=plan.studio, source=plan.source, external_id=ext) if old is None else old
    changes = _fill(kind, row, obj, None if old is None else _snapshot(old))
    if getattr(old, "archived_at", None) is not None:
        obj.archived_at = None
        changes.append("restored")
    if kind in KIND:
        obj.kind = KIND[kind]
        if obj.user_id is None and (
            old is None or {"email", "restored"} & set(changes)
        ):  # an account already here
            obj.user_id = accounts.get((obj.role, obj.email))
        if kind == "guardian" and row.values["dancer_ids"] is not None:
            plan.wards[ext] = row.values["dancer_ids"]
            current = plan.current_wards.get(old.pk, set()) if old is not None else set()
            if {plan.objects["dancer"][d].pk for d in plan.wards[ext]} != current:
                changes.append("dancer_ids")
    if kind == "class":
        plan.class_season[ext] = row.values["season_id"]
        season = plan.objects["season"][row.values["season_id"]]
        if old is None or old.season_id != season.pk:
            changes.append("season_id")
        if row.values["teacher_ids"] is not None:
            staff = [plan.objects["staff"][t] for t in row.values["teacher_ids"]]
            notes += [PENDING_TEACHER.format(c.external_id) for c in staff if c.user_id is None]
            plan.class_teachers[ext] = {c.user_id for c in staff if c.user_id is not None}
            if plan.class_teachers[ext] != (plan.current_teachers.get(old.pk, set()) if old else set()):
                changes.append("teacher_ids")
    plan.objects[kind][ext] = obj
    if old is None:
        plan.new.setdefault(kind, []).append(obj)
    elif changes:
        plan.changed.setdefault(kind, []).append(obj)
    uninvited = old is None or old.pk not in plan.invited or {"email", "restored"} & set(changes)
    invitable = kind == "staff" or bool(plan.wards.get(ext))
    if kind in KIND and obj.user_id is None and uninvited and (old is None or changes) and invitable:
        plan.invites.append(f"{kind}:{ext}")
        notes.append(f"an invitation will be e-mailed to {obj.email}")
    plan.actions[row.line] = (
        "create" if old is None else "update" if changes else "unchanged",
        changes,
        notes,
    )


def _snapshot(obj: Any) -> Any:
    """The stored values before _fill overwrites them on the same instance."""
    copy = type(obj)()
    copy.__dict__.update(obj.__dict__)
    return copy


def _plan_enrolment(plan: Plan, row: Row, old: EnrolmentRef | None) -> None:
    class_id, dancer_id = row.values["class_id"], row.values["dancer_id"]
    for kind, ref in (("class", class_id), ("dancer", dancer_id)):
        row.error = _reference_error(plan, kind, [ref])
        if row.error is not None:
            return
    plan.enrolments.append((row.external_id, class_id, dancer_id))
    group, dancer = plan.objects["class"][class_id], plan.objects["dancer"][dancer_id]
    changes = []
    if old is not None and (old.class_group_id, old.dancer_id) != (group.pk, dancer.pk):
        changes.append("class_id" if old.class_group_id != group.pk else "dancer_id")
    elif old is not None and (group.pk, dancer.pk) not in plan.places:
        changes.append("place")  # removed in the app since: put back
    action = "create" if old is None else "update" if changes else "unchanged"
    plan.actions[row.line] = (action, changes, [])


def _plan_archives(plan: Plan, existing: dict[str, dict[str, Any]]) -> None:
    """With archive_missing: what this source listed before but this file leaves out, for the record
    types the file contains (a dancers-only file never archives classes)."""
    listed = {(row.record_type, row.external_id) for row in plan.rows}
    present = {kind for kind, _ in listed}
    for kind in ("staff", "guardian", "dancer", "class", "enrolment"):
        if kind not in present:
            continue
        gone = [
            obj
            for ext, obj in existing[kind].items()
            if (kind, ext) not in listed and getattr(obj, "archived_at", None) is None
        ]
        if kind == "enrolment":
            gone = [ref for ref in gone if (ref.class_group_id, ref.dancer_id) in plan.places]
        if gone:
            plan.archives[kind] = gone


def roster_plan(*, studio: Studio, source: str, rows: list[Row], archive_missing: bool) -> Plan:
    """The dry run of checked rows for one source. Writes nothing."""
    plan = Plan(studio=studio, source=source, rows=rows, archive_missing=archive_missing)
    plan.broken = {(row.record_type, row.external_id): row.line for row in rows if row.error is not None}
    existing = _existing(studio, source, None if archive_missing else _named(rows))
    plan.objects = {kind: dict(objs) for kind, objs in existing.items()}
    _load_links(plan)
    accounts = _accounts_by_email(studio, rows)
    # Rows of earlier types first, so a reference to an object created in the same file resolves.
    for row in sorted((r for r in rows if r.error is None), key=lambda r: RECORD_TYPES.index(r.record_type)):
        _plan_row(plan, row, existing, accounts)
    if archive_missing:
        _plan_archives(plan, existing)
    return plan
