"""PATCH for every studio object that has a create (docs/integration.md "Objects"), through the API
on real PostgreSQL: the change, a refusal with its message, another studio's row → the same 404;
and the partner's lookup `?source=&external_id=` on dancers, classes, seasons and contacts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.services import api_key_create, api_key_revoke
from integrations.webhook_models import WebhookSubscription
from integrations.webhooks import webhook_subscription_create
from programs.history import AssignmentEvent
from programs.library import GLUTE_MED_FOUNDATIONS, library_ensure
from programs.models import Assignment, Program
from programs.services import ASSIGNMENT_ENDED, ENDS_BEFORE_START
from screenings.models import Screening
from studios.external_models import Contact
from studios.invitations import NEEDS_DANCER, REVOKED_NOT_EDITABLE, find_open_invitation
from studios.models import Role, Season
from studios.policies import actor_for
from tests.conftest import client_for
from tests.studios.invites import director_actor, invite
from tests.world import Tenant, World

pytestmark = pytest.mark.django_db


def _url(world: World, name: str, pk: Any) -> str:
    return reverse(name, kwargs={"studio_id": world.a.studio.public_id, "pk": pk})


def _patch(client: APIClient, url: str, body: dict[str, Any]) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the re-sent invitation e-mail goes after commit
        return client.patch(url, body, format="json")


def _assignment(t: Tenant, **values: Any) -> Assignment:
    library_ensure()
    template = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
    start = t.studio.today() - timedelta(days=7)
    return Assignment.objects.create(
        studio=t.studio, program=template, dancer=t.dancer, starts_on=start,
        ends_on=start + timedelta(weeks=6), **values,
    )  # fmt: skip


def _screening(t: Tenant) -> Screening:
    return Screening.objects.create(
        studio=t.studio, dancer=t.dancer, season=t.season, date=t.season.starts_on
    )


def _subscription(t: Tenant) -> WebhookSubscription:
    subscription, _ = webhook_subscription_create(
        studio=t.studio, actor=director_actor(t), url="http://127.0.0.1:9/hook", events=["analysis.failed"]
    )
    return subscription


# Another studio's row of each kind, PATCHed under studio A's URL: the outsider's 404, row unchanged.
FOREIGN: dict[str, Any] = {
    "season-detail": (lambda w: w.b.season, {"name": "Hijack"}),
    "dancer-detail": (lambda w: w.b.dancer, {"last_name": "Hijack"}),
    "class-detail": (lambda w: w.b.class_group, {"name": "Hijack"}),
    "invitation-detail": (
        lambda w: invite(w.b, email="b@example.test", role=Role.TEACHER)[0],
        {"role": "director"},
    ),
    "api-key-detail": (
        lambda w: api_key_create(studio=w.b.studio, actor=director_actor(w.b), name="b", scope="read")[0],
        {"scope": "write"},
    ),
    "webhook-detail": (lambda w: _subscription(w.b), {"active": False}),
    "assignment-detail": (lambda w: _assignment(w.b), {"sessions_per_week": 6}),
    "screening-detail": (lambda w: _screening(w.b), {"notes": "Hijack"}),
}


@pytest.mark.parametrize("route", FOREIGN)
def test_another_studios_row_is_not_found_and_unchanged(world: World, route: str) -> None:
    make, body = FOREIGN[route]
    row = make(world)
    before = type(row).objects.filter(pk=row.pk).values().get()
    response = _patch(client_for(world, "director"), _url(world, route, row.public_id), body)
    assert response.status_code == 404
    assert b"Studio B" not in response.content
    after = type(row).objects.filter(pk=row.pk).values().get()
    assert after == before


def test_class_patch_resolves_ids_in_the_studio(world: World) -> None:
    client, url = client_for(world, "director"), _url(world, "class-detail", world.a.class_group.public_id)
    foreign_season = _patch(client, url, {"season": str(world.b.season.public_id)})
    assert foreign_season.status_code == 404
    assert foreign_season.data["message"] == "Season not found in this studio."
    foreign_teacher = _patch(client, url, {"teachers": [str(world.b.teacher.public_id)]})
    assert foreign_teacher.status_code == 404
    assert foreign_teacher.data["message"] == "One or more teachers were not found in this studio."
    foreign_dancer = _patch(client, url, {"dancers": [str(world.b.dancer.public_id)]})
    assert foreign_dancer.data["message"] == "One or more dancers were not found in this studio."
    group = world.a.class_group
    assert set(group.teachers.all()) == {world.a.teacher} and world.b.dancer not in group.dancers.all()

    summer = Season.objects.create(
        studio=world.a.studio, name="Summer", starts_on=world.a.season.ends_on + timedelta(days=1),
        ends_on=world.a.season.ends_on + timedelta(days=60),
    )  # fmt: skip
    teachers = [str(world.a.teacher.public_id), str(world.a.other_teacher.public_id)]
    changed = _patch(client, url, {"name": "Ballet 3", "season": str(summer.public_id), "teachers": teachers})
    assert changed.status_code == 200, changed.data
    assert (changed.data["name"], changed.data["season"]) == ("Ballet 3", str(summer.public_id))
    group.refresh_from_db()
    assert set(group.teachers.all()) == {world.a.teacher, world.a.other_teacher}
    assert world.a.dancer in group.dancers.all()  # not sent: unchanged


def test_invitation_patch_reissues_the_link_for_a_new_address(world: World) -> None:
    invitation, old_token = invite(world.a, email="old@example.test", role=Role.TEACHER)
    client, url = client_for(world, "director"), _url(world, "invitation-detail", invitation.public_id)
    sent = len(mail.outbox)
    response = _patch(client, url, {"email": "new@example.test"})
    assert response.status_code == 200, response.data
    assert response.data["email"] == "new@example.test" and response.data["send_count"] == 2
    assert find_open_invitation(token=old_token) is None  # the old link stopped working
    assert [m.to for m in mail.outbox[sent:]] == [["new@example.test"]]
    assert "link" not in response.data and "token" not in str(response.data)

    needs_dancer = _patch(client, url, {"role": "guardian"})
    assert needs_dancer.status_code == 400 and needs_dancer.data["message"] == NEEDS_DANCER
    guardian = _patch(client, url, {"role": "guardian", "dancer": str(world.a.dancer.public_id)})
    assert guardian.status_code == 200 and guardian.data["dancer"] == str(world.a.dancer.public_id)
    assert len(mail.outbox) == sent + 2
    foreign_dancer = _patch(client, url, {"dancer": str(world.b.dancer.public_id)})
    assert foreign_dancer.status_code == 404

    client.post(
        reverse(
            "invitation-revoke", kwargs={"studio_id": world.a.studio.public_id, "pk": invitation.public_id}
        )
    )
    revoked = _patch(client, url, {"email": "again@example.test"})
    assert revoked.status_code == 400 and revoked.data["message"] == REVOKED_NOT_EDITABLE


def test_api_key_patch_renames_and_rescopes_but_never_shows_the_key(world: World) -> None:
    key, plain = api_key_create(
        studio=world.a.studio, actor=director_actor(world.a), name="Sync", scope="read"
    )
    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    season_url = _url(world, "season-detail", world.a.season.public_id)
    assert machine.patch(season_url, {"name": "By key"}, format="json").status_code == 403
    client, url = client_for(world, "director"), _url(world, "api-key-detail", key.public_id)
    response = _patch(client, url, {"name": "Jackrabbit", "scope": "write"})
    assert response.status_code == 200, response.data
    assert (response.data["name"], response.data["scope"]) == ("Jackrabbit", "write")
    assert "key" not in response.data and plain not in str(response.data)
    assert machine.patch(season_url, {"name": "By key"}, format="json").status_code == 200  # now it writes
    assert machine.patch(url, {"scope": "read"}, format="json").status_code == 403  # keys never manage keys

    api_key_revoke(studio=world.a.studio, actor=director_actor(world.a), key=key)
    revoked = _patch(client, url, {"name": "Back"})
    assert revoked.status_code == 400 and "revoked" in revoked.data["message"]


def test_webhook_patch_checks_the_url_and_re_enables(world: World) -> None:
    subscription = _subscription(world.a)
    subscription.active, subscription.disabled_at = False, timezone.now()
    subscription.disabled_reason = "no 2xx answer for 9 attempts"
    subscription.save()
    client, url = client_for(world, "director"), _url(world, "webhook-detail", subscription.public_id)
    response = _patch(client, url, {"events": ["analysis.completed", "report.ready"], "active": True})
    assert response.status_code == 200, response.data
    assert response.data["events"] == ["analysis.completed", "report.ready"] and response.data["active"]
    assert (response.data["disabled_at"], response.data["disabled_reason"]) == (None, "")
    assert "secret" not in response.data
    unknown = _patch(client, url, {"events": ["dancer.deleted"]})
    assert unknown.status_code == 400
    with override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False):
        private = _patch(client, url, {"url": "http://169.254.169.254/latest/"})
    assert private.status_code == 400 and "public address" in private.data["message"]
    subscription.refresh_from_db()
    assert subscription.url == "http://127.0.0.1:9/hook"


def test_assignment_patch_by_its_staff_while_running(world: World) -> None:
    assignment = _assignment(world.a)
    url = _url(world, "assignment-detail", assignment.public_id)
    teacher = client_for(world, "teacher")
    new_end = assignment.ends_on + timedelta(weeks=2)
    response = _patch(
        teacher, url, {"ends_on": new_end.isoformat(), "sessions_per_week": 5, "reason": "Longer"}
    )
    assert response.status_code == 200, response.data
    assert (response.data["ends_on"], response.data["sessions_per_week"]) == (new_end.isoformat(), 5)
    assert AssignmentEvent.objects.filter(pgh_obj=assignment, pgh_label="update").exists()  # the history
    assert _patch(client_for(world, "other_teacher"), url, {"reason": "x"}).status_code == 404
    assert _patch(client_for(world, "dancer"), url, {"reason": "x"}).status_code == 403
    before = _patch(teacher, url, {"ends_on": (assignment.starts_on - timedelta(days=1)).isoformat()})
    assert before.status_code == 400 and before.data["message"] == ENDS_BEFORE_START
    assert _patch(teacher, url, {"sessions_per_week": 8}).status_code == 400
    Assignment.objects.filter(pk=assignment.pk).update(ended_at=timezone.now())
    ended = _patch(teacher, url, {"reason": "Too late"})
    assert ended.status_code == 400 and ended.data["message"] == ASSIGNMENT_ENDED


def test_screening_patch_by_whoever_may_create_it(world: World) -> None:
    screening = _screening(world.a)
    url = _url(world, "screening-detail", screening.public_id)
    moved = world.a.season.starts_on + timedelta(days=3)
    response = _patch(client_for(world, "dancer"), url, {"date": moved.isoformat(), "notes": "Side view"})
    assert response.status_code == 200, response.data
    assert (response.data["date"], response.data["notes"]) == (moved.isoformat(), "Side view")
    assert _patch(client_for(world, "guardian"), url, {"notes": "x"}).status_code == 403
    assert _patch(client_for(world, "other_teacher"), url, {"notes": "x"}).status_code == 404
    screening.refresh_from_db()
    assert screening.notes == "Side view" and screening.season == world.a.season


def test_external_id_lookup_on_synced_lists(world: World) -> None:
    for tenant in (world.a, world.b):  # the same ids in studio B must never show up under A
        type(tenant.dancer).objects.filter(pk=tenant.dancer.pk).update(source="mindbody", external_id="D1")
        type(tenant.class_group).objects.filter(pk=tenant.class_group.pk).update(
            source="mindbody", external_id="C1"
        )
        Season.objects.filter(pk=tenant.season.pk).update(source="mindbody", external_id="S1")
        Contact.objects.create(studio=tenant.studio, kind="guardian", source="mindbody", external_id="G1")
    type(world.a.other_dancer).objects.filter(pk=world.a.other_dancer.pk).update(
        source="csv", external_id="D1"
    )
    client = client_for(world, "director")
    expected = {
        "dancer-list": world.a.dancer.public_id, "class-list": world.a.class_group.public_id,
        "season-list": world.a.season.public_id,
        "contact-list": Contact.objects.get(studio=world.a.studio).public_id,
    }  # fmt: skip
    for route, public_id in expected.items():
        url = reverse(route, kwargs={"studio_id": world.a.studio.public_id})
        external = {"dancer-list": "D1", "class-list": "C1", "season-list": "S1", "contact-list": "G1"}[route]
        found = client.get(url, {"source": "mindbody", "external_id": external}).data["results"]
        assert [row["id"] for row in found] == [str(public_id)], route
        assert client.get(url, {"source": "mindbody", "external_id": "nope"}).data["results"] == [], route
    both = client.get(
        reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id}), {"external_id": "D1"}
    )
    assert {row["id"] for row in both.data["results"]} == {
        str(world.a.dancer.public_id),
        str(world.a.other_dancer.public_id),
    }


def test_a_teacher_sees_only_her_classes_dancer_by_external_id(world: World) -> None:
    type(world.a.other_dancer).objects.filter(pk=world.a.other_dancer.pk).update(
        source="csv", external_id="X"
    )
    actor = actor_for(user=world.a.teacher, studio=world.a.studio)
    assert actor is not None and not actor.is_director
    url = reverse("dancer-list", kwargs={"studio_id": world.a.studio.public_id})
    found = client_for(world, "teacher").get(url, {"source": "csv", "external_id": "X"})
    assert found.status_code == 200 and found.data["results"] == []  # the filter narrows, never widens
