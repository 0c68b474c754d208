"""The teacher opens the class view, assigns a program to the class, and sees it on the class view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboards.seeding import seed_class
from programs.models import Assignment
from studios.models import ConsentScope, GuardianConsent
from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_teacher_assigns_a_program_to_the_class(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    seeded = seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=6, screenings=2,
                        weeks=6, today=a.studio.today())  # fmt: skip
    seeded.assignment.delete()  # start from a class without a program
    # The families share results with the class's teacher (without it the measured columns are blank).
    for dancer in seeded.dancers:
        GuardianConsent.objects.create(
            studio=a.studio, dancer=dancer, guardian=a.guardian, scope=ConsentScope.REPORT_SHARING, season=a.season
        )
    page = new_page()
    login(page, a.teacher.username)
    page.get_by_role("link", name=f"Class: {a.class_group.name}").click()
    page.wait_for_selector("#roster-table")
    expect(page.get_by_text("no program")).to_have_count(7)
    screenshot(page, "teacher-class-before-assign")

    # The "valgus and < 50% compliance" filter narrows the table in place.
    page.get_by_label("Show", exact=True).select_option("valgus_low_compliance")
    visible = page.locator("#roster-table tbody tr:not([hidden])").count()
    assert 0 < visible < 7
    page.get_by_label("Show", exact=True).select_option("all")

    page.get_by_role("link", name=f"Assign a program to {a.class_group.name}").click()
    page.locator(".choice-list .card").first.get_by_role("link", name="Choose").click()
    assert page.get_by_role("radio", name=a.class_group.name).is_checked()
    page.get_by_role("button", name="Assign").click()
    page.wait_for_selector(".messages")
    assert "assigned to" in page.locator(".messages").inner_text()
    assignment = Assignment.objects.get(studio=a.studio, class_group=a.class_group)
    assert assignment.assigned_by == a.teacher

    page.goto(f"/s/{a.studio.public_id}/dashboard/classes/{a.class_group.public_id}/")
    expect(page.get_by_text("first week")).to_have_count(7)
    expect(page.get_by_text("no program")).to_have_count(0)
    screenshot(page, "teacher-class-after-assign")
    assert page.errors == []
