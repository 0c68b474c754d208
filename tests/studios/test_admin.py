"""The admin is for superusers only: a studio director with is_staff and every permission gets nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.world import World


@pytest.mark.django_db
def test_staff_director_cannot_use_the_admin(world: World) -> None:
    director = world.a.director
    director.is_staff = True
    director.save()
    director.user_permissions.add(*Permission.objects.all())
    client = Client()
    client.force_login(director)
    for url in (
        "/admin/",
        "/admin/studios/dancerprofile/",
        f"/admin/studios/user/{world.a.teacher.pk}/change/",
        f"/admin/studios/user/{world.b.director.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    response = client.post(f"/admin/studios/user/{world.a.teacher.pk}/change/", {"is_superuser": "on"})
    assert response.status_code == 302
    world.a.teacher.refresh_from_db()
    assert not world.a.teacher.is_superuser


@pytest.mark.django_db
def test_superuser_uses_the_admin(world: World) -> None:
    operator = world.a.director
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client = Client()
    client.force_login(operator)
    page = client.get("/admin/studios/dancerprofile/")
    assert page.status_code == 200
    assert (
        world.a.dancer.last_name in page.content.decode()
        and world.b.dancer.last_name in page.content.decode()
    )
