"""A new studio starts and runs itself in Chromium, by clicks and typing, on a phone and on a desktop:
sign up → start a studio → invite a teacher by e-mail → the teacher signs up from the e-mailed link →
a class with its teacher and dancers → a guardian is invited, signs up and gives consent → the dancer's
clip is refused before consent and accepted after → the guardian withdraws → the director archives a
dancer → a password reset from the e-mailed link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from screenings.models import Clip
from studios.models import DancerProfile, GuardianConsent, Studio
from tests.browser.conftest import screenshot
from tests.conftest import SHARED_CLIPS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "a-long-pass-phrase-1"
CLIP = SHARED_CLIPS / "plie.mp4"


def _emailed_path(to: str) -> str:
    """The path of the link in the last e-mail to this address (what the person clicks)."""
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    match = re.search(r"https?://[^/\s]+(/[^\s]+)", str(message.body))
    assert match, message.body
    return match.group(1)


def _shot(page: Page, size: str, name: str) -> Path:
    return screenshot(page, f"onboarding-{size}-{name}")


def _join(page: Page, path: str, username: str, first: str, last: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", name=re.compile("^Join "))).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation:").fill(PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url("**/")


def _invite(page: Page, email: str, role: str, dancer: str | None = None) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Role:", exact=True).select_option(label=role)
    if dancer:
        page.get_by_label("For dancer").select_option(label=dancer)
    page.get_by_role("button", name="Send invitation", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"Invitation e-mailed to {email}")


@pytest.mark.skipif(not CLIP.exists(), reason=f"{CLIP} not present (shared clips)")
@pytest.mark.parametrize(("size", "width", "height"), [("phone", 390, 844), ("desktop", 1366, 900)])
def test_a_new_studio_from_sign_up_to_first_screening(
    transactional_db,
    live_server,
    new_page,
    size: str,
    width: int,
    height: int,  # noqa: ANN001
) -> None:
    cache.clear()  # allauth's rate limits (one confirmation mail per address per 3 min) live in the cache
    director = new_page(width, height)
    # --- sign up, confirm the address, start a studio ----------------------------------------------
    director.goto("/login/")
    director.get_by_role("link", name="Create an account").click()
    director.get_by_label("Email:").fill("founder@example.test")
    director.get_by_label("Username:").fill("founder")
    director.get_by_label("Password:", exact=True).fill(PASSWORD)
    director.get_by_label("Password (again):").fill(PASSWORD)
    _shot(director, size, "01-sign-up")
    director.get_by_role("button", name="Sign Up").click()
    expect(director.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    director.goto(_emailed_path("founder@example.test"))
    director.get_by_role("button", name="Confirm").click()
    director.get_by_role("link", name="Start a new studio").click()
    director.get_by_label("Studio name").fill("Pointe Studio")
    director.get_by_label("Time zone").select_option("Europe/Paris")
    director.get_by_label("First season").fill("2026/27")
    director.get_by_label("Season starts on").fill("2026-09-01")
    director.get_by_label("Season ends on").fill("2027-07-15")
    _shot(director, size, "02-start-studio")
    director.get_by_role("button", name="Create studio").click()
    expect(director.get_by_role("heading", name="People in Pointe Studio")).to_be_visible()
    studio = Studio.objects.get(name="Pointe Studio")

    # --- invite a teacher; she signs up from the e-mailed link and has no class yet ----------------
    _invite(director, "teacher@example.test", "Teacher")
    teacher = new_page(width, height)
    _join(teacher, _emailed_path("teacher@example.test"), "tess", "Tess", "Teacher")
    expect(teacher.get_by_text("You have no class yet — ask your director")).to_be_visible()
    _shot(teacher, size, "03-teacher-no-class")

    # --- dancers, then a class with its teacher and dancers ---------------------------------------
    for first, last in (("Ada", "Ashby"), ("Bea", "Brook")):
        director.get_by_label("First name").fill(first)
        director.get_by_label("Last name").fill(last)
        director.get_by_label("Birth year").fill("2014")
        director.get_by_role("button", name="Add dancer").click()
        expect(director.locator(".messages")).to_contain_text(f"{first} {last} added")
    director.goto("/")
    director.get_by_role("link", name="Classes").click()
    director.get_by_label("Class name").fill("Ballet III")
    director.get_by_label("Tess Teacher").check()
    director.get_by_label("Ada Ashby").check()
    director.get_by_label("Bea Brook").check()
    _shot(director, size, "04-new-class")
    director.get_by_role("button", name="Create class").click()
    expect(director.locator(".messages")).to_contain_text("Ballet III saved: 1 teacher(s), 2 dancer(s)")
    teacher.reload()
    expect(teacher.get_by_role("link", name="Class: Ballet III")).to_be_visible()

    # --- a guardian for Ada, and Ada's own login ----------------------------------------------------
    director.goto(f"/s/{studio.public_id}/people/")
    _invite(director, "mum@example.test", "Guardian", dancer="Ada Ashby")
    _invite(director, "ada@example.test", "Dancer", dancer="Ada Ashby")
    _shot(director, size, "05-people-pending")
    guardian = new_page(width, height)
    _join(guardian, _emailed_path("mum@example.test"), "mum", "Maria", "Ashby")
    dancer = new_page(width, height)
    _join(dancer, _emailed_path("ada@example.test"), "ada", "Ada", "Ashby")

    # --- Ada's clip is refused before consent -------------------------------------------------------
    dancer.get_by_role("link", name="Film my screening clips").click()
    dancer.locator("#id_file").set_input_files(str(CLIP))
    dancer.get_by_role("button", name="Upload and analyse").click()
    expect(dancer.locator("#upload-error")).to_contain_text("guardian must give consent")
    _shot(dancer, size, "06-upload-refused")
    assert not Clip.objects.filter(studio=studio).exists()

    # --- the guardian gives consent, the clip is accepted -----------------------------------------
    guardian.get_by_role("link", name="Consent: filming and sharing reports").click()
    expect(guardian.get_by_text("I agree that Pointe Studio may film Ada")).to_be_visible()
    guardian.get_by_role("button", name="I agree: filming and video analysis for Ada").click()
    expect(guardian.get_by_text("Given by Maria Ashby")).to_be_visible()
    guardian.get_by_role("button", name="I agree: sharing reports with teachers for Ada").click()
    expect(guardian.locator(".messages")).to_contain_text("teachers may now see the screening results")
    _shot(guardian, size, "07-consent-given")
    dancer.reload()
    dancer.locator("#id_file").set_input_files(str(CLIP))
    dancer.get_by_role("button", name="Upload and analyse").click()
    dancer.wait_for_url("**/analyses/**", timeout=120_000)
    assert Clip.objects.filter(studio=studio, dancer__first_name="Ada").count() == 1

    # --- the guardian withdraws ---------------------------------------------------------------------
    guardian.get_by_role("button", name="Withdraw: filming and video analysis for Ada").click()
    expect(guardian.locator(".messages")).to_contain_text("Consent withdrawn")
    expect(guardian.locator("[data-scope=video_analysis]")).to_contain_text("Not given.")
    expect(guardian.locator("[data-scope=report_sharing]")).to_contain_text("Given by Maria Ashby")
    _shot(guardian, size, "08-consent-withdrawn")
    assert not GuardianConsent.objects.filter(
        studio=studio, scope="video_analysis", withdrawn_at__isnull=True
    ).exists()
    # What the page says is what happened: the stored clip's file is gone (the existing purge).
    assert Clip.objects.get(studio=studio, dancer__first_name="Ada").file_deleted_at is not None

    # --- the director sees the consent status and archives Bea ------------------------------------
    director.reload()
    director.get_by_role("button", name="Archive (left the studio) Bea Brook").click()
    expect(director.get_by_role("heading", name="Archived dancers")).to_be_visible()
    _shot(director, size, "09-dancer-archived")
    assert DancerProfile.objects.get(studio=studio, first_name="Bea").archived_at is not None

    # --- the teacher forgets her password and resets it from the e-mailed link -------------------
    teacher.get_by_role("button", name="Log out").click()
    teacher.get_by_role("link", name="Forgot your password?").click()
    teacher.get_by_label("Email:").fill("teacher@example.test")
    teacher.get_by_role("button", name="Reset My Password").click()
    teacher.goto(_emailed_path("teacher@example.test"))
    teacher.locator("#id_password1").fill("a-new-pass-phrase-2")
    teacher.locator("#id_password2").fill("a-new-pass-phrase-2")
    teacher.get_by_role("button", name="Change Password").click()
    _shot(teacher, size, "10-password-changed")
    teacher.goto("/login/")
    teacher.get_by_label("Username").fill("tess")
    teacher.get_by_label("Password").fill("a-new-pass-phrase-2")
    teacher.get_by_role("button", name="Log in").click()
    expect(teacher.get_by_role("link", name="Class: Ballet III")).to_be_visible()
    for page in (director, teacher, guardian):
        assert page.errors == [], page.errors
    # The refused upload is the API's 400 (consent missing), which the browser logs; nothing else.
    assert dancer.errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
