"""The calendar link page in headless Chromium at phone and desktop sizes: a guardian opens it from
the dancer page, creates the link (shown once), a calendar app fetches it over real HTTP, and after
revoking it the same URL answers 404."""

from __future__ import annotations

import urllib.error
import urllib.request

import icalendar
import pytest

from tests.browser.conftest import ARTIFACTS, login
from tests.world import World


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # the live server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_guardian_creates_fetches_and_revokes_a_calendar_link(
    live_world: World,
    new_page,
    width: int,
    height: int,  # noqa: ANN001
) -> None:
    from screenings.models import Screening

    a = live_world.a
    Screening.objects.create(studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today())
    page = new_page(width, height)
    login(page, a.guardian.username)
    page.goto(f"/s/{a.studio.public_id}/dashboard/dancers/{a.dancer.public_id}/")
    page.get_by_role("link", name="Calendar link").click()
    page.get_by_role("button", name="Create a calendar link").click()
    url = page.get_by_label("The calendar link").input_value()
    assert page.get_by_text("shown only this once").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"integrations-calendar-created-{width}.png"), full_page=True)

    status, body = _fetch(url)  # what a calendar app does: no cookies, just the URL
    assert status == 200
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Screening day"]

    page.reload()  # never shown again
    assert page.locator("#new-link").count() == 0 and url not in page.content()
    page.get_by_role("button", name="Revoke the link of").click()
    assert page.get_by_text("revoked").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"integrations-calendar-revoked-{width}.png"), full_page=True)
    assert _fetch(url)[0] == 404
    assert not page.errors  # type: ignore[attr-defined]
