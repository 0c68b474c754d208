"""Every page whose roles are declared with studio_page(roles=…/policy=…), opened by the person it is
for at phone (390 × 844) and desktop (1366 × 900) widths in real Chromium: it renders, nothing
overflows sideways, no script error; a member without the role gets the 403 page."""

from __future__ import annotations

import pytest

from dashboards.seeding import seed_class
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"390": (390, 844), "1366": (1366, 900)}


def _pages(world: World) -> list[tuple[str, str, str, str]]:
    """(artifact name, username, path, a text the page must show)."""
    a = world.a
    s = a.studio.public_id
    return [
        ("roster", a.director.username, f"/s/{s}/dashboard/roster/", "flagged"),
        ("class", a.teacher.username, f"/s/{s}/dashboard/classes/{a.class_group.public_id}/", "Ballet"),
        ("assign", a.teacher.username, f"/s/{s}/programs/assign/?dancer={a.dancer.public_id}", "Glute med"),
        ("season-report", a.director.username, f"/s/{s}/reports/season/", "Season report"),
        ("audit", a.director.username, f"/s/{s}/audit/", "Audit"),
        ("privacy", a.guardian.username, f"/s/{s}/privacy/", a.dancer.first_name),
    ]


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_role_pages_render_for_their_people(live_world: World, new_page, width: str) -> None:  # noqa: ANN001
    a = live_world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=4, screenings=2, weeks=4,
               today=a.studio.today())  # fmt: skip
    w, h = VIEWPORTS[width]
    pages = {}
    for name, username, path, text in _pages(live_world):
        page = pages.get(username)
        if page is None:
            page = pages[username] = new_page(width=w, height=h)
            login(page, username)
        response = page.goto(path)
        screenshot(page, f"tour-{name}-{width}")
        assert response is not None and response.status == 200, (name, response and response.status)
        assert text.lower() in page.locator("main").inner_text().lower(), name
        assert page.evaluate("document.documentElement.scrollWidth") <= w, f"{name} overflows at {w}px"
        assert page.errors == [], (name, page.errors)  # type: ignore[attr-defined]


def test_a_member_without_the_role_gets_403_not_the_page(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    page = new_page(width=390, height=844)
    login(page, a.teacher.username)
    for path in (f"/s/{a.studio.public_id}/dashboard/roster/", f"/s/{a.studio.public_id}/audit/"):
        response = page.goto(path)
        assert response is not None and response.status == 403, path
    screenshot(page, "tour-teacher-audit-403-390")
