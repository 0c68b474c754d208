"""A hostile video file: size caps before anything is stored, content sniffing, safe names, bounded
probing, and media never served statically (a leaked storage path or URL gives nothing)."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from screenings.models import Clip
from screenings.probe import _limit_child, probe_bounded
from studiohealth.core.uploads import CappedTemporaryFileUploadHandler
from studios.models import GuardianConsent
from tests.conftest import client_for
from tests.world import World

pytestmark = pytest.mark.django_db
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload(world: World, role: str, name: str, content: bytes, **extra: object):  # noqa: ANN202
    GuardianConsent.objects.get_or_create(
        studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian
    )
    url = reverse("clip-list", kwargs={"studio_id": world.a.studio.public_id})
    file = io.BytesIO(content)
    file.name = name
    data = {"dancer": str(world.a.dancer.public_id), "test": "plie", "file": file, **extra}
    return client_for(world, role).post(url, data, format="multipart")


def test_oversized_upload_is_refused_before_storage(world: World, settings) -> None:  # noqa: ANN001
    settings.CLIP_MAX_BYTES = 100_000
    body = MP4_HEAD + os.urandom(6 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: streamed to disk
    response = _upload(world, "director", "big.mp4", body)
    assert response.status_code == 413
    assert response.json()["extra"]["reason"] == "too_large"
    assert not Clip.objects.exists()
    assert _media_files() == []


def test_upload_handler_never_writes_past_the_cap(settings) -> None:  # noqa: ANN001
    settings.CLIP_MAX_BYTES = 1_000_000
    handler = CappedTemporaryFileUploadHandler()
    handler.new_file("file", "x.mp4", "video/mp4", 50_000_000)
    chunk = b"\x00" * (64 * 1024)
    sent = 0
    for _ in range(200):  # 12.5 MB
        handler.receive_data_chunk(chunk, sent)
        sent += len(chunk)
    uploaded = handler.file_complete(sent)
    on_disk = os.path.getsize(uploaded.temporary_file_path())
    assert on_disk <= settings.CLIP_MAX_BYTES
    assert uploaded.size == sent  # the real size still reaches the size check
    uploaded.close()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("clip.mp4", b"<html><script>alert(1)</script></html>" * 10, "not_a_video"),  # HTML renamed .mp4
        ("clip.mp4", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "not_a_video"),  # an image
        ("clip.exe", MP4_HEAD + b"\x00" * 500, "not_a_video"),  # the right magic, a wrong extension
        ("clip.mp4", MP4_HEAD + os.urandom(4000), "unreadable_video"),  # the right magic, garbage inside
        ("clip.mp4", b"", "empty_file"),
    ],
    ids=["html", "png", "exe", "garbage", "empty"],
)
def test_content_is_sniffed_and_probed_before_storage(
    world: World, name: str, content: bytes, reason: str
) -> None:
    response = _upload(world, "director", name, content)
    assert response.status_code == 400, response.content
    assert response.json()["extra"]["reason"] == reason
    assert not Clip.objects.exists()
    assert _media_files() == []


@pytest.mark.slow
def test_stored_name_is_made_of_ids_only(world: World, shared_clips: Path) -> None:
    hostile = "../../../etc/passwd<script>.mp4"
    response = _upload(world, "director", hostile, (shared_clips / "squat_frontal_woman.mp4").read_bytes())
    assert response.status_code == 201, response.content
    clip = Clip.objects.get()
    assert clip.file.name == f"clips/{world.a.studio.public_id}/{clip.public_id}.mp4"
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in _media_files()] == [clip.file.name]
    assert ".." not in clip.file.name and "passwd" not in clip.file.name


def test_probe_is_killed_when_it_runs_too_long(shared_clips: Path) -> None:
    """The decoder runs in a child with a wall-clock timeout: a hang costs the child, not the server."""
    probe = probe_bounded(shared_clips / "plie.mp4", timeout=0.05)
    assert (probe.ok, probe.reason) == (False, "unreadable_video")


def test_probe_child_runs_with_memory_cpu_and_core_limits() -> None:
    code = (
        "import resource;"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_CPU)[0],"
        " resource.getrlimit(resource.RLIMIT_CORE)[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], preexec_fn=_limit_child, capture_output=True, text=True
    )
    address_space, cpu, core = map(int, out.stdout.split())
    assert 0 < address_space <= 4 * 1024**3 and 0 < cpu <= 120 and core == 0
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != address_space  # the web process itself is not limited


def test_media_is_never_served_statically(world: World) -> None:
    """Uploads live in MEDIA_ROOT, which no URL maps to: guessing or leaking a path returns 404."""
    root = Path(settings.MEDIA_ROOT) / "clips" / str(world.a.studio.public_id)
    root.mkdir(parents=True)
    (root / "leaked.mp4").write_bytes(MP4_HEAD)
    client = Client()
    client.force_login(world.a.director)  # even the director gets nothing by path
    relative = f"clips/{world.a.studio.public_id}/leaked.mp4"
    for url in (
        f"/media/{relative}",
        f"/static/{relative}",
        f"/static/../media/{relative}",
        f"/{relative}",
        f"/var/media/{relative}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert MP4_HEAD not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert settings.MEDIA_ROOT != settings.STATIC_ROOT
    assert not Path(settings.STATIC_ROOT).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_temporary_upload_directory_is_not_the_media_root() -> None:
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()).resolve()
    assert not temp_dir.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
