"""The director logs in through the form, opens the roster and sorts it (in real Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboards.seeding import seed_class
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _column(page, key: str) -> list[float]:  # noqa: ANN001
    return [
        float(v)
        for v in page.eval_on_selector_all(
            "#roster-table tbody tr:not([hidden])", f"rows => rows.map(r => r.getAttribute('data-s-{key}'))"
        )
    ]


def test_director_logs_in_and_sorts_the_roster(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    seed_class(
        studio=a.studio,
        season=a.season,
        group=a.class_group,
        n_dancers=12,
        screenings=3,
        weeks=8,
        today=a.studio.today(),
    )
    page = new_page()
    login(page, a.director.username)
    page.get_by_role("link", name="Roster of every dancer").click()
    page.wait_for_selector("#roster-table[data-enhanced='1']")
    expect(page.locator("#roster-table tbody tr")).to_have_count(14)  # 12 seeded + Ada + Bea
    assert "flagged" in page.locator("#roster-headline").inner_text()

    header = page.locator("th[data-sort-key='compliance']")
    header.get_by_role("link").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = _column(page, "compliance")
    assert values == sorted(values) and values[0] < values[-1]
    assert "sort=compliance" in page.url and "dir=asc" in page.url

    # Keyboard: focus the same header link and press Enter to flip the direction.
    header.get_by_role("link").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    values = _column(page, "compliance")
    assert values == sorted(values, reverse=True)
    screenshot(page, "director-roster-sorted-desktop")

    # The server agrees with the browser: reloading the URL JS wrote gives the same order.
    names = page.locator("#roster-table tbody th[scope=row]").all_inner_texts()
    page.reload()
    assert page.locator("#roster-table tbody th[scope=row]").all_inner_texts() == names

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "director-roster-390")
    # On a phone each row is a card: the referral flag sits under the name, inside the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    flag = page.locator("#roster-table tbody tr[data-flagged='1'] .flag").first
    box = flag.bounding_box()
    assert flag.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    name_box = flag.locator("xpath=ancestor::tr/th").bounding_box()
    assert name_box is not None and box["y"] - name_box["y"] < 80  # right under the name
    assert page.errors == []  # no JS errors, no CSP violations reported on the console
