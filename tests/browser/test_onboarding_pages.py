"""Error pages and studio settings in Chromium, on a phone and a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIZES = [("phone", 390, 844), ("desktop", 1366, 900)]


@pytest.mark.parametrize(("size", "width", "height"), SIZES)
def test_styled_403_and_404_with_a_way_back(
    live_world: World, new_page, size: str, width: int, height: int
) -> None:  # noqa: ANN001
    a = live_world.a
    a.other_class.teachers.remove(a.other_teacher)
    page = new_page(width, height)
    login(page, a.other_teacher.username)
    expect(page.get_by_text("You have no class yet — ask your director")).to_be_visible()
    response = page.goto(f"/s/{a.studio.public_id}/screenings/upload/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="This page is not for your role")).to_be_visible()
    expect(
        page.get_by_text("You can upload clips only for yourself or for dancers in your classes.")
    ).to_be_visible()
    screenshot(page, f"error-403-{size}")
    response = page.goto(f"/s/{live_world.b.studio.public_id}/people/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    screenshot(page, f"error-404-{size}")
    page.get_by_role("link", name="Back to your studios").click()
    expect(page.get_by_role("heading", name="Your studios")).to_be_visible()
    assert [e for e in page.errors if "403" not in e and "404" not in e] == []


@pytest.mark.parametrize(("size", "width", "height"), SIZES)
def test_director_changes_studio_settings(
    live_world: World, new_page, size: str, width: int, height: int
) -> None:  # noqa: ANN001
    a = live_world.a
    page = new_page(width, height)
    login(page, a.director.username)
    page.get_by_role("link", name="Studio settings").click()
    page.get_by_label("Keep screening clips for (days)").fill("180")
    page.get_by_label("Time zone").select_option("America/New_York")
    screenshot(page, f"studio-settings-{size}")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".messages")).to_contain_text("Studio settings saved.")
    a.studio.refresh_from_db()
    assert (a.studio.clip_retention_days, a.studio.timezone) == (180, "America/New_York")
    assert page.errors == []
