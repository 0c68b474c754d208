"""Director classes: create with teachers and a bulk pick of dancers, edit, archive; guardian links."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from studios.models import ClassGroup
from tests.world import World

pytestmark = pytest.mark.django_db


def _director(world: World) -> Client:
    client = Client()
    client.force_login(world.a.director)
    return client


def test_director_creates_edits_and_archives_a_class(world: World) -> None:
    a = world.a
    client = _director(world)
    url = reverse("studio-classes", kwargs={"studio_id": a.studio.public_id})
    response = client.post(
        url,
        {
            "name": "Jazz I",
            "season": str(a.season.public_id),
            "teachers": [str(a.other_teacher.public_id)],
            "dancers": [str(a.dancer.public_id), str(a.other_dancer.public_id)],
        },
    )
    assert response.status_code == 302
    group = ClassGroup.objects.get(studio=a.studio, name="Jazz I")
    assert list(group.teachers.all()) == [a.other_teacher]
    assert set(group.dancers.all()) == {a.dancer, a.other_dancer}
    edit = reverse("studio-class-edit", kwargs={"studio_id": a.studio.public_id, "pk": group.public_id})
    client.post(
        edit, {"name": "Jazz II", "season": str(a.season.public_id), "dancers": [str(a.dancer.public_id)]}
    )
    group.refresh_from_db()
    assert group.name == "Jazz II" and list(group.dancers.all()) == [a.dancer] and not group.teachers.exists()
    client.post(
        reverse("studio-class-archive", kwargs={"studio_id": a.studio.public_id, "pk": group.public_id})
    )
    group.refresh_from_db()
    assert group.archived_at is not None
    assert "Archived classes" in client.get(url).content.decode()


def test_foreign_teacher_or_dancer_is_not_a_valid_choice(world: World) -> None:
    a, b = world.a, world.b
    response = _director(world).post(
        reverse("studio-classes", kwargs={"studio_id": a.studio.public_id}),
        {
            "name": "Leak",
            "season": str(a.season.public_id),
            "teachers": [str(b.teacher.public_id)],
            "dancers": [str(b.dancer.public_id)],
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ClassGroup.objects.filter(name="Leak").exists()


def test_director_links_several_guardians_to_a_dancer(world: World) -> None:
    a = world.a
    url = reverse(
        "studio-dancer-guardian", kwargs={"studio_id": a.studio.public_id, "pk": a.dancer.public_id}
    )
    _director(world).post(url, {"guardian": str(a.other_guardian.public_id)})
    assert set(a.dancer.guardians.all()) == {a.guardian, a.other_guardian}
    assert set(a.other_guardian.wards.all()) == {a.dancer, a.other_dancer}
    foreign = _director(world).post(url, {"guardian": str(world.b.guardian.public_id)})
    assert foreign.status_code == 302
    assert not a.dancer.guardians.filter(pk=world.b.guardian.pk).exists()


def test_an_archived_class_leaves_its_teachers_home_page(world: World) -> None:
    a = world.a
    teacher = Client()
    teacher.force_login(a.teacher)
    assert "Class: Ballet III" in teacher.get(reverse("home")).content.decode()
    _director(world).post(
        reverse(
            "studio-class-archive", kwargs={"studio_id": a.studio.public_id, "pk": a.class_group.public_id}
        )
    )
    assert "Class: Ballet III" not in teacher.get(reverse("home")).content.decode()
