"""The exercise library page and the filming guide in real Chromium at phone and desktop size: every
drawing loads, nothing overflows the page, the framing picture is on the upload page."""

from __future__ import annotations

import pytest

from programs.library import EXERCISE_SLUGS, library_ensure
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOADED = "Array.from(document.querySelectorAll('main img')).map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])"


@phone_and_desktop
def test_every_drawing_loads_and_the_page_fits(width: int, height: int, live_world: World, new_page) -> None:  # noqa: ANN001
    library_ensure()
    a = live_world.a
    page = new_page(width=width, height=height, is_mobile=width < 500, has_touch=width < 500)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/programs/today/")
    page.get_by_role("link", name="Every exercise, drawn").click()
    page.wait_for_load_state("networkidle")
    for img in page.locator("main img").all():
        img.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.querySelectorAll('main img')).every(i => i.complete)")
    loaded = page.evaluate(LOADED)
    assert len(loaded) == len(EXERCISE_SLUGS) and all(ok for _, ok in loaded), loaded
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"exercise-library-{width}")
    card = page.locator(".exercise-library li", has_text="Technique cue")
    card.screenshot(path=str(screenshot(page, f"exercise-library-{width}").with_name(f"exercise-card-{width}.png")))

    page.goto(f"/s/{a.studio.public_id}/screenings/upload/")
    picture = page.get_by_role("img", name="The phone upright on a steady support at hip height")
    assert picture.evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#how-to-film").screenshot(path=str(screenshot(page, f"upload-how-to-film-{width}").with_name(f"upload-how-to-film-card-{width}.png")))
    assert page.errors == []
