"""Per-side logging on Today at 390 × 844 in real Chromium: the dancer logs the left and the right side
of a per-side exercise separately; the set counts (sets done, the week's session) only once both sides
are in, and each side is its own row in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from programs.compliance import week_start
from programs.models import Assignment, Exercise, ExerciseLog, Program, ProgramExercise
from programs.selectors import compliance_for_dancer
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _wait_for_logs(page, dancer, n: int) -> None:  # noqa: ANN001
    """The phone shows a set at once and posts it from its queue: wait until the server has it."""
    for _ in range(100):
        if ExerciseLog.objects.filter(dancer=dancer).count() >= n:
            return
        page.wait_for_timeout(150)
    raise AssertionError(f"the server never got {n} logs")


def test_left_then_right_makes_one_set(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    today = a.studio.today()
    # The library row (a data migration) is gone after an earlier live-server test's flush: recreate it.
    clamshell, _ = Exercise.objects.get_or_create(
        studio=None, slug="clamshell",
        defaults={"name": "Clamshell", "target_muscles": "gluteus medius", "cues": "Knees apart.", "per_side": True},
    )  # fmt: skip
    assert clamshell.per_side
    program = Program.objects.create(studio=a.studio, name="Clamshell only", sessions_per_week=1, weeks=4)
    ProgramExercise.objects.create(program=program, exercise=clamshell, order=1, sets=2, reps=15)
    Assignment.objects.create(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=week_start(today),
        ends_on=week_start(today) + timedelta(weeks=4), sessions_per_week=1,
    )  # fmt: skip

    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/programs/today/")
    card = page.locator(".exercise", has_text="Clamshell")
    assert "2 × 15 reps per side" in card.inner_text()
    assert card.get_by_role("button", name="Log a set").count() == 0

    card.get_by_role("button", name="Log left side").click()
    expect(card.locator(".left-done")).to_have_text("1")
    assert card.locator(".sets-done").inner_text() == "0"  # one side is not a set
    _wait_for_logs(page, a.dancer, 1)
    assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 0
    screenshot(page, "per-side-left-390")

    card.get_by_role("button", name="Log right side").click()
    expect(card.locator(".sets-done")).to_have_text("1")
    expect(card.locator(".right-done")).to_have_text("1")
    _wait_for_logs(page, a.dancer, 2)
    logs = list(
        ExerciseLog.objects.filter(dancer=a.dancer)
        .order_by("created_at")
        .values_list("side", "set_number", "reps")
    )
    assert logs == [("left", 1, 15), ("right", 1, 15)]
    assert compliance_for_dancer(studio=a.studio, dancer=a.dancer).this_week.completed == 1

    page.reload()  # the server's counts agree with what the phone showed
    card = page.locator(".exercise", has_text="Clamshell")
    assert card.locator(".sets-done").inner_text() == "1"
    assert (card.locator(".left-done").inner_text(), card.locator(".right-done").inner_text()) == ("1", "1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "per-side-both-390")
    assert page.errors == []  # type: ignore[attr-defined]
