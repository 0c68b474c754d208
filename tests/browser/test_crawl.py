"""The crawl: every persona logs in through the form and walks every page it can reach in real
Chromium at 390 × 844 and 1366 × 900 — same-origin links breadth-first from its home plus the pages
the pages matrix says it may open — and every page must have no sideways overflow, no console
error, no broken image and no axe-core violation. Screenshots land in test-artifacts/crawl/."""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from dashboards.seeding import seed_class
from studios.models import Role
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import DancerFactory, MembershipFactory, UserFactory
from tests.security.test_pages_matrix import OK, PAGE_CASES, setup_pages
from tests.world import ROLES, World

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = ((390, 844), (1366, 900))
# Pages per persona; the walk visits one URL per route. The "other" personas and studio B's director
# see the same templates as their counterparts with other rows, so a shorter walk covers them.
MAX_PAGES = 40
MIRROR_PERSONAS = {"other_teacher": 8, "other_dancer": 6, "other_guardian": 6, "outsider": 8}
# The account pages (allauth) are the same for everyone: walked logged out and as the director.
ACCOUNT_WALKERS = {"anonymous", "director"}
# Not pages: files, feeds, JSON, the admin, and anything that acts on a GET.
NOT_PAGES = {
    "logout",
    "account_logout",
    "schema",
    "api-token",
    "report-dancer-pdf",
    "report-season-download",
    "integrations-calendar-feed",
    "calendars-feed",
    # Framed only: a top-level visit is refused by design (403); tests/integrations/test_embed_browser.py
    # renders it inside a portal's iframe.
    "embed-card",
    "mirror-service-worker",  # a script (the offline mirror's service worker), not a page
}
FILE_PATH = re.compile(r"(/media/|/keyframe|/download|/export|\.pdf$|\.ics$|\.csv$|\.zip$|\.json$)")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass
class Persona:
    name: str
    username: str | None
    known: list[str] = field(default_factory=list)


def _adult_dancer(world: World) -> str:
    a = world.a
    user = UserFactory(username="a_adult_dancer")
    MembershipFactory(studio=a.studio, user=user, role=Role.DANCER)
    adult = DancerFactory(studio=a.studio, user=user, first_name="Cleo", last_name="Carr", birth_year=1994)
    a.class_group.dancers.add(adult)
    return user.username


def _known_pages(world: World, role: str) -> list[str]:
    """The GET rows of the pages matrix that answer 200 for this persona."""
    urls = []
    for case in PAGE_CASES:
        if case.method != "get" or case.expect.get(role) != OK or case.route in NOT_PAGES:
            continue
        url = reverse(case.route, kwargs=case.kwargs(world))
        query = case.query(world) if case.query else None
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        urls.append(url)
    return urls


def _shape(url: str) -> str | None:
    """One visit per route (the first URL found for it); None for what is not a page to crawl."""
    parts = urlsplit(url)
    if FILE_PATH.search(parts.path) or parts.path.startswith(("/admin/", "/static/")):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return f"404:{parts.path}"
    if match.url_name in NOT_PAGES or (parts.path.startswith("/api/") and match.url_name != "api-docs"):
        return None
    return match.url_name


_PROBE = """() => {
  const width = window.innerWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
  return {
    scroll: document.documentElement.scrollWidth,
    wide,
    broken: [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src),
    links: [...document.querySelectorAll('a[href]')]
      .filter(a => !a.hasAttribute('download') && a.origin === location.origin).map(a => a.href),
  };
}"""

# Swagger UI's own rendering of the operations (#swagger-ui, drf-spectacular-sidecar) is upstream markup
# that appears only once its script has run (so the result depended on timing); the page around it —
# language, title, landmark, heading — is ours and stays checked.
_AXE_RUN = """(tags) => axe.run({exclude: [['#swagger-ui']]}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 2)
    .map(n => n.target.join(' ')).join(' | ')))"""


def _check(page, url: str, width: int, shot: str, problems: list[str]) -> list[str]:  # noqa: ANN001
    page.errors.clear()
    response = page.goto(url)
    status = response.status if response else 0
    where = f"{url} @{width}"
    if status >= 400:
        problems.append(f"{where}: HTTP {status}")
    probe = page.evaluate(_PROBE)
    if probe["scroll"] > width:
        problems.append(f"{where}: body {probe['scroll']}px wide ({', '.join(probe['wide'])})")
    if probe["broken"]:
        problems.append(f"{where}: broken images {probe['broken']}")
    if page.locator("#swagger-ui").count():
        page.wait_for_selector("#swagger-ui .opblock", timeout=30_000)  # its landmarks exist once rendered
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())  # evaluated over CDP, so the page's CSP stays in force
    problems.extend(f"{where}: axe {v}" for v in page.evaluate(_AXE_RUN, AXE_TAGS))
    if page.errors:
        problems.append(f"{where}: console {page.errors}")
    page.screenshot(path=str(ARTIFACTS / "crawl" / f"{shot}-{width}.png"), full_page=True)
    return probe["links"]


def _crawl(page, persona: Persona, problems: list[str]) -> list[str]:  # noqa: ANN001
    """Breadth-first from home, then the known pages; both viewports on every page found."""
    seen: set[str] = set()
    queue = deque(["/", *persona.known])
    visited = []
    while queue and len(visited) < MIRROR_PERSONAS.get(persona.name, MAX_PAGES):
        url = urldefrag(queue.popleft()).url
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        shape = _shape(path)
        if shape is None or shape in seen:
            continue
        if shape.startswith("account_") and persona.name not in ACCOUNT_WALKERS:
            continue
        seen.add(shape)
        visited.append(path)
        shot = f"{persona.name}-{len(visited):02d}-{shape}"
        links: list[str] = []
        before = len(problems)
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            links = _check(page, path, width, shot, problems)
        queue.extend(links)
        print(f"crawl {persona.name} {path}: {len(problems) - before} problems", flush=True)
    return visited


def test_every_persona_every_page_both_widths(live_world: World, new_page) -> None:  # noqa: ANN001
    a = live_world.a
    setup_pages(live_world)
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=3, screenings=2, weeks=4,
               today=a.studio.today())  # fmt: skip
    (ARTIFACTS / "crawl").mkdir(parents=True, exist_ok=True)
    personas = [Persona(role, getattr(live_world.user(role), "username", None)) for role in ROLES]
    for persona in personas:
        persona.known = _known_pages(live_world, persona.name)
    personas.append(Persona("adult_dancer", _adult_dancer(live_world)))

    problems: list[str] = []
    walked = {}
    started = time.monotonic()
    for persona in personas:
        page = new_page(width=1366, height=900)
        if persona.username:
            login(page, persona.username)
        walked[persona.name] = _crawl(page, persona, problems)
    print(f"crawl: {sum(map(len, walked.values()))} pages x 2 widths in {time.monotonic() - started:.0f} s",
          {name: len(urls) for name, urls in walked.items()})  # fmt: skip
    (ARTIFACTS / "crawl" / "problems.txt").write_text("\n".join(problems) + "\n")
    assert all(len(urls) >= 2 for urls in walked.values()), walked
    assert not problems, "\n".join(problems)
