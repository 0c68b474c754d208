"""The mirror opens and works with the network off once it has been opened online (the service
worker, mirror/offline.py), and a set logged offline reaches the server when the network is back."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from programs.models import ExerciseLog
from tests.browser.conftest import login
from tests.mirror.netswitch import net_switch
from tests.mirror.test_mirror_browser import _shot, practise
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_mirror_reopens_offline_counts_plies_and_sends_the_set_when_back_online(
    width: int, height: int, assigned_plie: Any, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    engine, a, assignment = assigned_plie
    with net_switch(live_server.url) as net:
        page = camera_browser(camera_file("plie"), width, height, base_url=net.url, is_mobile=width < 500)
        login(page, a.dancer_user.username)
        url = f"/s/{a.studio.public_id}/mirror/?test=plie&seconds={engine['quality']['duration_s']}"
        page.goto(url)
        assert page.evaluate("window.offlineReady") is True
        expect(page.locator("#offline-status")).to_have_text(
            "Ready to open on this phone without a connection."
        )

        net.off()
        page.context.set_offline(True)
        page.reload()
        expect(page.get_by_role("heading", name="Mirror: Plié in second position")).to_be_visible()
        assert page.evaluate("navigator.onLine") is False
        stats = practise(page, engine["quality"]["duration_s"])
        _shot(page, f"mirror-offline-{width}")
        assert net.refused >= 1, "the reload never tried the network: the test proves nothing"
        assert len(stats["reps"]) == engine["metrics"]["rep_count"], stats["reps"]
        n = len(stats["reps"])
        expect(page.get_by_label("Reps")).to_have_value(str(n))
        page.get_by_role("button", name="Log it").click()
        expect(page.locator("#mirror-log-status")).to_contain_text("Saved on this phone")
        assert not ExerciseLog.objects.filter(dancer=a.dancer).exists()

        net.on()
        page.context.set_offline(False)  # the page's "online" event sends the queue
        deadline = time.monotonic() + 30
        while not ExerciseLog.objects.filter(dancer=a.dancer).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = ExerciseLog.objects.get(dancer=a.dancer)
        assert (log.assignment_id, log.reps) == (assignment.pk, n)
        expect(page.locator("#mirror-log-status")).to_have_text("Logged. Well done.")
        _shot(page, f"mirror-offline-{width}-sent")
        assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_the_login_page_forgets_kept_pages_but_not_the_unsent_sets(
    live_world: World, camera_browser: Any, camera_file: Any, live_server: Any
) -> None:
    a = live_world.a
    page = camera_browser(camera_file("plie"), 390, 844, is_mobile=True)
    login(page, a.dancer_user.username)
    page.goto(f"/s/{a.studio.public_id}/mirror/?test=plie")
    assert page.evaluate("window.offlineReady") is True
    names = "caches.keys().then(k => k.filter(n => n.startsWith('studiohealth-mirror-')).map(n => n.split('-')[2]))"
    assert sorted(page.evaluate(names)) == ["pages", "shell"]
    key = f"studiohealth.logs.{a.studio.public_id}.{a.dancer.public_id}"
    page.evaluate(f"localStorage.setItem('{key}', JSON.stringify([{{body: {{}}, queuedAt: 'x'}}]))")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")
    page.wait_for_function("window.offlineReady !== undefined")
    page.evaluate("window.offlineReady")
    assert page.evaluate(names) == ["shell"]  # the model stays; no one's page does
    assert len(page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")) == 1
