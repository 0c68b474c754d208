"""The director's API key page in headless Chromium at phone and desktop sizes: create (shown once),
use the key over real HTTP, revoke, and the key stops working."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS, login
from tests.world import World


def _get(url: str, key: str) -> tuple[int, object]:
    request = urllib.request.Request(url, headers={"Authorization": f"Api-Key {key}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # the live server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_director_creates_uses_and_revokes_a_key(
    live_world: World,
    new_page,
    live_server,
    width: int,
    height: int,  # noqa: ANN001
) -> None:
    page = new_page(width, height)
    login(page, live_world.a.director.username)
    page.goto("/")
    page.get_by_role("link", name="API keys for studio software").first.click()
    page.get_by_label("Name (which software uses it)").fill("Jackrabbit nightly sync")
    page.get_by_label("Access").select_option("read")
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_label("The key").input_value()
    assert page.get_by_text("shown only this once").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"integrations-api-key-created-{width}.png"), full_page=True)

    dancers = f"{live_server.url}/api/studios/{live_world.a.studio.public_id}/dancers/"
    status, body = _get(dancers, key)
    assert status == 200 and isinstance(body, dict) and body["count"] == 2

    page.reload()  # the key is never shown again
    assert page.locator("#new-key").count() == 0
    assert key not in page.content()
    row = page.get_by_role("row", name="Jackrabbit nightly sync")
    assert "Read" in row.inner_text() and "never" not in row.inner_text()  # last used is set
    row.get_by_role("button", name='Revoke "Jackrabbit nightly sync"').click()
    assert "revoked" in page.get_by_role("row", name="Jackrabbit nightly sync").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"integrations-api-key-revoked-{width}.png"), full_page=True)
    assert _get(dancers, key)[0] == 401
    assert not page.errors  # type: ignore[attr-defined]
