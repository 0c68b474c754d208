"""Re-run a studio's clips with the current engine version (earlier results are kept).

python manage.py reanalyse_clips --studio <uuid> [--season <uuid>] [--engine-version X] [--run-now] [--dry-run]

Clips with a stored file get a queued analysis for the version (the worker runs it; with
`--run-now` this process runs them through the same task code). The demo's clips read from
../shared/clips (never stored) are re-run here with the engine in this process. Each clip then has
one result per engine version: pages show the newest, the older ones stay for comparison.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screenings import demo, services, tasks
from screenings.models import Clip
from studios.models import Season, Studio
from workers.result import ENGINE_VERSION


class Command(BaseCommand):
    help = "Queue a new analysis for every clip (with its file) that has none for the engine version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--studio", required=True, help="studio public id")
        parser.add_argument("--season", help="season public id (default: every season)")
        parser.add_argument("--engine-version", default=ENGINE_VERSION)
        parser.add_argument("--run-now", action="store_true", help="run the analyses in this process")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        studio = Studio.objects.filter(public_id=options["studio"]).first()
        if studio is None:
            raise CommandError("studio not found")
        clips = Clip.objects.filter(studio=studio, file_deleted_at__isnull=True).exclude(file="")
        if options["season"]:
            season = Season.objects.filter(studio=studio, public_id=options["season"]).first()
            if season is None:
                raise CommandError("season not found in this studio")
            clips = clips.filter(screening__season=season)
        version = options["engine_version"]
        todo = clips.exclude(analyses__engine_version=version).select_related("dancer")
        if options["dry_run"]:
            self.stdout.write(f"{todo.count()} clips would be re-analysed with engine {version}")
            return
        created = services.analyses_create_for_engine(studio=studio, clips=list(todo), engine_version=version)
        self.stdout.write(self.style.SUCCESS(f"queued {len(created)} analyses with engine {version}"))
        if options["run_now"]:
            for analysis in created:
                tasks.analyse_clip.apply(args=[analysis.pk])  # the worker's own code, in this process
            self.stdout.write(f"ran {len(created)} analyses in this process")
        if not options["season"]:
            shared = demo.reanalyse_shared_clips(studio=studio, engine_version=version)
            if shared:
                self.stdout.write(f"re-ran {len(shared)} demo clips from ../shared/clips")
