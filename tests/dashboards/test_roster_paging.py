"""The roster in pages: sorting, filtering and counts over every dancer in scope, one slice shown, the
same LimitOffset parameters in the API and on the page, and assembled pages cached per scope only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dashboards.paging import roster_slice_get
from dashboards.query import RosterQuery
from dashboards.seeding import seed_class
from studios.models import DancerProfile
from tests.conftest import client_for
from tests.world import World


@pytest.fixture
def seeded(world: World) -> World:
    """Studio A's first class grows to 12 dancers with screenings and logs (the other class keeps Bea)."""
    a = world.a
    seed_class(studio=a.studio, season=a.season, group=a.class_group, n_dancers=11, screenings=2, weeks=4,
               today=a.studio.today(), seed=3)  # fmt: skip
    cache.clear()
    return world


def _api(w: World) -> str:
    return reverse("dashboard-roster-api", kwargs={"studio_id": w.a.studio.public_id})


def _names(body: dict) -> list[str]:
    return [f"{r['first_name']} {r['last_name']}" for r in body["rows"]]


def _follow(client: Client, url: str | None) -> dict:
    assert url is not None
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}").json()


def test_api_pages_are_slices_of_the_whole_sorted_set(seeded: World) -> None:
    client = client_for(seeded, "director")
    whole = client.get(_api(seeded) + "?sort=compliance&dir=desc&limit=500").json()
    assert whole["count"] == 13 and len(whole["rows"]) == 13 and whole["next"] is None
    pages, body = [], client.get(_api(seeded) + "?sort=compliance&dir=desc&limit=5").json()
    while True:
        pages.append(body)
        if body["next"] is None:
            break
        body = _follow(client, body["next"])
    assert [len(p["rows"]) for p in pages] == [5, 5, 3]
    assert [name for p in pages for name in _names(p)] == _names(whole)  # sorted over all, not per page
    assert {p["count"] for p in pages} == {13} and {p["counts"]["dancers"] for p in pages} == {13}
    assert pages[0]["previous"] is None
    second = parse_qs(urlsplit(pages[1]["previous"] or "").query)
    assert "offset" not in second and second["limit"] == ["5"] and second["sort"] == ["compliance"]
    assert parse_qs(urlsplit(pages[1]["next"]).query)["offset"] == ["10"]


def test_api_default_page_is_the_project_page_size_and_filters_count_over_all_pages(seeded: World) -> None:
    client = client_for(seeded, "director")
    body = client.get(_api(seeded)).json()
    assert body["count"] == 13 and len(body["rows"]) == 13  # PAGE_SIZE 50 > 13
    group = seeded.a.other_class.public_id
    narrowed = client.get(_api(seeded) + f"?class={group}&limit=1").json()
    assert narrowed["count"] == 1 and [r["first_name"] for r in narrowed["rows"]] == ["Bea"]
    assert narrowed["counts"]["dancers"] == 13  # the headline is the whole season's
    for bad in ("limit=0", "limit=-3", "limit=abc", "offset=-1", "offset=x", "limit=99999"):
        response = client.get(_api(seeded) + "?" + bad)
        assert response.status_code == 200, bad
        assert len(response.json()["rows"]) == 13, bad  # defaults (or the 500 cap), never an error
    past = client.get(_api(seeded) + "?offset=40").json()
    assert past["rows"] == [] and past["count"] == 13 and past["next"] is None


def test_page_shows_one_page_with_links_that_keep_sort_and_filters(seeded: World) -> None:
    client = client_for(seeded, "director")
    url = reverse("dashboard-roster", kwargs={"studio_id": seeded.a.studio.public_id})
    body = client.get(url + "?sort=name&dir=desc&limit=5").content.decode()
    assert "Showing 1–5 of 13 dancers. Sorting and filters cover every page." in body
    assert 'data-paged="1"' in body and "Page 1 of 3" in body
    assert body.count('<th scope="row">') == 5
    assert 'rel="next" href="?sort=name&amp;dir=desc&amp;show=all&amp;offset=5&amp;limit=5"' in body
    assert 'rel="prev"' not in body
    last = client.get(url + "?sort=name&dir=desc&limit=5&offset=10").content.decode()
    assert "Showing 11–13 of 13 dancers." in last and last.count('<th scope="row">') == 3
    assert 'rel="next"' not in last and "offset=5&amp;limit=5" in last
    # Headings restart at the first page of the new order, keeping the chosen page size; so do filters.
    assert 'href="?sort=knee_left&amp;dir=asc&amp;show=all&amp;limit=5"' in last
    assert '<input type="hidden" name="limit" value="5">' in last
    past = client.get(url + "?limit=5&offset=50").content.decode()
    assert "No dancers on this page, of 13 dancers." in past and "offset=10&amp;limit=5" in past
    # A short roster is one page: no pager, and the browser may sort it in place.
    whole = client.get(url).content.decode()
    assert "data-paged" not in whole and 'class="pager"' not in whole and "Showing 13 of 13 dancers." in whole
    assert 'href="?sort=knee_left&amp;dir=asc&amp;show=all"' in whole and 'name="limit"' not in whole


def test_filtered_page_counts_matching_and_season(seeded: World) -> None:
    client = client_for(seeded, "director")
    url = reverse("dashboard-roster", kwargs={"studio_id": seeded.a.studio.public_id})
    group = seeded.a.class_group.public_id
    body = client.get(url + f"?class={group}&limit=4").content.decode()
    assert "Showing 1–4 of 12 matching dancers (13 this season)." in body


def test_a_cached_page_is_never_served_to_another_scope(seeded: World) -> None:
    """Two scopes, same studio, season, day and query: each gets its own dancers (the key holds the ids)."""
    a = seeded.a
    everyone = DancerProfile.objects.filter(studio=a.studio)
    query = RosterQuery()
    whole = roster_slice_get(studio=a.studio, dancers=everyone, season=a.season, query=query, limit=50)
    one_class = roster_slice_get(
        studio=a.studio, dancers=a.other_class.dancers.all(), season=a.season, query=query, limit=50
    )
    assert whole.total == 13 and whole.counts.dancers == 13
    assert {r.dancer_pk for r in one_class.rows} == set(a.other_class.dancers.values_list("pk", flat=True))
    assert one_class.total == one_class.counts.dancers < 13
