"""/api/docs/ (Swagger UI) and /api/redoc/ (Redoc), served from drf-spectacular-sidecar, render their
operations in Chromium under our CSP (Redoc with a per-response style nonce, no 'unsafe-inline')."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@phone_and_desktop
def test_swagger_ui_lists_the_operations(live_world: World, new_page, width: int, height: int) -> None:  # noqa: ANN001
    page = new_page(width, height)
    login(page, live_world.a.director.username)
    response = page.goto("/api/docs/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 20
    expect(page.get_by_text("/api/studios/{studio_id}/dancers/", exact=True).first).to_be_visible()
    screenshot(page, f"api-docs-swagger-{width}")
    assert page.errors == []


@phone_and_desktop
def test_redoc_lists_the_operations_with_a_style_nonce(
    live_world: World, new_page, width: int, height: int
) -> None:  # noqa: ANN001
    page = new_page(width, height)
    login(page, live_world.a.director.username)
    page.goto("/api/docs/")
    page.get_by_role("link", name="Redoc").click()
    page.wait_for_url("**/api/redoc/")
    policy = page.evaluate("() => document.querySelector('#redoc-container').dataset.nonce")
    response = page.request.get("/api/redoc/")
    header = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in header and "style-src 'self' 'nonce-" in header and policy
    # Redoc's operation list (its left menu and the headings of each operation) is on the page; the
    # schema is ~1 MB of JSON, so allow a busy CI box time to render it.
    operations = page.locator("[data-section-id^='operation/']")
    expect(operations.first).to_be_attached(timeout=90_000)
    assert operations.count() > 20
    # The viewport only: the whole reference is tens of thousands of pixels tall.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"api-docs-redoc-{width}.png"), timeout=60_000)
    if width > 800:  # on a phone the menu is behind its button
        expect(page.get_by_role("menuitem", name="studios")).to_be_visible()
    expect(page.get_by_role("heading", name="auth_token_create")).to_be_visible()
    expect(page.get_by_text("/api/studios/{studio_id}/dancers/").first).to_be_attached()
    # Every <style> Redoc injected carries the nonce, or is one allowed by hash (a refused one would be a
    # console error, caught below).
    unnonced = page.evaluate(
        "() => [...document.querySelectorAll('style')].filter(s => !s.nonce).map(s => s.textContent)"
    )
    assert len(unnonced) <= 1  # perfect-scrollbar's sheet, allowed by hash (studiohealth/core/api_docs.py)
    # The one refusal we want: Redoc's footer badge from its CDN is never fetched (img-src 'self').
    assert [e for e in page.errors if "cdn.redoc.ly" not in e] == []


def test_other_pages_keep_the_site_csp(live_world: World, new_page) -> None:  # noqa: ANN001
    page = new_page(1366, 900)
    login(page, live_world.a.director.username)
    for url in ("/api/docs/", "/"):
        header = page.request.get(url).headers["content-security-policy"]
        assert "nonce-" not in header and "style-src 'self';" in header, url
