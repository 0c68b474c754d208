"""The mirror page and the upload page's coach, server side: what they render, which headers they
carry (camera and WASM only there), and the vendored model files served by WhiteNoise."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.mirror.factories import technique_assignment
from tests.world import World
from workers.quality import REASONS

VENDOR = (
    Path(__file__).resolve().parents[2] / "frontend_templates/static/vendor/mediapipe-pose/0.5.1675469404"
)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _reasons(html: str) -> dict[str, str]:
    match = re.search(r'<script id="gate-reasons" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no reason table on the page"
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_mirror_page_renders_the_gate_table_and_offers_practice_only_without_an_assignment(
    world: World,
) -> None:
    a = world.a
    response = _client(a.dancer_user).get(f"/s/{a.studio.public_id}/mirror/?test=plie")
    html = response.content.decode()
    assert response.status_code == 200
    assert _reasons(html) == REASONS  # the one table, whatever codes it holds today
    assert "Nothing is recorded or uploaded." in html
    assert 'id="mirror-practice-only"' in html and 'id="mirror-log"' not in html


@pytest.mark.django_db
def test_mirror_page_offers_to_log_the_assigned_plie_exercise(world: World) -> None:
    a = world.a
    assignment = technique_assignment(studio=a.studio, dancer=a.dancer)
    html = _client(a.dancer_user).get(f"/s/{a.studio.public_id}/mirror/?test=plie").content.decode()
    assert 'id="mirror-log"' in html and str(assignment.public_id) in html
    assert "Technique cue: plié at the barre" in html


@pytest.mark.django_db
def test_staff_hold_the_mirror_but_only_the_dancer_logs(world: World) -> None:
    a = world.a
    technique_assignment(studio=a.studio, dancer=a.dancer)
    html = (
        _client(a.teacher)
        .get(f"/s/{a.studio.public_id}/mirror/?dancer={a.dancer.public_id}")
        .content.decode()
    )
    assert 'id="mirror-log"' not in html and "dancers log their own exercises" in html


@pytest.mark.django_db
def test_camera_and_wasm_are_allowed_only_on_the_camera_pages(world: World) -> None:
    a = world.a
    client = _client(a.dancer_user)
    for url in (f"/s/{a.studio.public_id}/mirror/", f"/s/{a.studio.public_id}/screenings/upload/"):
        response = client.get(url)
        assert "camera=(self)" in response.headers["Permissions-Policy"], url
        script_src = re.search(r"script-src ([^;]*)", response.headers["Content-Security-Policy"])
        assert script_src and script_src.group(1).split() == ["'self'", "'wasm-unsafe-eval'"], url
    other = client.get(f"/s/{a.studio.public_id}/programs/today/")
    assert "camera=()" in other.headers["Permissions-Policy"]
    assert "wasm-unsafe-eval" not in other.headers["Content-Security-Policy"]


def test_vendored_files_are_the_npm_packages_bytes() -> None:
    sums = (VENDOR / "SHA256SUMS").read_text().split("\n")
    listed = {name: digest for digest, name in (line.split() for line in sums if line)}
    assert set(listed) == {p.name for p in VENDOR.iterdir()} - {"SHA256SUMS", "README.md"}
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert not (VENDOR / "pose_landmark_heavy.tflite").exists()


def test_whitenoise_serves_the_vendored_files_with_long_cache_headers(tmp_path: Path) -> None:
    # Plain storage: gzip/brotli of 16 MB takes minutes on the shared box and changes no header.
    plain = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
             "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # fmt: skip
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=plain):
        call_command("collectstatic", interactive=False, verbosity=0)
        middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
        for name in ("pose_landmark_full.tflite", "pose_solution_simd_wasm_bin.wasm", "pose.js"):
            request: HttpRequest = RequestFactory().get(
                f"/static/vendor/mediapipe-pose/0.5.1675469404/{name}"
            )
            response = middleware(request)
            assert response.status_code == 200, name
            assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable", name
        wasm = middleware(
            RequestFactory().get(
                "/static/vendor/mediapipe-pose/0.5.1675469404/pose_solution_simd_wasm_bin.wasm"
            )
        )
        assert wasm.headers["Content-Type"] == "application/wasm"
        # Our own, unversioned files keep the short default.
        mine = middleware(RequestFactory().get("/static/js/mirror.js"))
        assert "immutable" not in mine.headers["Cache-Control"]


@pytest.mark.django_db
def test_the_service_worker_precaches_every_static_file_of_both_pages_and_nothing_with_data(world: World) -> None:
    """Every static URL the mirror and the upload page load is in the worker's shell; no page or
    API URL is, and the pages it keeps are only those two."""
    from mirror.offline import OFFLINE_PAGES, SCOPE, precache_paths

    a = world.a
    client = _client(a.dancer_user)
    response = client.get("/mirror-sw.js")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == SCOPE and response["Cache-Control"] == "no-cache"
    shell = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert shell == precache_paths()
    assert all(p.startswith("/static/") for p in shell)
    assert re.search(r'var VERSION = "[0-9a-f]{12}";', body)
    for url in (f"/s/{a.studio.public_id}/mirror/?test=plie", f"/s/{a.studio.public_id}/screenings/upload/"):
        html = client.get(url).content.decode()
        used = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
        used |= {m + f for m in re.findall(r'data-pose-base="([^"]+)"', html) for f in ("pose.js",)}
        assert used <= set(shell), used - set(shell)
        assert f'data-scope="{SCOPE}"' in html and 'data-worker="/mirror-sw.js"' in html
        assert any(re.search(p, url.split("?")[0]) for p in OFFLINE_PAGES)
    # Files pose.js fetches at run time are precached too (the vendored SHA256SUMS list them).
    vendored = {line.split()[1] for line in (VENDOR / "SHA256SUMS").read_text().splitlines() if line.strip()}
    assert {p.rsplit("/", 1)[1] for p in shell if "mediapipe-pose" in p} == vendored
