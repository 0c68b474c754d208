"""The director's roster import in headless Chromium at phone and desktop sizes: a file with a bad
row is checked and refused row by row, the fixed file is checked, then applied; nothing changes
before "Apply"."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations.roster_sample import roster_csv, roster_sample_records
from studios.models import DancerProfile, Invitation
from tests.browser.conftest import ARTIFACTS, login
from tests.world import World


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_director_checks_then_applies_a_roster_file(
    live_world: World,
    new_page,
    tmp_path: Path,
    width: int,
    height: int,  # noqa: ANN001
) -> None:
    records = roster_sample_records(dancers=10, guardians=4, classes=2, staff=1)
    bad = [dict(r, birth_date="2014-02-30") if r["external_id"] == "D3" else r for r in records]
    (tmp_path / "bad.csv").write_text(roster_csv(bad))
    (tmp_path / "roster.csv").write_text(roster_csv(records))
    page = new_page(width, height)
    login(page, live_world.a.director.username)
    page.goto("/")
    page.get_by_role("link", name="Import the roster from a file (CSV)").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"integrations-roster-import-form-{width}.png"), full_page=True)

    page.get_by_label("Roster file (CSV)").set_input_files(str(tmp_path / "bad.csv"))
    page.get_by_role("button", name="Check the file").click()
    errors = page.get_by_role("region", name="Rows with errors")
    assert "bad_date" in errors.inner_text() and "dancer D3" in errors.inner_text()
    assert page.get_by_role("button", name="Apply these changes").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"integrations-roster-import-errors-{width}.png"), full_page=True)

    page.get_by_role("link", name="← Import the roster").click()
    page.get_by_label("Roster file (CSV)").set_input_files(str(tmp_path / "roster.csv"))
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".import-counts").inner_text()
    assert f"{len(records)} new" in summary and "0 with errors" in summary
    assert not DancerProfile.objects.filter(studio=live_world.a.studio, source="csv").exists()
    page.screenshot(path=str(ARTIFACTS / f"integrations-roster-import-check-{width}.png"), full_page=True)
    page.get_by_role("button", name="Apply these changes").click()
    assert page.get_by_role("heading", name="Applied").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"integrations-roster-import-applied-{width}.png"), full_page=True)
    assert DancerProfile.objects.filter(studio=live_world.a.studio, source="csv").count() == 10
    assert Invitation.objects.filter(studio=live_world.a.studio, contact__isnull=False).count() == 5
    assert not page.errors  # type: ignore[attr-defined]
