"""The mirror and the framing coach in real headless Chromium, its fake camera fed from real clips,
checked against the server engine's reading of the same clip."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import ARTIFACTS, login
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFSET_TOLERANCE_PCT = 2.0
HOLD_TOLERANCE_S = 0.5


def _stats(page: Any, name: str = "mirrorStats") -> dict[str, Any]:
    return page.evaluate(f"JSON.parse(JSON.stringify(window.{name} || null))")


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def run_mirror(page: Any, duration_s: float, shot: str | None = None) -> dict[str, Any]:
    """Start, let one pass of the clip play (the fake camera loops it), finish."""
    page.get_by_role("button", name="Start the mirror").click()
    deadline = time.monotonic() + 120
    shot_taken = False
    while time.monotonic() < deadline:
        stats = _stats(page)
        if stats["processed"] and stats["t"] >= duration_s - 0.05:
            break
        if shot and not shot_taken and stats["t"] >= duration_s / 2:
            _shot(page, shot + "-mid")
            shot_taken = True
        time.sleep(0.05)
    else:
        pytest.fail(f"the mirror never reached {duration_s} s: {stats}")
    page.get_by_role("button", name="Finish").click()
    if shot:
        _shot(page, shot + "-end")
    return _stats(page)


def _only_own_origin(page: Any, live_url: str) -> None:
    own = urlparse(live_url).netloc
    foreign = [u for u in page.requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
    assert foreign == [], foreign


def test_mirror_counts_the_engines_plies_with_offsets_within_two_percent(
    live_world: World, camera_browser: Any, camera_file: Any, engine_result: Any, live_server: Any
) -> None:
    engine = engine_result("plie.mp4", "plie")
    a = live_world.a
    for width, height in ((1366, 900),):
        page = camera_browser(camera_file("plie"), width, height)
        login(page, a.dancer_user.username)
        page.goto(f"/s/{a.studio.public_id}/mirror/?test=plie")
        stats = run_mirror(page, engine["quality"]["duration_s"], shot=f"mirror-plie-{width}")
        reps = engine["metrics"]["reps"]
        print("mirror", {k: stats.get(k) for k in ("fps", "processed", "t", "calibrated_t")}, "reps", stats["reps"])
        print("engine", [(r["t_s"], r["knee_toe_offset_pct"]) for r in reps])
        assert len(stats["reps"]) == engine["metrics"]["rep_count"], stats["reps"]
        for mine, theirs in zip(stats["reps"], reps, strict=True):
            for side in ("left", "right"):
                want = theirs["knee_toe_offset_pct"][side]["value"]
                assert abs(mine["offset_pct"][side] - want) <= OFFSET_TOLERANCE_PCT, (side, mine, theirs)
        assert page.errors == []
        _only_own_origin(page, live_server.url)
