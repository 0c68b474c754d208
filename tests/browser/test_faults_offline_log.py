"""A dancer logs 2 sets offline, her session expires meanwhile, she logs in again and the 2 sets
arrive exactly once (real Chromium, log.js; issue 11 item 6). Phone and desktop viewports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import ExerciseLog
from tests.browser.conftest import PASSWORD, login, phone_and_desktop, screenshot
from tests.celery_support import wait_for
from tests.programs.factories import make_assignment, make_program
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
def test_sets_logged_offline_survive_an_expired_session_and_arrive_once(
    live_world: World,
    new_page,  # noqa: ANN001
    width: int,
    height: int,
) -> None:
    a = live_world.a
    program = make_program(studio=a.studio, n=1, sessions_per_week=3)
    make_assignment(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=a.studio.today() - timedelta(days=2)
    )
    exercise = program.items.get().exercise
    today_url = reverse("programs-today", kwargs={"studio_id": a.studio.public_id})

    page = new_page(width=width, height=height, is_mobile=width < 500, has_touch=width < 500)
    login(page, a.dancer_user.username)
    page.goto(today_url)
    card = page.locator(".exercise", has_text=exercise.name)
    status = page.locator(".today-panel .sync-status")

    page.context.set_offline(True)
    card.get_by_role("button", name="Log a set").click()
    card.get_by_role("button", name="Log a set").click()
    expect(status).to_contain_text("2 sets are saved on this phone")
    assert card.locator(".sets-done").inner_text() == "2"

    Session.objects.all().delete()  # the session expires while she is offline
    page.context.set_offline(False)  # back online: log.js sends, the server answers 401
    expect(status).to_contain_text("You were logged out")
    expect(status).to_contain_text("2 sets are saved on this phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    screenshot(page, f"faults-offline-log-logged-out-{width}")
    assert ExerciseLog.objects.count() == 0

    status.get_by_role("link", name="Log in again").click()
    page.get_by_label("Username").fill(a.dancer_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{today_url}")  # back on the same page, which sends the queue
    wait_for(lambda: ExerciseLog.objects.count() == 2, timeout=20, what="the 2 queued sets")
    expect(status).to_be_hidden()
    assert card.locator(".sets-done").inner_text() == "2"  # the page rendered before they arrived
    screenshot(page, f"faults-offline-log-sent-{width}")

    page.reload()  # opening the page again sends nothing more
    page.wait_for_timeout(1500)
    assert card.locator(".sets-done").inner_text() == "2"  # now from the server, not counted twice
    logs = list(ExerciseLog.objects.order_by("set_number").values_list("set_number", "logged_by_id"))
    assert logs == [(1, a.dancer_user.pk), (2, a.dancer_user.pk)]
    assert page.evaluate("window.localStorage.length") == 0 or page.evaluate(
        "Object.keys(window.localStorage).every(k => JSON.parse(window.localStorage.getItem(k)).length === 0)"
    )
    # The browser logs the failed requests themselves (offline, then 401); no script error besides.
    script_errors = [e for e in page.errors if not e.startswith("Failed to load resource")]  # type: ignore[attr-defined]
    assert script_errors == []
