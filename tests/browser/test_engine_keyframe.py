"""The teacher opens a measured plié: the engine 1.2 key frame (JPEG, "this rep only") shows on the
result page at phone and laptop widths."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from screenings import services
from screenings.models import Analysis, AnalysisState, Clip, Screening
from screenings.models import TestType as ClipTest
from studios.models import ConsentScope, GuardianConsent
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _measured(world: World, path: Path, test: str, name: str) -> Analysis:
    """A clip of the world's dancer analysed by the real engine through the pipeline's services."""
    from workers.engine import analyse

    a = world.a
    today = a.studio.today()
    # Ada's family shares her results with her teacher (without it he sees the status, not the frame).
    GuardianConsent.objects.create(
        studio=a.studio, dancer=a.dancer, guardian=a.guardian, scope=ConsentScope.REPORT_SHARING, season=a.season
    )
    screening = Screening.objects.create(studio=a.studio, dancer=a.dancer, season=a.season, date=today)
    clip = Clip.objects.create(
        studio=a.studio, screening=screening, dancer=a.dancer, test=test, original_name=name,
        uploaded_by=a.teacher, retention_until=today + timedelta(days=30),
    )  # fmt: skip
    token = services.new_lease_token()
    analysis = Analysis.objects.create(
        studio=a.studio, clip=clip, dancer=a.dancer, test=test, state=AnalysisState.RUNNING,
        attempts=1, claimed_by=token, queued_at=timezone.now(), started_at=timezone.now(),
        lease_expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    out = analyse(path, test=test)
    assert out.result["status"] == "ok"
    assert services.analysis_complete(
        analysis_id=analysis.pk, token=token, result=out.result, keyframe=out.keyframe_jpeg
    )
    return analysis


def test_teacher_sees_the_jpeg_key_frame_of_a_real_plie(
    live_world: World, new_page, shared_clips: Path
) -> None:  # noqa: ANN001
    a = live_world.a
    analysis = _measured(live_world, shared_clips / "plie.mp4", ClipTest.PLIE, "plie.mp4")
    url = f"/s/{a.studio.public_id}/analyses/{analysis.public_id}/"
    for width, height, name in ((390, 844, "phone"), (1366, 900, "laptop")):
        page = new_page(width=width, height=height)
        login(page, a.teacher.username)
        with page.expect_response(lambda r: "/keyframe" in r.url) as keyframe:
            page.goto(url)
        assert keyframe.value.headers.get("content-type") == "image/jpeg"
        img = page.locator("img[src*='keyframe']")
        img.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        assert img.evaluate("i => i.naturalWidth") == 1280
        box = img.bounding_box()
        assert box is not None and box["width"] <= width  # never wider than the screen
        # The offset at 30 % depth beside the deepest-point one, each with its band (both legs).
        table = page.locator("table.results").inner_text()
        assert (
            "Left knee vs toe line, deepest point" in table and "Left knee vs toe line at 30 % depth" in table
        )
        assert table.count("% leg length") >= 6 and table.count("±") >= 6
        assert page.locator("#depth-note").is_visible()
        screenshot(page, f"engine-keyframe-{name}")
        assert page.errors == []


def test_the_demo_synthetic_clip_is_labelled_on_its_result_page(live_world: World, new_page) -> None:  # noqa: ANN001
    """The bundled computer-generated stance clip (demo_media/, Apache-2.0), measured for real: its
    page says it is synthetic, at phone and laptop widths."""
    from screenings.demo import DEMO_MEDIA, SYNTHETIC_CLIP
    from screenings.selectors import SYNTHETIC_MARK

    a = live_world.a
    clip_name = f"{SYNTHETIC_CLIP}{SYNTHETIC_MARK}"
    analysis = _measured(live_world, DEMO_MEDIA / SYNTHETIC_CLIP, ClipTest.STANCE, clip_name)
    for width, height, name in ((390, 844, "phone"), (1366, 900, "laptop")):
        page = new_page(width=width, height=height)
        login(page, a.teacher.username)
        page.goto(f"/s/{a.studio.public_id}/analyses/{analysis.public_id}/")
        notice = page.locator("#synthetic-clip")
        assert notice.is_visible() and "computer-generated" in notice.inner_text()
        assert "Left leg: pelvic drop" in page.locator("table.results").inner_text()
        screenshot(page, f"engine-synthetic-{name}")
        assert page.errors == []
