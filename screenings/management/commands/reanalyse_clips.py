"""Re-run a season's clips with the current engine version (earlier results are kept).

python manage.py reanalyse_clips --studio <uuid> [--season <uuid>] [--engine-version X] [--dry-run]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screenings import services
from screenings.models import Clip
from studios.models import Season, Studio
from workers.result import ENGINE_VERSION


class Command(BaseCommand):
    help = "Queue a new analysis for every clip (with its file) that has none for the engine version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--studio", required=True, help="studio public id")
        parser.add_argument("--season", help="season public id (default: every season)")
        parser.add_argument("--engine-version", default=ENGINE_VERSION)
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
