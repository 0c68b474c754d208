"""Guardian and staff records from the studio's software (studios.Contact): list, read, PATCH,
archive, restore. Director only (they hold e-mail addresses); created by the roster sync."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from studiohealth.core.api import validated_input
from studios import contacts
from studios.external_fields import ExternalIdFields
from studios.external_models import Contact
from studios.lifecycle_api import Archivable
from studios.scoping import StudioScopedMixin

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


class ContactViewSet(
    StudioScopedMixin, Archivable, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """`?kind=guardian|staff` and `?source=` narrow the list."""

    scoped_model = Contact
    dancer_lookup = None
    serializer_class = ContactSerializer
    read_roles = DIRECTOR
    write_roles = DIRECTOR

    def safely_get_queryset(self, queryset: Any) -> Any:
        params = self.request.query_params
        for name in ("kind", "source"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        return queryset.prefetch_related("wards")

    @extend_schema(request=ContactPatchSerializer)
    def partial_update(self, request: Request, studio_id: str, pk: str) -> Response:
        values = validated_input(request, ContactPatchSerializer)
        contact = contacts.contact_update(
            studio=self.studio, actor=self.actor, contact=self.get_object(), **values
        )
        return Response(ContactSerializer(contact).data)

    def _archived(self, archived: bool) -> Response:
        """Archive: open invitations withdrawn, the account's wards or teacher role removed."""
        change = contacts.contact_archive if archived else contacts.contact_restore
        return Response(
            ContactSerializer(change(studio=self.studio, actor=self.actor, contact=self.get_object())).data
        )
