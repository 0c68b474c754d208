"""`scripts/demo.sh` for real (SQLite, gunicorn and a Celery worker on the filesystem broker, no Redis):
a dancer uploads a clip in Chromium and the status page goes queued → analysing n % → done, the
live status a newcomer sees, instead of a page frozen on "Uploading 100 %"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ARGS, ARTIFACTS, CHROMIUM
from tests.celery_support import free_port
from tests.conftest import REPO_ROOT, SHARED_CLIPS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLIP = SHARED_CLIPS / "tree_pose.mp4"  # the shortest real single-leg stance (about 4 s of engine CPU)
DEMO_PASSWORD = "demo-studio-2026"


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def demo_server(tmp_path: Path):  # noqa: ANN201
    if not CLIP.exists():
        pytest.skip(f"{CLIP} not present (the shared clips are not bundled)")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TEST_DATABASE_NAME", "CELERY_BROKER_URL"}
    }
    env.update(
        VENV=str(Path(sys.executable).parent.parent),
        VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        DEMO_PORT=str(port),
        DEMO_SEED_ARGS="--without-engine-runs",  # people, programs, logs; the engine runs on the upload
    )
    log = (tmp_path / "demo.log").open("w")
    process = subprocess.Popen(
        ["bash", "scripts/demo.sh"], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{port}/login/", 900)  # migrate, collectstatic, seed: minutes when loaded
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        print((tmp_path / "demo.log").read_text()[-3000:])


def test_the_demo_shows_queued_analysing_done(demo_server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, base_url=demo_server)
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("/login/")
        page.get_by_label("Username").fill("dancer1")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        page.get_by_role("link", name="Film my screening clips").first.click()
        page.get_by_label("Single-leg stance").check()
        page.set_input_files("#id_file", str(CLIP))
        page.get_by_role("button", name="Upload and analyse").click()
        page.wait_for_url("**/analyses/**")
        seen = []
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            text = page.locator("#state-text").inner_text()
            if not seen or seen[-1] != text:
                seen.append(text)
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"demo-live-status-{len(seen)}.png"), full_page=True)
            if text != "Queued" and not text.startswith(("Analysing", "Uploading")):
                break  # done, or a failure heading
            page.wait_for_timeout(250)
        browser.close()
    print("status texts seen:", seen)
    assert seen[-1].startswith("Done"), seen
    # The worker is a separate process: the page saw the analysis before it finished.
    assert any(t == "Queued" or t.startswith("Analysing") for t in seen[:-1]), seen
    assert errors == []
    assert not (REPO_ROOT / "control").exists()  # the broker's files stay under VAR_DIR
