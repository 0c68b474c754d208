"""Roster records in, checked values out: the column set (docs/integration.md), the CSV reader and
the per-row checks that need no database (missing columns and values, dates, e-mails, duplicates)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from studiohealth.core.exceptions import ApplicationError

# Processing order: a row may refer to rows of the types before it (in the file or already stored).
RECORD_TYPES = ("season", "staff", "dancer", "guardian", "class", "enrolment")
REQUIRED = {
    "season": ("name", "starts_on", "ends_on"),
    "staff": ("email",),
    "guardian": ("email",),
    "dancer": ("first_name", "last_name", "birth_date"),
    "class": ("name", "season_id"),
    "enrolment": ("class_id", "dancer_id"),
}
OPTIONAL = {
    "staff": ("first_name", "last_name"),
    "guardian": ("first_name", "last_name", "dancer_ids"),
    "class": ("teacher_ids",),
}
LIST_COLUMNS = ("dancer_ids", "teacher_ids")
COLUMNS = (
    "record_type", "external_id", "name", "first_name", "last_name", "email", "birth_date",
    "starts_on", "ends_on", "season_id", "teacher_ids", "dancer_ids", "class_id", "dancer_id",
)  # fmt: skip
REQUIRED_ALL = {name for names in REQUIRED.values() for name in names}
MAX_LENGTH = {"name": 100, "first_name": 100, "last_name": 100, "email": 254, "external_id": 100}
SOURCE_RE = re.compile(r"^[-a-z0-9_]{1,40}$")
MAX_ROWS = 20_000
BAD_SOURCE = "The source must be a short slug such as mindbody, jackrabbit or csv (a-z, 0-9, - and _)."


@dataclass
class RowError:
    code: str
    message: str


@dataclass
class Row:
    """One record: where it was (CSV line or list position), its type and id, and its checked values."""

    line: int
    record_type: str
    external_id: str
    values: dict[str, Any] = field(default_factory=dict)
    error: RowError | None = None


def source_checked(source: str) -> str:
    source = (source or "").strip().lower()
    if not SOURCE_RE.match(source):
        raise ApplicationError(BAD_SOURCE, {"code": "bad_source"})
    return source


def csv_records(content: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, row)]) of a CSV file; a file-level problem is an ApplicationError."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if "record_type" not in header or "external_id" not in header:
        raise ApplicationError(
            "The file needs a header row with at least the record_type and external_id columns.",
            {"code": "missing_column"},
        )
    reader.fieldnames = header
    rows = []
    try:
        for record in reader:
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in record.items() if k}))
            if len(rows) > MAX_ROWS:
                raise ApplicationError(
                    f"The file has more than {MAX_ROWS} rows; split it.", {"code": "too_many_rows"}
                )
    except csv.Error as exc:
        raise ApplicationError(
            f"The file is not valid CSV (line {reader.line_num}): {exc}.", {"code": "bad_csv"}
        ) from exc
    return header, rows


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _split(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(";")
    return sorted({str(item).strip() for item in items if str(item).strip()})


def _checked(record_type: str, raw: dict[str, Any], header: set[str]) -> dict[str, Any]:
    """The row's values for its type; raises RowError-carrying ValueError on the first problem."""
    values: dict[str, Any] = {}
    for name in REQUIRED[record_type]:
        if name not in header:
            raise _Bad("missing_column", f"The file has no {name} column, which {record_type} rows need.")
        if not str(raw.get(name) or "").strip():
            raise _Bad("missing_value", f"{name} is empty; {record_type} rows need it.")
    for name in (*REQUIRED[record_type], *OPTIONAL.get(record_type, ())):
        value = raw.get(name)
        if name in LIST_COLUMNS:  # None: the column is absent, so these links are not managed
            values[name] = _split(value) if name in header or name in raw else None
            continue
        text = str(value or "").strip()
        if len(text) > MAX_LENGTH.get(name, 100):
            raise _Bad("too_long", f"{name} is longer than {MAX_LENGTH.get(name, 100)} characters.")
        values[name] = text
    for name in ("starts_on", "ends_on", "birth_date"):
        if name in values:
            parsed = _parse_date(values[name])
            if parsed is None:
                raise _Bad("bad_date", f"{name} '{values[name]}' is not a date; write it as YYYY-MM-DD.")
            values[name] = parsed
    if record_type == "season" and values["ends_on"] <= values["starts_on"]:
        raise _Bad("bad_dates", "ends_on must be after starts_on.")
    if record_type == "dancer":
        born = values.pop("birth_date")
        if not 1900 < born.year <= date.today().year:
            raise _Bad("bad_date", f"birth_date {born.isoformat()} is not a plausible birth date.")
        values["birth_year"] = born.year  # data minimisation: only the year is kept
    if "email" in values:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise _Bad("bad_email", f"email '{values['email']}' is not an e-mail address.") from None
        values["email"] = values["email"].lower()
    return values


class _Bad(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.error = RowError(code, message)


def rows_checked(records: list[tuple[int, dict[str, Any]]], header: set[str] | None = None) -> list[Row]:
    """Every record checked on its own and against the others (one id per type and source)."""
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in records:
        record_type = str(raw.get("record_type") or "").strip().lower()
        external_id = str(raw.get("external_id") or "").strip()
        row = Row(line=line, record_type=record_type, external_id=external_id)
        rows.append(row)
        try:
            if record_type not in RECORD_TYPES:
                raise _Bad(
                    "bad_record_type", f"record_type '{record_type}' is not one of {', '.join(RECORD_TYPES)}."
                )
            if not external_id:
                raise _Bad(
                    "missing_value", "external_id is empty; every row needs its id in the source system."
                )
            if len(external_id) > MAX_LENGTH["external_id"]:
                raise _Bad("too_long", "external_id is longer than 100 characters.")
            earlier = seen.setdefault((record_type, external_id), line)
            if earlier != line:
                raise _Bad("duplicate_id", f"{record_type} {external_id} is already on line {earlier}.")
            row.values = _checked(
                record_type, raw, header if header is not None else set(raw) | set(REQUIRED_ALL)
            )
        except _Bad as bad:
            row.error = bad.error
    return rows
