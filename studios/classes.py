"""Director writes on classes: create, edit (name, season, teachers, dancers), the API's PATCH,
archive and restore; and the resolution of dancer / teacher ids from a payload inside the studio."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import ClassGroup, DancerProfile, Role, Season, Studio, User
from studios.people_policies import require_director, require_director_in
from studios.policies import Actor


def dancers_resolve(studio: Studio, dancer_ids: list) -> list[DancerProfile]:
    """Ids from a payload are resolved inside the studio: a foreign id is "not found", never attached."""
    dancers = list(DancerProfile.objects.filter(studio=studio, public_id__in=dancer_ids))
    if len(dancers) != len(set(map(str, dancer_ids))):
        raise NotFoundError("One or more dancers were not found in this studio.")
    return dancers


def teachers_resolve(studio: Studio, teacher_ids: list) -> list[User]:
    teachers = list(
        User.objects.filter(
            public_id__in=teacher_ids, memberships__studio=studio, memberships__role=Role.TEACHER
        ).distinct()
    )
    if len(teachers) != len(set(map(str, teacher_ids))):
        raise NotFoundError("One or more teachers were not found in this studio.")
    return teachers


def _check_same_studio(
    studio: Studio, season: Season, teachers: list[User], dancers: list[DancerProfile]
) -> None:
    """Everything attached to a class belongs to its studio: a foreign id is "not found", never attached."""
    if season.studio_id != studio.pk or any(d.studio_id != studio.pk for d in dancers):
        raise NotFoundError()
    teacher_ids = {t.pk for t in teachers}
    members = set(
        User.objects.filter(
            pk__in=teacher_ids, memberships__studio=studio, memberships__role="teacher"
        ).values_list("pk", flat=True)
    )
    if members != teacher_ids:
        raise NotFoundError("One or more teachers were not found in this studio.")


@transaction.atomic
def class_save(
    *,
    studio: Studio,
    actor: Actor,
    name: str,
    season: Season,
    teachers: list[User],
    dancers: list[DancerProfile],
    group: ClassGroup | None = None,
) -> ClassGroup:
    """Create a class, or update `group`, with exactly these teachers and dancers."""
    require_director(actor)
    _check_same_studio(studio, season, teachers, dancers)
    if group is None:
        group = ClassGroup(studio=studio)
    elif group.studio_id != studio.pk:
        raise NotFoundError()
    group.name, group.season = name, season
    group.full_clean()
    group.save()
    group.teachers.set(teachers)
    group.dancers.set(dancers)
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return group


@transaction.atomic
def class_update(
    *, studio: Studio, actor: Actor, group: ClassGroup, name: str | None = None, season_id: Any = None,
    teacher_ids: list | None = None, dancer_ids: list | None = None,
) -> ClassGroup:  # fmt: skip
    """The API's PATCH: only what is given changes (a list given replaces the class's list)."""
    require_director(actor)
    if group.studio_id != studio.pk:
        raise NotFoundError()
    season = group.season
    if season_id is not None:
        found = Season.objects.filter(studio=studio, public_id=season_id).first()
        if found is None:
            raise NotFoundError("Season not found in this studio.")
        season = found
    teachers = list(group.teachers.all()) if teacher_ids is None else teachers_resolve(studio, teacher_ids)
    dancers = list(group.dancers.all()) if dancer_ids is None else dancers_resolve(studio, dancer_ids)
    return class_save(
        studio=studio, actor=actor, group=group, name=group.name if name is None else name,
        season=season, teachers=teachers, dancers=dancers,
    )  # fmt: skip


def class_archive(*, studio: Studio, actor: Actor, group: ClassGroup) -> ClassGroup:
    return class_set_archived(studio=studio, actor=actor, group=group, archived=True)


def class_restore(*, studio: Studio, actor: Actor, group: ClassGroup) -> ClassGroup:
    return class_set_archived(studio=studio, actor=actor, group=group, archived=False)


@transaction.atomic
def class_set_archived(*, studio: Studio, actor: Actor, group: ClassGroup, archived: bool) -> ClassGroup:
    require_director_in(actor, studio, group)
    group.archived_at = timezone.now() if archived else None
    group.save(update_fields=["archived_at", "updated_at"])
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return group
