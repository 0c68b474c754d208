"""The director reads the audit trail on a phone and a desktop: studio-local minutes (no ISO, no
microseconds), dancer names, a name filter, a run of key-frame views as one line, no overflow."""

from __future__ import annotations

import re

import pytest

from privacy.models import AuditAction
from privacy.services import audit_record
from studios.policies import actor_for
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
def test_director_reads_the_audit_trail(live_world: World, new_page, width: int, height: int) -> None:  # noqa: ANN001
    a = live_world.a
    actor = actor_for(user=a.director, studio=a.studio)
    assert actor is not None
    audit_record(actor=actor, action=AuditAction.DOWNLOAD_REPORT, dancer=a.other_dancer)
    for _ in range(6):
        audit_record(actor=actor, action=AuditAction.VIEW_KEYFRAME, dancer=a.dancer)
    page = new_page(width=width, height=height)
    login(page, a.director.username)
    page.goto(f"/s/{a.studio.public_id}/audit/")
    table = page.locator("#audit-table tbody")
    assert table.locator("tr").count() == 2  # six key-frame views are one line
    text = table.inner_text()
    assert "× 6" in text and a.dancer.full_name in text and a.other_dancer.full_name in text
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", text)  # studio-local, to the minute
    assert not re.search(r"\d{4}-\d{2}-\d{2}T|:\d{2}\.\d+|\+00:00", text)  # no ISO, no microseconds
    screenshot(page, f"audit-trail-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Dancer name (or part of it)").fill(a.other_dancer.first_name.lower())
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**name=*")
    rows = page.locator("#audit-table tbody tr")
    assert rows.count() == 1 and a.other_dancer.full_name in rows.inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
