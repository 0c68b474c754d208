"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright's Python API against
pytest-django's live server. No browser is ever downloaded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.world import World, build_world

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
# Every page is looked at on a phone and on a desktop: `@phone_and_desktop` gives a test width, height.
PHONE_AND_DESKTOP = [(390, 844), (1366, 900)]
phone_and_desktop = pytest.mark.parametrize(("width", "height"), PHONE_AND_DESKTOP)

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# synchronous and never overlap with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Module scope, not session: two sync Playwrights cannot run in one thread, and other folders'
# browser tests (tests/mirror's fake-camera Chromium, tests/integrations) start their own; a
# session-wide one would still be running when they do ("Sync API inside the asyncio loop").
@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db, live_server) -> World:  # noqa: ANN001
    """The standing personas in a database the live server thread can see (committed rows)."""
    return build_world()


@pytest.fixture
def new_page(chromium, live_server):  # noqa: ANN001, ANN201
    contexts = []

    def make(width: int = 1280, height: int = 900, **kwargs: object):  # noqa: ANN202
        context = chromium.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url, **kwargs
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("console", lambda msg: _console(page, msg))
        return page

    yield make
    for context in contexts:
        context.close()


def _console(page, msg) -> None:  # noqa: ANN001
    # Every console error is a real problem (the favicon is served: base.html links it, WhiteNoise
    # serves /favicon.ico).
    if msg.type == "error":
        page.errors.append(msg.text)


def login(page, username: str) -> None:  # noqa: ANN001
    """Through the real login form, like a person would."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
