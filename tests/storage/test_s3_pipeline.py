"""Media in an S3 bucket, workers without the web's disk: the whole life of a clip, end to end.

A real S3 API server (moto_server) on a free port, TWO real Celery workers, each with its own
private, empty MEDIA_ROOT (neither is the web's), real MediaPipe on the shared clips, real
WeasyPrint for the season PDF. Upload → analysis on a worker that never saw the web's disk → key
frame and PDF in the bucket → served by the permission-checked views → retention purge and
erasure delete the objects (bucket listings before and after).
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from reports.models import ReportJob, ReportState
from screenings.models import Analysis, AnalysisState, Clip
from screenings.tasks import purge_expired_clips
from studios.models import GuardianConsent
from tests.celery_support import celery_worker, default_redis_url, flush_redis, publishing_to, wait_for
from tests.conftest import client_for
from tests.screenings.conftest import upload
from tests.storage.s3server import S3Server
from tests.world import World, build_world

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
BUCKET = "studiohealth-media-test"


def _files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _done(public_ids: list[str]) -> bool:
    return Analysis.objects.filter(
        public_id__in=public_ids, state__in=[AnalysisState.DONE, AnalysisState.FAILED]
    ).count() == len(public_ids)


def test_clip_life_with_media_only_in_the_bucket(s3: S3Server, shared_clips: Path, tmp_path: Path) -> None:
    world: World = build_world()
    a = world.a
    GuardianConsent.objects.create(studio=a.studio, dancer=a.dancer, guardian=a.guardian)
    web_media = Path(settings.MEDIA_ROOT)
    worker_media = [tmp_path / "worker-1-media", tmp_path / "worker-2-media"]
    redis_url = default_redis_url()
    flush_redis(redis_url)
    env = s3.storage_env(BUCKET)

    with (
        celery_worker(
            redis_url=redis_url, log_path=tmp_path / "w1.log", media_root=worker_media[0],
            queues="video,reports", extra_env=env,
        ) as w1,
        celery_worker(
            redis_url=redis_url, log_path=tmp_path / "w2.log", media_root=worker_media[1],
            queues="video,reports", extra_env=env,
        ) as w2,
        publishing_to(redis_url),
    ):  # fmt: skip
        teacher = client_for(world, "teacher")
        plie = upload(teacher, world, shared_clips / "sumo_squat_frontal_woman.mp4", "plie")
        stance = upload(teacher, world, shared_clips / "tree_pose.mp4", "stance")
        assert (plie.status_code, stance.status_code) == (201, 201), (plie.data, stance.data)
        ids = [plie.data["analysis"], stance.data["analysis"]]
        wait_for(lambda: _done(ids), timeout=300, what="both analyses on the two workers")

        director = client_for(world, "director")
        season_url = reverse("report-season-list", kwargs={"studio_id": a.studio.public_id})
        job_response = director.post(season_url, {"paper": "a4"}, format="json")
        assert job_response.status_code == 202, job_response.content
        job = ReportJob.objects.get(public_id=job_response.json()["id"])
        wait_for(
            lambda: ReportJob.objects.get(pk=job.pk).state in (ReportState.DONE, ReportState.FAILED),
            timeout=180,
            what="the season PDF",
        )
        logs = (w1.log(), w2.log())

    analyses = list(Analysis.objects.filter(public_id__in=ids).select_related("clip"))
    for analysis in analyses:
        assert analysis.state == AnalysisState.DONE, (analysis.reason, analysis.last_error, logs[0][-2000:])
        assert analysis.keyframe.name
    # Each worker analysed one clip: both ran without the web's files (their disks stay empty).
    assert all(log.count("screenings.tasks.analyse_clip[") >= 2 for log in logs), "a worker did no analysis"
    assert [_files_under(root) for root in (web_media, *worker_media)] == [[], [], []]

    job.refresh_from_db()
    assert job.state == ReportState.DONE, job.error
    stored = s3.object_names(BUCKET)
    clip_names = sorted(str(analysis.clip.file.name) for analysis in analyses)
    keyframe_names = sorted(str(analysis.keyframe.name) for analysis in analyses)
    assert set(clip_names) | set(keyframe_names) | {job.file.name} <= set(stored), stored
    print("bucket after analysis and report:", stored)  # noqa: T201 - the listing in the test log

    # Served only through the permission-checked views, bytes straight from the bucket.
    dancer = client_for(world, "dancer")
    for analysis in analyses:
        url = reverse("analysis-detail", kwargs={"studio_id": a.studio.public_id, "pk": analysis.public_id})
        keyframe = dancer.get(url + "keyframe/")  # a JPEG since engine 1.2
        assert keyframe.status_code == 200 and keyframe["Content-Type"] == "image/jpeg"
        assert keyframe.getvalue() == s3.read(BUCKET, str(analysis.keyframe.name))
        outsider = client_for(world, "outsider").get(url + "keyframe/")
        assert outsider.status_code == 404
    viewed = AuditEvent.objects.filter(studio=a.studio, action=AuditAction.VIEW_KEYFRAME).count()
    assert viewed == len(analyses)  # each viewing is audited, as on disk
    clip = analyses[0].clip
    clip_url = reverse("clip-file", kwargs={"studio_id": a.studio.public_id, "pk": clip.public_id})
    served = client_for(world, "teacher").get(clip_url)
    assert served.status_code == 200
    assert served.getvalue() == s3.read(BUCKET, str(clip.file.name))
    assert client_for(world, "anonymous").get(clip_url).status_code == 401
    status = director.get(job_response.json()["status_url"]).json()
    pdf = director.get(status["file_url"])
    assert pdf.status_code == 200 and pdf.getvalue()[:5] == b"%PDF-"

    # The dancer's PDF, rendered by the web process, embeds the key frames it read from the bucket.
    report_url = reverse("report-dancer", kwargs={"studio_id": a.studio.public_id, "pk": a.dancer.public_id})
    report = client_for(world, "guardian").get(report_url)
    assert report.status_code == 200 and report.getvalue()[:5] == b"%PDF-"
    (tmp_path / "dancer.pdf").write_bytes(report.getvalue())
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "dancer.pdf")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.splitlines()[2:]
    assert len(images) >= len(keyframe_names), images

    # Retention purge: the expired clip's object leaves the bucket; results and key frames stay.
    Clip.objects.filter(pk=clip.pk).update(retention_until=a.studio.today().replace(year=2000))
    assert purge_expired_clips() == 1
    after_purge = s3.object_names(BUCKET)
    assert clip.file.name not in after_purge
    assert set(keyframe_names) <= set(after_purge)
    assert client_for(world, "teacher").get(clip_url).status_code == 404

    # The Art. 20 export reads the files back from the bucket (the purged clip is listed as missing).
    export_url = reverse(
        "privacy-dancer-export", kwargs={"studio_id": a.studio.public_id, "pk": a.dancer.public_id}
    )
    export = client_for(world, "guardian").get(export_url)
    assert export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.getvalue())) as archive:
        for name in keyframe_names:
            assert archive.read(f"files/{name}") == s3.read(BUCKET, name)
        assert f"files/{clip.file.name}" not in archive.namelist()

    # Erasure: every object of the dancer is deleted from the bucket.
    erase = reverse(
        "privacy-dancer-erase", kwargs={"studio_id": a.studio.public_id, "pk": a.dancer.public_id}
    )
    response = client_for(world, "guardian").post(erase, {"confirm": True}, format="json")
    assert response.status_code == 200, response.content
    after_erasure = s3.object_names(BUCKET)
    print("bucket after erasure:", after_erasure)  # noqa: T201
    gone = set(clip_names) | set(keyframe_names)
    assert not gone & set(after_erasure), after_erasure
