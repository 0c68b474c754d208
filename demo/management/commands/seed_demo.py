"""Seed the demo studio: people, programs and logs, a season of screenings, one real engine run."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programs.demo import seed_programs
from screenings.demo import seed_screenings
from studios.demo import DEMO_PASSWORD, seed_people


class Command(BaseCommand):
    help = "Create (or refresh) the demo studio with people, programs, logs and screenings."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--without-engine-runs",
            action="store_true",
            help="Seed people, programs and logs only (no screenings, no engine): a fast start for tests.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        with transaction.atomic():
            demo = seed_people(today)
            seed_programs(demo, today)
        # Outside the transaction: real engine runs take a while (seeded rows are atomic inside).
        for run in [] if options["without_engine_runs"] else seed_screenings(demo, today):
            self.stdout.write(f"Engine run on {run.clip.original_name}: {run.state} {run.reason}".rstrip())
        self.stdout.write(
            self.style.SUCCESS(f"Demo studio: {demo.studio.name} ({len(demo.dancers)} dancers)")
        )
        self.stdout.write(f"Log in at /login/ with password {DEMO_PASSWORD!r} as:")
        for username, what in demo.logins:
            self.stdout.write(f"  {username:<12} {what}")
