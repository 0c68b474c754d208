"""The hold timer on the dancer's Today page: start, 3 s to get into position, the countdown, a
beep and a buzz at the end, and the seconds held in the set's box (real Chromium, 390 and 1366 px)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.apps import apps
from playwright.sync_api import expect

from programs.library import library_seed
from programs.models import Assignment, Exercise, ExerciseLog, Program, ProgramExercise
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _balance_for_two_seconds(world: World) -> Assignment:
    a = world.a
    library_seed(apps)  # transactional tests flush the migration-seeded library
    program = Program.objects.create(studio=a.studio, name="Balance", sessions_per_week=3, weeks=6)
    ProgramExercise.objects.create(
        program=program, exercise=Exercise.objects.get(studio=None, slug="single-leg-balance-passe"),
        order=1, sets=2, reps=None, hold_s=2,
    )  # fmt: skip
    today = a.studio.today()
    return Assignment.objects.create(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(weeks=5), sessions_per_week=3,
    )  # fmt: skip


@phone_and_desktop
def test_the_hold_timer_counts_down_beeps_and_fills_in_the_seconds(
    width: int, height: int, live_world: World, new_page  # noqa: ANN001
) -> None:
    assignment = _balance_for_two_seconds(live_world)
    a = live_world.a
    page = new_page(width=width, height=height, is_mobile=width < 500, has_touch=width < 500)
    # Record what the page asks of the speaker and the vibration motor.
    page.add_init_script(
        "window.buzzes = []; navigator.vibrate = function (p) { window.buzzes.push(p); return true; };"
    )
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/programs/today/")
    card = page.locator(".exercise", has_text="Single-leg balance")
    timer = card.locator(".hold-timer")
    expect(timer.get_by_role("status")).to_contain_text("Hold for 2 seconds on each side")
    card.get_by_label("Hold (seconds)").fill("0")
    timer.get_by_role("button", name="Start the 2 s hold").click()
    expect(timer.get_by_role("status")).to_have_text("Get into position: 3 seconds.")
    expect(timer.get_by_role("button", name="Stop")).to_be_visible()
    expect(timer).to_have_attribute("data-state", "holding", timeout=5_000)
    screenshot(page, f"hold-timer-{width}-holding")
    expect(timer).to_have_attribute("data-state", "done", timeout=5_000)
    expect(timer.get_by_role("status")).to_have_text("Done: 2 s held. Log the set below, then the other side.")
    expect(timer).to_have_attribute("data-beeped", "1")
    assert page.evaluate("window.buzzes") == [[200, 100, 200]]
    expect(card.get_by_label("Hold (seconds)")).to_have_value("2")
    expect(timer.get_by_role("button", name="Start again")).to_be_visible()
    screenshot(page, f"hold-timer-{width}-done")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The seconds held are what the set logs (the balance is dosed per side: this is the left side).
    card.get_by_role("button", name="Log left side").click()
    expect(card.locator(".left-done")).to_have_text("1")
    deadline = time.monotonic() + 15  # the count updates at once; the POST commits a moment later
    while not ExerciseLog.objects.filter(dancer=a.dancer).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = ExerciseLog.objects.get(dancer=a.dancer)
    assert (log.exercise.slug, log.hold_s, log.side) == ("single-leg-balance-passe", 2, "left"), assignment

    # Stopped early: the seconds so far go in, no beep.
    timer.get_by_role("button", name="Start again").click()
    timer.get_by_role("button", name="Stop").click()
    expect(timer).to_have_attribute("data-state", "stopped")
    expect(timer.get_by_role("status")).to_have_text("Stopped.")
    expect(card.get_by_label("Hold (seconds)")).to_have_value("0")
    assert page.evaluate("window.buzzes") == [[200, 100, 200]]
    assert page.errors == []
