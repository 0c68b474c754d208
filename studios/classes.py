"""Director writes on classes: create, edit (name, season, teachers, dancers), archive and restore."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from studiohealth.core.exceptions import NotFoundError
from studiohealth.core.versions import data_changed
from studios.models import ClassGroup, DancerProfile, Season, Studio, User
from studios.people_policies import require_director, require_director_in
from studios.policies import Actor


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
def class_set_archived(*, studio: Studio, actor: Actor, group: ClassGroup, archived: bool) -> ClassGroup:
    require_director_in(actor, studio, group)
    group.archived_at = timezone.now() if archived else None
    group.save(update_fields=["archived_at", "updated_at"])
    data_changed(studio_id=studio.pk)  # the dashboards' rows: all of them
    return group
