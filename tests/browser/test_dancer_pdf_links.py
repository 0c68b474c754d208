"""The dancer PDF is reachable from the dancer page: director and guardian click the link in real
Chromium and get a PDF; the page shows the filming-consent status next to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.seeding import seed_class
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
@pytest.mark.parametrize("who", ["director", "guardian"])
def test_director_and_guardian_download_the_dancer_pdf_from_the_page(
    live_world: World,
    new_page,
    who: str,
    width: int,
    height: int,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    a = live_world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=1, screenings=2, weeks=3,
               today=a.studio.today())  # fmt: skip
    page = new_page(width=width, height=height, accept_downloads=True)
    login(page, getattr(a, who).username)
    page.goto(f"/s/{a.studio.public_id}/dashboard/dancers/{a.dancer.public_id}/")
    main = page.locator("main")
    assert "Filming consent" in main.locator("#consent-status").inner_text()
    screenshot(page, f"dancer-pdf-link-{who}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_download() as info:
        page.get_by_role("link", name="Screening report (PDF, A4)").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    assert download.suggested_filename.endswith(".pdf")
    assert target.read_bytes()[:5] == b"%PDF-"
    assert target.stat().st_size > 5_000
    assert page.errors == []  # type: ignore[attr-defined]
