"""In real Chromium: a director pages through a roster longer than one page (sorting and filters
reload from the server, over every page), at phone and desktop sizes; and a video element seeks in a
clip served through the checked view (HTTP 206), leaving one audit row for the viewing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files import File
from django.urls import reverse
from playwright.sync_api import expect

from dashboards.seeding import seed_class
from privacy.models import AuditAction, AuditEvent
from screenings.models import Clip, Screening
from tests.browser.conftest import login, phone_and_desktop, screenshot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CLIP = Path("/work/shared/clips/plie.mp4")


def _names(page) -> list[str]:  # noqa: ANN001
    return page.locator("#roster-table tbody th[scope=row] > a").all_inner_texts()  # the name, not the consent line


@phone_and_desktop
def test_director_pages_sorts_and_filters_a_long_roster(
    live_world: World, new_page, width: int, height: int
) -> None:  # noqa: ANN001
    a = live_world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=10, screenings=2, weeks=4,
               today=a.studio.today(), seed=5)  # fmt: skip
    page = new_page(width=width, height=height)
    login(page, a.director.username)
    roster = reverse("dashboard-roster", kwargs={"studio_id": a.studio.public_id})
    page.goto(f"{roster}?limit=5")
    page.wait_for_selector("#roster-table[data-enhanced='1']")
    expect(page.locator("#roster-count")).to_have_text(
        "Showing 1–5 of 12 dancers. Sorting and filters cover every page."
    )
    expect(page.locator("#roster-table tbody tr")).to_have_count(5)
    screenshot(page, f"roster-paged-{width}")
    first = _names(page)

    page.get_by_role("link", name="Next 5 →").click()
    page.wait_for_url("**offset=5**")
    expect(page.locator("#roster-count")).to_contain_text("Showing 6–10 of 12")
    assert set(_names(page)).isdisjoint(first)

    # A heading on a paged roster reloads: the server sorts all 12, the page shows the first 5.
    header = page.locator("th[data-sort-key='name']")
    header.get_by_role("link").click()
    page.wait_for_url("**dir=desc**")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#roster-count")).to_contain_text("Showing 1–5 of 12")
    everyone = sorted((f"{d.last_name} {d.first_name}".lower(), f"{d.first_name} {d.last_name}")
                      for d in a.class_group.dancers.all() | a.other_class.dancers.all())  # fmt: skip
    assert _names(page) == [name for _, name in reversed(everyone)][:5]
    screenshot(page, f"roster-paged-sorted-{width}")

    # A filter on a paged roster submits the form (no client-side narrowing of one page).
    page.select_option("#f-class", label="Ballet IV")
    page.wait_for_url("**class=**")
    expect(page.locator("#roster-table tbody tr")).to_have_count(1)
    assert _names(page) == [f"{a.other_dancer.first_name} {a.other_dancer.last_name}"]
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_video_element_seeks_in_a_clip_with_one_audit_row(live_world: World, new_page) -> None:  # noqa: ANN001
    if not CLIP.exists():
        pytest.skip(f"{CLIP} not present (the shared real clips)")
    a = live_world.a
    screening = Screening.objects.create(
        studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today()
    )
    clip = Clip.objects.create(
        studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4"
    )
    with CLIP.open("rb") as fh:
        clip.file.save("plie.mp4", File(fh), save=True)
    url = reverse("clip-file", kwargs={"studio_id": a.studio.public_id, "pk": clip.public_id})
    page = new_page(width=390, height=844)
    statuses: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda r: statuses.append((r.status, r.headers.get("content-range", ""))) if url in r.url else None,
    )
    login(page, a.guardian.username)
    state = page.evaluate(
        """async (src) => {
            const v = document.createElement("video");
            v.muted = true; v.preload = "auto"; v.src = src;
            document.body.prepend(v);
            const once = (name) => new Promise((ok, fail) => {
                v.addEventListener(name, ok, {once: true});
                v.addEventListener("error", () => fail(new Error("media error " + (v.error && v.error.code))), {once: true});
            });
            await once("loadedmetadata");
            const duration = v.duration;
            v.currentTime = duration * 0.8;
            await once("seeked");
            return {duration, at: v.currentTime, ready: v.readyState};
        }""",
        url,
    )
    assert state["duration"] > 1 and state["at"] > state["duration"] * 0.7
    ranged = [s for s in statuses if s[0] == 206]
    assert ranged and all(
        cr.startswith("bytes ") and cr.endswith(f"/{CLIP.stat().st_size}") for _, cr in ranged
    )
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_CLIP, actor=a.guardian).count() == 1
    screenshot(page, "clip-seeked-390")
