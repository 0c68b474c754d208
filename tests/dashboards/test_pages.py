"""Dashboard pages and API: who sees what, sorting/filtering without JS, plain words, audit, charts."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse

from dashboards.seeding import add_screening, plie_json, stance_json
from privacy.models import AuditAction, AuditEvent
from screenings.models import AnalysisState
from tests.conftest import client_for
from tests.world import ROLES, World


def _page(name: str, w: World, **kw: object) -> str:
    return reverse(name, kwargs={"studio_id": w.a.studio.public_id, **kw})


PAGE_EXPECT = {
    # page → persona → status (anonymous is redirected to the login form)
    "roster": {"director": 200, "teacher": 403, "other_teacher": 403, "dancer": 403, "other_dancer": 403,
               "guardian": 403, "other_guardian": 403, "outsider": 404, "anonymous": 302},
    "class": {"director": 200, "teacher": 200, "other_teacher": 404, "dancer": 403, "other_dancer": 403,
              "guardian": 403, "other_guardian": 403, "outsider": 404, "anonymous": 302},
    "dancer": {"director": 200, "teacher": 200, "other_teacher": 404, "dancer": 200, "other_dancer": 404,
               "guardian": 200, "other_guardian": 404, "outsider": 404, "anonymous": 302},
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGE_EXPECT))
def test_page_access_per_persona(world: World, page: str) -> None:
    url = {
        "roster": _page("dashboard-roster", world),
        "class": _page("dashboard-class", world, pk=world.a.class_group.public_id),
        "dancer": _page("dashboard-dancer", world, pk=world.a.dancer.public_id),
    }[page]
    got = {role: client_for(world, role).get(url).status_code for role in ROLES}
    assert got == PAGE_EXPECT[page]


def test_malformed_and_foreign_ids_are_404(world: World) -> None:
    director = client_for(world, "director")
    assert director.get(_page("dashboard-dancer", world, pk="not-a-uuid")).status_code == 404
    assert director.get(_page("dashboard-dancer", world, pk=world.b.dancer.public_id)).status_code == 404
    assert director.get(_page("dashboard-class", world, pk=world.b.class_group.public_id)).status_code == 404


def _screen(w: World) -> None:
    a = w.a
    today = a.studio.today()
    # Ada: knee moved from inside the big toe to over the toes (a real change: > 1.96·√2·2.5 ≈ 6.9).
    add_screening(
        studio=a.studio,
        season=a.season,
        dancer=a.dancer,
        on=today - timedelta(days=60),
        plie=plie_json(-7.5, -6.0),
        stance=stance_json(6.0, 1.0),
    )
    add_screening(studio=a.studio, season=a.season, dancer=a.dancer, on=today - timedelta(days=3),
                  plie=plie_json(1.0, -2.0), stance=stance_json(5.5, 0.5, lean=7.0))  # fmt: skip


def test_roster_shows_bands_trend_and_counts(world: World) -> None:
    _screen(world)
    data = client_for(world, "director").get(_page("dashboard-roster-api", world)).json()
    assert data["counts"]["dancers"] == 2
    ada = next(r for r in data["rows"] if r["first_name"] == "Ada")
    assert ada["knee_left"]["band"] == "aligned"
    assert ada["knee_left"]["measure"] == {"value": 1.0, "sem": 2.5}
    assert ada["knee_left"]["trend"] == "improved"  # +8.5 > SDC 6.93
    assert ada["knee_right"]["trend"] == "no real change"  # +4.0 < SDC
    assert ada["drop_left"]["band"] == "concern" and ada["drop_left"]["trend"] == "no real change"
    assert ada["compensating"] is True
    bea = next(r for r in data["rows"] if r["first_name"] == "Bea")
    assert bea["knee_left"]["band"] is None and bea["last_screened"] is None
    assert data["counts"]["not_screened"] == 1 and data["counts"]["concern"] == 1

    page = client_for(world, "director").get(_page("dashboard-roster", world)).content.decode()
    assert "+1.0 ± 2.5" in page and "↑" in page and "improved since the previous screening" in page
    assert '<th scope="col" aria-sort="ascending" data-sort-key="name">' in page


def test_roster_sorts_and_filters_without_js(world: World) -> None:
    _screen(world)
    client = client_for(world, "director")
    url = _page("dashboard-roster", world)
    body = client.get(url + "?sort=knee_right&dir=desc").content.decode()
    # Ada has a watch band on the right knee, Bea none: worst first when descending.
    assert body.index("Ada ") < body.index("Bea ")
    body = client.get(url + "?sort=knee_right&dir=asc").content.decode()
    assert body.index("Bea ") < body.index("Ada ")
    assert 'aria-sort="ascending" data-sort-key="knee_right"' in body
    body = client.get(url + f"?class={world.a.other_class.public_id}").content.decode()
    assert "Bea " in body and ">Ada " not in body
    data = client.get(_page("dashboard-roster-api", world) + "?show=valgus_low_compliance").json()
    # Ada: right knee in the watch band and no compliance yet → in; Bea: not measured → out.
    assert [r["first_name"] for r in data["rows"]] == ["Ada"]
    assert data["counts"]["dancers"] == 2  # the headline counts do not move with a filter
    # Unknown parameters fall back to defaults instead of failing.
    assert client.get(url + "?sort=evil&dir=sideways&class=nope&show=x").status_code == 200


def test_foreign_class_filter_shows_nothing_from_the_other_studio(world: World) -> None:
    data = (
        client_for(world, "director")
        .get(_page("dashboard-roster-api", world) + f"?class={world.b.class_group.public_id}")
        .json()
    )
    assert data["rows"] == []
    # The filter's options are studio A's classes only, though both studios have a "Ballet III".
    assert {c["id"] for c in data["classes"]} == {
        str(world.a.class_group.public_id),
        str(world.a.other_class.public_id),
    }


def test_class_view_checklist_and_valgus_filter(world: World) -> None:
    a = world.a
    extra = a.class_group.dancers.create(studio=a.studio, first_name="Cleo", last_name="Zed", birth_year=2013)
    today = a.studio.today()
    add_screening(
        studio=a.studio,
        season=a.season,
        dancer=a.dancer,
        on=today,
        plie=plie_json(-3, -1),
        stance=stance_json(1, 1),
    )
    add_screening(studio=a.studio, season=a.season, dancer=extra, on=today, plie=plie_json(2, 2),
                  state=AnalysisState.FAILED)  # fmt: skip
    data = (
        client_for(world, "teacher")
        .get(_page("dashboard-class-api", world, pk=a.class_group.public_id))
        .json()
    )
    checklist = {c["name"]: (c["plie"], c["stance"], c["done"]) for c in data["checklist"]}
    assert checklist == {"Ada " + a.dancer.last_name: ("measured", "measured", True),
                         "Cleo Zed": ("film again", "missing", False)}  # fmt: skip
    assert data["round_started"] == str(today - timedelta(days=14))
    page = client_for(world, "teacher").get(_page("dashboard-class", world, pk=a.class_group.public_id))
    body = page.content.decode()
    assert "1 of 2 dancers still need clips" in body
    assert "show=valgus_low_compliance" in body
    assert f"?dancer={extra.public_id}" in body  # film link to the upload page for Cleo


def test_dancer_page_plain_words_charts_and_audit(world: World) -> None:
    _screen(world)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW_DANCER_PAGE).count()
    response = client_for(world, "guardian").get(
        _page("dashboard-dancer", world, pk=world.a.dancer.public_id)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "read only" in body
    # A parent reads about the dancer in the third person; only the dancer is "you".
    assert "In plié Ada's left knee stayed over the toes (+1.0 ± 2.5 % of leg length)" in html.unescape(body)
    assert "your left knee" not in body and "your pelvis" not in body
    assert "better than last time" in body
    assert "dance medicine specialist" in body
    for word in ("diagnos", "syndrome", "injury risk"):
        assert word not in body.replace("not a diagnosis", "").replace("never a diagnosis", "")
    # Four SVG charts; Ada's left-knee chart has two points, each with an error bar and shaded bands.
    assert body.count("<svg") == 4
    assert body.count('class="errbar"') == 2 * 4  # 2 screenings × (2 knees + 2 stance sides)
    assert 'class="zone zone-aligned"' in body and 'class="zone zone-concern"' in body
    assert "style=" not in body  # CSP: no inline styles
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_DANCER_PAGE).latest("created_at")
    assert event.dancer == world.a.dancer and event.actor == world.a.guardian
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_DANCER_PAGE).count() == before + 1
    own = client_for(world, "dancer").get(_page("dashboard-dancer", world, pk=world.a.dancer.public_id))
    assert "In plié your left knee stayed over the toes (+1.0 ± 2.5 % of leg length)" in own.content.decode()


def test_dancer_api_series_match_the_page(world: World) -> None:
    _screen(world)
    data = (
        client_for(world, "dancer")
        .get(_page("dashboard-dancer-api", world, pk=world.a.dancer.public_id))
        .json()
    )
    series = {s["key"]: s for s in data["series"]}
    assert [p["value"] for p in series["knee_toe_left"]["points"]] == [-7.5, 1.0]
    assert [p["sem"] for p in series["knee_toe_left"]["points"]] == [2.5, 2.5]
    assert series["pelvic_drop_left"]["zones"][0] == {"band": "level", "label": "level (< 2°)", "low": None,
                                                      "high": 2.0}  # fmt: skip
    assert data["read_only"] is False  # the dancer logs her own exercises
    assert any("knee" in f["text"] for f in data["findings"])


def test_foreign_dancer_id_is_404_and_writes_no_audit_row(world: World) -> None:
    """Paired: the own dancer's page writes exactly one audit row; a foreign id writes none."""
    client = client_for(world, "director")
    count = AuditEvent.objects.count
    n = count()
    assert client.get(_page("dashboard-dancer-api", world, pk=world.b.dancer.public_id)).status_code == 404
    assert client.get(_page("dashboard-dancer", world, pk=world.b.dancer.public_id)).status_code == 404
    assert count() == n
    assert client.get(_page("dashboard-dancer-api", world, pk=world.a.dancer.public_id)).status_code == 200
    assert count() == n + 1


