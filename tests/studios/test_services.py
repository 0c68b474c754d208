"""Studio services: payload ids resolved inside the studio, nothing written on refusal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios import services
from studios.models import ClassGroup, GuardianConsent, Invitation
from studios.policies import actor_for
from tests.conftest import client_for
from tests.world import World


@pytest.mark.django_db
def test_class_create_refuses_a_foreign_dancer_and_writes_nothing(world: World) -> None:
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    before = ClassGroup.objects.count()
    with pytest.raises(NotFoundError):
        services.class_create(
            studio=world.a.studio,
            actor=actor,
            season=world.a.season,
            name="Mixed",
            teacher_ids=[],
            dancer_ids=[world.a.dancer.public_id, world.b.dancer.public_id],
        )
    assert ClassGroup.objects.count() == before


@pytest.mark.django_db
def test_class_create_api_with_foreign_teacher_is_404_and_no_row(world: World) -> None:
    client = client_for(world, "director")
    before = ClassGroup.objects.count()
    response = client.post(
        reverse("class-list", kwargs={"studio_id": world.a.studio.public_id}),
        {
            "name": "Mixed",
            "season": str(world.a.season.public_id),
            "teachers": [str(world.b.teacher.public_id)],
        },
        format="json",
    )
    assert response.status_code == 404
    assert ClassGroup.objects.count() == before


@pytest.mark.django_db
def test_class_create_own_ids_is_allowed(world: World) -> None:
    client = client_for(world, "director")
    response = client.post(
        reverse("class-list", kwargs={"studio_id": world.a.studio.public_id}),
        {
            "name": "Mixed",
            "season": str(world.a.season.public_id),
            "teachers": [str(world.a.teacher.public_id)],
            "dancers": [str(world.a.dancer.public_id)],
        },
        format="json",
    )
    assert response.status_code == 201
    group = ClassGroup.objects.get(public_id=response.json()["id"])
    assert list(group.dancers.all()) == [world.a.dancer]


@pytest.mark.django_db
def test_invitation_for_foreign_dancer_is_refused(world: World) -> None:
    client = client_for(world, "director")
    response = client.post(
        reverse("invitation-list", kwargs={"studio_id": world.a.studio.public_id}),
        {"email": "p@example.test", "role": "guardian", "dancer": str(world.b.dancer.public_id)},
        format="json",
    )
    assert response.status_code == 404
    assert not Invitation.objects.filter(email="p@example.test").exists()


@pytest.mark.django_db
def test_consent_only_by_a_guardian_of_that_dancer(world: World) -> None:
    teacher = actor_for(user=world.a.teacher, studio=world.a.studio)
    with pytest.raises(PermissionDenied):
        services.consent_grant(studio=world.a.studio, actor=teacher, dancer=world.a.dancer)
    other_guardian = actor_for(user=world.a.other_guardian, studio=world.a.studio)
    with pytest.raises(NotFoundError):
        services.consent_grant(studio=world.a.studio, actor=other_guardian, dancer=world.a.dancer)
    assert not GuardianConsent.objects.exists()


@pytest.mark.django_db
def test_minor_without_consent_is_refused_and_adult_is_not(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.require_video_consent(world.a.dancer)
    assert refused.value.extra == {"code": "consent_required"}
    guardian = actor_for(user=world.a.guardian, studio=world.a.studio)
    services.consent_grant(studio=world.a.studio, actor=guardian, dancer=world.a.dancer, retention_days=90)
    services.require_video_consent(world.a.dancer)  # no longer raises
    world.a.other_dancer.birth_year = world.a.studio.today().year - 25
    services.require_video_consent(world.a.other_dancer)  # adults consent for themselves


@pytest.mark.django_db
def test_only_director_creates_seasons(world: World) -> None:
    teacher = actor_for(user=world.a.teacher, studio=world.a.studio)
    with pytest.raises(PermissionDenied):
        services.season_create(
            studio=world.a.studio,
            actor=teacher,
            name="x",
            starts_on=world.a.season.starts_on,
            ends_on=world.a.season.ends_on,
        )
