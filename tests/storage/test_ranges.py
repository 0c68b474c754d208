"""HTTP Range requests on the checked, audited clip and key-frame views, from disk and from a real S3
API server (moto): 206 with the right bytes and Content-Range, 416 past the end, the whole file for
what the RFC lets a server ignore, and one audit row per viewing rather than per chunk."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from screenings.models import Analysis, AnalysisState, Clip, Screening
from studiohealth.core.storage import MediaS3Storage
from tests.conftest import client_for
from tests.storage.s3server import S3Server
from tests.world import World

BUCKET = "studiohealth-ranges"

BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # 10,252 bytes
SIZE = len(BYTES)


def _clip(world: World) -> Clip:
    a = world.a
    screening = Screening.objects.create(
        studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today()
    )
    clip = Clip.objects.create(
        studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4"
    )
    clip.file.save("upload.mp4", ContentFile(BYTES), save=True)
    return clip


def _url(world: World, clip: Clip) -> str:
    return reverse("clip-file", kwargs={"studio_id": world.a.studio.public_id, "pk": clip.public_id})


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _views() -> int:
    return AuditEvent.objects.filter(action=AuditAction.VIEW_CLIP).count()


def _check_ranges(world: World) -> None:
    """The behaviour both storages must show (called with the disk and the S3 setting)."""
    cache.clear()
    clip = _clip(world)
    url = _url(world, clip)
    director = client_for(world, "director")
    whole = director.get(url)
    assert whole.status_code == 200 and _body(whole) == BYTES
    assert whole["Accept-Ranges"] == "bytes" and whole["Content-Type"] == "video/mp4"
    cases = {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, SIZE - 1),
        "bytes=-50": (SIZE - 50, SIZE - 1),
        "bytes=5000-999999": (5000, SIZE - 1),  # clamped to the end
        f"bytes={SIZE - 1}-{SIZE - 1}": (SIZE - 1, SIZE - 1),
    }
    for header, (start, end) in cases.items():
        response = director.get(url, HTTP_RANGE=header)
        assert response.status_code == 206, header
        assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}", header
        assert response["Content-Length"] == str(end - start + 1), header
        assert response["Accept-Ranges"] == "bytes" and response["Cache-Control"] == "private, no-store"
        assert _body(response) == BYTES[start : end + 1], header
    for header in (f"bytes={SIZE}-", "bytes=99999-100000", "bytes=-0"):
        response = director.get(url, HTTP_RANGE=header)
        assert response.status_code == 416, header
        assert response["Content-Range"] == f"bytes */{SIZE}", header
    # What a server may ignore gets the whole file: several ranges, reversed, another unit, If-Range.
    for header, extra in (("bytes=0-1,5-6", {}), ("bytes=9-3", {}), ("items=0-3", {}),
                          ("bytes=0-3", {"HTTP_IF_RANGE": '"etag"'})):  # fmt: skip
        response = director.get(url, HTTP_RANGE=header, **extra)
        assert response.status_code == 200 and _body(response) == BYTES, header
    # Another studio's clip, ranged or not, is the same 404 as an id that does not exist.
    other = client_for(world, "other_dancer").get(url, HTTP_RANGE="bytes=0-9")
    outsider = client_for(world, "outsider").get(url, HTTP_RANGE="bytes=0-9")
    assert other.status_code == outsider.status_code == 404


@pytest.mark.django_db
def test_ranges_from_disk(world: World) -> None:
    _check_ranges(world)


@pytest.mark.django_db
def test_ranges_from_s3_use_a_ranged_get(world: World, s3: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    gets: list[str] = []
    real = MediaS3Storage.range_body

    def spy(self: MediaS3Storage, name: str, start: int, end: int) -> Any:
        gets.append(f"{start}-{end}")
        return real(self, name, start, end)

    monkeypatch.setattr(MediaS3Storage, "range_body", spy)
    _check_ranges(world)
    assert gets[:5] == ["0-99", f"100-{SIZE - 1}", f"{SIZE - 50}-{SIZE - 1}", f"5000-{SIZE - 1}",
                        f"{SIZE - 1}-{SIZE - 1}"]  # fmt: skip

    def whole_object(*args: object, **kwargs: object) -> None:
        raise AssertionError("a range must not download the whole object")

    clip = Clip.objects.latest("pk")
    monkeypatch.setattr(MediaS3Storage, "_open", whole_object)
    response = client_for(world, "director").get(_url(world, clip), HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206 and _body(response) == BYTES[10:20]


@pytest.mark.django_db
def test_one_audit_row_per_viewing_not_per_chunk(world: World) -> None:
    cache.clear()
    clip = _clip(world)
    url = _url(world, clip)
    guardian = client_for(world, "guardian")
    # A phone's player: the first range opens the viewing, seeks continue it.
    for header in ("bytes=0-", "bytes=4000-", "bytes=9000-9999", "bytes=-100"):
        assert guardian.get(url, HTTP_RANGE=header).status_code == 206
    assert _views() == 1
    event = AuditEvent.objects.get(action=AuditAction.VIEW_CLIP)
    assert (event.actor, event.dancer, event.target_ref) == (
        world.a.guardian,
        world.a.dancer,
        str(clip.public_id),
    )
    # Someone else watching is their own viewing; a plain download is always a row; a 416 is none.
    assert client_for(world, "director").get(url, HTTP_RANGE="bytes=0-").status_code == 206
    assert _views() == 2
    assert guardian.get(url).status_code == 200
    assert _views() == 3
    assert guardian.get(url, HTTP_RANGE=f"bytes={SIZE}-").status_code == 416
    assert _views() == 3
    cache.clear()  # the 10-minute window over: the next range opens a new viewing
    assert guardian.get(url, HTTP_RANGE="bytes=100-").status_code == 206
    assert _views() == 4


@pytest.mark.django_db
def test_key_frame_ranges(world: World) -> None:
    cache.clear()
    clip = _clip(world)
    a = world.a
    analysis = Analysis.objects.create(studio=a.studio, clip=clip, dancer=a.dancer, test="plie",
                                       engine_version="t", state=AnalysisState.DONE)  # fmt: skip
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
    analysis.keyframe.save("frame.jpg", ContentFile(jpeg), save=True)
    url = reverse("analysis-keyframe", kwargs={"studio_id": a.studio.public_id, "pk": analysis.public_id})
    director = client_for(world, "director")  # sees results without the report-sharing consent
    response = director.get(url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206 and _body(response) == jpeg[:4]
    assert response["Content-Type"] == "image/jpeg" and response["Content-Range"] == f"bytes 0-3/{len(jpeg)}"
    assert director.get(url, HTTP_RANGE=f"bytes={len(jpeg)}-").status_code == 416
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_KEYFRAME).count() == 1
