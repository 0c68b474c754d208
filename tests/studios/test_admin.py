"""Admin is studio-scoped for staff directors who are not superusers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.world import World


@pytest.mark.django_db
def test_staff_director_sees_only_own_studio_in_admin(world: World) -> None:
    director = world.a.director
    director.is_staff = True
    director.save()
    director.user_permissions.add(*Permission.objects.filter(content_type__app_label="studios"))
    client = Client()
    client.force_login(director)
    page = client.get("/admin/studios/dancerprofile/")
    assert page.status_code == 200
    text = page.content.decode()
    assert world.a.dancer.last_name in text
    assert world.b.dancer.last_name not in text
    foreign = client.get(f"/admin/studios/dancerprofile/{world.b.dancer.pk}/change/")
    assert foreign.status_code == 302  # admin redirects a missing object to the index with a message
    assert client.get("/admin/studios/studio/").content.decode().count("/change/") == 1
