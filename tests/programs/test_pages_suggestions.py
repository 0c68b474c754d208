"""Suggestions from screening flags, and the server-rendered pages (today, two-step assign)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from programs.library import GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL
from programs.models import Assignment, ExerciseLog, PauseDay, Program
from programs.selectors import program_suggestions_for_dancer
from screenings.models import Analysis, AnalysisState, Clip, Screening
from tests.world import Tenant, World


def measured(
    t: Tenant, *, days_ago: int, plie: tuple[str, float] | None = None, stance: dict | None = None
) -> None:
    screening = Screening.objects.create(
        studio=t.studio, dancer=t.dancer, season=t.season, date=t.studio.today() - timedelta(days=days_ago)
    )
    if plie:
        band, value = plie
        clip = Clip.objects.create(studio=t.studio, screening=screening, dancer=t.dancer, test="plie")
        Analysis.objects.create(
            studio=t.studio, clip=clip, dancer=t.dancer, test="plie", engine_version="t", state=AnalysisState.DONE,
            result={"status": "ok", "metrics": {
                "band": {"left": band, "right": "aligned"},
                "knee_toe_offset_pct": {"left": {"value": value, "sem": 2.5}, "right": {"value": 3.0, "sem": 2.5}},
            }},
        )  # fmt: skip
    if stance:
        clip = Clip.objects.create(studio=t.studio, screening=screening, dancer=t.dancer, test="stance")
        Analysis.objects.create(
            studio=t.studio, clip=clip, dancer=t.dancer, test="stance", engine_version="t", state=AnalysisState.DONE,
            result={"status": "ok", "metrics": {"sides": [{
                "stance_leg": "left",
                "band": stance.get("band", "level"),
                "pelvic_drop_deg_median": {"value": stance.get("drop", 1.0), "sem": 1.5},
                "trunk_lean_deg": {"value": stance.get("lean", 1.0), "sem": 1.5},
                "compensating": stance.get("compensating", False),
            }]}},
        )  # fmt: skip


def slugs(t: Tenant) -> list[str]:
    return [s.program.slug for s in program_suggestions_for_dancer(studio=t.studio, dancer=t.dancer)]


@pytest.mark.django_db
class TestSuggestions:
    def test_no_screening_no_suggestion(self, world: World) -> None:
        assert slugs(world.a) == []

    def test_all_aligned_no_suggestion(self, world: World) -> None:
        measured(world.a, days_ago=3, plie=("aligned", 4.0), stance={"band": "level"})
        assert slugs(world.a) == []

    def test_plie_concern_suggests_plie_control_with_reason(self, world: World) -> None:
        measured(world.a, days_ago=3, plie=("concern", -6.2), stance={"band": "level"})
        (suggestion,) = program_suggestions_for_dancer(studio=world.a.studio, dancer=world.a.dancer)
        assert suggestion.program.slug == HIP_ER_PLIE_CONTROL
        assert suggestion.reasons == (
            "Plié: left knee inside the big toe, knee–toe offset -6.2 ± 2.5 % leg length (concern).",
        )

    def test_pelvic_drop_or_trunk_lean_suggests_foundations(self, world: World) -> None:
        measured(world.a, days_ago=3, stance={"band": "watch", "drop": 3.4})
        assert slugs(world.a) == [GLUTE_MED_FOUNDATIONS]
        measured(world.a, days_ago=1, stance={"band": "level", "lean": 7.0, "compensating": True})
        (suggestion,) = program_suggestions_for_dancer(studio=world.a.studio, dancer=world.a.dancer)
        assert suggestion.program.slug == GLUTE_MED_FOUNDATIONS
        assert "Trunk leans 7.0 ± 1.5°" in suggestion.reasons[0] and "compensating" in suggestion.reasons[0]

    def test_worse_band_first_tie_goes_to_foundations(self, world: World) -> None:
        measured(world.a, days_ago=3, plie=("concern", -7.0), stance={"band": "watch", "drop": 3.0})
        assert slugs(world.a) == [HIP_ER_PLIE_CONTROL, GLUTE_MED_FOUNDATIONS]
        measured(world.a, days_ago=1, plie=("watch", -2.0), stance={"band": "watch", "drop": 3.0})
        assert slugs(world.a) == [GLUTE_MED_FOUNDATIONS, HIP_ER_PLIE_CONTROL]

    def test_teacher_sees_suggestion_on_assign_page(self, world: World) -> None:
        measured(world.a, days_ago=3, plie=("concern", -6.2))
        client = Client()
        client.force_login(world.a.teacher)
        url = reverse("program-assign", kwargs={"studio_id": world.a.studio.public_id})
        page = client.get(url, {"dancer": str(world.a.dancer.public_id)})
        assert page.status_code == 200
        assert "Suggested from the latest screening" in page.content.decode()
        assert "-6.2 ± 2.5 % leg length" in page.content.decode()


def login(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestPages:
    def test_two_step_assign_to_own_class(self, world: World) -> None:
        a = world.a
        client = login(a.teacher)
        studio_id = a.studio.public_id
        start = client.get(
            reverse("program-assign-class", kwargs={"studio_id": studio_id, "pk": a.class_group.public_id})
        )
        assert start.status_code == 302
        step1 = client.get(start["Location"])
        assert step1.status_code == 200 and b"Glute med foundations, 6 weeks" in step1.content
        program = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
        step2_url = reverse(
            "program-assign-target", kwargs={"studio_id": studio_id, "program_pk": program.public_id}
        )
        step2 = client.get(step2_url, {"class": str(a.class_group.public_id)})
        body = step2.content.decode()
        assert (
            step2.status_code == 200 and "Ballet III" in body and "Ballet IV" not in body
        )  # only own classes
        assert f'value="class:{a.class_group.public_id}" checked' in body
        done = client.post(
            step2_url, {"target": f"class:{a.class_group.public_id}", "starts_on": "2026-10-08"}
        )
        assert done.status_code == 302
        assignment = Assignment.objects.get()
        assert (assignment.class_group, str(assignment.starts_on), assignment.assigned_by) == (
            a.class_group, "2026-10-08", a.teacher,
        )  # fmt: skip
        # Posting the other teacher's class is refused without a row.
        refused = client.post(
            step2_url, {"target": f"class:{a.other_class.public_id}", "starts_on": "2026-10-08"}
        )
        assert refused.status_code == 200 and b"Choose a dancer or a class" in refused.content
        assert Assignment.objects.count() == 1

    def test_assign_pages_are_staff_only_and_404_outside(self, world: World) -> None:
        url = reverse("program-assign", kwargs={"studio_id": world.a.studio.public_id})
        assert login(world.a.dancer_user).get(url).status_code == 403
        assert login(world.b.director).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login page

    def test_today_page_logs_without_javascript_once_per_key(self, world: World) -> None:
        a = world.a
        program = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
        assignment = Assignment.objects.create(
            studio=a.studio, program=program, dancer=a.dancer,
            starts_on=a.studio.today() - timedelta(days=2), ends_on=a.studio.today() + timedelta(days=30),
        )  # fmt: skip
        client = login(a.dancer_user)
        url = reverse("programs-today", kwargs={"studio_id": a.studio.public_id})
        page = client.get(url)
        body = page.content.decode()
        assert page.status_code == 200
        assert "Clamshell" in body and "3 × 15 reps per side" in body and "sessions this week" in body
        assert 'src="/static/js/log.js"' in body and "<script>" not in body  # CSP: no inline scripts
        exercise = program.items.first().exercise
        form = {
            "assignment": str(assignment.public_id), "exercise": str(exercise.public_id),
            "dancer": str(a.dancer.public_id), "idempotency_key": "nojs-key-0001", "reps": "15",
            "with_pain": "1", "pain": "2", "with_effort": "1", "effort": "6",
        }  # fmt: skip
        log_url = reverse("programs-today-log", kwargs={"studio_id": a.studio.public_id})
        assert client.post(log_url, form).status_code == 302
        assert client.post(log_url, form).status_code == 302  # double submit
        log = ExerciseLog.objects.get()
        assert (log.pain, log.effort, log.reps) == (2, 6, 15)
        # A slider left alone is no score: pain given, effort untouched -> effort stays empty; high pain
        # brings the advice (stop, tell the teacher or a parent).
        untouched = form | {"idempotency_key": "nojs-key-0002", "pain": "7", "with_effort": ""}
        followed = client.post(log_url, untouched, follow=True).content.decode()
        assert (ExerciseLog.objects.get(idempotency_key="nojs-key-0002").effort) is None
        assert "stop this exercise for today and tell your teacher or a parent" in followed
        assert "0 = no pain" in followed and "10 = worst pain" in followed
        assert '<span class="sets-done">2</span> of 3 sets done' in client.get(url).content.decode()

    def test_guardian_reads_today_without_log_buttons_and_marks_rest(self, world: World) -> None:
        a = world.a
        program = Program.objects.get(studio__isnull=True, slug=GLUTE_MED_FOUNDATIONS)
        Assignment.objects.create(
            studio=a.studio, program=program, dancer=a.dancer,
            starts_on=a.studio.today() - timedelta(days=2), ends_on=a.studio.today() + timedelta(days=30),
        )  # fmt: skip
        client = login(a.guardian)
        url = reverse("programs-today", kwargs={"studio_id": a.studio.public_id})
        page = client.get(url, {"dancer": str(a.dancer.public_id)})
        assert page.status_code == 200 and b"Clamshell" in page.content and b"Log a set" not in page.content
        assert client.get(url, {"dancer": str(a.other_dancer.public_id)}).status_code == 404
        rest_url = reverse("programs-today-rest", kwargs={"studio_id": a.studio.public_id})
        client.post(rest_url, {"dancer": str(a.dancer.public_id), "kind": "illness"})
        assert PauseDay.objects.get().kind == "illness"
