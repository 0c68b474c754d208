"""The director's season report: data, PDF text, the job API and its state machine (eager Celery)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from privacy.models import AuditAction, AuditEvent
from programs.selectors import compliance_for_dancers, referral_flags_for_dancers
from reports import rendering, services
from reports.models import Paper, ReportJob, ReportState
from reports.pdf import season_report_pdf
from reports.season import season_report_data
from screenings.selectors import dancer_results, latest_measured
from studios.policies import actor_for
from tests.conftest import client_for
from tests.reports.conftest import page_png, pdf_text
from tests.reports.seed import seed_dancer_history, seed_studio
from tests.world import World

SMALL_STUDIO = 24


@pytest.fixture
def season_world(world: World) -> World:
    a = world.a
    today = a.studio.today()
    seed_dancer_history(studio=a.studio, season=a.season, dancer=a.dancer, by=a.teacher, today=today)
    world.extra["dancers"] = seed_studio(
        studio=a.studio, season=a.season, dancers=SMALL_STUDIO, classes=3, today=today, by=a.teacher
    )
    return world


def _list_url(world: World) -> str:
    return reverse("report-season-list", kwargs={"studio_id": world.a.studio.public_id})


@pytest.mark.django_db
class TestSeasonReportData:
    def test_summary_agrees_with_the_screening_and_program_selectors(self, season_world: World) -> None:
        a = season_world.a
        data = season_report_data(studio=a.studio, season=a.season)
        ids = [d.pk for d in season_world.extra["dancers"]] + [a.dancer.pk, a.other_dancer.pk]
        results = dancer_results(studio=a.studio, dancer_ids=ids, season=a.season)
        latest = {i: latest_measured(results[i]) for i in ids}
        flagged = sum(
            1
            for p, s in latest.values()
            if "concern" in (p.worst_band if p else None, s.worst_band if s else None)
        )
        compliance = compliance_for_dancers(studio=a.studio, dancer_ids=ids, season=a.season)
        with_program = [c for c in compliance.values() if c.has_program and c.season_pct is not None]
        flags = referral_flags_for_dancers(studio=a.studio, dancer_ids=ids, season=a.season)

        assert data.dancers == len(ids)
        assert data.screened == sum(1 for p, s in latest.values() if p or s)
        assert data.flagged == flagged
        assert data.with_program == len(with_program)
        assert len(data.referrals) == sum(1 for reasons in flags.values() if reasons)
        assert sum(n for _, n in data.compliance_buckets) == data.dancers
        assert sum(len(t.rows) for t in data.classes) == data.dancers  # each dancer is in one class here
        # The trend ends with today's numbers.
        assert data.trend_points[-1][1] == data.flagged
        assert data.trend_points[-1][2] == data.screened

    def test_unscreened_season_renders_empty(self, world: World, tmp_path: Path) -> None:
        text = pdf_text(season_report_pdf(studio=world.b.studio, season=world.b.season).content, tmp_path)
        assert "No referral recommendations this season." in text
        assert "Ballet III" in text and "Bea BrookB" in text


@pytest.mark.django_db
def test_season_pdf_lists_classes_values_and_referrals(season_world: World, tmp_path: Path) -> None:
    a = season_world.a
    rendered = season_report_pdf(studio=a.studio, season=a.season, paper=Paper.LETTER)
    reader = PdfReader(io.BytesIO(rendered.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert rendered.pages == len(reader.pages) >= 2
    text = pdf_text(rendered.content, tmp_path)
    data = season_report_data(studio=a.studio, season=a.season)
    for table in data.classes:
        assert table.name in text
    row = next(r for t in data.classes for r in t.rows if r.dancer == a.dancer)
    assert row.knee_left in text and row.drop_right in text and "±" in row.knee_left
    assert "Referral recommendations" in text and "Ada AshbyA" in text
    assert "Pain of 5/10 or more logged on 2 days" in text
    assert "Dancers in the concern band over the season" in text and "Compliance distribution" in text
    assert "A screening aid, not a diagnosis." in text
    page_png(rendered.content, "season_report_letter", dpi=90)
    page_png(rendered.content, "season_report_letter_p2", page=2, dpi=90)


@pytest.mark.django_db
class TestSeasonReportApi:
    def test_request_runs_the_task_and_the_file_downloads(
        self,
        season_world: World,
        django_capture_on_commit_callbacks,
        tmp_path: Path,  # noqa: ANN001
    ) -> None:
        client = client_for(season_world, "director")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_list_url(season_world), {"paper": "a4"}, format="json")
        assert response.status_code == 202
        job_id = response.json()["id"]
        assert response.json()["state"] == ReportState.QUEUED  # the row as committed, before the task

        status = client.get(response.json()["status_url"])
        assert status.status_code == 200
        body = status.json()
        assert body["state"] == ReportState.DONE, body
        assert body["page_count"] >= 2 and body["size_bytes"] > 10_000
        assert body["season"] == str(season_world.a.season.public_id)  # current season by default

        download = client.get(body["file_url"])
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        pdf = b"".join(download.streaming_content)
        assert "Season report" in pdf_text(pdf, tmp_path)
        event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD_REPORT)
        assert event.target_ref == job_id and event.actor == season_world.a.director
        listing = client.get(_list_url(season_world)).json()
        assert [j["id"] for j in listing["results"]] == [job_id]

    def test_file_before_done_is_409(self, world: World) -> None:
        job = ReportJob.objects.create(studio=world.a.studio, season=world.a.season)
        url = reverse(
            "report-season-file", kwargs={"studio_id": world.a.studio.public_id, "pk": job.public_id}
        )
        response = client_for(world, "director").get(url)
        assert response.status_code == 409
        assert response.json() == {"message": "The report is not ready yet.", "extra": {"state": "queued"}}

    def test_foreign_season_is_not_found_and_nothing_is_written(self, world: World) -> None:
        client = client_for(world, "director")
        response = client.post(_list_url(world), {"season": str(world.b.season.public_id)}, format="json")
        assert response.status_code == 404
        assert ReportJob.objects.count() == 0

    def test_own_season_is_accepted_and_written(self, world: World) -> None:
        client = client_for(world, "director")
        response = client.post(_list_url(world), {"season": str(world.a.season.public_id)}, format="json")
        assert response.status_code == 202
        assert ReportJob.objects.get().season == world.a.season

    def test_foreign_job_id_is_not_found(self, world: World) -> None:
        foreign = ReportJob.objects.create(studio=world.b.studio, season=world.b.season)
        url = reverse(
            "report-season-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": foreign.public_id}
        )
        assert client_for(world, "director").get(url).status_code == 404
        url = reverse(
            "report-season-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": "not-a-uuid"}
        )
        assert client_for(world, "director").get(url).status_code == 404


@pytest.mark.django_db
class TestSeasonReportService:
    def test_a_job_is_claimed_once(self, world: World) -> None:
        job = ReportJob.objects.create(studio=world.a.studio, season=world.a.season)
        first = rendering.season_report_claim(job_public_id=job.public_id)
        assert first is not None and first.state == ReportState.RUNNING and first.attempts == 1
        assert rendering.season_report_claim(job_public_id=job.public_id) is None

    def test_run_renders_and_stores(self, world: World) -> None:
        job = ReportJob.objects.create(studio=world.a.studio, season=world.a.season, paper=Paper.LETTER)
        done = rendering.season_report_run(job_public_id=job.public_id)
        assert done is not None and done.state == ReportState.DONE
        with done.file.open("rb") as fh:
            assert fh.read(5) == b"%PDF-"
        assert done.file.name == f"reports/{world.a.studio.public_id}/{job.public_id}.pdf"
        assert rendering.season_report_run(job_public_id=job.public_id) is None  # already done: no re-render

    def test_render_error_ends_failed_with_a_reason(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A template that cannot render (the real renderer, given a template that does not exist).
        import reports.pdf as pdf

        monkeypatch.setattr(
            pdf,
            "season_report_pdf",
            lambda **kw: pdf.render_pdf("reports/missing.html", {}, paper=kw["paper"]),
        )
        job = ReportJob.objects.create(studio=world.a.studio, season=world.a.season)
        failed = rendering.season_report_run(job_public_id=job.public_id)
        assert failed.state == ReportState.FAILED
        assert failed.error == "Rendering failed: TemplateDoesNotExist."
        assert not failed.file

    def test_only_the_director_may_request(self, world: World) -> None:
        from django.core.exceptions import PermissionDenied

        teacher = actor_for(user=world.a.teacher, studio=world.a.studio)
        with pytest.raises(PermissionDenied):
            services.season_report_request(studio=world.a.studio, actor=teacher)
        assert ReportJob.objects.count() == 0
