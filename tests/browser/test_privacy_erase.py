"""A guardian on the privacy page: plain names for what is stored, and Erase needs the exact name
and a second tick; a lower-case name erases nothing."""

from __future__ import annotations

import pytest

from studios.models import DancerProfile
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
def test_guardian_erases_only_with_the_exact_name_and_a_tick(
    live_world: World, new_page, width: int, height: int
) -> None:  # noqa: ANN001
    a = live_world.a
    page = new_page(width=width, height=height)
    login(page, a.guardian.username)
    page.goto(f"/s/{a.studio.public_id}/privacy/dancers/{a.dancer.public_id}/")
    stored = page.locator("main section").first.inner_text()
    assert "Dancer profile" in stored and "Analysiss" not in stored and "relationships" not in stored
    erase = page.get_by_role("button", name=f"Erase all data of {a.dancer.full_name}")
    assert "danger" in (erase.get_attribute("class") or "")
    screenshot(page, f"privacy-dancer-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Type the dancer's full name exactly as shown").fill(a.dancer.full_name.lower())
    page.get_by_label("I understand").check()
    erase.click()
    assert "nothing was erased" in page.get_by_role("alert").inner_text()
    assert DancerProfile.objects.filter(pk=a.dancer.pk).exists()
    screenshot(page, f"privacy-dancer-wrong-name-{width}")
    # The refused form answers 400 on purpose; Chromium logs that status, nothing else may appear.
    assert all("status of 400" in e for e in page.errors)  # type: ignore[attr-defined]
    page.errors.clear()  # type: ignore[attr-defined]

    page.get_by_label("Type the dancer's full name exactly as shown").fill(a.dancer.full_name)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name=f"Erase all data of {a.dancer.full_name}").click()
    page.wait_for_selector(".messages")
    assert "erased" in page.locator(".messages").inner_text()
    assert not DancerProfile.objects.filter(pk=a.dancer.pk).exists()
    assert page.errors == []  # type: ignore[attr-defined]
