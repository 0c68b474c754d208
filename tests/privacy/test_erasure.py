"""GDPR Art. 17: after erasure nothing of the dancer remains in the database or in MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from privacy.services import ERASED_ACTOR_NAME, audit_record
from screenings.models import Clip
from studios.models import DancerProfile, GuardianConsent, Membership, User
from studios.policies import actor_for
from tests.conftest import client_for
from tests.privacy.footprint import build_footprint
from tests.privacy.leftovers import database_leftovers, media_leftovers
from tests.world import World

pytestmark = pytest.mark.django_db
AUDIT_REF_ALLOWED = frozenset({("privacy.auditevent", "dancer_ref")})


def _distinctive(world: World) -> None:
    """Names nobody else in the world has, so a text search cannot hit someone else's row."""
    dancer = world.a.dancer
    dancer.first_name, dancer.last_name = "Adalind", "Quillfeather"
    dancer.save()
    user = world.a.dancer_user
    user.first_name, user.last_name, user.email = "Adalind", "Quillfeather", "adalind.q@example.test"
    user.save()


def _seen_by_everyone(world: World, fp) -> None:  # noqa: ANN001
    """Audit rows by the dancer herself, her guardian and her teacher, and a login trail."""
    for who in (world.a.dancer_user, world.a.guardian, world.a.teacher):
        actor = actor_for(user=who, studio=world.a.studio)
        audit_record(actor=actor, action=AuditAction.VIEW_RESULT, dancer=world.a.dancer, target=fp.analysis)
    username = world.a.dancer_user.username
    login = {"username": username, "ip_address": "10.0.0.9", "user_agent": "phone", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **login, path_info="/login/", get_data="", post_data=f"username={username}", failures_since_start=1
    )
    AccessLog.objects.create(**login, path_info="/login/")


def _season_report_naming(world: World, name: str) -> str:
    """A studio-wide season report made before the erasure: it names the dancer."""
    from django.core.files.base import ContentFile

    from reports.models import ReportJob, ReportState

    job = ReportJob(
        studio=world.a.studio, season=world.a.season, state=ReportState.DONE, requested_by=world.a.director
    )
    job.file.save("x.pdf", ContentFile(f"%PDF-1.7 season report: {name} concern".encode()), save=False)
    job.save()
    return job.file.name


