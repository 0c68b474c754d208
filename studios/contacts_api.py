"""Guardian and staff records from the studio's software (studios.Contact): list, read, PATCH,
archive, restore. Director only (they hold e-mail addresses); created by the roster sync."""

from __future__ import annotations

from typing import Any

import django_filters
from rest_framework import serializers

from studios import contacts
from studios.external_fields import ExternalIdFields
from studios.external_models import Contact
from studios.viewsets import Archivable, ExternalIdFilter, Patchable, ScopedReadViewSet

DIRECTOR = frozenset({"director"})


class ContactSerializer(ExternalIdFields):
    id = serializers.UUIDField(source="public_id", read_only=True)
    has_account = serializers.SerializerMethodField()
    wards = serializers.SerializerMethodField(help_text="Ids of the dancers a guardian record lists.")

    class Meta:
        model = Contact
        fields = ["id", "kind", "source", "external_id", "first_name", "last_name", "email"]
        fields += ["has_account", "wards", "archived_at"]
        read_only_fields = fields

    def get_has_account(self, contact: Contact) -> bool:
        return contact.user_id is not None

    def get_wards(self, contact: Contact) -> list[str]:
        return [str(ward.public_id) for ward in contact.wards.all()]


class ContactPatchSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    email = serializers.EmailField(required=False)


class ContactFilter(ExternalIdFilter):
    kind = django_filters.CharFilter(help_text="guardian or staff.")


class ContactViewSet(Patchable, Archivable, ScopedReadViewSet):
    """`?kind=guardian|staff`, `?source=` and `?external_id=` narrow the list. Archiving withdraws open
    invitations and removes what the record gave the linked account (wards, the teacher role)."""

    scoped_model = Contact
    dancer_lookup = None
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    read_roles = DIRECTOR
    write_roles = DIRECTOR
    patch_serializer = ContactPatchSerializer
    patch_service = contacts.contact_update
    archive_service = contacts.contact_archive
    restore_service = contacts.contact_restore
    object_kwarg = "contact"

    def safely_get_queryset(self, queryset: Any) -> Any:
        return queryset.prefetch_related("wards")
