"""The audit trail is append-only in PostgreSQL itself; consent, membership and assignment writes
leave history rows; the consent cascade is one transaction (issue 11 items 7 and 8)."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from privacy.models import AuditAction, AuditEvent, GuardianConsentEvent, MembershipEvent
from privacy.services import audit_record
from programs.history import AssignmentEvent
from programs.services import assignment_pause
from screenings.models import Analysis, AnalysisState, Clip
from studios import events
from studios.models import GuardianConsent, Role
from studios.policies import actor_for
from studios.services import consent_grant, consent_withdraw, membership_grant
from tests.factories import analysis_for, clip_for
from tests.programs.factories import make_assignment, make_program
from tests.world import World

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def _event(world: World) -> AuditEvent:
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    return audit_record(actor=actor, action=AuditAction.VIEW_RESULT, dancer=world.a.dancer)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE privacy_auditevent SET action = 'view_clip' WHERE id = %s",
        "UPDATE privacy_auditevent SET actor_name = 'someone else' WHERE id = %s",
        "UPDATE privacy_auditevent SET created_at = created_at - interval '1 day' WHERE id = %s",
        "DELETE FROM privacy_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_rewrite_or_delete_an_audit_row(world: World, sql: str) -> None:
    event = _event(world)
    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(sql, [event.pk])
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.action, row.actor_name, row.created_at) == (event.action, event.actor_name, event.created_at)


def test_queryset_update_and_delete_are_refused_too(world: World) -> None:
    event = _event(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(target_ref="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, target_ref=event.target_ref).exists()


def test_erasure_pseudonymisation_is_the_one_update_allowed(world: World) -> None:
    event = _event(world)
    AuditEvent.objects.filter(pk=event.pk).update(
        actor=None, dancer=None, actor_name="erased user", ip_address=None
    )
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.actor_id, row.dancer_id, row.actor_name, row.dancer_ref) == (
        None,
        None,
        "erased user",
        event.dancer_ref,
    )


def test_consent_grant_and_withdrawal_leave_history_rows(world: World) -> None:
    guardian = actor_for(user=world.a.guardian, studio=world.a.studio)
    consent = consent_grant(studio=world.a.studio, actor=guardian, dancer=world.a.dancer)
    consent_withdraw(studio=world.a.studio, actor=guardian, consent=consent)
    history = list(GuardianConsentEvent.objects.filter(pgh_obj_id=consent.pk).order_by("pgh_id"))
    assert [e.pgh_label for e in history] == ["insert", "update"]
    assert history[0].withdrawn_at is None and history[1].withdrawn_at is not None
    assert history[1].guardian_id == world.a.guardian.pk


def test_a_queryset_update_of_a_consent_is_recorded_as_well(world: World) -> None:
    """Triggers, not save() hooks: a bulk update from a shell is history too."""
    consent = GuardianConsent.objects.create(
        studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian
    )
    GuardianConsent.objects.filter(pk=consent.pk).update(retention_days=30)
    assert list(
        GuardianConsentEvent.objects.filter(pgh_obj_id=consent.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "retention_days")
    ) == [("insert", consent.retention_days), ("update", 30)]


def test_role_and_assignment_changes_leave_history_rows(world: World) -> None:
    a = world.a
    membership = membership_grant(studio=a.studio, user=a.other_guardian, role=Role.TEACHER)
    membership.delete()
    assert list(
        MembershipEvent.objects.filter(user=a.other_guardian, role=Role.TEACHER).values_list(
            "pgh_label", flat=True
        )
    ) == ["insert", "delete"]
    assignment = make_assignment(
        studio=a.studio,
        program=make_program(studio=a.studio, n=1),
        dancer=a.dancer,
        starts_on=a.studio.today(),
    )
    assignment_pause(
        studio=a.studio, actor=actor_for(user=a.director, studio=a.studio), assignment=assignment
    )
    labels = AssignmentEvent.objects.filter(pgh_obj_id=assignment.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.paused_at is not None) for e in labels] == [("insert", False), ("update", True)]


def _queued_analysis(world: World) -> Analysis:
    return analysis_for(clip_for(world.a, "plie"), state=AnalysisState.QUEUED)


def test_consent_withdrawal_and_its_cascade_are_one_transaction(world: World) -> None:
    """From a shell or a task (no request transaction): if the cascade fails, the withdrawal is undone."""
    consent = GuardianConsent.objects.create(
        studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian
    )
    analysis = _queued_analysis(world)
    guardian = actor_for(user=world.a.guardian, studio=world.a.studio)
    calls: list[int] = []

    def broken(*, studio: object, dancer: object) -> None:
        calls.append(1)
        raise RuntimeError("cascade failed")

    unregister = events.on_consent_withdrawn(broken)
    try:
        with pytest.raises(RuntimeError):
            consent_withdraw(studio=world.a.studio, actor=guardian, consent=consent)
    finally:
        unregister()
    assert calls == [1]
    consent.refresh_from_db()
    analysis.refresh_from_db()
    assert consent.withdrawn_at is None  # rolled back with the cascade
    assert analysis.state == AnalysisState.QUEUED  # the screenings handler ran first and was undone too

    consent_withdraw(studio=world.a.studio, actor=guardian, consent=consent)
    consent.refresh_from_db()
    analysis.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert (analysis.state, analysis.reason) == (AnalysisState.FAILED, "consent_withdrawn")
    assert Clip.objects.get().retention_until == world.a.studio.today()


def test_studios_emits_an_event_and_imports_no_higher_app() -> None:
    tree = ast.parse((REPO / "studios" / "services.py").read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in imported if m.split(".")[0] in {"screenings", "programs", "dashboards", "reports"}}
    from screenings.services import clips_on_consent_withdrawn

    assert clips_on_consent_withdrawn in events.consent_withdrawn_handlers()


def test_history_of_an_erased_dancer_is_forgotten(world: World) -> None:
    from privacy.services import dancer_erase

    a = world.a
    GuardianConsent.objects.create(studio=a.studio, dancer=a.dancer, guardian=a.guardian)
    make_assignment(
        studio=a.studio,
        program=make_program(studio=a.studio, n=1),
        dancer=a.dancer,
        starts_on=a.studio.today() - timedelta(days=1),
    )
    assert GuardianConsentEvent.objects.filter(dancer=a.dancer).exists()
    dancer_pk = a.dancer.pk
    dancer_erase(studio=a.studio, actor=actor_for(user=a.director, studio=a.studio), dancer=a.dancer)
    assert not GuardianConsentEvent.objects.filter(dancer_id=dancer_pk).exists()
    assert not AssignmentEvent.objects.filter(dancer_id=dancer_pk).exists()
