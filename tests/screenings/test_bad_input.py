"""Bad input corpus through the API with a real worker: each ends with its named reason, the worker
survives, and the next good clip completes. Upload-time refusals write nothing (no row, no file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from screenings.models import Analysis, AnalysisState, Clip, Screening
from tests.celery_support import WorkerProcess, wait_for
from tests.conftest import client_for
from tests.screenings.conftest import analysis_of, upload
from tests.screenings.videos import make_video
from tests.world import World


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post_bytes(client, world: World, name: str, data: bytes):  # noqa: ANN001, ANN202
    url = reverse("clip-list", kwargs={"studio_id": world.a.studio.public_id})
    payload = {
        "dancer": str(world.a.dancer.public_id),
        "test": "plie",
        "file": SimpleUploadedFile(name, data),
    }
    return client.post(url, payload, format="multipart")


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_bad_input_corpus_each_named_and_worker_survives(
    consented: World, shared_clips: Path, live_worker: WorkerProcess, tmp_path: Path
) -> None:
    world = consented
    client = client_for(world, "dancer")
    refused_at_upload = {
        "zero bytes": (("empty.mp4", b""), "empty_file"),
        "not a video": (("notes.mp4", b"this is a text file, not a video\n" * 50), "not_a_video"),
        "wrong extension": (("clip.exe", (shared_clips / "tree_pose.mp4").read_bytes()), "not_a_video"),
        "truncated": (("cut.mp4", (shared_clips / "truncated.mp4").read_bytes()), "unreadable_video"),
        "huge dimensions": (
            ("wide.mp4", make_video(tmp_path / "wide.mp4", size="5000x200").read_bytes()),
            "bad_dimensions",
        ),
        "too long": (
            ("long.mp4", make_video(tmp_path / "long.mp4", seconds=61).read_bytes()),
            "too_long",
        ),
        "too short": (
            ("short.mp4", make_video(tmp_path / "short.mp4", seconds=1).read_bytes()),
            "too_short",
        ),
    }
    for label, ((name, data), reason) in refused_at_upload.items():
        response = _post_bytes(client, world, name, data)
        assert response.status_code == 400, (label, response.status_code)
        assert response.data["extra"]["reason"] == reason, label
        assert response.data["message"], label  # the dancer-friendly fix
    assert (Clip.objects.count(), Screening.objects.count(), Analysis.objects.count()) == (0, 0, 0)
    assert _files() == []

    # These pass the container checks and are refused by the engine's quality gate in the worker.
    nobody = upload(client, world, shared_clips / "nobody.mp4", "plie")
    crowd = upload(client, world, shared_clips / "openpose_street_multi_person.mp4", "plie")
    good = upload(client, world, shared_clips / "sumo_squat_frontal_woman.mp4", "plie")
    assert [r.status_code for r in (nobody, crowd, good)] == [201, 201, 201]
    ids = [r.data["analysis"] for r in (nobody, crowd, good)]
    wait_for(
        lambda: (
            Analysis.objects.filter(
                public_id__in=ids, state__in=[AnalysisState.DONE, AnalysisState.FAILED]
            ).count()
            == 3
        ),
        timeout=240,
        what="the three analyses",
    )
    assert (analysis_of(nobody).state, analysis_of(nobody).reason) == ("failed", "no_person")
    assert (analysis_of(crowd).state, analysis_of(crowd).reason) == ("failed", "multiple_people")
    assert "Someone else is in the picture" in analysis_of(crowd).message
    assert analysis_of(good).state == "done"
    assert live_worker.alive()
    assert analysis_of(nobody).attempts == 1  # a rejection is a verdict, not a retry


@pytest.mark.django_db
def test_minor_without_consent_is_refused_and_nothing_is_stored(world: World, shared_clips: Path) -> None:
    assert world.a.dancer.is_minor
    for role in ("dancer", "teacher", "director"):
        response = upload(client_for(world, role), world, shared_clips / "tree_pose.mp4", "stance")
        assert response.status_code == 400
        assert response.data["extra"]["code"] == "consent_required"
        assert "guardian must give consent" in response.data["message"]
    assert (Clip.objects.count(), Screening.objects.count(), Analysis.objects.count()) == (0, 0, 0)
    assert _files() == []


@pytest.mark.django_db
def test_consent_withdrawal_stops_processing_and_deletes_the_file(
    consented: World, shared_clips: Path
) -> None:
    from screenings.services import clips_purge_expired
    from studios.models import GuardianConsent
    from studios.policies import actor_for
    from studios.services import consent_withdraw

    world = consented
    response = upload(client_for(world, "dancer"), world, shared_clips / "tree_pose.mp4", "stance")
    assert response.status_code == 201
    clip = Clip.objects.get()
    assert Path(clip.file.path).is_file()
    guardian = actor_for(user=world.a.guardian, studio=world.a.studio)
    consent = GuardianConsent.objects.get(dancer=world.a.dancer)
    consent_withdraw(studio=world.a.studio, actor=guardian, consent=consent)
    analysis = Analysis.objects.get()
    assert (analysis.state, analysis.reason) == ("failed", "consent_withdrawn")
    assert clips_purge_expired() == 1
    clip.refresh_from_db()
    assert clip.file_deleted_at is not None and not clip.file
    assert _files() == []
    # And no new upload until consent is given again.
    again = upload(client_for(world, "dancer"), world, shared_clips / "tree_pose.mp4", "stance")
    assert again.status_code == 400
