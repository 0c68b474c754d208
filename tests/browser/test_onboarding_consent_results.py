"""Consents and who sees results, driven in Chromium at 390×844 and 1366×900: an adult dancer consents
for herself, a minor reads who consents for her, the director chooses what guardians see, a teacher
sees "not shared" until the family shares reports, the director reads both consents on the roster and
the people page, and an account with an unconfirmed address accepts the invitation e-mailed to it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from playwright.sync_api import expect

from studios.models import ConsentScope, GuardianConsent, Role, User
from studios.results_access import NOT_SHARED_WITH_GUARDIANS, NOT_SHARED_WITH_TEACHERS
from tests.browser.conftest import PASSWORD, login, phone_and_desktop, screenshot
from tests.reports.seed import add_analysis, fixture_keyframe, fixture_result
from tests.studios.invites import invite
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _screen_ada(w: World) -> None:
    a = w.a
    on = a.studio.today() - timedelta(days=2)
    for test in ("plie", "stance"):
        add_analysis(
            studio=a.studio, dancer=a.dancer, season=a.season, on=on, test=test,
            result=fixture_result(test), keyframe=fixture_keyframe(test),
        )  # fmt: skip
    cache.clear()  # rows cached by an earlier test of this module


@phone_and_desktop
def test_adult_dancer_consents_and_minor_reads_who_does(
    live_world: World, new_page, width: int, height: int
) -> None:  # noqa: ANN001
    a = live_world.a
    a.other_dancer.birth_year = a.studio.today().year - 24  # Bea is an adult
    a.other_dancer.save()
    bea = new_page(width, height)
    login(bea, a.other_dancer_user.username)
    bea.get_by_role("link", name="My consents").first.click()
    expect(bea.get_by_role("heading", name="You (Bea")).to_be_visible()
    bea.get_by_role("button", name="I agree: filming and video analysis for Bea").click()
    expect(bea.locator(".messages")).to_contain_text("Bea may now be filmed")
    bea.get_by_role("button", name="I agree: sharing reports with teachers for Bea").click()
    expect(bea.locator("[data-scope=report_sharing]")).to_contain_text(f"Given by {a.other_dancer_user}")
    screenshot(bea, f"consent-adult-{width}")
    assert GuardianConsent.objects.filter(dancer=a.other_dancer, guardian=a.other_dancer_user).count() == 2

    ada = new_page(width, height)
    login(ada, a.dancer_user.username)
    ada.get_by_role("link", name="Who consents for me").first.click()
    expect(ada.get_by_role("note")).to_contain_text(f"Consent for you is given by {a.guardian}")
    expect(ada.get_by_role("button", name="I agree", exact=False)).to_have_count(0)
    screenshot(ada, f"consent-minor-{width}")
    assert bea.errors == [] and ada.errors == []


@phone_and_desktop
def test_what_guardians_and_teachers_see(live_world: World, new_page, width: int, height: int) -> None:  # noqa: ANN001
    a = live_world.a
    _screen_ada(live_world)
    ada_page = f"/s/{a.studio.public_id}/dashboard/dancers/{a.dancer.public_id}/"

    # The teacher: Ada's results are not shared yet.
    teacher = new_page(width, height)
    login(teacher, a.teacher.username)
    teacher.get_by_role("link", name="Class: Ballet III").click()
    expect(teacher.locator("td", has_text="not shared").first).to_be_visible()
    screenshot(teacher, f"results-teacher-not-shared-{width}")
    teacher.goto(ada_page)
    expect(teacher.locator("#results-hidden")).to_have_text(NOT_SHARED_WITH_TEACHERS.format(name="Ada"))
    expect(teacher.get_by_role("link", name="Screening report (PDF, A4)")).to_have_count(0)

    # The guardian shares reports with teachers; the teacher now sees the numbers and the PDF link.
    guardian = new_page(width, height)
    login(guardian, a.guardian.username)
    guardian.get_by_role("link", name="Consent: filming and sharing reports").click()
    guardian.get_by_role("button", name="I agree: sharing reports with teachers for Ada").click()
    expect(guardian.locator(".messages")).to_contain_text("teachers may now see the screening results")
    teacher.reload()
    expect(teacher.locator("#results-hidden")).to_have_count(0)
    expect(teacher.get_by_role("link", name="Screening report (PDF, A4)")).to_be_visible()
    screenshot(teacher, f"results-teacher-shared-{width}")

    # The director keeps results with the studio: the guardian then sees the program, not the results.
    director = new_page(width, height)
    login(director, a.director.username)
    director.get_by_role("link", name="Studio settings").click()
    director.get_by_label("Only the exercise program and compliance", exact=False).check()
    screenshot(director, f"settings-guardian-view-{width}")
    director.get_by_role("button", name="Save settings").click()
    expect(director.locator(".messages")).to_contain_text("Studio settings saved")
    guardian.goto(ada_page)
    expect(guardian.locator("#results-hidden")).to_have_text(
        NOT_SHARED_WITH_GUARDIANS.format(studio=a.studio.name)
    )
    expect(guardian.get_by_text("season compliance")).to_be_visible()
    screenshot(guardian, f"results-guardian-program-only-{width}")

    # The director reads both consents on the roster and the people page.
    director.goto(f"/s/{a.studio.public_id}/dashboard/roster/")
    expect(director.locator(".consent-line").first).to_contain_text("sharing with teachers: given")
    screenshot(director, f"roster-consent-{width}")
    director.goto(f"/s/{a.studio.public_id}/people/")
    expect(director.get_by_text("Sharing results with teachers").first).to_be_visible()
    screenshot(director, f"people-consent-{width}")
    assert [p.errors for p in (teacher, guardian, director)] == [[], [], []]
    assert GuardianConsent.objects.filter(dancer=a.dancer, scope=ConsentScope.REPORT_SHARING).count() == 1


@phone_and_desktop
def test_an_unconfirmed_account_accepts_the_emailed_invitation(
    live_world: World, new_page, width: int, height: int
) -> None:  # noqa: ANN001
    person = User.objects.create_user(f"late{width}", f"late{width}@example.test", PASSWORD)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    _, token = invite(live_world.a, email=person.email, role=Role.TEACHER)
    page = new_page(width, height)
    login(page, person.username)
    page.goto(f"/invite/{token}/")
    expect(page.locator("#confirms-address")).to_contain_text(f"You have not confirmed {person.email} yet")
    screenshot(page, f"invite-unconfirmed-{width}")
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.locator(".messages")).to_contain_text(f"Welcome to {live_world.a.studio.name}")
    assert EmailAddress.objects.get(user=person).verified
    assert page.errors == []
