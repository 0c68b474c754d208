"""The dancer's screening report: rendered from real engine results and key frames, read back as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from privacy.models import AuditAction, AuditEvent
from reports.models import Paper
from reports.pdf import dancer_report_pdf, safe_url_fetcher
from reports.selectors import dancer_report_data
from screenings.change import smallest_detectable_change
from studios.models import ConsentScope, GuardianConsent
from tests.conftest import client_for
from tests.reports.conftest import page_png, pdf_text
from tests.reports.seed import add_analysis, fixture_result, seed_dancer_history, seeded_exercise_names
from tests.world import World

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def _pm(value: float, sem: float, unit: str) -> str:
    return f"{value:+.1f} ± {sem:.1f}{unit}"


def _url(world: World, **query: str) -> str:
    url = reverse(
        "report-dancer", kwargs={"studio_id": world.a.studio.public_id, "pk": world.a.dancer.public_id}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def seeded(world: World):  # noqa: ANN201
    a = world.a
    return seed_dancer_history(
        studio=a.studio, season=a.season, dancer=a.dancer, by=a.teacher, today=a.studio.today()
    )


@pytest.mark.django_db
class TestDancerReportPdf:
    @pytest.mark.parametrize(("paper", "size"), [(Paper.A4, A4_POINTS), (Paper.LETTER, LETTER_POINTS)])
    def test_guardian_downloads_report_with_values_bands_and_errors(
        self,
        world: World,
        seeded,
        tmp_path: Path,
        paper: str,
        size: tuple[int, int],  # noqa: ANN001
    ) -> None:
        response = client_for(world, "guardian").get(_url(world, paper=paper))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="screening-ada-ashbya-')
        pdf = response.content
        reader = PdfReader(io.BytesIO(pdf))
        assert 1 <= len(reader.pages) <= 2
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
        text = flat = pdf_text(pdf, tmp_path)

        plie = fixture_result("plie")["metrics"]
        stance = fixture_result("stance")["metrics"]["sides"][0]
        offsets = plie["knee_toe_offset_pct"]
        # Every number with its ± band, exactly as the engine measured it.
        for leg in ("left", "right"):
            assert _pm(offsets[leg]["value"], offsets[leg]["sem"], "%") in text
        assert _pm(plie["depth_pct"]["value"], plie["depth_pct"]["sem"], "%") in text
        drop = stance["pelvic_drop_deg_median"]
        assert _pm(drop["value"], drop["sem"], "°") in text
        # Previous screening and a change that beats the smallest detectable change.
        assert _pm(-6.2, offsets["left"]["sem"], "%") in text
        assert f"improved (beyond ± {smallest_detectable_change(offsets['left']['sem']):.1f})" in flat
        assert "over the toes" in flat and "level" in flat
        # Plain-language tests, the disclaimer, referral and its reasons, program with doses.
        assert "knee over the second toe" in flat.lower() or "over the second toe" in flat
        assert "pelvis level" in flat.lower()
        assert "A screening aid, not a diagnosis" in flat
        assert "Recommendation: consider a dance medicine evaluation" in flat
        assert "flag for review by a dance medicine specialist" in flat
        assert "Pain of 5/10 or more logged on 2 days" in flat
        assert "asked for an evaluation" in flat
        for name in seeded_exercise_names():
            assert name.split(" (")[0] in flat
        assert "2 × 10 each side" in flat  # the teacher's per-dancer override of the first exercise
        assert "season compliance" in flat
        assert "Studio A" in flat and "Ada AshbyA" in flat
        # Both key frames are embedded images (never fetched); WeasyPrint shares resources across pages.
        images = {img.data for page in reader.pages for img in page.images}
        assert len(images) == 2

        png = page_png(pdf, f"dancer_report_{paper}", dpi=90)
        assert png.stat().st_size > 10_000
        page_png(pdf, f"dancer_report_{paper}_p2", page=2, dpi=90)

    def test_every_download_is_audited(self, world: World, seeded) -> None:  # noqa: ANN001
        # Her teacher may download it once the family shares reports with teachers (results_access).
        GuardianConsent.objects.create(
            studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian,
            scope=ConsentScope.REPORT_SHARING, season=world.a.season,
        )  # fmt: skip
        before = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_REPORT).count()
        assert client_for(world, "teacher").get(_url(world)).status_code == 200
        event = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_REPORT).latest("created_at")
        assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_REPORT).count() == before + 1
        assert (event.actor, event.dancer, event.studio) == (world.a.teacher, world.a.dancer, world.a.studio)

    def test_hidden_dancer_is_not_found_and_not_audited(self, world: World, seeded) -> None:  # noqa: ANN001
        response = client_for(world, "other_guardian").get(_url(world))
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_REPORT).exists()

    def test_unknown_paper_is_rejected(self, world: World) -> None:
        response = client_for(world, "director").get(_url(world, paper="a3"))
        assert response.status_code == 400
        assert "paper" in response.json()["extra"]["fields"]

    def test_dancer_without_screenings_gets_a_report_that_says_so(self, world: World, tmp_path: Path) -> None:
        rendered = dancer_report_pdf(studio=world.a.studio, dancer=world.a.other_dancer)
        flat = pdf_text(rendered.content, tmp_path)
        assert flat.count("This test has not been screened yet.") == 2
        assert "No exercise program is assigned" in flat
        assert "Recommendation" not in flat

    def test_rejected_clip_shows_the_reason_to_film_again(self, world: World, tmp_path: Path) -> None:
        a = world.a
        rejected = {
            "status": "rejected",
            "reason": "not_frontal",
            "message": "Film from the front, whole body including feet, 2–3 m away.",
            "test": "plie",
        }
        add_analysis(
            studio=a.studio, dancer=a.other_dancer, season=a.season, on=a.studio.today(), test="plie",
            result=rejected, keyframe=None,
        )  # fmt: skip
        flat = pdf_text(dancer_report_pdf(studio=a.studio, dancer=a.other_dancer).content, tmp_path)
        assert "The latest clip could not be measured. Film from the front" in flat


@pytest.mark.django_db
def test_report_data_matches_the_screening_selector(world: World, seeded) -> None:  # noqa: ANN001
    """The PDF is built from the same objects as the pages: the rows are the selector's numbers."""
    a = world.a
    data = dancer_report_data(studio=a.studio, dancer=a.dancer)
    offsets = fixture_result("plie")["metrics"]["knee_toe_offset_pct"]
    assert data.plie.on == seeded.current_on and data.plie.previous_on == seeded.previous_on
    assert data.plie.rows[0].current == _pm(offsets["left"]["value"], offsets["left"]["sem"], "%")
    assert data.plie.rows[0].band == "aligned" and data.plie.rows[0].change.startswith("improved")
    # The fixture is a real −10.7° hip hike that engine 1.0 banded "level" (issue 17 item 7).
    assert data.stance.rows[0].band == "hip_hike" and data.stance.rows[0].band_words == "hip hike"
    assert data.plie.keyframe.startswith("data:image/jpeg;base64,")
    assert data.referral.raised and len(data.referral.reasons) == 2
    assert data.compliance is not None and data.compliance.season_pct is not None


@pytest.mark.parametrize(
    "url", ["http://example.com/x.png", "https://example.com/a.css", "file:///etc/passwd"]
)
def test_renderer_never_fetches_network_or_files(url: str) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        safe_url_fetcher().fetch(url)


def test_renderer_reads_data_uris() -> None:
    response = safe_url_fetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"
