"""The browser fixtures (real Chromium, live server) for this folder's page tests."""

from tests.browser.conftest import chromium, live_world, new_page  # noqa: F401
