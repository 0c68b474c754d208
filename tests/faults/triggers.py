"""Faults injected in PostgreSQL itself: a plpgsql trigger on a table for one test, always dropped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def injected_trigger(name: str, *, table: str, when: str, body: str, once: bool = False) -> Iterator[None]:
    """Trigger (and function) `name` on `table`, firing `when` ("BEFORE INSERT") FOR EACH ROW with
    the plpgsql `body`; `once` adds the sequence `<name>_once`, which a failed statement does not roll
    back, so a body can fire its fault exactly once. Dropped afterwards, also when the test fails."""
    sequence = f"CREATE SEQUENCE {name}_once;\n" if once else ""
    with connection.cursor() as cur:
        cur.execute(
            f"{sequence}CREATE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n{body}\nEND $$ LANGUAGE plpgsql;\n"
            f"CREATE TRIGGER {name} {when} ON {table}\n    FOR EACH ROW EXECUTE FUNCTION {name}();"
        )
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(
                f"DROP TRIGGER IF EXISTS {name} ON {table};\nDROP FUNCTION IF EXISTS {name}();\n"
                + (f"DROP SEQUENCE IF EXISTS {name}_once;" if once else "")
            )