def test_erasure_by_guardian_leaves_nothing(world: World, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    _distinctive(world)
    dancer = world.a.dancer
    dancer_pk, user_pk, ref = dancer.pk, world.a.dancer_user.pk, str(dancer.public_id)
    fp = build_footprint(world.a, dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    control = build_footprint(
        world.a, world.a.other_dancer, guardian=world.a.other_guardian, teacher=world.a.other_teacher
    )
    _seen_by_everyone(world, fp)
    report = _season_report_naming(world, dancer.full_name)
    # The dancer is logged in somewhere: that session must end with the erasure.
    Client().force_login(world.a.dancer_user)
    media = Path(settings.MEDIA_ROOT)
    assert all((media / name).exists() for name in fp.files)

    needles = [ref, dancer.full_name, world.a.dancer_user.username, world.a.dancer_user.email]
    before = database_leftovers(
        dancer_pk=dancer_pk, needles=needles, user_pk=user_pk, allowed=AUDIT_REF_ALLOWED
    )
    assert len(before) > 15, before  # the search itself finds the footprint before erasure

    url = reverse("privacy-dancer-erase", kwargs={"studio_id": world.a.studio.public_id, "pk": ref})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "guardian").post(url, {"confirm": True}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dancer"] == ref and body["files"] == 3 and body["account_deleted"] is True
    assert body["records"]["reports.reportjob"] == 1
    assert body["records"]["screenings.clip"] == 1 and body["records"]["programs.exerciselog"] == 2

    assert (
        database_leftovers(dancer_pk=dancer_pk, needles=needles, user_pk=user_pk, allowed=AUDIT_REF_ALLOWED)
        == []
    )
    assert media_leftovers(media, files=[*fp.files, report], needles=[ref, dancer.full_name]) == []

    # The trail keeps what happened, with only the dancer's public id and no name of the erased login.
    trail = AuditEvent.objects.filter(dancer_ref=ref)
    assert trail.filter(action=AuditAction.ERASE_DATA, actor=world.a.guardian).count() == 1
    assert (
        trail.filter(actor_name=ERASED_ACTOR_NAME, actor__isnull=True, ip_address__isnull=True).count() == 1
    )
    assert not trail.filter(dancer__isnull=False).exists()

    # Everyone else is untouched: the other dancer, her files, the class assignment, the guardian account.
    assert all((media / name).exists() for name in control.files)
    assert Clip.objects.filter(dancer=world.a.other_dancer).count() == 1
    assert GuardianConsent.objects.filter(dancer=world.a.other_dancer).count() == 1
    assert User.objects.filter(pk=world.a.guardian.pk).exists()
    assert world.a.class_group.assignments.count() == 2


def test_erasure_by_director_keeps_a_login_with_another_role(
    world: World, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    """A dancer's login that is also a guardian elsewhere stays; only the dancer role goes."""
    user = world.a.dancer_user
    Membership.objects.create(studio=world.b.studio, user=user, role="guardian")
    url = reverse(
        "privacy-dancer-erase", kwargs={"studio_id": world.a.studio.public_id, "pk": world.a.dancer.public_id}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "director").post(url, {"confirm": True}, format="json")
    assert response.status_code == 200
    assert response.json()["account_deleted"] is False
    assert not DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["guardian"]


def test_erasure_needs_confirmation(world: World) -> None:
    url = reverse(
        "privacy-dancer-erase", kwargs={"studio_id": world.a.studio.public_id, "pk": world.a.dancer.public_id}
    )
    for payload in ({}, {"confirm": False}):
        response = client_for(world, "guardian").post(url, payload, format="json")
        assert response.status_code == 400
    assert DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ERASE_DATA).exists()


def test_foreign_studio_dancer_is_not_found_and_nothing_is_erased(world: World) -> None:
    """Paired ownership test: studio B's dancer through studio A's URL, and through B's own URL."""
    fp = build_footprint(world.b, world.b.dancer, guardian=world.b.guardian, teacher=world.b.teacher)
    guardian = client_for(world, "guardian")
    foreign = reverse(
        "privacy-dancer-erase", kwargs={"studio_id": world.a.studio.public_id, "pk": world.b.dancer.public_id}
    )
    assert guardian.post(foreign, {"confirm": True}, format="json").status_code == 404
    other_studio = reverse(
        "privacy-dancer-erase", kwargs={"studio_id": world.b.studio.public_id, "pk": world.b.dancer.public_id}
    )
    assert (
        client_for(world, "director").post(other_studio, {"confirm": True}, format="json").status_code == 404
    )
    assert DancerProfile.objects.filter(pk=world.b.dancer.pk).exists()
    assert Clip.objects.filter(pk=fp.clip.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ERASE_DATA).exists()


def test_erasure_page_confirms_with_the_dancers_name(
    world: World, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    fp = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    sid, did = world.a.studio.public_id, world.a.dancer.public_id
    client = Client()
    client.force_login(world.a.guardian)
    page = client.get(reverse("privacy-dancer", kwargs={"studio_id": sid, "dancer_id": did}))
    assert page.status_code == 200
    assert world.a.dancer.full_name in page.content.decode()
    erase = reverse("privacy-dancer-erase", kwargs={"studio_id": sid, "dancer_id": did})

    wrong = client.post(erase, {"confirm_name": "Somebody Else", "confirm_erase": "on"})
    assert wrong.status_code == 400
    assert "nothing was erased" in wrong.content.decode()
    # Issue 17 item 9: a lower-case name, or no second confirmation, erases nothing.
    name = world.a.dancer.full_name
    assert client.post(erase, {"confirm_name": name.lower(), "confirm_erase": "on"}).status_code == 400
    unticked = client.post(erase, {"confirm_name": name})
    assert unticked.status_code == 400 and "nothing was erased" in unticked.content.decode()
    assert DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(erase, {"confirm_name": f"  {name} ", "confirm_erase": "on"})
    assert done.status_code == 302
    assert done["Location"] == reverse("privacy-index", kwargs={"studio_id": sid})
    assert not DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in fp.files)


def test_rolled_back_erasure_keeps_the_files(world: World) -> None:
    """Files go only after commit: if the transaction is rolled back the rows still have their files."""
    from django.db import transaction

    from privacy.services import dancer_erase

    fp = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    sid = transaction.savepoint()
    dancer_erase(studio=world.a.studio, actor=actor, dancer=world.a.dancer)
    transaction.savepoint_rollback(sid)
    assert DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in fp.files)
