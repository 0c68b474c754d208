"""Report pages: the dancer-page download link, the director's season-report page and its download."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from reports.models import ReportJob, ReportState
from tests.world import World


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


@pytest.mark.django_db
class TestDancerReportPage:
    def test_guardian_downloads_and_is_audited(self, world: World) -> None:
        url = reverse(
            "report-dancer-pdf",
            kwargs={"studio_id": world.a.studio.public_id, "dancer_id": world.a.dancer.public_id},
        )
        response = _client(world, "guardian").get(url + "?paper=letter")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"
        assert (
            AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_REPORT, dancer=world.a.dancer).count() == 1
        )

    @pytest.mark.parametrize("role", ["other_guardian", "other_teacher", "outsider"])
    def test_who_cannot_see_the_dancer_gets_404(self, world: World, role: str) -> None:
        url = reverse(
            "report-dancer-pdf",
            kwargs={"studio_id": world.a.studio.public_id, "dancer_id": world.a.dancer.public_id},
        )
        assert _client(world, role).get(url).status_code == 404

    def test_anonymous_is_sent_to_login(self, world: World) -> None:
        url = reverse(
            "report-dancer-pdf",
            kwargs={"studio_id": world.a.studio.public_id, "dancer_id": world.a.dancer.public_id},
        )
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
class TestSeasonReportPage:
    def test_director_requests_and_downloads(
        self,
        world: World,
        django_capture_on_commit_callbacks,  # noqa: ANN001
    ) -> None:
        client = _client(world, "director")
        page = reverse("report-season-page", kwargs={"studio_id": world.a.studio.public_id})
        assert client.get(page).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page, {"season": str(world.a.season.public_id), "paper": "letter"})
        assert response.status_code == 302
        job = ReportJob.objects.get()
        assert (job.state, job.paper, job.season) == (ReportState.DONE, "letter", world.a.season)
        listing = client.get(page)
        download = reverse(
            "report-season-download", kwargs={"studio_id": world.a.studio.public_id, "job_id": job.public_id}
        )
        assert download in listing.content.decode()
        assert b'http-equiv="refresh"' not in listing.content  # nothing pending: no auto-refresh
        pdf = client.get(download)
        assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
        assert AuditEvent.objects.filter(
            action=AuditAction.DOWNLOAD_REPORT, target_ref=str(job.public_id)
        ).exists()

    def test_pending_job_page_refreshes(self, world: World) -> None:
        ReportJob.objects.create(studio=world.a.studio, season=world.a.season)
        page = reverse("report-season-page", kwargs={"studio_id": world.a.studio.public_id})
        assert b'http-equiv="refresh"' in _client(world, "director").get(page).content

    @pytest.mark.parametrize("role", ["teacher", "dancer", "guardian"])
    def test_other_members_are_forbidden(self, world: World, role: str) -> None:
        page = reverse("report-season-page", kwargs={"studio_id": world.a.studio.public_id})
        client = _client(world, role)
        assert client.get(page).status_code == 403
        assert client.post(page, {"paper": "a4"}).status_code == 403
        assert ReportJob.objects.count() == 0

    def test_outsider_and_foreign_season_are_not_found(self, world: World) -> None:
        page = reverse("report-season-page", kwargs={"studio_id": world.a.studio.public_id})
        assert _client(world, "outsider").get(page).status_code == 404
        response = _client(world, "director").post(page, {"season": str(world.b.season.public_id)})
        assert response.status_code == 404
        assert ReportJob.objects.count() == 0
