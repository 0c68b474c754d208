"""Offline use of the live-pose pages: the service worker script and what it may cache.

The worker (frontend_templates/mirror/sw.js, served from the origin root as /mirror-sw.js with scope
/s/) precaches the static shell of the mirror and the upload page's framing coach — their CSS, JS
and the vendored @mediapipe/pose files — and keeps the last copy of those two pages for when the
network is off. Nothing else is cached: no API response, no other page (docs/mirror.md, "Offline").
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from studiohealth.core.camera import MEDIAPIPE_POSE

# What the two pages load (base.html, mirror/practice.html, screenings/upload.html); a test checks
# every static URL of both pages is here.
SHELL_STATIC = (
    "css/app.css",
    "programs/programs.css",
    "css/mirror.css",
    "js/offline.js",
    "js/csrf.js",
    "js/mirror_formulas.js",
    "js/mirror_pose.js",
    "js/mirror_coach.js",
    "js/mirror_log.js",
    "js/mirror.js",
    "js/upload.js",
    "img/filming-framing.svg",
    "icons/favicon.svg",
)
# The files pose.js fetches (locateFile), the SIMD build: docs/mirror.md "MediaPipe in the browser".
POSE_FILES = (
    "pose.js",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_packed_assets.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_web.binarypb",
    "pose_landmark_full.tflite",
)
# Pages kept for offline use, as path patterns the worker tests (JavaScript regular expressions).
OFFLINE_PAGES = (r"^/s/[^/]+/mirror/$", r"^/s/[^/]+/screenings/upload/$")
SCOPE = "/s/"


def precache_paths() -> list[str]:
    return [static(p) for p in SHELL_STATIC] + [static(MEDIAPIPE_POSE + f) for f in POSE_FILES]


@lru_cache(maxsize=1)
def cache_version() -> str:
    """A digest of the shell's bytes: a deploy that changes any of them gets new cache names, and
    the worker's activate step deletes the old ones."""
    digest = hashlib.sha256()
    for name in SHELL_STATIC:
        found = finders.find(name)
        digest.update(name.encode())
        if isinstance(found, str):
            with open(found, "rb") as handle:
                digest.update(handle.read())
    digest.update(MEDIAPIPE_POSE.encode())  # the vendored files are immutable under their version path
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "version": cache_version(),
        "precache": json.dumps(precache_paths()),
        "pages": json.dumps(list(OFFLINE_PAGES)),
    }
    response = render(request, "mirror/sw.js", context, content_type="text/javascript; charset=utf-8")
    # Browsers re-check the worker script on every navigation anyway; no-cache makes proxies agree.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = SCOPE
    return response
