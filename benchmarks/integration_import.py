"""Roster import benchmark: a 2,000-row CSV dry run, apply, and re-import (target: seconds each),
with the SQL query count of each step.

    TEST_DATABASE_NAME=bench_import python benchmarks/integration_import.py [--rows 2000] [--repeat 3]

Creates a throw-away PostgreSQL database (test settings, DATABASE_URL), builds the example roster
file (integrations/roster_sample.py: one season, teachers, families, dancers, classes and one place
per dancer), then per repeat on a fresh studio: uploads it (dry run), applies it (one transaction,
invitations e-mailed to the locmem outbox), and uploads + applies it again (0 changes). Prints a
table and drops the database. Not a test: timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studiohealth.settings.test")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_import")


def sizes(rows: int) -> dict[str, int]:
    """Record counts adding up to `rows`: per dancer one dancer row and one place; a family per
    ~3.4 dancers, a class per ~21, a teacher per 4 classes (2,000 → 850 dancers, 250 families)."""
    dancers = round(rows * 0.425)
    classes = max(1, round(dancers / 21))
    staff = max(1, round(classes / 4))
    guardians = rows - 1 - staff - classes - 2 * dancers
    return {"dancers": dancers, "guardians": guardians, "classes": classes, "staff": staff}


def one_run(n: int, content: str, counts: dict[str, int], results: dict[str, list[tuple[float, int]]]) -> int:
    """Dry run, apply and re-import on a fresh studio; the number of invitations e-mailed."""
    from django.core import mail
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from integrations.roster_services import roster_import_apply, roster_import_create
    from studios.models import DancerProfile
    from studios.policies import actor_for
    from tests.world import build_tenant

    tenant = build_tenant(f"bench{n}")
    actor = actor_for(user=tenant.director, studio=tenant.studio)
    assert actor is not None
    mail.outbox = []
    n_rows = content.count("\n") - 1

    def step(name: str, fn):  # noqa: ANN001, ANN202
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            with transaction.atomic():
                out = fn()
            elapsed = time.perf_counter() - start
        results[name].append((elapsed, len(queries)))
        return out

    def upload():  # noqa: ANN202
        return roster_import_create(studio=tenant.studio, actor=actor, source="csv", content=content)

    def apply(roster):  # noqa: ANN001, ANN202
        return roster_import_apply(studio=tenant.studio, actor=actor, roster=roster, link_base="http://x/")

    roster = step("dry run", upload)
    assert roster.report["counts"]["create"] == n_rows, roster.report["counts"]
    step("apply", lambda: apply(roster))
    assert DancerProfile.objects.filter(studio=tenant.studio, source="csv").count() == counts["dancers"]
    invitations = len(mail.outbox)
    second = step("re-import (dry run + apply)", lambda: apply(upload()))
    changed = {k: v for k, v in second.report["counts"].items() if k != "unchanged" and v}
    assert not changed, changed
    return invitations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # locmem e-mail outbox
    import logging

    logging.disable(logging.WARNING)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from django.urls import reverse

        from integrations.roster_sample import roster_csv, roster_sample_records

        reverse("home")  # load the URL conf first, as a running server has (the e-mails reverse links)
        counts = sizes(args.rows)
        content = roster_csv(roster_sample_records(**counts))
        n_rows = content.count("\n") - 1
        print(f"file: {n_rows} rows ({counts}), {len(content) / 1024:.0f} KiB")
        results: dict[str, list[tuple[float, int]]] = {
            "dry run": [],
            "apply": [],
            "re-import (dry run + apply)": [],
        }
        for n in range(args.repeat):
            invitations = one_run(n, content, counts, results)
        print(f"invitations e-mailed on apply: {invitations} (one per family and teacher)")
        print(f"{'step':<30} {'median s':>9} {'min s':>7} {'max s':>7} {'queries':>8}")
        for name, runs in results.items():
            times = [t for t, _ in runs]
            print(
                f"{name:<30} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f} "
                f"{runs[-1][1]:>8}"
            )
        print("re-import: 0 creates, 0 updates, 0 archives")
        print("target: each step in seconds (docs/integration.md)")
    finally:
        connection.creation.destroy_test_db(os.environ["TEST_DATABASE_NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
