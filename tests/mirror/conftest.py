"""Fixtures for the mirror's browser tests: real clips turned into Chromium fake-camera files, a
Chromium per clip (the fake camera file is a launch flag) and the engine's own reading of a clip."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
CLIPS = ROOT.parent / "shared" / "clips"
SLOW = 4  # the slowed variants' time stretch
FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
# Chromium's fake camera wants raw y4m; 360 p keeps the files ~140 MB (the pose model sees 256 px).
VARIANTS = {
    "plie": ("plie.mp4", "scale=640:360"),
    "tree_pose": ("tree_pose.mp4", "scale=600:338"),
    "plie_feet_cropped": ("plie.mp4", "crop=iw:ih*0.72:0:0,scale=640:-2"),
    # Two people: the clip beside its own mirror image (the engine's multiple_people metamorphic case).
    "plie_beside_its_mirror": ("plie.mp4", "split[a][b];[b]hflip[c];[a][c]hstack,scale=640:-2"),
    # The agreement tests' copies at 1/SLOW speed (each frame SLOW times, 30 fps kept): the browser
    # samples by wall clock, so on this shared box (1.6-9 fps under load) each plié gets the frame
    # density a phone at 6-36 fps sees at full speed. The geometry of every frame is unchanged.
    "plie_slowed": ("plie.mp4", f"setpts={SLOW}*PTS,scale=640:360"),
    # The phone rolled: the picture turned 6 deg clockwise (ffmpeg's + angle), grey corners.
    "plie_rolled_slowed": ("plie.mp4", f"setpts={SLOW}*PTS,rotate=6*PI/180:fillcolor=gray,scale=640:360"),
}


def clip_or_skip(name: str) -> Path:
    path = CLIPS / name
    if not path.exists():
        pytest.skip(f"{path} not found (the shared clips are not bundled: licences)")
    return path


@pytest.fixture(scope="session")
def camera_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    made: dict[str, Path] = {}
    tmp = tmp_path_factory.mktemp("fake-camera")

    def make(variant: str) -> Path:
        if variant not in made:
            source, vf = VARIANTS[variant]
            if shutil.which("ffmpeg") is None:
                pytest.skip("ffmpeg not installed")
            out = tmp / f"{variant}.y4m"
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", "-i", str(clip_or_skip(source)), "-vf", vf,
                 *(["-r", "30"] if "setpts" in vf else []), "-pix_fmt", "yuv420p", str(out)],
                check=True, timeout=300,
            )  # fmt: skip
            made[variant] = out
        return made[variant]

    return make


@pytest.fixture
def camera_browser(live_server: Any) -> Iterator[Callable[..., Any]]:
    """camera_browser(y4m, width, height) -> a page whose camera plays that file."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browsers: list[Any] = []

        def open_page(y4m: Path, width: int = 1366, height: int = 900, **kwargs: Any) -> Any:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[*ARGS, "--disable-sync", *FAKE_CAMERA, f"--use-file-for-fake-video-capture={y4m}"],
            )
            browsers.append(browser)
            kwargs.setdefault("base_url", live_server.url)
            context = browser.new_context(viewport={"width": width, "height": height}, **kwargs)
            context.set_default_timeout(60_000)
            page: Any = context.new_page()
            page.errors = []
            page.seen_urls = []
            page.on("pageerror", lambda exc: page.errors.append(str(exc)))
            page.on("console", lambda msg: _console(page, msg))
            page.non_get = []
            page.on("request", lambda req: page.seen_urls.append(req.url))
            page.on("request", lambda req: req.method != "GET" and page.non_get.append((req.url, req.method)))
            return page

        yield open_page
        for browser in browsers:
            browser.close()


def _console(page: Any, msg: Any) -> None:
    # The browser asks for /favicon.ico on its own; every other console error is a real problem.
    if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
        page.errors.append(msg.text)


@pytest.fixture(scope="session")
def engine_result() -> Callable[[str, str], dict[str, Any]]:
    """The server engine's result for a shared clip (python -m workers.analyze), cached per run."""
    cache: dict[tuple[str, str], dict[str, Any]] = {}

    def run(clip: str, test: str) -> dict[str, Any]:
        if (clip, test) not in cache:
            path = clip_or_skip(clip)
            out = subprocess.run(
                [sys.executable, "-m", "workers.analyze", str(path), "--test", test],
                cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
            )  # fmt: skip
            cache[(clip, test)] = json.loads(out.stdout)
        return cache[(clip, test)]

    return run


@pytest.fixture
def live_world(transactional_db: Any, live_server: Any) -> Any:
    """The standing personas, committed so the live server thread sees them."""
    from tests.world import build_world

    return build_world()


@pytest.fixture
def assigned_plie(live_world: Any, engine_result: Callable[[str, str], dict[str, Any]]) -> tuple[Any, Any, Any]:
    """(the engine's plie.mp4 result, studio A's world, her assignment holding the plié exercise)."""
    from tests.mirror.factories import technique_assignment

    a = live_world.a
    return engine_result("plie.mp4", "plie"), a, technique_assignment(studio=a.studio, dancer=a.dancer)
