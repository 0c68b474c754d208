"""Offline-tolerant logging in real Chromium at 390 px: a failed post stays on the phone and is
retried; a retry of a post the server already saved does not duplicate the set."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from programs.models import Assignment, ExerciseLog
from tests.browser.conftest import ARGS, CHROMIUM, PASSWORD, screenshot
from tests.programs.factories import make_program
from tests.world import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def live_world(transactional_db, live_server) -> World:  # noqa: ANN001
    """The personas in a database the live server thread can see (committed rows)."""
    return build_world()


def in_own_browser(live_server, scenario: Callable) -> None:  # noqa: ANN001
    """Run `scenario(page)` with its own Chromium in a fresh thread.

    tests/browser's session-wide sync Playwright may already run in this thread, and two sync
    Playwrights cannot share one; a thread has no event loop of its own, so a second one can start.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    def run() -> None:
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(
                    viewport={"width": 390, "height": 844},
                    is_mobile=True,
                    has_touch=True,
                    base_url=live_server.url,
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                page.errors = []
                page.on(
                    "console",
                    lambda m: (
                        page.errors.append(m.text)
                        if m.type == "error"
                        and not (m.location or {}).get("url", "").endswith("/favicon.ico")
                        else None
                    ),
                )
                page.on("pageerror", lambda exc: page.errors.append(str(exc)))
                page.goto("/login/")
                page.get_by_label("Username").fill(scenario.username)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url("**/")
                scenario(page)
                context.close()
                browser.close()
        finally:
            connection.close()  # this thread's DB connection, so the flush after the test is not blocked

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def _setup(world: World) -> tuple[Assignment, str]:
    a = world.a
    program = make_program(studio=a.studio, n=1)
    assignment = Assignment.objects.create(
        studio=a.studio,
        program=program,
        dancer=a.dancer,
        starts_on=a.studio.today() - timedelta(days=3),
        ends_on=a.studio.today() + timedelta(days=30),
    )
    return assignment, f"/s/{a.studio.public_id}/programs/today/"


def queued(page) -> int:  # noqa: ANN001
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('studiohealth.logs.'))"
        ".reduce((n, k) => n + JSON.parse(localStorage.getItem(k)).length, 0)"
    )


def test_offline_sets_are_kept_and_sent_once_back_online(live_world: World, live_server) -> None:  # noqa: ANN001
    assignment, url = _setup(live_world)
    dancer = live_world.a.dancer

    def scenario(page) -> None:  # noqa: ANN001
        page.goto(url)
        button = page.get_by_role("button", name="Log a set")
        page.context.set_offline(True)
        button.click()
        button.click()
        expect(page.locator(".sync-status")).to_contain_text("2 sets are saved on this phone")
        assert queued(page) == 2
        assert ExerciseLog.objects.filter(dancer=dancer).count() == 0
        assert page.locator(".sets-done").inner_text() == "2"  # counted on the phone straight away
        screenshot(page, "programs-today-390-offline")
        page.context.set_offline(False)
        expect(page.locator(".sync-status")).to_be_hidden(timeout=20_000)
        assert queued(page) == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []

    scenario.username = live_world.a.dancer_user.username
    in_own_browser(live_server, scenario)
    logs = ExerciseLog.objects.filter(dancer=dancer, assignment=assignment)
    assert sorted(logs.values_list("set_number", flat=True)) == [1, 2]


def test_retry_after_a_lost_answer_does_not_duplicate(live_world: World, live_server) -> None:  # noqa: ANN001
    _, url = _setup(live_world)
    dancer = live_world.a.dancer
    lost: list[str] = []

    def scenario(page) -> None:  # noqa: ANN001
        page.goto(url)

        def lose_the_answer(route) -> None:  # noqa: ANN001
            if lost:  # later tries go through untouched
                route.continue_()
                return
            route.fetch()  # the server receives and saves the set...
            lost.append(route.request.post_data_json["idempotency_key"])
            route.abort()  # ...but the phone never hears back

        page.route("**/api/studios/*/logs/", lose_the_answer)
        page.get_by_role("button", name="Log a set").click()
        # The queue retries by itself (back-off timer); the server answers the same key with the first row.
        expect(page.locator(".sync-status")).to_be_hidden(timeout=20_000)
        assert queued(page) == 0 and lost
        page.unroute_all(behavior="wait")
        assert [e for e in page.errors if "Failed to load resource" not in e] == []

    scenario.username = live_world.a.dancer_user.username
    in_own_browser(live_server, scenario)
    rows = ExerciseLog.objects.filter(dancer=dancer)
    assert rows.count() == 1 and rows.get().idempotency_key == lost[0]
