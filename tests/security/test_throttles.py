"""DRF throttles on the two write-heavy endpoints: clip upload ("upload") and exercise logging ("log").

Throttling is switched off in the test settings (DEFAULT_THROTTLE_CLASSES = []); these tests switch it
on, post invalid bodies (the throttle runs before the handler, so failed attempts count too) and look
for the first 429. Counters are per user, so one dancer's flood never blocks another.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from studiohealth.core.throttles import LogThrottle, UploadThrottle
from tests.conftest import client_for
from tests.world import World

pytestmark = pytest.mark.django_db
RATE = 3


@pytest.fixture
def throttling_on(settings) -> None:  # noqa: ANN001
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"upload": f"{RATE}/hour", "log": f"{RATE}/hour", "anon": "60/minute"},
    }


def _upload_body(world: World) -> dict[str, Any]:
    file = io.BytesIO(b"not a video")
    file.name = "x.mp4"
    return {"dancer": str(world.a.dancer.public_id), "test": "plie", "file": file}


def _first_429(client: APIClient, url: str, body: Any, fmt: str, tries: int = RATE + 2) -> int | None:
    for n in range(1, tries + 1):
        payload = body() if callable(body) else body
        if client.post(url, payload, format=fmt).status_code == 429:
            return n
    return None


def test_upload_is_throttled_per_user(world: World, settings) -> None:  # noqa: ANN001
    """At the configured production rate (30/hour): the 31st upload within the hour is refused."""
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    }
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["upload"].split("/")[0])
    url = reverse("clip-list", kwargs={"studio_id": world.a.studio.public_id})
    dancer = client_for(world, "dancer")
    assert _first_429(dancer, url, lambda: _upload_body(world), "multipart", tries=limit + 2) == limit + 1
    assert dancer.get(url).status_code == 200  # reading is never throttled
    # Another user still uploads (per-user counters).
    teacher = client_for(world, "teacher")
    assert teacher.post(url, _upload_body(world), format="multipart").status_code == 400


def test_logging_is_throttled_per_user(world: World, throttling_on: None) -> None:
    url = reverse("exercise-log-list", kwargs={"studio_id": world.a.studio.public_id})
    dancer = client_for(world, "dancer")
    assert _first_429(dancer, url, {"reps": 1}, "json") == RATE + 1
    assert dancer.get(url).status_code == 200
    assert client_for(world, "other_dancer").post(url, {"reps": 1}, format="json").status_code == 400


def test_throttle_classes_count_writes_only_and_read_rates_at_request_time(world: World, settings) -> None:  # noqa: ANN001
    """The classes the upload and log views use: rates come from settings when the request arrives."""
    from django.core.cache import cache
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"upload": "2/hour", "log": "1/hour", "anon": "60/minute"},
    }
    factory = APIRequestFactory()

    def request(method: str) -> Request:
        raw = getattr(factory, method)("/x/")
        raw.user = world.a.dancer_user
        req = Request(raw)
        req.user = world.a.dancer_user
        return req

    upload = [UploadThrottle().allow_request(request("post"), None) for _ in range(3)]
    assert upload == [True, True, False]
    assert UploadThrottle().allow_request(request("get"), None) is True
    log = [LogThrottle().allow_request(request("post"), None) for _ in range(2)]
    assert log == [True, False]  # its own counter, its own rate
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    assert LogThrottle().allow_request(request("post"), None) is True  # the test settings' one switch
