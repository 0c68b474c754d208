"""Admin for the library and programs. Superusers see everything; a staff director sees the global
library (read-only) plus their own studio's rows."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from programs.models import (
    Assignment,
    Exercise,
    ExerciseLog,
    Notification,
    PauseDay,
    Program,
    ProgramExercise,
    ReferralRequest,
)
from studios.admin import StudioScopedAdmin, directed_studio_ids


def dose_text(sets: int, reps: int | None, hold_s: int | None, per_side: bool = False) -> str:
    amount = f"{reps} reps" if reps else f"{hold_s} s hold" if hold_s else "—"
    return f"{sets} × {amount}{' per side' if per_side else ''}"


class LibraryAdmin(StudioScopedAdmin):
    """Global rows (studio empty) are shared by every studio: visible to directors, editable by superusers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(Q(studio__isnull=True) | Q(studio__in=directed_studio_ids(request)))

    def has_change_permission(self, request: HttpRequest, obj: Program | Exercise | None = None) -> bool:
        if obj is not None and obj.studio_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
    list_display = ["name", "target_muscles", "default_dose", "equipment", "is_technique_cue", "studio"]
    list_filter = ["is_technique_cue"]
    search_fields = ["name", "target_muscles"]
    fieldsets = [
        (None, {"fields": ["studio", "slug", "name", "target_muscles", "equipment", "is_technique_cue"]}),
        ("Dose", {"fields": ["default_sets", "default_reps", "default_hold_s", "per_side"]}),
        ("Teaching", {"fields": ["cues", "common_faults", "progressions"]}),
    ]

    @admin.display(description="Default dose")
    def default_dose(self, obj: Exercise) -> str:
        return dose_text(obj.default_sets, obj.default_reps, obj.default_hold_s, obj.per_side)


class ProgramExerciseInline(admin.TabularInline):
    model = ProgramExercise
    extra = 0
    fields = ["order", "exercise", "sets", "reps", "hold_s"]


@admin.register(Program)
class ProgramAdmin(LibraryAdmin):
    list_display = ["name", "sessions_per_week", "weeks", "studio"]
    inlines = [ProgramExerciseInline]


@admin.register(Assignment)
class AssignmentAdmin(StudioScopedAdmin):
    list_display = ["program", "dancer", "class_group", "starts_on", "ends_on", "paused_at", "ended_at"]
    raw_id_fields = ["dancer", "class_group", "program"]


@admin.register(ExerciseLog)
class ExerciseLogAdmin(StudioScopedAdmin):
    list_display = ["dancer", "exercise", "date", "set_number", "reps", "hold_s", "pain", "effort"]
    list_filter = ["date"]
    raw_id_fields = ["dancer", "assignment", "exercise"]


@admin.register(PauseDay)
class PauseDayAdmin(StudioScopedAdmin):
    list_display = ["dancer", "date", "kind"]


@admin.register(ReferralRequest)
class ReferralRequestAdmin(StudioScopedAdmin):
    list_display = ["dancer", "requested_by", "created_at"]


@admin.register(Notification)
class NotificationAdmin(StudioScopedAdmin):
    list_display = ["user", "kind", "week_start", "created_at", "read_at"]
