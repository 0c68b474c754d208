"""The upload page (now outside the request transaction) and the status page of a failure on our
side, in real Chromium at phone and desktop sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from screenings.models import Analysis, AnalysisState, Clip, Screening
from screenings.services import ANALYSIS_ERROR_MESSAGE
from studios.models import GuardianConsent
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
def test_a_failure_on_our_side_says_so_and_offers_no_film_again(
    live_world: World,
    new_page,  # noqa: ANN001
    width: int,
    height: int,
) -> None:
    a = live_world.a
    screening = Screening.objects.create(
        studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today()
    )
    clip = Clip.objects.create(
        studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4"
    )
    analysis = Analysis.objects.create(
        studio=a.studio, clip=clip, dancer=a.dancer, test="plie", engine_version="1", attempts=3,
        state=AnalysisState.FAILED, reason="analysis_error", message=ANALYSIS_ERROR_MESSAGE,
        last_error="RuntimeError('operator detail, never shown')",
    )  # fmt: skip
    page = new_page(width=width, height=height, is_mobile=width < 500, has_touch=width < 500)
    login(page, a.dancer_user.username)
    page.goto(reverse("analysis-status", kwargs={"studio_id": a.studio.public_id, "pk": analysis.public_id}))
    expect(page.locator("#state-text")).to_have_text("We could not finish this analysis")
    expect(page.locator("#failure-message")).to_have_text(ANALYSIS_ERROR_MESSAGE)
    assert page.get_by_role("link", name="Film again").count() == 0
    assert "operator detail" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"faults-status-our-side-{width}")


@phone_and_desktop
def test_the_upload_page_stores_and_analyses_a_clip(
    live_world: World,
    new_page,  # noqa: ANN001
    shared_clips: Path,
    width: int,
    height: int,
) -> None:
    a = live_world.a
    GuardianConsent.objects.create(studio=a.studio, dancer=a.dancer, guardian=a.guardian)
    page = new_page(width=width, height=height, is_mobile=width < 500, has_touch=width < 500)
    login(page, a.dancer_user.username)
    page.goto(reverse("screening-upload", kwargs={"studio_id": a.studio.public_id}))
    page.set_input_files("#id_file", str(shared_clips / "squat_frontal_woman.mp4"))
    screenshot(page, f"faults-upload-chosen-{width}")
    page.get_by_role("button", name="Upload and analyse").click()
    # Celery runs eagerly in the live server: the upload answers once the analysis is done.
    page.wait_for_url("**/analyses/**", timeout=180_000)
    expect(page.locator("#state-text")).to_have_text("Done", timeout=180_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"faults-upload-done-{width}")
    assert Clip.objects.filter(dancer=a.dancer).count() == 1
    assert Analysis.objects.get().state == AnalysisState.DONE
