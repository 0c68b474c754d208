"""The mirror and the framing coach in real headless Chromium, its fake camera fed from real clips,
checked against the server engine's reading of the same clip."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from programs.models import ExerciseLog
from tests.browser.conftest import ARTIFACTS, login
from tests.mirror.conftest import SLOW
from tests.mirror.factories import technique_assignment
from tests.world import World
from workers.quality import REASONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFSET_TOLERANCE_PCT = 2.0
HOLD_TOLERANCE_S = 0.5


def _stats(page: Any, name: str = "mirrorStats") -> dict[str, Any]:
    return page.evaluate(f"JSON.parse(JSON.stringify(window.{name} || null))")


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def run_mirror(page: Any, duration_s: float, shot: str | None = None) -> dict[str, Any]:
    """A timed practice of one pass of the clip (the fake camera loops it): start, wait for the end."""
    sep = "&" if "?" in page.url else "?"
    page.goto(f"{page.url}{sep}seconds={duration_s}")
    return practise(page, duration_s, shot)


def practise(page: Any, duration_s: float, shot: str | None = None) -> dict[str, Any]:
    """Start the mirror on the open page and wait for the timed practice to end."""
    page.get_by_role("button", name="Start the mirror").click()
    deadline = time.monotonic() + 180
    shot_taken = False
    while time.monotonic() < deadline:
        stats = _stats(page)
        if stats["finished"]:
            break
        # Mid-practice: in a plié past the first third (the stance has no reps: half-way).
        if (
            shot
            and not shot_taken
            and stats["t"] >= duration_s / 3
            and stats.get("in_rep", stats["t"] >= duration_s / 2)
        ):
            _shot(page, shot + "-mid")
            shot_taken = True
        time.sleep(0.05)
    else:
        pytest.fail(f"the mirror never reached {duration_s} s: {stats}")
    if shot:
        _shot(page, shot + "-end")
    return stats


def _only_own_origin(page: Any, live_url: str) -> None:
    own = urlparse(live_url).netloc
    foreign = [
        u for u in page.seen_urls if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own
    ]
    assert foreign == [], foreign


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_mirror_counts_the_engines_plies_with_offsets_within_two_percent_and_logs_them(
    width: int, height: int, assigned_plie: Any, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    engine, a, assignment = assigned_plie
    page = camera_browser(
        camera_file("plie_slowed"), width, height, is_mobile=width < 500, has_touch=width < 500
    )
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/programs/today/")
    page.get_by_role("link", name="Practise pliés in the mirror").click()
    stats = run_mirror(page, engine["quality"]["duration_s"] * SLOW, shot=f"mirror-plie-{width}")
    reps = engine["metrics"]["reps"]
    print(
        f"\nmirror plie {width}x{height}: {stats['fps']:.1f} fps, {stats['processed']} frames, reps",
        stats["reps"],
    )
    print("engine reps", [(r["t_s"], r["knee_toe_offset_pct"]) for r in reps])
    print(f"camera roll: mirror {stats.get('roll_deg')}, engine {engine['metrics']['camera_roll_deg']}")
    assert len(stats["reps"]) == engine["metrics"]["rep_count"], stats["reps"]
    for mine, theirs in zip(stats["reps"], reps, strict=True):
        for side in ("left", "right"):
            want = theirs["knee_toe_offset_pct"][side]["value"]
            assert abs(mine["offset_pct"][side] - want) <= OFFSET_TOLERANCE_PCT, (side, mine, theirs)
    aligned = sum(r["band"] == "aligned" for r in stats["reps"])
    n = len(stats["reps"])
    expect(page.locator("#mirror-result")).to_contain_text(
        f"{n} pliés, {aligned} of {n} with both knees over the toes"
    )
    # Log it: one set of the assigned exercise with the reps counted; nothing else is stored.
    expect(page.get_by_label("Reps")).to_have_value(str(n))
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#mirror-log-status")).to_have_text("Logged. Well done.")
    log = ExerciseLog.objects.get(dancer=a.dancer, assignment=assignment)
    assert (log.reps, log.exercise.slug) == (n, "technique-plie-second-toe")
    assert log.note == f"Mirror: {aligned} of {n} pliés knees over the toes"
    _shot(page, f"mirror-plie-{width}-logged")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == []
    _only_own_origin(page, live_server.url)
    # Frames never left the phone: the only POST was the log.
    assert [(u, m) for u, m in page.non_get if "/login/" not in u] == [
        (f"{live_server.url}/api/studios/{a.studio.public_id}/logs/", "POST")
    ]


def test_mirror_finds_the_engines_stance_side_and_hold(
    live_world: World, camera_browser: Any, camera_file: Any, engine_result: Any, live_server: Any
) -> None:
    engine = engine_result("tree_pose.mp4", "stance")
    side = engine["metrics"]["sides"][0]
    a = live_world.a
    page = camera_browser(camera_file("tree_pose"), 390, 844, is_mobile=True, has_touch=True)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/mirror/?test=stance")
    stats = run_mirror(page, engine["quality"]["duration_s"], shot="mirror-stance-390")
    print(f"\nmirror stance: {stats['fps']:.1f} fps, stance {stats['stance']}, hold {stats['hold_s']:.2f} s"
          f" (lift-off {stats['lift_t_s']}, touch-downs {stats['touchdowns']}, samples {stats['raised_seen']});"
          f" engine {side['stance_leg']} {side['hold_s']['value']} s")  # fmt: skip
    assert stats["stance"] == side["stance_leg"]
    assert abs(stats["hold_s"] - side["hold_s"]["value"]) <= HOLD_TOLERANCE_S
    # No stance exercise assigned: practice only, and the page says so.
    expect(page.locator("#mirror-practice-only")).to_be_visible()
    assert page.errors == []
    _only_own_origin(page, live_server.url)


def test_mirror_removes_a_rolled_phones_tilt_and_says_so(
    live_world: World, camera_browser: Any, camera_file: Any, engine_result: Any
) -> None:
    """plie.mp4 turned 6 deg: the roll is measured, named on the page, and the offsets still match
    the engine's on the upright clip."""
    engine = engine_result("plie.mp4", "plie")
    a = live_world.a
    page = camera_browser(camera_file("plie_rolled_slowed"), 390, 844, is_mobile=True, has_touch=True)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/mirror/?test=plie")
    stats = run_mirror(page, engine["quality"]["duration_s"] * SLOW, shot="mirror-plie-rolled-390")
    reps = engine["metrics"]["reps"]
    print(f"\nmirror rolled plie: {stats['fps']:.1f} fps, roll {stats.get('roll_deg')} "
          f"(engine upright {engine['metrics']['camera_roll_deg']}), reps {stats['reps']}")  # fmt: skip
    assert stats["roll_deg"] == pytest.approx(engine["metrics"]["camera_roll_deg"] + 6.0, abs=1.5)
    expect(page.locator("#mirror-note")).to_have_text(
        f"Phone tilted {abs(stats['roll_deg']):.0f}°, corrected."
    )
    assert len(stats["reps"]) == engine["metrics"]["rep_count"], stats["reps"]
    for mine, theirs in zip(stats["reps"], reps, strict=True):
        for side in ("left", "right"):
            want = theirs["knee_toe_offset_pct"][side]["value"]
            assert abs(mine["offset_pct"][side] - want) <= OFFSET_TOLERANCE_PCT, (side, mine, theirs)
    assert page.errors == []


