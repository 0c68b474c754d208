"""People: teachers see only the people of their classes; director role changes, removal, archive."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from studios.models import Membership, Role
from studios.people import LAST_DIRECTOR
from tests.conftest import client_for
from tests.world import World

pytestmark = pytest.mark.django_db


def _names(world: World, role: str) -> set[str]:
    response = client_for(world, role).get(
        reverse("membership-list", kwargs={"studio_id": world.a.studio.public_id}), {"limit": 200}
    )
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


def test_teacher_lists_only_the_people_of_their_classes(world: World) -> None:
    a = world.a
    seen = _names(world, "teacher")
    assert seen == {str(u) for u in (a.director, a.teacher, a.dancer_user, a.guardian)}
    assert str(a.other_guardian) not in seen and str(a.other_dancer_user) not in seen
    everyone = _names(world, "director")
    assert len(everyone) == 7


def _people(client: Client, world: World, **query: str) -> str:
    response = client.get(reverse("studio-people", kwargs={"studio_id": world.a.studio.public_id}), query)
    assert response.status_code == 200
    return response.content.decode()


def test_director_searches_changes_a_role_and_removes(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.director)
    assert a.other_teacher.last_name in _people(client, world)
    assert a.other_teacher.last_name not in _people(client, world, q=a.teacher.last_name)
    membership = Membership.objects.get(studio=a.studio, user=a.other_teacher)
    url = reverse("studio-member-role", kwargs={"studio_id": a.studio.public_id, "pk": membership.public_id})
    client.post(url, {"role": Role.DIRECTOR})
    membership.refresh_from_db()
    assert membership.role == Role.DIRECTOR
    assert not a.other_class.teachers.filter(
        pk=a.other_teacher.pk
    ).exists()  # a role change drops its classes
    own = Membership.objects.get(studio=a.studio, user=a.director)
    remove = reverse("studio-member-remove", kwargs={"studio_id": a.studio.public_id, "pk": own.public_id})
    client.post(remove)
    assert not Membership.objects.filter(pk=own.pk).exists()  # another director remains


def test_the_last_director_cannot_be_removed(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.director)
    own = Membership.objects.get(studio=a.studio, user=a.director)
    remove = reverse("studio-member-remove", kwargs={"studio_id": a.studio.public_id, "pk": own.public_id})
    page = client.post(remove, follow=True)
    assert LAST_DIRECTOR in page.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_director_archives_and_restores_a_dancer(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.director)
    kwargs = {"studio_id": a.studio.public_id, "pk": a.other_dancer.public_id}
    page = client.post(reverse("studio-dancer-archive", kwargs=kwargs), follow=True).content.decode()
    a.other_dancer.refresh_from_db()
    assert a.other_dancer.archived_at is not None
    assert "Archived dancers" in page and "archived: kept for history" in page
    client.post(reverse("studio-dancer-restore", kwargs=kwargs))
    a.other_dancer.refresh_from_db()
    assert a.other_dancer.archived_at is None


def test_teacher_with_no_class_is_told_so_and_gets_no_dead_links(world: World) -> None:
    a = world.a
    a.other_class.teachers.remove(a.other_teacher)
    client = Client()
    client.force_login(a.other_teacher)
    home = client.get(reverse("home")).content.decode()
    assert "You have no class yet — ask your director" in home
    assert "Film a screening" not in home and "Assign a program" not in home
    teacher_home = Client()
    teacher_home.force_login(a.teacher)
    assert "Film a screening" in teacher_home.get(reverse("home")).content.decode()


def test_error_pages_are_styled_and_say_why(world: World) -> None:
    client = Client()
    client.force_login(world.a.other_teacher)
    world.a.other_class.teachers.remove(world.a.other_teacher)
    forbidden = client.get(reverse("screening-upload", kwargs={"studio_id": world.a.studio.public_id}))
    assert forbidden.status_code == 403
    text = forbidden.content.decode()
    assert "You can upload clips only for yourself or for dancers in your classes." in text
    assert "Back to your studios" in text and "app.css" in text
    missing = client.get(reverse("studio-people", kwargs={"studio_id": world.b.studio.public_id}))
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode() and "Studio B" not in missing.content.decode()


@pytest.mark.urls("tests.studios.urls_fault")
def test_server_error_page_blames_us_not_the_dancer() -> None:
    response = Client(raise_request_exception=False).get("/fault/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text and "not because of anything you did" in text
    assert "Traceback" not in text
