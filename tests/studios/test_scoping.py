"""The tenancy base: one fail-closed mechanism, identical 404s, protected methods."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from rest_framework import viewsets

from studios.models import DancerProfile
from studios.scoping import StudioScopedMixin
from tests.conftest import client_for
from tests.world import World


def test_subclass_cannot_override_get_queryset() -> None:
    with pytest.raises(TypeError, match="must not override get_queryset"):

        class Leaky(StudioScopedMixin, viewsets.GenericViewSet):  # noqa: F841
            scoped_model = DancerProfile

            def get_queryset(self):  # noqa: ANN201
                return DancerProfile.objects.all()


@pytest.mark.parametrize("method", ["get_object", "get_permissions", "get_authenticators"])
def test_subclass_cannot_override_other_protected_methods(method: str) -> None:
    with pytest.raises(TypeError, match=f"must not override {method}"):
        type("Leaky", (StudioScopedMixin, viewsets.GenericViewSet), {method: lambda self: None})


@pytest.mark.django_db
def test_outsider_unknown_and_malformed_studio_ids_look_identical(world: World) -> None:
    client = client_for(world, "outsider")
    other = client.get(reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id}))
    unknown = client.get(reverse("dancer-list", kwargs={"studio_id": uuid.uuid4()}))
    malformed = client.get(reverse("dancer-list", kwargs={"studio_id": "not-a-uuid"}))
    assert other.status_code == unknown.status_code == malformed.status_code == 404
    assert other.json() == unknown.json() == malformed.json()


@pytest.mark.django_db
def test_foreign_object_in_own_studio_url_is_404(world: World) -> None:
    """Studio A's director asks for studio B's dancer under studio A's URL: not found."""
    client = client_for(world, "director")
    url = reverse(
        "dancer-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": world.b.dancer.public_id}
    )
    assert client.get(url).status_code == 404
    malformed = reverse("dancer-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": "1"})
    assert client.get(malformed).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("director", {"Ada", "Bea"}),
        ("teacher", {"Ada"}),
        ("other_teacher", {"Bea"}),
        ("dancer", {"Ada"}),
        ("other_dancer", {"Bea"}),
        ("guardian", {"Ada"}),
        ("other_guardian", {"Bea"}),
    ],
)
def test_dancer_list_is_exactly_what_the_policy_allows(world: World, role: str, expected: set[str]) -> None:
    response = client_for(world, role).get(
        reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id})
    )
    assert response.status_code == 200
    assert {row["first_name"] for row in response.json()["results"]} == expected


@pytest.mark.django_db
def test_studio_list_shows_only_own_studios(world: World) -> None:
    response = client_for(world, "director").get(reverse("studio-list"))
    assert [row["id"] for row in response.json()["results"]] == [str(world.a.studio.public_id)]
    assert response.json()["results"][0]["roles"] == ["director"]


@pytest.mark.django_db
def test_dancer_filters_stay_inside_the_scope(world: World) -> None:
    client = client_for(world, "director")
    url = reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id})
    by_class = client.get(url, {"class_id": str(world.a.class_group.public_id)}).json()["results"]
    assert [d["first_name"] for d in by_class] == ["Ada"]
    foreign_class = client.get(url, {"class_id": str(world.b.class_group.public_id)}).json()["results"]
    assert foreign_class == []
    assert [d["first_name"] for d in client.get(url, {"search": "bea"}).json()["results"]] == ["Bea"]
    # The teacher's filter cannot widen her view.
    teacher = client_for(world, "teacher").get(url, {"class_id": str(world.a.other_class.public_id)})
    assert teacher.json()["results"] == []
