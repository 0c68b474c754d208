"""Claim / lease / idempotency of the analysis state machine (service level, no worker)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from screenings import services
from screenings.models import Analysis, Clip, Screening
from screenings.models import TestType as Kind
from studiohealth.core.exceptions import NotFoundError
from tests.world import World

pytestmark = pytest.mark.django_db

OK_RESULT = {"status": "ok", "reason": None, "message": "1 plié(s) measured.", "metrics": {"rep_count": 1}}


def _clip(world: World, tenant: str = "a") -> Clip:
    t = getattr(world, tenant)
    screening = Screening.objects.create(
        studio=t.studio, dancer=t.dancer, season=t.season, date=t.season.starts_on
    )
    clip = Clip(studio=t.studio, screening=screening, dancer=t.dancer, test=Kind.PLIE, container="mp4")
    clip.file.save("x", ContentFile(b"\x00\x00\x00\x18ftypmp42 bytes"), save=False)
    clip.save()
    return clip


@pytest.fixture
def analysis(world: World) -> Analysis:
    clip = _clip(world)
    return services.analysis_create(studio=world.a.studio, clip=clip)


def test_analysis_create_is_idempotent_per_clip_and_engine(world: World, analysis: Analysis) -> None:
    again = services.analysis_create(studio=world.a.studio, clip=analysis.clip)
    assert again.pk == analysis.pk
    other = services.analysis_create(studio=world.a.studio, clip=analysis.clip, engine_version="2.0.0")
    assert other.pk != analysis.pk
    assert Analysis.objects.filter(clip=analysis.clip).count() == 2


def test_analysis_create_refuses_a_clip_of_another_studio(world: World) -> None:
    foreign = _clip(world, "b")
    with pytest.raises(NotFoundError):
        services.analysis_create(studio=world.a.studio, clip=foreign)
    assert not Analysis.objects.exists()


def test_only_one_claim_wins(analysis: Analysis) -> None:
    first = services.analysis_claim(analysis_id=analysis.pk, token="worker-1")
    second = services.analysis_claim(analysis_id=analysis.pk, token="worker-2")
    assert first is not None and second is None
    analysis.refresh_from_db()
    assert (analysis.state, analysis.claimed_by, analysis.attempts) == ("running", "worker-1", 1)
    assert analysis.lease_expires_at > timezone.now()


def test_progress_renews_the_lease_only_for_the_holder(analysis: Analysis) -> None:
    services.analysis_claim(analysis_id=analysis.pk, token="w1")
    Analysis.objects.filter(pk=analysis.pk).update(lease_expires_at=timezone.now() + timedelta(seconds=1))
    assert services.analysis_progress(analysis_id=analysis.pk, token="w1", progress=40)
    assert not services.analysis_progress(analysis_id=analysis.pk, token="intruder", progress=90)
    analysis.refresh_from_db()
    assert analysis.progress == 40
    assert analysis.lease_expires_at > timezone.now() + timedelta(seconds=30)


def test_expired_lease_can_be_taken_over_and_the_old_holder_cannot_complete(analysis: Analysis) -> None:
    services.analysis_claim(analysis_id=analysis.pk, token="crashed")
    Analysis.objects.filter(pk=analysis.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.analysis_claim(analysis_id=analysis.pk, token="rescuer") is not None
    assert not services.analysis_complete(
        analysis_id=analysis.pk, token="crashed", result=OK_RESULT, keyframe=None
    )
    assert services.analysis_complete(
        analysis_id=analysis.pk, token="rescuer", result=OK_RESULT, keyframe=b"png"
    )
    analysis.refresh_from_db()
    assert (analysis.state, analysis.attempts, analysis.progress) == ("done", 2, 100)
    assert analysis.keyframe.read() == b"png"
    # Finished is final: a late duplicate message cannot claim or complete it again.
    assert services.analysis_claim(analysis_id=analysis.pk, token="late") is None
    assert not services.analysis_complete(
        analysis_id=analysis.pk, token="rescuer", result=OK_RESULT, keyframe=None
    )


def test_rejected_result_fails_with_the_named_reason(analysis: Analysis) -> None:
    services.analysis_claim(analysis_id=analysis.pk, token="w")
    rejected = {"status": "rejected", "reason": "not_frontal", "message": "x", "metrics": None}
    assert services.analysis_complete(analysis_id=analysis.pk, token="w", result=rejected, keyframe=None)
    analysis.refresh_from_db()
    assert (analysis.state, analysis.reason) == ("failed", "not_frontal")
    assert analysis.message.startswith("Face the camera")


def test_transient_fault_requeues_until_attempts_run_out(analysis: Analysis, settings) -> None:  # noqa: ANN001
    settings.SCREENINGS_MAX_ATTEMPTS = 2
    services.analysis_claim(analysis_id=analysis.pk, token="w1")
    assert (
        services.analysis_release(analysis_id=analysis.pk, token="w1", error="OperationalError()") == "queued"
    )
    services.analysis_claim(analysis_id=analysis.pk, token="w2")
    assert (
        services.analysis_release(analysis_id=analysis.pk, token="w2", error="OperationalError()") == "failed"
    )
    analysis.refresh_from_db()
    assert (analysis.state, analysis.reason, analysis.attempts) == ("failed", "analysis_error", 2)
    assert "OperationalError" in analysis.last_error


def test_poison_clip_stops_after_max_attempts(analysis: Analysis, settings) -> None:  # noqa: ANN001
    """A clip that kills its worker every time: the lease expires, reconcile re-queues, until N."""
    settings.SCREENINGS_MAX_ATTEMPTS = 3
    for attempt in range(1, 4):
        assert services.analysis_claim(analysis_id=analysis.pk, token=f"w{attempt}") is not None
        Analysis.objects.filter(pk=analysis.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
        outcome = services.analysis_reconcile(queued_grace_s=3600)
        expected = (0, 1) if attempt == 3 else (1, 0)
        assert (outcome.requeued_expired, outcome.failed) == expected
    analysis.refresh_from_db()
    assert (analysis.state, analysis.reason, analysis.attempts) == ("failed", "analysis_error", 3)


def test_reconcile_republishes_queued_rows_older_than_the_grace(analysis: Analysis) -> None:
    assert services.analysis_reconcile(queued_grace_s=60).republished_queued == 0
    Analysis.objects.filter(pk=analysis.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    assert services.analysis_reconcile(queued_grace_s=60).republished_queued == 1
    assert services.analysis_reconcile(queued_grace_s=60).republished_queued == 0  # queued_at bumped


def test_purge_deletes_expired_files_but_keeps_rows_and_keyframes(world: World, analysis: Analysis) -> None:
    services.analysis_claim(analysis_id=analysis.pk, token="w")
    services.analysis_complete(analysis_id=analysis.pk, token="w", result=OK_RESULT, keyframe=b"png")
    clip = analysis.clip
    clip.retention_until = world.a.studio.today() + timedelta(days=1)
    clip.save()
    assert services.clips_purge_expired() == 0
    Clip.objects.filter(pk=clip.pk).update(retention_until=world.a.studio.today())
    path = clip.file.path
    assert services.clips_purge_expired() == 1
    clip.refresh_from_db()
    analysis.refresh_from_db()
    assert not clip.file and clip.file_deleted_at is not None
    assert not __import__("os").path.exists(path)
    assert analysis.state == "done" and analysis.keyframe.read() == b"png"
    # A re-run has nothing to read: the claim fails it with a clear reason instead of looping.
    rerun = services.analysis_create(studio=world.a.studio, clip=clip, engine_version="2.0.0")
    assert services.analysis_claim(analysis_id=rerun.pk, token="w") is None
    rerun.refresh_from_db()
    assert (rerun.state, rerun.reason) == ("failed", "clip_deleted")


def test_reanalyse_command_keeps_earlier_results(world: World, analysis: Analysis) -> None:
    from django.core.management import call_command

    services.analysis_claim(analysis_id=analysis.pk, token="w")
    services.analysis_complete(analysis_id=analysis.pk, token="w", result=OK_RESULT, keyframe=None)
    call_command("reanalyse_clips", studio=str(world.a.studio.public_id), engine_version="9.9.9")
    call_command(
        "reanalyse_clips", studio=str(world.a.studio.public_id), engine_version="9.9.9"
    )  # idempotent
    versions = dict(Analysis.objects.filter(clip=analysis.clip).values_list("engine_version", "state"))
    assert versions == {analysis.engine_version: "done", "9.9.9": "queued"}
