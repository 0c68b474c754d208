"""Clip retention: defaults, the purge task, and consent withdrawal ending in deleted video bytes.

The end-to-end test runs the real beat task (`screenings.tasks.purge_expired_clips`) in a real
Celery worker process; after it, the clip's file link answers 404 (a leaked link is dead).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from screenings.models import Clip
from screenings.tasks import purge_expired_clips
from studios.models import GuardianConsent
from studios.selectors import retention_until_for
from tests.celery_support import celery_worker, default_redis_url, flush_redis, publishing_to, wait_for
from tests.conftest import client_for
from tests.privacy.footprint import build_footprint
from tests.world import World, build_world


@pytest.mark.django_db
def test_retention_defaults(world: World) -> None:
    today = world.a.studio.today()
    assert settings.CLIP_RETENTION_DAYS_DEFAULT == 365
    assert world.a.studio.clip_retention_days == 365
    # No consent on file (an adult): the studio's default.
    assert retention_until_for(world.a.other_dancer, today) == today + timedelta(days=365)
    # A guardian's consent names its own, shorter period.
    GuardianConsent.objects.create(
        studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian, retention_days=90
    )
    assert retention_until_for(world.a.dancer, today) == today + timedelta(days=90)


@pytest.mark.django_db
def test_purge_deletes_expired_video_bytes_only(world: World) -> None:
    expired = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    kept = build_footprint(
        world.a, world.a.other_dancer, guardian=world.a.other_guardian, teacher=world.a.other_teacher
    )
    today = world.a.studio.today()
    Clip.objects.filter(pk=expired.clip.pk).update(retention_until=today - timedelta(days=1))
    Clip.objects.filter(pk=kept.clip.pk).update(retention_until=today + timedelta(days=30))
    media = Path(settings.MEDIA_ROOT)

    assert purge_expired_clips() == 1

    assert not (media / expired.files[0]).exists()
    assert (media / expired.files[1]).exists()  # the key frame and the result stay
    assert all((media / name).exists() for name in kept.files)
    clip = Clip.objects.get(pk=expired.clip.pk)
    assert clip.file_deleted_at is not None and not clip.file
    url = reverse("clip-file", kwargs={"studio_id": world.a.studio.public_id, "pk": clip.public_id})
    assert client_for(world, "director").get(url).status_code == 404
    assert purge_expired_clips() == 0  # idempotent


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_consent_withdrawal_purges_clips_through_a_real_worker(tmp_path: Path) -> None:
    world = build_world()
    fp = build_footprint(world.a, world.a.dancer, guardian=world.a.guardian, teacher=world.a.teacher)
    consent = GuardianConsent.objects.get(dancer=world.a.dancer)
    clip_file = Path(settings.MEDIA_ROOT) / fp.files[0]
    file_url = reverse("clip-file", kwargs={"studio_id": world.a.studio.public_id, "pk": fp.clip.public_id})
    assert client_for(world, "teacher").get(file_url).status_code == 200

    redis_url = default_redis_url()
    flush_redis(redis_url)
    with celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log"), publishing_to(redis_url):
        url = reverse(
            "consent-withdraw", kwargs={"studio_id": world.a.studio.public_id, "pk": consent.public_id}
        )
        assert client_for(world, "guardian").post(url).status_code == 200
        wait_for(lambda: not clip_file.exists(), timeout=60, what="the worker to delete the clip file")

    clip = Clip.objects.get(pk=fp.clip.pk)
    assert clip.file_deleted_at is not None
    # The same link, even for the teacher who could open it before: gone.
    assert client_for(world, "teacher").get(file_url).status_code == 404
    assert client_for(world, "anonymous").get(file_url).status_code == 401
