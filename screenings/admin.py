"""Admin for screenings: read-mostly; the one action re-runs clips with the current engine."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from screenings import services
from screenings.models import Analysis, Clip, Screening
from studios.admin import StudioScopedAdmin
from workers.result import ENGINE_VERSION


@admin.register(Screening)
class ScreeningAdmin(StudioScopedAdmin):
    list_display = ["dancer", "date", "season", "studio"]
    list_filter = ["season"]
    date_hierarchy = "date"


@admin.action(description=f"Re-analyse with the current engine ({ENGINE_VERSION}); earlier results stay")
def reanalyse(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Clip]) -> None:
    created = 0
    for clip in queryset.select_related("studio"):
        created += len(services.analyses_create_for_engine(studio=clip.studio, clips=[clip]))
    modeladmin.message_user(request, f"Queued {created} new analyses.", messages.SUCCESS)


@admin.register(Clip)
class ClipAdmin(StudioScopedAdmin):
    list_display = [
        "dancer",
        "test",
        "created_at",
        "size_bytes",
        "duration_s",
        "retention_until",
        "file_deleted_at",
    ]
    list_filter = ["test"]
    readonly_fields = ["file", "checksum", "container", "size_bytes", "duration_s", "fps", "width", "height"]
    actions = [reanalyse]


@admin.register(Analysis)
class AnalysisAdmin(StudioScopedAdmin):
    list_display = ["clip", "engine_version", "state", "attempts", "progress", "reason", "finished_at"]
    list_filter = ["state", "engine_version", "test"]
    readonly_fields = ["result", "claimed_by", "lease_expires_at", "last_error"]