def test_home_links_each_role_to_its_page(world: World) -> None:
    sid = world.a.studio.public_id
    expected = {
        "director": reverse("dashboard-roster", kwargs={"studio_id": sid}),
        "teacher": _page("dashboard-class", world, pk=world.a.class_group.public_id),
        "dancer": _page("dashboard-dancer", world, pk=world.a.dancer.public_id),
        "guardian": _page("dashboard-dancer", world, pk=world.a.dancer.public_id),
    }
    for role, url in expected.items():
        assert url in client_for(world, role).get("/").content.decode(), role
    assert _page("dashboard-dancer", world, pk=world.a.dancer.public_id) not in (
        client_for(world, "other_guardian").get("/").content.decode()
    )


def test_dashboard_endpoints_are_in_the_openapi_schema(world: World) -> None:
    schema = client_for(world, "director").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for suffix in ("dashboard/roster/", "dashboard/classes/{id}/", "dashboard/dancers/{id}/"):
        path = f"/api/studios/{{studio_id}}/{suffix}"
        assert path in paths, path
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].startswith("#/components/schemas/")
    roster_params = {
        p["name"] for p in paths["/api/studios/{studio_id}/dashboard/roster/"]["get"]["parameters"]
    }
    assert {"sort", "dir", "show", "age", "class"} <= roster_params
    assert "DancerRow" in schema["components"]["schemas"]


def test_fast_row_dicts_equal_the_documented_serializer(world: World) -> None:
    """The roster API's fast path returns exactly what the OpenAPI-documented serializer would."""
    import json

    from dashboards.query import RosterQuery
    from dashboards.selectors import roster_get
    from dashboards.serializers import RosterSerializer, roster_to_dict
    from studios.policies import actor_for

    _screen(world)
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    roster = roster_get(actor=actor, query=RosterQuery(), season=world.a.season)
    fast = json.loads(json.dumps(roster_to_dict(roster), default=str))
    slow = json.loads(json.dumps(RosterSerializer(roster).data, default=str))
    assert fast == slow and len(fast["rows"]) == 2
