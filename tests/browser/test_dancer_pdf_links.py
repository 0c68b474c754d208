"""The dancer PDF is reachable from the dancer page: director and guardian click the link in real
Chromium and get a PDF; the page shows the filming-consent status next to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.seeding import seed_class
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
@pytest.mark.parametrize("who", ["director", "guardian"])
def test_director_and_guardian_download_the_dancer_pdf_from_the_page(
    live_world: World,
    new_page,
    who: str,
    width: int,
    height: int,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    a = live_world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=1, screenings=2, weeks=3,
               today=a.studio.today())  # fmt: skip
    page = new_page(width=width, height=height, accept_downloads=True)
    login(page, getattr(a, who).username)
    page.goto(f"/s/{a.studio.public_id}/dashboard/dancers/{a.dancer.public_id}/")
    main = page.locator("main")
    assert "Filming consent" in main.locator("#consent-status").inner_text()
    screenshot(page, f"dancer-pdf-link-{who}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_download() as info:
        page.get_by_role("link", name="Screening report (PDF, A4)").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    assert download.suggested_filename.endswith(".pdf")
    assert target.read_bytes()[:5] == b"%PDF-"
    assert target.stat().st_size > 5_000
    assert page.errors == []  # type: ignore[attr-defined]


def test_director_shares_with_guardians_and_the_guardian_opens_the_mailed_links(
    live_world: World, new_page, tmp_path: Path  # noqa: ANN001
) -> None:
    """"Share with guardians" on the director's dancer page e-mails (after commit) the page and PDF
    links, audited; the guardian follows both from the mail and sees the consent status."""
    from django.core import mail

    from privacy.models import AuditAction, AuditEvent

    a = live_world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=1, screenings=2, weeks=3,
               today=a.studio.today())  # fmt: skip
    mail.outbox.clear()
    director = new_page(width=390, height=844)
    login(director, a.director.username)
    director.goto(f"/s/{a.studio.public_id}/dashboard/dancers/{a.dancer.public_id}/")
    director.get_by_role("button", name="Share with guardians").click()
    director.wait_for_url(f"**/dashboard/dancers/{a.dancer.public_id}/")
    assert f"E-mailed 1 guardian of {a.dancer.first_name} the report links." in director.locator("main").inner_text()
    screenshot(director, "dancer-share-director-390")
    assert [m.to for m in mail.outbox] == [[a.guardian.email]]
    body = mail.outbox[0].body
    assert "not a diagnosis" in body and "± " not in body  # links only: no results in the mail
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_REPORT, dancer=a.dancer, actor=a.director).count() == 1
    page_link = next(line.split(": ", 1)[1] for line in body.splitlines() if "'s page" in line)
    pdf_link = next(line.split(": ", 1)[1] for line in body.splitlines() if "as a PDF" in line)

    guardian = new_page(width=390, height=844, accept_downloads=True)
    login(guardian, a.guardian.username)
    guardian.goto(page_link)
    assert "Filming consent" in guardian.locator("#consent-status").inner_text()
    assert guardian.get_by_role("button", name="Share with guardians").count() == 0  # the director's action
    screenshot(guardian, "dancer-share-guardian-390")
    response = guardian.request.get(pdf_link)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    assert director.errors == [] and guardian.errors == []  # type: ignore[attr-defined]
