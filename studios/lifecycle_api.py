"""PATCH, archive and restore for seasons, dancers and classes: mixins the studios viewsets take
(they keep their own tenancy base and serializers; the output is the viewset's serializer)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from studiohealth.core.api import validated_input
from studiohealth.core.exceptions import NotFoundError
from studios import classes, lifecycle, people
from studios.models import DancerProfile, Season, User
from studios.services import _resolve_dancers, _resolve_teachers


class SeasonPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class DancerPatchSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False)


class ClassPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    season = serializers.UUIDField(required=False)
    teachers = serializers.ListField(child=serializers.UUIDField(), required=False)
    dancers = serializers.ListField(child=serializers.UUIDField(), required=False)


class _Lifecycle:
    """Shared by the three: the viewset's own serializer renders the result."""

    def _answer(self, obj: Any) -> Response:
        return Response(self.get_serializer(obj).data)  # type: ignore[attr-defined]


class Archivable(_Lifecycle):
    """archive / restore actions; the subclass says what archiving means (its service)."""

    def _archived(self, archived: bool) -> Response:
        raise NotImplementedError

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, studio_id: str, pk: str) -> Response:
        """Out of current lists (rosters, classes, compliance); kept for history and still erasable."""
        return self._archived(True)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, studio_id: str, pk: str) -> Response:
        return self._archived(False)


class SeasonLifecycle(_Lifecycle):
    @extend_schema(request=SeasonPatchSerializer)
    def partial_update(self, request: Request, studio_id: str, pk: str) -> Response:
        values = validated_input(request, SeasonPatchSerializer)
        view: Any = self
        season = lifecycle.season_update(
            studio=view.studio, actor=view.actor, season=view.get_object(), **values
        )
        return self._answer(season)


class DancerLifecycle(Archivable):
    @extend_schema(request=DancerPatchSerializer)
    def partial_update(self, request: Request, studio_id: str, pk: str) -> Response:
        values = validated_input(request, DancerPatchSerializer)
        view: Any = self
        dancer = lifecycle.dancer_update(
            studio=view.studio, actor=view.actor, dancer=view.get_object(), **values
        )
        return self._answer(dancer)

    def _archived(self, archived: bool) -> Response:
        view: Any = self
        change = people.dancer_archive if archived else people.dancer_restore
        return self._answer(change(studio=view.studio, actor=view.actor, dancer=view.get_object()))


class ClassLifecycle(Archivable):
    @extend_schema(request=ClassPatchSerializer)
    def partial_update(self, request: Request, studio_id: str, pk: str) -> Response:
        values = validated_input(request, ClassPatchSerializer)
        view: Any = self
        group = view.get_object()
        season = group.season
        if "season" in values:
            season = Season.objects.filter(studio=view.studio, public_id=values["season"]).first()
            if season is None:
                raise NotFoundError("Season not found in this studio.")
        teachers: list[User] = list(group.teachers.all())
        if "teachers" in values:
            teachers = _resolve_teachers(view.studio, values["teachers"])
        dancers: list[DancerProfile] = list(group.dancers.all())
        if "dancers" in values:
            dancers = _resolve_dancers(view.studio, values["dancers"])
        group = classes.class_save(
            studio=view.studio,
            actor=view.actor,
            group=group,
            name=values.get("name", group.name),
            season=season,
            teachers=teachers,
            dancers=dancers,
        )
        return self._answer(group)

    def _archived(self, archived: bool) -> Response:
        view: Any = self
        group = view.get_object()
        return self._answer(
            classes.class_set_archived(studio=view.studio, actor=view.actor, group=group, archived=archived)
        )
