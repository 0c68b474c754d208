"""Offline-tolerant logging in real Chromium at 390 px: a failed post stays on the phone and is
retried; a retry of a post the server already saved does not duplicate the set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from programs.models import Assignment, ExerciseLog
from tests.browser.conftest import chromium, live_world, login, new_page, screenshot  # noqa: F401 - fixtures
from tests.programs.factories import make_program
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def test_offline_sets_are_kept_and_sent_once_back_online(live_world: World, new_page) -> None:  # noqa: ANN001, F811
    assignment, url = _setup(live_world)
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    login(page, live_world.a.dancer_user.username)
    page.goto(url)
    button = page.get_by_role("button", name="Log a set")
    page.context.set_offline(True)
    button.click()
    button.click()
    expect(page.locator(".sync-status")).to_contain_text("2 sets are saved on this phone")
    assert queued(page) == 2
    assert ExerciseLog.objects.filter(dancer=live_world.a.dancer).count() == 0
    assert page.locator(".sets-done").inner_text() == "2"  # counted on the phone straight away
    screenshot(page, "programs-today-390-offline")
    page.context.set_offline(False)
    expect(page.locator(".sync-status")).to_be_hidden(timeout=20_000)
    assert queued(page) == 0
    logs = ExerciseLog.objects.filter(dancer=live_world.a.dancer, assignment=assignment)
    assert sorted(logs.values_list("set_number", flat=True)) == [1, 2]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_retry_after_a_lost_answer_does_not_duplicate(live_world: World, new_page) -> None:  # noqa: ANN001, F811
    _, url = _setup(live_world)
    page = new_page(width=390, height=844, is_mobile=True)
    login(page, live_world.a.dancer_user.username)
    page.goto(url)
    lost = []

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
    assert queued(page) == 0
    rows = ExerciseLog.objects.filter(dancer=live_world.a.dancer)
    assert rows.count() == 1 and rows.get().idempotency_key == lost[0]
    page.unroute_all(behavior="wait")
    assert [e for e in page.errors if "Failed to load resource" not in e] == []
