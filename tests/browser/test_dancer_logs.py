"""The dancer logs a set on a 390 × 844 phone viewport and the streak updates (real Chromium)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from dashboards.seeding import add_screening, make_program, plie_json, stance_json
from programs.compliance import week_start
from programs.models import Assignment, ExerciseLog
from tests.browser.conftest import ARTIFACTS, login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_dancer_logs_a_set_on_a_phone_and_the_streak_updates(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    today = a.studio.today()
    # One exercise, once a week, started two full weeks ago and done in both: a 2-week streak.
    # This week is prescribed but not done yet; logging today's set completes it → 3.
    program = make_program(studio=a.studio, exercises=1, sessions_per_week=1, name="Clamshell week")
    monday = week_start(today) - timedelta(weeks=2)
    assignment = Assignment.objects.create(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=monday,
        ends_on=monday + timedelta(weeks=6) - timedelta(days=1), sessions_per_week=1,
    )  # fmt: skip
    exercise = program.items.get().exercise
    for week in (0, 1):
        ExerciseLog.objects.create(
            studio=a.studio, dancer=a.dancer, assignment=assignment, exercise=exercise,
            date=monday + timedelta(weeks=week, days=1), reps=12, idempotency_key=f"past-{week}",
        )  # fmt: skip
    add_screening(
        studio=a.studio,
        season=a.season,
        dancer=a.dancer,
        on=today - timedelta(days=40),
        plie=plie_json(-6.5, -2.0),
        stance=stance_json(4.0, 1.0),
    )
    add_screening(studio=a.studio, season=a.season, dancer=a.dancer, on=today - timedelta(days=5),
                  plie=plie_json(1.5, -1.0), stance=stance_json(2.5, 0.8))  # fmt: skip

    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    login(page, a.dancer_user.username)
    page.get_by_role("link", name="My page").click()
    page.wait_for_selector("#dancer-stats")
    assert page.locator("#streak-value").inner_text() == "2"
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "dancer-page-390-before")

    card = page.locator(".exercise", has_text=exercise.name)
    card.get_by_role("button", name="Log a set").click()
    # CSP forbids eval, so wait with a locator assertion rather than wait_for_function.
    expect(page.locator("#streak-value")).to_have_text("3")
    assert card.locator(".sets-done").inner_text() == "1"
    expect(page.locator("#behind-tag")).to_be_hidden()
    assert ExerciseLog.objects.filter(dancer=a.dancer, date=today).count() == 1
    screenshot(page, "dancer-page-390-after-log")
    page.locator("figure.chart").first.screenshot(path=str(ARTIFACTS / "dancer-chart-390.png"))

    # The numbers survive a reload (they come from the server, not from the browser).
    page.reload()
    assert page.locator("#streak-value").inner_text() == "3"
    assert page.errors == []


def test_guardian_sees_the_page_read_only(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    add_screening(studio=a.studio, season=a.season, dancer=a.dancer, on=a.studio.today(),
                  plie=plie_json(-6.5, 0.5), stance=stance_json(1.0, 5.5))  # fmt: skip
    page = new_page(width=390, height=844, is_mobile=True)
    login(page, a.guardian.username)
    page.get_by_role("link", name=f"{a.dancer.first_name}'s page").click()
    page.wait_for_load_state()
    expect(page.locator("svg.chart-svg")).to_have_count(4)  # auto-waits for the navigation
    assert "read only" in page.locator(".notice").first.inner_text()
    assert page.get_by_role("button", name="Log a set").count() == 0
    screenshot(page, "guardian-dancer-page-390")
    assert page.errors == []
