"""/api/docs/ (Swagger UI, served from drf-spectacular-sidecar) renders its operations in Chromium under our CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
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
