"""The task's failure policy on real rows: what is transient, what is our side, what on_failure keeps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, ProgrammingError
from django.utils import timezone

from screenings import services
from screenings.models import AnalysisState, Clip, Screening
from screenings.services import ANALYSIS_ERROR_MESSAGE
from screenings.tasks import TRANSIENT, AnalyseTask, analyse_clip
from tests.factories import analysis_for
from tests.world import World

pytestmark = pytest.mark.django_db


def _clip(world: World) -> Clip:
    a = world.a
    screening = Screening.objects.create(
        studio=a.studio, dancer=a.dancer, season=a.season, date=a.studio.today()
    )
    clip = Clip(studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4")
    clip.file.save("c.mp4", ContentFile(b"not read"), save=True)
    return clip


def test_the_transient_set_is_narrow() -> None:
    assert issubclass(OperationalError, TRANSIENT)  # deadlock, serialization failure, lost connection
    for bug in (IntegrityError, ProgrammingError, FileNotFoundError, OSError, ValueError):
        assert not issubclass(bug, TRANSIENT), bug


def test_a_clip_file_missing_from_storage_is_our_side_not_the_dancers(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    clip = _clip(world)
    clip.file.storage.delete(clip.file.name)  # the row still names it: storage lost the bytes
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery runs the task here
        analysis = services.analysis_create(studio=world.a.studio, clip=clip)
    analysis.refresh_from_db()
    assert (analysis.state, analysis.reason, analysis.attempts) == (AnalysisState.FAILED, "analysis_error", 3)
    assert analysis.message == ANALYSIS_ERROR_MESSAGE
    assert "ClipFileMissing" in analysis.last_error


def test_on_failure_records_the_error_and_fails_an_open_row(world: World) -> None:
    clip = _clip(world)
    analysis = analysis_for(clip)

    class Info:
        traceback = "Traceback: boom"

    task: AnalyseTask = analyse_clip  # type: ignore[assignment]
    task.on_failure(RuntimeError("boom"), "task-id", (analysis.pk,), {}, Info())  # type: ignore[arg-type]
    analysis.refresh_from_db()
    assert (analysis.state, analysis.reason) == (AnalysisState.FAILED, "analysis_error")
    assert "RuntimeError('boom')" in analysis.last_error and "Traceback: boom" in analysis.last_error


def test_on_failure_leaves_a_row_another_worker_holds_alone(world: World) -> None:
    clip = _clip(world)
    analysis = analysis_for(
        clip,
        state=AnalysisState.RUNNING,
        claimed_by="other-worker",
        lease_expires_at=timezone.now() + timedelta(minutes=2),
    )
    assert (
        services.analysis_fail(analysis_id=analysis.pk, error="late failure of a duplicate message") is False
    )
    analysis.refresh_from_db()
    assert (analysis.state, analysis.claimed_by) == (AnalysisState.RUNNING, "other-worker")
    assert analysis.last_error == "late failure of a duplicate message"
