"""The tenancy base: one fail-closed mechanism, identical 404s, protected methods."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from studios.models import DancerProfile, Role
from studios.policies import Actor, can_manage_studio
from studios.scoping import DANGEROUS_PREFIX, StudioScopedMixin, dancer_visible_or_404, studio_page
from tests.conftest import client_for
from tests.permission_matrix.test_matrix import walk
from tests.world import World

# Every view that bypasses the studio scope, by class name and method. A new entry needs a review: it
# must say in its docstring why the scoped queryset cannot serve it.
DANGEROUS_USERS: set[tuple[str, str]] = set()


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


def test_a_mixin_placed_before_the_base_cannot_override_protected_methods() -> None:
    class WidensQueryset:
        def get_queryset(self):  # noqa: ANN201
            return DancerProfile.objects.all()

    with pytest.raises(TypeError, match=r"must not override get_queryset\(\) \(defined in WidensQueryset\)"):

        class Leaky(WidensQueryset, StudioScopedMixin, viewsets.GenericViewSet):  # noqa: F841
            scoped_model = DancerProfile


def test_a_mixin_placed_after_the_base_is_shadowed_and_allowed() -> None:
    class Harmless:
        def get_queryset(self):  # noqa: ANN201
            return DancerProfile.objects.all()

    class Fine(StudioScopedMixin, Harmless, viewsets.GenericViewSet):
        scoped_model = DancerProfile

    assert Fine.get_queryset is StudioScopedMixin.get_queryset


def _scoped_view_classes() -> set[type]:
    found: set[type] = set()
    for _, pattern in walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, StudioScopedMixin):
            found.add(view_class)
    return found


def test_the_users_of_the_dangerous_bypass_are_exactly_the_listed_ones() -> None:
    views = _scoped_view_classes()
    assert len(views) > 20  # the walk really reaches the studio-scoped API
    users = {
        (view.__name__, name)
        for view in views
        for klass in view.__mro__
        if klass is not StudioScopedMixin
        for name in vars(klass)
        if name.startswith(DANGEROUS_PREFIX)
    }
    assert users == DANGEROUS_USERS


class _DancerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = DancerProfile
        fields = ["first_name"]


class _EveryDancerInEveryStudio(StudioScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Test-only: what the escape hatch does, so a reviewer knows what a listed user can see."""

    scoped_model = DancerProfile
    serializer_class = _DancerNameSerializer

    def dangerously_get_queryset(self) -> QuerySet[DancerProfile]:
        return DancerProfile.objects.order_by("first_name")


@pytest.mark.django_db
def test_dangerously_get_queryset_replaces_the_scope_but_not_the_membership_check(world: World) -> None:
    view = _EveryDancerInEveryStudio.as_view({"get": "list"})
    studio_id = str(world.a.studio.public_id)

    def names(role: str) -> tuple[int, list[str]]:
        request = APIRequestFactory().get("/")
        force_authenticate(request, user=world.user(role))
        response = view(request, studio_id=studio_id)
        rows = response.data["results"] if response.status_code == 200 else []
        return response.status_code, [row["first_name"] for row in rows]

    status, seen = names("dancer")
    assert status == 200
    assert set(seen) >= {"Ada", "Bea"} and len(seen) == DancerProfile.objects.count() > 2  # studio B's too
    assert names("outsider")[0] == 404  # still a member of the URL's studio, or nothing


def _page(request: HttpRequest, actor: Actor) -> HttpResponse:
    return HttpResponse(",".join(sorted(actor.roles)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decorator", "role", "outcome"),
    [
        (studio_page, "dancer", 200),
        (studio_page(roles={Role.DIRECTOR}), "director", 200),
        (studio_page(roles={Role.DIRECTOR}), "teacher", 403),
        (studio_page(roles={Role.DIRECTOR, Role.TEACHER}), "teacher", 200),
        (studio_page(policy=can_manage_studio), "director", 200),
        (studio_page(policy=can_manage_studio), "guardian", 403),
        (studio_page(roles={Role.DIRECTOR}), "outsider", 404),
        (studio_page, "outsider", 404),
    ],
)
def test_studio_page_declares_roles_outsiders_404_before_roles_403(
    world: World,
    decorator,
    role: str,
    outcome: int,  # noqa: ANN001
) -> None:
    request = RequestFactory().get("/")
    request.user = world.user(role)
    view = decorator(_page)
    if outcome == 404:
        with pytest.raises(Http404):
            view(request, str(world.a.studio.public_id))
    elif outcome == 403:
        with pytest.raises(PermissionDenied):
            view(request, str(world.a.studio.public_id))
    else:
        response = view(request, str(world.a.studio.public_id))
        assert response.status_code == 200 and role in response.content.decode()


@pytest.mark.django_db
def test_dancer_visible_or_404_hides_foreign_hidden_unknown_and_malformed_ids_alike(world: World) -> None:
    director = Actor(user=world.a.director, studio=world.a.studio, roles=frozenset({Role.DIRECTOR}))
    teacher = Actor(user=world.a.teacher, studio=world.a.studio, roles=frozenset({Role.TEACHER}))
    assert dancer_visible_or_404(actor=teacher, public_id=str(world.a.dancer.public_id)) == world.a.dancer
    for actor, public_id in [
        (teacher, world.a.other_dancer.public_id),  # in the studio, not in her classes
        (director, world.b.dancer.public_id),  # another studio's dancer
        (director, uuid.uuid4()),
        (director, "not-a-uuid"),
    ]:
        with pytest.raises(Http404) as raised:
            dancer_visible_or_404(actor=actor, public_id=public_id)
        assert raised.value.message == "Dancer not found in this studio."  # the API renders this


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