def _start_coach(page: Any, frames: int = 15) -> dict[str, Any]:
    page.get_by_role("button", name="Start the camera").click()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        stats = _stats(page, "coachStats")
        if stats and stats["frames"] >= frames:
            return stats
        time.sleep(0.1)
    pytest.fail(f"the coach saw no frames: {_stats(page, 'coachStats')}")


def _upload_page(camera_browser: Any, camera_file: Any, clip: str, a: Any, *size: int, **kw: Any) -> Any:
    """The upload page in a browser whose camera plays `clip`, signed in as the tenant's dancer."""
    page = camera_browser(camera_file(clip), *size, **kw)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/screenings/upload/")
    return page


def _expect_coach_refuses(page: Any, stats: dict[str, Any], reason: str, live_url: str) -> None:
    """The coach names the gate's reason and keeps Record off; no script error, no foreign request."""
    assert stats["verdict"] == reason, stats
    expect(page.locator("#coach-status")).to_have_text(REASONS[reason])
    expect(page.get_by_role("button", name="Record")).to_be_disabled()
    assert page.errors == []
    _only_own_origin(page, live_url)


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_coach_shows_the_feet_reason_and_keeps_record_disabled_on_a_feet_cropped_clip(
    width: int, height: int, live_world: World, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    a = live_world.a
    page = _upload_page(camera_browser, camera_file, "plie_feet_cropped", a, width, height, is_mobile=width < 500)
    stats = _start_coach(page)
    _shot(page, f"upload-coach-feet-cropped-{width}")
    _expect_coach_refuses(page, stats, "feet_not_visible", live_server.url)


def test_coach_sees_two_people_names_the_gates_reason_and_keeps_record_disabled(
    live_world: World, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    """plie.mp4 beside its mirror image: the two pose passes find different people, the gate's rule
    (workers/pose.py identity check); the server rejects the same picture as multiple_people."""
    a = live_world.a
    page = _upload_page(camera_browser, camera_file, "plie_beside_its_mirror", a, 390, 844, is_mobile=True)
    stats = _start_coach(page, frames=20)
    _shot(page, "upload-coach-two-people-390")
    _expect_coach_refuses(page, stats, "multiple_people", live_server.url)


def test_coach_passes_a_well_framed_clip_and_records_it_into_the_form(
    live_world: World, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    a = live_world.a
    page = _upload_page(camera_browser, camera_file, "plie", a, 1366, 900)
    stats = _start_coach(page)
    print(f"\ncoach: {stats['fps']:.1f} fps")
    assert stats["verdict"] is None, stats
    record = page.get_by_role("button", name="Record")
    expect(record).to_be_enabled()
    _shot(page, "upload-coach-ok-1366")
    record.click()
    time.sleep(2.5)
    assert page.errors == []
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#coach-recorded")).to_contain_text("Recorded")
    assert page.evaluate("document.getElementById('id_file').files.length") == 1
    assert page.evaluate("document.getElementById('id_file').files[0].size") > 10_000
    assert page.errors == []
    _only_own_origin(page, live_server.url)


def test_a_practice_logged_offline_waits_on_the_phone_and_the_today_page_sends_it(
    live_world: World, camera_browser: Any, camera_file: Any
) -> None:
    a = live_world.a
    assignment = technique_assignment(studio=a.studio, dancer=a.dancer)
    page = camera_browser(camera_file("tree_pose"), 390, 844, is_mobile=True)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/mirror/?test=plie")
    # The end of a practice, without waiting for one: the form the summary shows, filled in.
    page.evaluate(
        "() => { var f = document.getElementById('mirror-log'); document.getElementById('mirror-summary').hidden = false;"
        " f.hidden = false; f.elements.reps.value = '8'; f.elements.note.value = 'Mirror: 6 of 8 pliés knees over the toes'; }"
    )
    page.context.set_offline(True)
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#mirror-log-status")).to_contain_text("Saved on this phone")
    key = f"studiohealth.logs.{a.studio.public_id}.{a.dancer.public_id}"
    assert len(page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")) == 1
    assert not ExerciseLog.objects.filter(dancer=a.dancer).exists()
    page.goto("about:blank")
    page.context.set_offline(False)
    # The Today page's own queue (log.js) reads the same key and sends it.
    page.goto(f"/s/{a.studio.public_id}/programs/today/")
    deadline = time.monotonic() + 30
    while not ExerciseLog.objects.filter(dancer=a.dancer).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = ExerciseLog.objects.get(dancer=a.dancer)
    assert (log.assignment_id, log.reps, log.note) == (
        assignment.pk,
        8,
        "Mirror: 6 of 8 pliés knees over the toes",
    )
    expect(page.locator(".sync-status")).to_be_hidden()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))") == []
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
