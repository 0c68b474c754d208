"""Embedded cards over HTTP: origins validated, launch links minted by keys (read scope too), the
card's headers (frame-ancestors per studio, no X-Frame-Options), expiry, single use and the card session,
revocation, consent, the director's field choices and the audit row. The browser half is test_embed_browser.py."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.embed import embed_settings_update, origin_normalise
from integrations.embed_models import EmbedLinkUse
from integrations.services import api_key_create, api_key_revoke
from integrations.tasks import embed_link_uses_purge
from privacy.models import AuditAction, AuditEvent
from studiohealth.core.exceptions import ApplicationError
from studios.people import dancer_archive
from studios.policies import Actor, actor_for
from studios.services import consent_grant
from tests.reports.seed import add_analysis, fixture_result
from tests.world import World

PORTAL = "https://portal.studio-a.example"


def _director(world: World) -> Actor:
    actor = actor_for(user=world.a.director, studio=world.a.studio)
    assert actor is not None
    return actor


def _enable(world: World, **fields: Any) -> None:
    values = {"show_name": True, "show_results": True, "show_compliance": True} | fields
    embed_settings_update(studio=world.a.studio, actor=_director(world), origins=[PORTAL], **values)


def _key(world: World, scope: str = "read") -> tuple[APIClient, Any]:
    row, plain = api_key_create(studio=world.a.studio, actor=_director(world), name="Portal", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    return client, row


def _mint(client: APIClient, world: World, **body: Any) -> Any:
    return client.post(f"/api/studios/{world.a.studio.public_id}/embed-links/", body, format="json")


def _path(url: str) -> str:
    return url.split("testserver", 1)[1]


def _open(url: str, dest: str = "iframe") -> Any:
    return Client().get(_path(url), HTTP_SEC_FETCH_DEST=dest)


def _with_results(world: World) -> None:
    guardian = actor_for(user=world.a.guardian, studio=world.a.studio)
    assert guardian is not None
    consent_grant(studio=world.a.studio, actor=guardian, dancer=world.a.dancer, season=world.a.season)
    add_analysis(
        studio=world.a.studio, dancer=world.a.dancer, season=world.a.season, on=world.a.studio.today(),
        test="plie", result=fixture_result("plie"), keyframe=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://Portal.Example.com/", "https://portal.example.com"),
        ("https://portal.example.com:443", "https://portal.example.com"),
        ("https://portal.example.com:8443", "https://portal.example.com:8443"),
    ],
)
def test_origins_are_normalised(raw: str, expected: str) -> None:
    assert origin_normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "portal.example.com",
        "https://portal.example.com/members",
        "https://*.example.com",
        "https://portal.example.com; script-src *",  # would inject a CSP directive
        "'self'",
        "ftp://portal.example.com",
        "https://user:pw@portal.example.com",
    ],
)
def test_bad_origins_are_refused_by_name(raw: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        origin_normalise(raw)
    assert "is not an origin" in caught.value.message


@override_settings(EMBED_ALLOW_HTTP_ORIGINS=False)
def test_http_portals_are_refused_outside_tests() -> None:
    with pytest.raises(ApplicationError, match="must use https"):
        origin_normalise("http://portal.example.com")


def test_a_read_key_mints_a_link_and_the_card_frames_only_in_the_portal(world: World) -> None:
    _enable(world)
    _with_results(world)
    client, _ = _key(world, "read")
    response = _mint(client, world, dancer=str(world.a.dancer.public_id))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "dancer" and body["expires_in"] == 300
    card = _open(body["url"])
    assert card.status_code == 200
    csp = card["Content-Security-Policy"]
    assert (
        f"frame-ancestors {PORTAL}" in csp and "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    )
    assert "X-Frame-Options" not in card  # DENY would contradict the per-studio frame-ancestors
    assert card["Cache-Control"] == "no-store, private"
    html = card.content.decode()
    assert "Ada AshbyA" in html and "knee" in html and "±" in html
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_EMBED_CARD, dancer=world.a.dancer).count() == 1
    # Every other page keeps the site-wide policy.
    other = Client().get("/login/")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"] and other["X-Frame-Options"] == "DENY"


def test_class_summary_has_counts_and_no_names(world: World) -> None:
    _enable(world)
    client, _ = _key(world, "write")
    response = _mint(client, world, **{"class": str(world.a.class_group.public_id)})
    assert response.status_code == 201
    html = _open(response.json()["url"]).content.decode()
    assert "Ballet III" in html and "Dancers" in html and "Ada" not in html


def test_link_expires_and_is_refused_inside_the_portal(world: World) -> None:
    _enable(world)
    client, _ = _key(world)
    old = time.time() - 301
    with mock.patch("django.core.signing.time.time", return_value=old):
        url = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    card = _open(url)
    assert card.status_code == 403
    assert "has expired" in card.content.decode() and "Ada" not in card.content.decode()
    assert f"frame-ancestors {PORTAL}" in card["Content-Security-Policy"]  # the message shows in the portal


def test_tampered_revoked_top_level_and_archived_links_are_refused(world: World) -> None:
    _enable(world)
    client, key = _key(world)
    url = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    tampered = _open(url.replace("/embed/", "/embed/x"))
    assert tampered.status_code == 403 and "frame-ancestors 'none'" in tampered["Content-Security-Policy"]
    top = _open(url, dest="document")
    assert top.status_code == 403 and "only inside your studio" in top.content.decode()
    assert _open(url).status_code == 200
    dancer_archive(studio=world.a.studio, actor=_director(world), dancer=world.a.dancer)
    assert _open(url).status_code == 403
    other_url = _mint(client, world, dancer=str(world.a.other_dancer.public_id)).json()["url"]
    api_key_revoke(studio=world.a.studio, actor=_director(world), key=key)
    assert "not valid" in _open(other_url).content.decode()


def test_minting_refuses_other_studios_archived_objects_and_embedding_off(world: World) -> None:
    client, _ = _key(world)
    off = _mint(client, world, dancer=str(world.a.dancer.public_id))
    assert off.status_code == 400 and "Embedding is off" in off.json()["message"]
    _enable(world)
    assert _mint(client, world, dancer=str(world.b.dancer.public_id)).status_code == 404
    assert _mint(client, world, **{"class": str(world.b.class_group.public_id)}).status_code == 404
    both = _mint(
        client, world, dancer=str(world.a.dancer.public_id), **{"class": str(world.a.class_group.public_id)}
    )
    assert both.status_code == 400 and "exactly one" in both.json()["message"]
    dancer_archive(studio=world.a.studio, actor=_director(world), dancer=world.a.dancer)
    assert _mint(client, world, dancer=str(world.a.dancer.public_id)).status_code == 400


def test_card_respects_consent_and_the_directors_choices(world: World) -> None:
    _enable(world, show_name=False, show_compliance=False)
    add_analysis(
        studio=world.a.studio, dancer=world.a.dancer, season=world.a.season, on=world.a.studio.today(),
        test="plie", result=fixture_result("plie"), keyframe=None,
    )  # fmt: skip
    client, _ = _key(world)
    html = _open(_mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]).content.decode()
    assert "No filming consent" in html  # a minor without consent: no results, and it says so
    assert "knee" not in html and "Ada" not in html and "Exercise program" not in html
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_EMBED_CARD).exists()


def test_settings_page_keeps_input_and_names_the_bad_origin(world: World) -> None:
    page = Client()
    page.force_login(world.a.director)
    url = f"/s/{world.a.studio.public_id}/integrations/embed/"
    bad = page.post(url, {"origins": f"{PORTAL}\nportal.example.com/x", "show_name": "on"})
    assert bad.status_code == 400
    assert "“portal.example.com/x” is not an origin" in bad.content.decode()
    assert "portal.example.com/x</textarea>" in bad.content.decode()  # nothing typed is lost
    good = page.post(url, {"origins": f"{PORTAL}\n\n{PORTAL}/", "show_results": "on"})
    assert good.status_code == 302
    saved = world.a.studio.embed_settings
    assert saved.origins == [PORTAL] and not saved.show_name and saved.show_results


def _session_path(html: str) -> str:
    return html.split('data-session-url="', 1)[1].split('"', 1)[0]


def test_a_launch_link_opens_once_and_its_session_keeps_the_card(world: World) -> None:
    _enable(world)
    _with_results(world)
    client, _ = _key(world)
    url = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    first = _open(url)
    assert first.status_code == 200 and "Ada AshbyA" in first.content.decode()
    session = _session_path(first.content.decode())
    assert session.startswith("/embed/") and session != _path(url)

    again = _open(url)  # the same link a second time: the expired page, no data
    assert again.status_code == 403
    assert "has expired" in again.content.decode() and "Ada" not in again.content.decode()
    assert f"frame-ancestors {PORTAL}" in again["Content-Security-Policy"]
    assert EmbedLinkUse.objects.count() == 1

    for _ in range(2):  # a frame reload opens the session: the card, same headers, audited each time
        reload = Client().get(session, HTTP_SEC_FETCH_DEST="iframe")
        assert reload.status_code == 200 and "Ada AshbyA" in reload.content.decode()
        assert f"frame-ancestors {PORTAL}" in reload["Content-Security-Policy"]
        assert "X-Frame-Options" not in reload and reload["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_EMBED_CARD, dancer=world.a.dancer).count() == 3
    top = Client().get(session, HTTP_SEC_FETCH_DEST="document")
    assert top.status_code == 403 and "Ada" not in top.content.decode()
    # Each mint is its own link, even for the same card in the same second.
    url2 = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    url3 = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    assert url2 != url3 and _open(url2).status_code == 200 and _open(url3).status_code == 200


def test_the_card_session_expires_and_is_rechecked(world: World) -> None:
    _enable(world)
    client, key = _key(world)
    url = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    old = time.time() - settings.EMBED_SESSION_MAX_AGE_SECONDS - 1
    with mock.patch("django.core.signing.time.time", return_value=old):
        session = _session_path(_open(url).content.decode())
    expired = Client().get(session, HTTP_SEC_FETCH_DEST="iframe")
    assert expired.status_code == 403 and "has expired" in expired.content.decode()
    assert "Ada" not in expired.content.decode()

    url = _mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]
    session = _session_path(_open(url).content.decode())
    assert Client().get(session, HTTP_SEC_FETCH_DEST="iframe").status_code == 200
    api_key_revoke(studio=world.a.studio, actor=_director(world), key=key)  # takes the session down too
    revoked = Client().get(session, HTTP_SEC_FETCH_DEST="iframe")
    assert revoked.status_code == 403 and "not valid" in revoked.content.decode()


def test_used_links_are_purged_after_they_expire(world: World) -> None:
    _enable(world)
    client, _ = _key(world)
    for _ in range(2):
        assert (
            _open(_mint(client, world, dancer=str(world.a.dancer.public_id)).json()["url"]).status_code == 200
        )
    EmbedLinkUse.objects.filter(pk=EmbedLinkUse.objects.order_by("pk").first().pk).update(  # type: ignore[union-attr]
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert embed_link_uses_purge.delay().get() == 1  # the beat task (eager in tests)
    assert EmbedLinkUse.objects.count() == 1
