"""core.storage against a real S3 API server (moto_server): temporary local copies, and bucket
faults that read as OSError so the pipeline treats them as ours, never as the video's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from screenings.models import AnalysisState, Clip
from screenings.tasks import analyse_clip
from studiohealth.core.storage import (
    MediaS3Storage,
    StorageUnavailable,
    has_local_path,
    local_copy,
    stored_names,
)
from tests.factories import analysis_for, clip_for
from tests.storage.s3server import S3Server
from tests.world import World

BUCKET = "studiohealth-helpers"
BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


def _clip(world: World) -> Clip:
    clip = clip_for(world.a, "plie")
    clip.file.save("upload.mp4", ContentFile(BYTES), save=True)
    return clip


@pytest.mark.django_db
def test_local_copy_downloads_to_a_private_temp_file_and_removes_it(world: World, s3: S3Server) -> None:
    clip = _clip(world)
    assert isinstance(clip.file.storage, MediaS3Storage)
    assert s3.object_names(BUCKET) == [clip.file.name]
    assert not has_local_path(clip.file)
    with local_copy(clip.file) as path:
        assert path.read_bytes() == BYTES
        assert path.suffix == ".mp4"
        assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert not path.exists() and not path.parent.exists()
    assert stored_names(default_storage) == [clip.file.name]


@pytest.mark.django_db
def test_local_copy_on_disk_is_the_file_itself(world: World, settings, tmp_path: Path) -> None:  # noqa: ANN001
    clip = _clip(world)
    assert isinstance(clip.file.storage, FileSystemStorage)
    with local_copy(clip.file) as path:
        assert path == Path(settings.MEDIA_ROOT) / str(clip.file.name)
    assert path.exists()  # never deleted: it is the stored file


@pytest.mark.django_db
def test_bucket_faults_are_oserrors(world: World, s3: S3Server) -> None:
    clip = _clip(world)
    with pytest.raises(FileNotFoundError):
        default_storage.open("clips/nope.mp4", "rb")
    s3.stop()
    with pytest.raises(StorageUnavailable), local_copy(clip.file):
        pass
    with pytest.raises(StorageUnavailable):
        default_storage.save("clips/x.mp4", ContentFile(b"x"))
    with pytest.raises(StorageUnavailable):
        default_storage.delete(str(clip.file.name))


@pytest.mark.django_db
def test_a_bucket_outage_releases_the_analysis_for_a_retry(world: World, s3: S3Server) -> None:
    analysis = analysis_for(_clip(world), state=AnalysisState.QUEUED)
    s3.stop()
    with pytest.raises(StorageUnavailable):
        analyse_clip(analysis.pk)  # called directly, Celery's retry re-raises the fault (no broker)
    analysis.refresh_from_db()
    assert analysis.state == AnalysisState.QUEUED  # back in the queue, not failed
    assert analysis.reason == "" and analysis.result is None  # nothing said about the video
    assert analysis.attempts == 1
    assert "StorageUnavailable" in analysis.last_error
