"""End to end with a REAL Celery worker process, real Redis and PostgreSQL, real MediaPipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from screenings.models import Analysis, AnalysisState
from tests.celery_support import WorkerProcess, wait_for
from tests.conftest import client_for
from tests.screenings.conftest import analysis_of, upload
from tests.world import World

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _finished(public_id) -> bool:  # noqa: ANN001
    return Analysis.objects.filter(
        public_id=public_id, state__in=[AnalysisState.DONE, AnalysisState.FAILED]
    ).exists()


def test_uploaded_clips_are_analysed_by_a_real_worker(
    consented: World, shared_clips: Path, live_worker: WorkerProcess
) -> None:
    world = consented
    teacher = client_for(world, "teacher")
    plie = upload(teacher, world, shared_clips / "sumo_squat_frontal_woman.mp4", "plie")
    stance = upload(teacher, world, shared_clips / "tree_pose.mp4", "stance")
    assert plie.status_code == 201, plie.data
    assert stance.status_code == 201, stance.data
    ids = [plie.data["analysis"], stance.data["analysis"]]
    wait_for(lambda: all(_finished(i) for i in ids), timeout=240, what="both analyses to finish")

    dancer = client_for(world, "dancer")
    for public_id, test in zip(ids, ("plie", "stance"), strict=True):
        url = reverse("analysis-detail", kwargs={"studio_id": world.a.studio.public_id, "pk": public_id})
        body = dancer.get(url).data
        assert body["state"] == "done", (body["reason"], live_worker.log()[-2000:])
        assert body["progress"] == 100
        assert body["attempts"] == 1
        assert body["result"]["status"] == "ok"
        assert body["result"]["test"] == test
        assert body["has_keyframe"] is True
        png = dancer.get(url + "keyframe/")
        assert png.status_code == 200
        assert png["Content-Type"] == "image/jpeg"  # engine 1.2 key frames are JPEG
        assert b"".join(png.streaming_content)[:3] == b"\xff\xd8\xff"
    metrics = Analysis.objects.get(public_id=ids[0]).result["metrics"]
    assert set(metrics["knee_toe_offset_pct"]) == {"left", "right"}
    assert metrics["knee_toe_offset_pct"]["left"]["sem"] > 0
    # Viewing the result and the key frame went into the audit trail.
    actions = set(AuditEvent.objects.filter(studio=world.a.studio).values_list("action", flat=True))
    assert {AuditAction.VIEW_RESULT, AuditAction.VIEW_KEYFRAME} <= actions
    assert live_worker.alive()


def test_same_bytes_uploaded_twice_is_one_clip_and_one_analysis(
    consented: World, shared_clips: Path, live_worker: WorkerProcess
) -> None:
    world = consented
    teacher = client_for(world, "teacher")
    first = upload(teacher, world, shared_clips / "sumo_squat_frontal_woman.mp4", "plie")
    again = upload(teacher, world, shared_clips / "sumo_squat_frontal_woman.mp4", "plie")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.data["analysis"] == again.data["analysis"]
    wait_for(lambda: _finished(first.data["analysis"]), timeout=180, what="the analysis")
    assert analysis_of(first).state == AnalysisState.DONE
    assert Analysis.objects.count() == 1
