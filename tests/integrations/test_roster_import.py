"""Roster import engine (integrations/roster_*): dry run, apply in one transaction, idempotent
re-import, named row errors, archives only when asked, guardian invitations but never consent."""

from __future__ import annotations

import pytest
from django.core import mail

from integrations.roster_sample import roster_csv, roster_sample_records
from integrations.roster_services import roster_import_apply, roster_import_create, roster_sync
from studiohealth.core.exceptions import ApplicationError
from studios.external_models import Contact, EnrolmentRef
from studios.models import ClassGroup, DancerProfile, GuardianConsent, Invitation, Season
from studios.policies import actor_for
from tests.world import build_world

pytestmark = pytest.mark.django_db
LINK = "http://testserver/"


@pytest.fixture
def director():  # noqa: ANN201
    world = build_world()
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    assert actor is not None
    return actor


def _import(actor, records, **kw):  # noqa: ANN001, ANN003, ANN202
    roster = roster_import_create(
        studio=actor.studio, actor=actor, source="csv", content=roster_csv(records), **kw
    )
    return roster


def test_dry_run_changes_nothing_then_apply_creates_everything(
    director, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    records = roster_sample_records(dancers=12, guardians=6, classes=3, staff=2)
    roster = _import(director, records)
    counts = roster.report["counts"]
    assert counts == {"create": len(records), "update": 0, "unchanged": 0, "archive": 0, "error": 0}
    assert not DancerProfile.objects.filter(studio=director.studio, source="csv").exists()
    with django_capture_on_commit_callbacks(execute=True):
        applied = roster_import_apply(studio=director.studio, actor=director, roster=roster, link_base=LINK)
    assert applied.state == "applied"
    studio = director.studio
    assert DancerProfile.objects.filter(studio=studio, source="csv").count() == 12
    assert Season.objects.filter(studio=studio, source="csv").count() == 1
    groups = ClassGroup.objects.filter(studio=studio, source="csv")
    assert groups.count() == 3
    assert sum(g.dancers.count() for g in groups) == 12
    assert EnrolmentRef.objects.filter(studio=studio).count() == 12
    d1 = DancerProfile.objects.get(studio=studio, source="csv", external_id="D1")
    assert d1.birth_year == int(next(r for r in records if r["external_id"] == "D1")["birth_date"][:4])
    # One invitation per guardian (not per child) and per teacher, e-mailed on commit; no consent.
    assert Invitation.objects.filter(studio=studio, contact__isnull=False).count() == 8
    assert len(mail.outbox) == 8
    assert not GuardianConsent.objects.filter(dancer__source="csv").exists()
    g1 = Contact.objects.get(studio=studio, external_id="G1")
    assert sorted(g1.wards.values_list("external_id", flat=True)) == ["D1", "D7"]


def test_reimport_same_file_changes_nothing(director) -> None:  # noqa: ANN001
    records = roster_sample_records()
    roster_import_apply(
        studio=director.studio, actor=director, roster=_import(director, records), link_base=LINK
    )
    mail.outbox.clear()
    again = _import(director, records)
    assert again.report["counts"]["create"] == 0
    assert again.report["counts"]["update"] == 0
    assert again.report["counts"]["unchanged"] == len(records)
    roster_import_apply(studio=director.studio, actor=director, roster=again, link_base=LINK)
    assert Invitation.objects.filter(studio=director.studio).count() == 8  # no second invitation


def test_row_errors_are_named_and_block_apply(director) -> None:  # noqa: ANN001
    records = roster_sample_records(dancers=2, guardians=1, classes=1, staff=1)
    records += [
        {
            "record_type": "dancer",
            "external_id": "D9",
            "first_name": "No",
            "last_name": "Date",
            "birth_date": "2013-13-01",
        },
        {
            "record_type": "dancer",
            "external_id": "D10",
            "first_name": "",
            "last_name": "X",
            "birth_date": "2013-01-01",
        },
        {"record_type": "enrolment", "external_id": "E9", "class_id": "C404", "dancer_id": "D1"},
        {"record_type": "pupil", "external_id": "P1"},
        {
            "record_type": "dancer",
            "external_id": "D1",
            "first_name": "Dup",
            "last_name": "Dup",
            "birth_date": "2013-01-01",
        },
        {"record_type": "guardian", "external_id": "G9", "email": "not-an-address", "dancer_ids": "D1"},
        {"record_type": "guardian", "external_id": "G8", "email": "g8@example.test", "dancer_ids": "D9"},
    ]
    roster = _import(director, records)
    errors = {r["external_id"]: r["error"] for r in roster.report["rows"] if r["action"] == "error"}
    assert errors == {
        "D9": "bad_date",
        "D10": "missing_value",
        "E9": "unknown_class",
        "P1": "bad_record_type",
        "D1": "duplicate_id",
        "G9": "bad_email",
        "G8": "refers_to_bad_row",
    }
    with pytest.raises(ApplicationError) as refused:
        roster_import_apply(studio=director.studio, actor=director, roster=roster, link_base=LINK)
    assert refused.value.extra["code"] == "rows_with_errors"
    assert not DancerProfile.objects.filter(source="csv").exists()


def test_missing_column_is_named(director) -> None:  # noqa: ANN001
    content = "record_type,external_id,first_name,last_name\ndancer,D1,Ada,Ashby\n"
    roster = roster_import_create(studio=director.studio, actor=director, source="csv", content=content)
    (row,) = roster.report["rows"]
    assert row["error"] == "missing_column" and "birth_date" in row["message"]


def test_rename_and_archive_only_when_asked(director) -> None:  # noqa: ANN001
    records = roster_sample_records()
    roster_import_apply(
        studio=director.studio, actor=director, roster=_import(director, records), link_base=LINK
    )
    renamed = [dict(r, first_name="Renamed") if r["external_id"] == "D2" else r for r in records]
    kept = [r for r in renamed if r["external_id"] not in ("D3", "E3")]
    without = _import(director, kept)
    assert without.report["counts"]["update"] == 1 and without.report["counts"]["archive"] == 0
    roster_import_apply(studio=director.studio, actor=director, roster=without, link_base=LINK)
    d3 = DancerProfile.objects.get(source="csv", external_id="D3")
    assert d3.archived_at is None
    assert DancerProfile.objects.get(source="csv", external_id="D2").first_name == "Renamed"
    full = _import(director, kept, archive_missing=True)
    archived = {(a["record_type"], a["external_id"]) for a in full.report["archives"]}
    assert archived == {("dancer", "D3"), ("enrolment", "E3")}
    roster_import_apply(studio=director.studio, actor=director, roster=full, link_base=LINK)
    d3.refresh_from_db()
    assert d3.archived_at is not None
    assert not ClassGroup.objects.filter(dancers=d3).exists()
    # Back in the next file: restored, and re-placed.
    back = roster_sync(
        studio=director.studio, actor=director, source="csv", records=renamed, dry_run=False, link_base=LINK
    )
    assert back["counts"]["create"] == 1 and back["counts"]["update"] == 1  # E3 again, D3 restored
    d3.refresh_from_db()
    assert d3.archived_at is None


def test_other_sources_and_studios_untouched(director) -> None:  # noqa: ANN001
    records = roster_sample_records()
    roster_sync(
        studio=director.studio, actor=director, source="csv", records=records, dry_run=False, link_base=LINK
    )
    report = roster_sync(
        studio=director.studio,
        actor=director,
        source="mindbody",
        records=records,
        dry_run=True,
        link_base=LINK,
    )
    assert report["counts"]["create"] == len(records)  # ids are per source
    report = roster_sync(
        studio=director.studio,
        actor=director,
        source="csv",
        records=records[:4],
        archive_missing=True,
        dry_run=True,
        link_base=LINK,
    )
    assert {a["record_type"] for a in report["archives"]} == {"guardian"}  # types in the file only


def test_accepting_a_family_invitation_links_every_ward(director, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    from allauth.account.models import EmailAddress

    from studios.invitations import invitation_accept
    from tests.factories import UserFactory
    from tests.studios.invites import LINK as INVITE_LINK

    records = roster_sample_records()
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_apply(
            studio=director.studio, actor=director, roster=_import(director, records), link_base=LINK
        )
    (message,) = [m for m in mail.outbox if m.to == ["guardian1@example.test"]]
    assert "for " in message.body  # names the first ward
    token = INVITE_LINK.search(message.body).group(1)
    parent = UserFactory(username="parent1", email="guardian1@example.test")
    EmailAddress.objects.create(user=parent, email=parent.email, verified=True, primary=True)
    invitation_accept(token=token, user=parent)
    wards = DancerProfile.objects.filter(guardians=parent).values_list("external_id", flat=True)
    assert sorted(wards) == ["D1", "D7"]
    assert Contact.objects.get(external_id="G1").user == parent
    assert not GuardianConsent.objects.filter(guardian=parent).exists()  # consent is hers to give
    mail.outbox.clear()
    again = _import(director, records)  # the family has an account now: nothing to change or send
    assert again.report["counts"]["unchanged"] == len(records)


def test_the_documented_example_file_imports_cleanly(director) -> None:  # noqa: ANN001
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "integration.md").read_text()
    example = re.search(r"```csv\n(.*?)```", doc, re.S)
    assert example is not None
    roster = roster_import_create(
        studio=director.studio, actor=director, source="csv", content=example.group(1)
    )
    assert roster.report["counts"] == {"create": 7, "update": 0, "unchanged": 0, "archive": 0, "error": 0}
