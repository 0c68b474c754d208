"""Races on real PostgreSQL: simultaneous identical uploads, simultaneous sets (issue 11 item 3).

Each thread has its own database connection and they are released together by a barrier, so the
check-then-insert windows really overlap. Publishing goes to a private redis-server with no worker:
the analyses stay queued and nothing else runs.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from programs.dancer_services import log_set
from programs.models import ExerciseLog
from screenings import services
from screenings.models import Analysis, Clip, Screening
from studios.policies import actor_for
from tests.celery_support import private_redis, publishing_to
from tests.programs.factories import make_assignment, make_program
from tests.world import World

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _together(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work(i))
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def test_five_identical_uploads_at_once_make_one_clip_screening_and_analysis(
    consented: World, shared_clips: Path, tmp_path: Path
) -> None:
    from django.conf import settings

    a = consented.a
    actor = actor_for(user=a.teacher, studio=a.studio)
    data = (shared_clips / "squat_frontal_woman.mp4").read_bytes()

    def upload(_: int) -> services.ClipUpload:
        return services.clip_create(
            studio=a.studio,
            actor=actor,
            dancer=a.dancer,
            test="plie",
            upload=SimpleUploadedFile("s.mp4", data),
        )

    with private_redis(tmp_path) as broker, publishing_to(broker.url):
        results, errors = _together(5, upload)
    assert errors == []
    assert (Screening.objects.count(), Clip.objects.count(), Analysis.objects.count()) == (1, 1, 1)
    assert sorted(r.created for r in results) == [False, False, False, False, True]
    assert {r.clip.pk for r in results} == {Clip.objects.get().pk}
    # The losers' stored bytes were deleted again: one video file on disk.
    assert len(list((Path(settings.MEDIA_ROOT) / "clips").rglob("*.*"))) == 1


def _set_logger(w: World, *, days_ago: int) -> Callable[..., tuple[ExerciseLog, bool]]:
    """Ada on a one-exercise program from `days_ago` days back; the function logs a set of it through
    the real service (as she would from the phone)."""
    a = w.a
    program = make_program(studio=a.studio, n=1)
    assignment = make_assignment(
        studio=a.studio, program=program, dancer=a.dancer, starts_on=a.studio.today() - timedelta(days=days_ago)
    )
    exercise = program.items.get().exercise
    actor = actor_for(user=a.dancer_user, studio=a.studio)
    assert actor is not None

    def log(idempotency_key: str, **fields: Any) -> tuple[ExerciseLog, bool]:
        return log_set(
            studio=a.studio, actor=actor, dancer=a.dancer, assignment=assignment, exercise=exercise,
            idempotency_key=idempotency_key, **fields,
        )  # fmt: skip

    return log


def test_ten_sets_logged_at_once_get_distinct_set_numbers(world: World) -> None:
    log = _set_logger(world, days_ago=1)
    results, errors = _together(10, lambda _: log(uuid.uuid4().hex, reps=12))
    assert errors == []
    assert all(created for _, created in results)
    numbers = sorted(ExerciseLog.objects.values_list("set_number", flat=True))
    assert numbers == list(range(1, 11))


def test_the_same_set_sent_twice_at_once_is_one_row(world: World) -> None:
    log = _set_logger(world, days_ago=0)
    key = uuid.uuid4().hex
    results, errors = _together(4, lambda _: log(key))
    assert errors == []
    assert ExerciseLog.objects.count() == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
