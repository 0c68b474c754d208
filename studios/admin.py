"""Admin: superusers only (the operators of the service). Studio directors manage their studio in the
product's own pages (/s/<studio>/people/, classes, settings), never here: a studio-scoped admin could not
be made airtight (user permissions, is_staff/is_superuser, every picker)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from studios.models import (
    ClassGroup,
    DancerProfile,
    GuardianConsent,
    Invitation,
    Membership,
    Role,
    Season,
    Studio,
    User,
)


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


def directed_studio_ids(request: HttpRequest) -> list[int]:
    return list(
        Membership.objects.filter(user=request.user, role=Role.DIRECTOR).values_list("studio_id", flat=True)
    )


class StudioScopedAdmin(admin.ModelAdmin):
    """Fail-closed admin base: rows filtered by `studio_path` to the studios the staff user directs."""

    studio_path = "studio"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.studio_path}__in": directed_studio_ids(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "studio" and not request.user.is_superuser:
            kwargs["queryset"] = Studio.objects.filter(pk__in=directed_studio_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class StudioUserAdmin(UserAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(memberships__studio__in=directed_studio_ids(request)).distinct()


@admin.register(Studio)
class StudioAdmin(StudioScopedAdmin):
    studio_path = "pk"
    list_display = ["name", "timezone", "clip_retention_days", "created_at"]


@admin.register(Membership)
class MembershipAdmin(StudioScopedAdmin):
    list_display = ["user", "role", "studio"]
    list_filter = ["role"]


@admin.register(Season)
class SeasonAdmin(StudioScopedAdmin):
    list_display = ["name", "studio", "starts_on", "ends_on"]


@admin.register(DancerProfile)
class DancerAdmin(StudioScopedAdmin):
    list_display = ["full_name", "birth_year", "studio"]
    search_fields = ["first_name", "last_name"]
    filter_horizontal = ["guardians"]


@admin.register(ClassGroup)
class ClassGroupAdmin(StudioScopedAdmin):
    list_display = ["name", "season", "studio"]
    filter_horizontal = ["teachers", "dancers"]


@admin.register(GuardianConsent)
class GuardianConsentAdmin(StudioScopedAdmin):
    list_display = ["dancer", "guardian", "scope", "granted_at", "withdrawn_at"]


@admin.register(Invitation)
class InvitationAdmin(StudioScopedAdmin):
    list_display = ["email", "role", "studio", "expires_at", "accepted_at"]
    exclude = ["token"]
