"""The audit trail: append-only, director-only, filterable, exportable as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from privacy.api import AuditEventViewSet
from privacy.models import AuditAction, AuditEvent
from privacy.services import audit_record
from studios.policies import actor_for
from tests.conftest import client_for
from tests.permission_matrix.test_matrix import walk
from tests.world import World

pytestmark = pytest.mark.django_db


def _record(world: World, who: str, action: str = AuditAction.VIEW_RESULT, dancer=None) -> AuditEvent:  # noqa: ANN001
    actor = actor_for(user=world.user(who), studio=world.a.studio)
    return audit_record(actor=actor, action=action, dancer=dancer or world.a.dancer, target=world.a.dancer)


def test_saving_or_deleting_an_existing_event_raises(world: World) -> None:
    event = _record(world, "teacher")
    event.actor_name = "someone else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_name == str(world.a.teacher)


def test_no_route_can_modify_the_trail(world: World) -> None:
    """Every URL served by an audit view answers only safe methods; writes get 405 even for the director."""
    audit_routes = [
        (route, pattern)
        for route, pattern in walk(get_resolver().url_patterns)
        if getattr(pattern.callback, "cls", None) is AuditEventViewSet
    ]
    assert len(audit_routes) == 3
    for _, pattern in audit_routes:
        # DRF adds "head" to a viewset's shared actions dict on the first GET it serves.
        assert set(pattern.callback.actions) - {"head"} == {"get"}
    event = _record(world, "teacher")
    client = client_for(world, "director")
    sid = world.a.studio.public_id
    urls = [reverse(p.name, kwargs={"studio_id": sid}) for _, p in audit_routes]
    for url in urls:
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url, {"actor_name": "x"}, format="json").status_code == 405
    detail = f"/api/studios/{sid}/audit-events/{event.public_id}/"
    for method in ("get", "put", "patch", "delete"):
        assert getattr(client, method)(detail, {"actor_name": "x"}, format="json").status_code == 404
    assert AuditEvent.objects.get(pk=event.pk).actor_name == str(world.a.teacher)


def test_director_lists_only_this_studios_trail_with_filters(world: World) -> None:
    _record(world, "teacher")
    _record(world, "guardian", AuditAction.DOWNLOAD_REPORT)
    _record(world, "director", dancer=world.a.other_dancer)
    actor_b = actor_for(user=world.b.teacher, studio=world.b.studio)
    audit_record(actor=actor_b, action=AuditAction.VIEW_CLIP, dancer=world.b.dancer)
    client = client_for(world, "director")
    url = reverse("audit-event-list", kwargs={"studio_id": world.a.studio.public_id})

    everything = client.get(url).json()
    assert everything["count"] == 3
    assert str(world.b.dancer.public_id) not in json.dumps(everything)
    assert {row["action"] for row in everything["results"]} == {"view_result", "download_report"}

    mine = client.get(url, {"dancer": str(world.a.dancer.public_id)}).json()
    assert mine["count"] == 2
    reports = client.get(url, {"action": "download_report"}).json()
    assert [row["actor_name"] for row in reports["results"]] == [str(world.a.guardian)]
    assert client.get(url, {"since": "2999-01-01"}).json()["count"] == 0
    assert client.get(url, {"since": "yesterday"}).status_code == 400


def test_csv_and_json_exports(world: World) -> None:
    # A name chosen to be a spreadsheet formula must come out inert.
    world.a.teacher.first_name, world.a.teacher.last_name = '=HYPERLINK("http://evil")', "X"
    world.a.teacher.save()
    first = _record(world, "teacher")
    _record(world, "guardian", AuditAction.VIEW_KEYFRAME)
    client = client_for(world, "director")
    sid = world.a.studio.public_id

    response = client.get(reverse("audit-event-export-csv", kwargs={"studio_id": sid}))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    teacher_row = next(r for r in rows if r["id"] == str(first.public_id))
    assert teacher_row["actor_name"].startswith("'=")
    assert teacher_row["dancer"] == str(world.a.dancer.public_id)

    response = client.get(
        reverse("audit-event-export-json", kwargs={"studio_id": sid}), {"action": "view_keyframe"}
    )
    assert response["Content-Type"] == "application/json"
    rows = json.loads(b"".join(response.streaming_content))
    assert [r["actor_name"] for r in rows] == [str(world.a.guardian)]


def test_audit_page_for_the_director_only(world: World) -> None:
    _record(world, "guardian")
    url = reverse("privacy-audit", kwargs={"studio_id": world.a.studio.public_id})
    director = Client()
    director.force_login(world.a.director)
    page = director.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert str(world.a.guardian) in html and "Viewed a screening result" in html
    assert reverse("audit-event-export-csv", kwargs={"studio_id": world.a.studio.public_id}) in html
    teacher = Client()
    teacher.force_login(world.a.teacher)
    assert teacher.get(url).status_code == 403
