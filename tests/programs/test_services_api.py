"""Logging, assignment, doses, pause days, reminders and ownership through the real API and services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from programs import dancer_services, reminders, services
from programs.library import EXERCISE_SLUGS, GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL
from programs.models import (
    Assignment,
    DoseOverride,
    Exercise,
    ExerciseLog,
    Notification,
    PauseDay,
    Program,
    ProgramView,
    ReferralRequest,
)
from programs.selectors import compliance_for_dancer, today_items
from studios.policies import actor_for
from tests.conftest import client_for
from tests.world import Tenant, World


def template(slug: str = GLUTE_MED_FOUNDATIONS) -> Program:
    return Program.objects.get(studio__isnull=True, slug=slug)


def assign(t: Tenant, **kwargs: object) -> Assignment:
    start = kwargs.pop("starts_on", t.studio.today() - timedelta(days=3))
    return Assignment.objects.create(
        studio=t.studio,
        program=kwargs.pop("program", template()),
        starts_on=start,
        ends_on=start + timedelta(weeks=6),
        **kwargs,
    )


def actor(t: Tenant, user):  # noqa: ANN001, ANN201
    return actor_for(user=user, studio=t.studio)


def log_url(t: Tenant) -> str:
    return reverse("exercise-log-list", kwargs={"studio_id": t.studio.public_id})


def log_payload(assignment: Assignment, key: str = "key-0000-0001", **extra: object) -> dict:
    return {
        "idempotency_key": key,
        "assignment": str(assignment.public_id),
        "exercise": str(assignment.program.items.first().exercise.public_id),
        "reps": 15,
        **extra,
    }


@pytest.mark.django_db
class TestIdempotentLogging:
    def test_same_post_twice_with_one_key_is_one_row(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer)
        client = client_for(world, "dancer")
        first = client.post(log_url(a), log_payload(assignment, pain=2, effort=6), format="json")
        second = client.post(log_url(a), log_payload(assignment, pain=2, effort=6), format="json")
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.data["id"] == second.data["id"]
        assert ExerciseLog.objects.filter(dancer=a.dancer).count() == 1
        row = ExerciseLog.objects.get(dancer=a.dancer)
        assert (row.pain, row.effort, row.date, row.set_number) == (2, 6, a.studio.today(), 1)

    def test_new_key_is_the_next_set(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer)
        client = client_for(world, "dancer")
        client.post(log_url(a), log_payload(assignment, "key-0000-0001"), format="json")
        response = client.post(log_url(a), log_payload(assignment, "key-0000-0002"), format="json")
        assert response.status_code == 201 and response.data["set_number"] == 2

    def test_class_assignment_is_logged_by_its_dancer(self, world: World) -> None:
        a = world.a
        assignment = assign(a, class_group=a.class_group)
        response = client_for(world, "dancer").post(log_url(a), log_payload(assignment), format="json")
        assert response.status_code == 201

    def test_pain_out_of_range_is_rejected(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer)
        response = client_for(world, "dancer").post(
            log_url(a), log_payload(assignment, pain=11), format="json"
        )
        assert response.status_code == 400 and not ExerciseLog.objects.exists()

    def test_date_must_be_inside_the_program_and_not_future(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer)
        client = client_for(world, "dancer")
        before = str(assignment.starts_on - timedelta(days=1))
        future = str(a.studio.today() + timedelta(days=1))
        ok = str(assignment.starts_on)
        assert (
            client.post(
                log_url(a), log_payload(assignment, "k-before-1", date=before), format="json"
            ).status_code
            == 400
        )
        assert (
            client.post(
                log_url(a), log_payload(assignment, "k-future-1", date=future), format="json"
            ).status_code
            == 400
        )
        response = client.post(log_url(a), log_payload(assignment, "k-ok-0001", date=ok), format="json")
        assert response.status_code == 201 and response.data["date"] == ok
        assert ExerciseLog.objects.count() == 1

    def test_ended_program_refuses_new_days(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer, starts_on=a.studio.today() - timedelta(days=10))
        services.assignment_end(studio=a.studio, actor=actor(a, a.director), assignment=assignment)
        yesterday = str(a.studio.today() - timedelta(days=1))
        response = client_for(world, "dancer").post(
            log_url(a), log_payload(assignment, date=yesterday), format="json"
        )
        assert response.status_code == 201  # days before the end still count
        tomorrow_program = assign(a, dancer=a.dancer, starts_on=a.studio.today() + timedelta(days=1))
        response = client_for(world, "dancer").post(
            log_url(a), log_payload(tomorrow_program, "key-not-started"), format="json"
        )
        assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("studio_tz", "expected"),
    [
        ("Europe/Athens", date(2026, 10, 13)),
        ("America/New_York", date(2026, 10, 12)),
        ("UTC", date(2026, 10, 12)),
    ],
)
def test_log_at_2330_utc_lands_on_the_studio_local_day(world: World, studio_tz: str, expected: date) -> None:
    a = world.a
    a.studio.timezone = studio_tz
    a.studio.save()
    at = datetime(2026, 10, 12, 23, 30, tzinfo=ZoneInfo("UTC"))  # Monday 23:30 UTC
    assert dancer_services.local_date(a.studio, at) == expected
    assignment = assign(a, dancer=a.dancer, starts_on=date(2026, 10, 5))
    exercise = assignment.program.items.first().exercise
    with pytest.MonkeyPatch.context() as mp:  # "now" is that instant, so the date is not in the future
        mp.setattr("django.utils.timezone.now", lambda: at)
        log, created = dancer_services.log_set(
            studio=a.studio,
            actor=actor(a, a.dancer_user),
            dancer=a.dancer,
            assignment=assignment,
            exercise=exercise,
            idempotency_key="tz-test-0001",
            at=at,
        )
    assert created and log.date == expected


@pytest.mark.django_db
class TestForeignIdsInPayload:
    """Paired tests: a foreign-studio id is 404 with no row written; the own id is accepted."""

    def test_assignment_to_foreign_dancer(self, world: World) -> None:
        url = reverse("assignment-list", kwargs={"studio_id": world.a.studio.public_id})
        client = client_for(world, "director")
        foreign = client.post(
            url,
            {"program": str(template().public_id), "dancer": str(world.b.dancer.public_id)},
            format="json",
        )
        assert foreign.status_code == 404 and not Assignment.objects.exists()
        own = client.post(
            url,
            {"program": str(template().public_id), "dancer": str(world.a.dancer.public_id)},
            format="json",
        )
        assert own.status_code == 201 and Assignment.objects.count() == 1

    def test_assignment_of_foreign_program(self, world: World) -> None:
        foreign_program = Program.objects.create(studio=world.b.studio, name="B only")
        url = reverse("assignment-list", kwargs={"studio_id": world.a.studio.public_id})
        response = client_for(world, "director").post(
            url,
            {"program": str(foreign_program.public_id), "class_group": str(world.a.class_group.public_id)},
            format="json",
        )
        assert response.status_code == 404 and not Assignment.objects.exists()

    def test_assignment_to_foreign_class(self, world: World) -> None:
        url = reverse("assignment-list", kwargs={"studio_id": world.a.studio.public_id})
        response = client_for(world, "director").post(
            url,
            {"program": str(template().public_id), "class_group": str(world.b.class_group.public_id)},
            format="json",
        )
        assert response.status_code == 404 and not Assignment.objects.exists()

    def test_log_against_foreign_assignment(self, world: World) -> None:
        foreign = assign(world.b, dancer=world.b.dancer)
        own = assign(world.a, dancer=world.a.dancer)
        client = client_for(world, "dancer")
        assert client.post(log_url(world.a), log_payload(foreign), format="json").status_code == 404
        assert not ExerciseLog.objects.exists()
        assert client.post(log_url(world.a), log_payload(own), format="json").status_code == 201

    def test_log_for_another_dancer_is_refused(self, world: World) -> None:
        other = assign(world.a, dancer=world.a.other_dancer)
        response = client_for(world, "dancer").post(log_url(world.a), log_payload(other), format="json")
        assert response.status_code == 404 and not ExerciseLog.objects.exists()

    def test_dose_for_foreign_dancer(self, world: World) -> None:
        assignment = assign(world.a, dancer=world.a.dancer)
        url = reverse("dose-list", kwargs={"studio_id": world.a.studio.public_id})
        payload = {
            "assignment": str(assignment.public_id),
            "dancer": str(world.b.dancer.public_id),
            "exercise": str(assignment.program.items.first().exercise.public_id),
            "sets": 2,
            "reps": 10,
        }
        client = client_for(world, "teacher")
        assert client.post(url, payload, format="json").status_code == 404
        assert not DoseOverride.objects.exists()
        payload["dancer"] = str(world.a.dancer.public_id)
        assert client.post(url, payload, format="json").status_code == 201
        items = today_items(studio=world.a.studio, dancer=world.a.dancer)
        assert (items[0].sets, items[0].reps) == (2, 10)  # the dancer's page shows the new dose

    def test_pause_day_and_referral_for_foreign_dancer(self, world: World) -> None:
        studio_id = world.a.studio.public_id
        client = client_for(world, "guardian")
        pause = client.post(
            reverse("pause-day-list", kwargs={"studio_id": studio_id}),
            {"dancer": str(world.b.dancer.public_id), "date": "2026-10-05", "kind": "rest"},
            format="json",
        )
        referral = client.post(
            reverse("referral-request-list", kwargs={"studio_id": studio_id}),
            {"dancer": str(world.b.dancer.public_id)},
            format="json",
        )
        assert (pause.status_code, referral.status_code) == (404, 404)
        assert not PauseDay.objects.exists() and not ReferralRequest.objects.exists()


@pytest.mark.django_db
class TestLibrary:
    def test_every_domain_exercise_is_seeded_with_dose_and_cues(self) -> None:
        rows = {e.slug: e for e in Exercise.objects.filter(studio__isnull=True)}
        assert set(EXERCISE_SLUGS) <= set(rows)
        for exercise in rows.values():
            assert (
                exercise.cues and exercise.common_faults and exercise.target_muscles and exercise.progressions
            )
            assert exercise.default_reps or exercise.default_hold_s
            if exercise.default_reps and not exercise.is_technique_cue:
                assert 10 <= exercise.default_reps <= 15 and 2 <= exercise.default_sets <= 3
            if exercise.default_hold_s:
                assert 20 <= exercise.default_hold_s <= 30
        assert rows["technique-plie-second-toe"].is_technique_cue

    def test_templates(self) -> None:
        foundations, er = template(GLUTE_MED_FOUNDATIONS), template(HIP_ER_PLIE_CONTROL)
        assert (foundations.name, foundations.weeks, foundations.sessions_per_week) == (
            "Glute med foundations, 6 weeks",
            6,
            3,
        )
        assert (er.name, er.weeks) == ("Hip external rotators & plié control, 8 weeks", 8)
        assert foundations.items.count() == 6 and er.items.count() == 6

    def test_api_shows_dose_and_cues(self, world: World) -> None:
        client = client_for(world, "dancer")
        url = reverse("exercise-list", kwargs={"studio_id": world.a.studio.public_id})
        rows = {r["slug"]: r for r in client.get(url).data["results"]}
        clam = rows["clamshell"]
        assert clam["dose"] == {"sets": 3, "reps": 15, "hold_s": None, "per_side": True}
        assert any("heels together" in cue for cue in clam["cues"])
        assert rows["side-plank-hip-abduction"]["dose"]["hold_s"] == 20
        program_url = reverse(
            "program-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": template().public_id}
        )
        program = client.get(program_url).data
        assert program["items"][0]["exercise"]["slug"] == "clamshell" and program["items"][0]["reps"] == 15

    def test_admin_changelist_and_change_page(self, world: World, admin_client) -> None:  # noqa: ANN001
        changelist = admin_client.get(reverse("admin:programs_exercise_changelist"))
        assert changelist.status_code == 200
        assert b"Clamshell" in changelist.content and "3 × 15 reps per side".encode() in changelist.content
        clam = Exercise.objects.get(studio__isnull=True, slug="clamshell")
        change = admin_client.get(reverse("admin:programs_exercise_change", args=[clam.pk]))
        assert change.status_code == 200 and b"heels together" in change.content
        program = admin_client.get(reverse("admin:programs_program_change", args=[template().pk]))
        assert program.status_code == 200 and b"Glute med foundations" in program.content


@pytest.mark.django_db
class TestTeacherFlow:
    def test_teacher_assigns_own_class_not_other(self, world: World) -> None:
        a = world.a
        teacher = actor(a, a.teacher)
        assignment = services.assignment_create(
            studio=a.studio,
            actor=teacher,
            program=template(),
            class_group=a.class_group,
            starts_on=date(2026, 10, 8),
        )
        assert assignment.ends_on == date(2026, 10, 8) + timedelta(days=6 * 7 - 1)
        with pytest.raises(services.PermissionDenied):
            services.assignment_create(
                studio=a.studio, actor=teacher, program=template(), class_group=a.other_class
            )
        with pytest.raises(services.PermissionDenied):
            services.assignment_create(
                studio=a.studio, actor=teacher, program=template(), dancer=a.other_dancer
            )
        assert Assignment.objects.count() == 1

    def test_pause_resume_keeps_history(self, world: World) -> None:
        a = world.a
        assignment = assign(a, dancer=a.dancer, starts_on=a.studio.today() - timedelta(days=14))
        director = actor(a, a.director)
        services.assignment_pause(studio=a.studio, actor=director, assignment=assignment)
        assert today_items(studio=a.studio, dancer=a.dancer) == []  # nothing to do while paused
        assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).assignments[0].paused
        services.assignment_resume(studio=a.studio, actor=director, assignment=assignment)
        assert not assignment.pauses.exists()  # paused and resumed the same day: no paused days
        assert len(today_items(studio=a.studio, dancer=a.dancer)) == 6

    def test_pause_days_by_dancer_guardian_teacher(self, world: World) -> None:
        a = world.a
        for user, day in ((a.dancer_user, 1), (a.guardian, 2), (a.teacher, 3)):
            dancer_services.pause_day_mark(
                studio=a.studio, actor=actor(a, user), dancer=a.dancer, on=date(2026, 10, day), kind="rest"
            )
        assert PauseDay.objects.filter(dancer=a.dancer).count() == 3
        with pytest.raises(services.PermissionDenied):
            dancer_services.pause_day_mark(
                studio=a.studio,
                actor=actor(a, a.other_guardian),
                dancer=a.dancer,
                on=date(2026, 10, 4),
                kind="rest",
            )

    def test_opened_page_is_kept_apart_from_logs(self, world: World) -> None:
        a = world.a
        assign(a, dancer=a.dancer)
        client = client_for(world, "dancer")
        client.get(reverse("programs-today", kwargs={"studio_id": a.studio.public_id}))
        assert ProgramView.objects.filter(dancer=a.dancer).count() == 1
        assert not ExerciseLog.objects.exists()
        assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 0


@pytest.mark.django_db
class TestReminders:
    def test_behind_dancers_get_one_notice_and_mail_per_week(self, world: World) -> None:
        a = world.a
        thursday = date(2026, 10, 8)
        assign(a, dancer=a.dancer, starts_on=date(2026, 10, 5))
        assign(a, dancer=a.other_dancer, starts_on=date(2026, 10, 5))
        other_assignment = Assignment.objects.get(dancer=a.other_dancer)
        for item in other_assignment.program.items.all():  # the other dancer did Monday's session
            ExerciseLog.objects.create(
                studio=a.studio,
                dancer=a.other_dancer,
                assignment=other_assignment,
                exercise=item.exercise,
                date=date(2026, 10, 5),
                idempotency_key=f"r-{item.pk}",
            )
        assert reminders.reminders_send(studio=a.studio, today=thursday) == 1
        assert reminders.reminders_send(studio=a.studio, today=thursday) == 0  # the beat runs again
        notice = Notification.objects.get()
        assert (notice.user, notice.week_start, notice.kind) == (a.dancer_user, date(2026, 10, 5), "behind")
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [a.dancer_user.email]
        assert "0 of 3" in mail.outbox[0].body
        # Friday: 2 of 3 sessions are now due, so the other dancer (1 done) is behind too; the first
        # dancer is not notified twice in one week.
        assert reminders.reminders_send(studio=a.studio, today=thursday + timedelta(days=1)) == 1
        assert Notification.objects.filter(user=a.dancer_user).count() == 1
        assert reminders.reminders_send(studio=a.studio, today=thursday + timedelta(days=7)) == 2  # next week

    def test_beat_task_runs_for_every_studio(self, world: World) -> None:
        from programs.tasks import send_program_reminders

        thursday = date(2026, 10, 8)  # a fixed day: on Mondays and Tuesdays no session is due yet
        for tenant in (world.a, world.b):
            assign(tenant, dancer=tenant.dancer, starts_on=thursday - timedelta(days=21))
        # Nothing logged: by Thursday at least one session of the week was due, in both studios.
        created = send_program_reminders.delay(on=thursday.isoformat()).get()
        assert created == 2 == Notification.objects.count()
        assert set(Notification.objects.values_list("studio", "user")) == {
            (world.a.studio.pk, world.a.dancer_user.pk),
            (world.b.studio.pk, world.b.dancer_user.pk),
        }
        assert send_program_reminders.delay(on=thursday.isoformat()).get() == 0  # once per week
