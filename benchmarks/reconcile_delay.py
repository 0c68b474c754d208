"""How late beat's reconciler runs on a screening day: behind the video backlog vs on `maintenance`.

    python benchmarks/reconcile_delay.py [--clips 20] [../shared/clips]

Creates its own PostgreSQL database `bench_faults` (dropped and re-created each run), a private
redis-server on a free port, one video worker (`-Q video -c 1`, as busy as a screening day makes
it) and the light worker (`-Q default,reports,notifications,maintenance`). Then, in one run:

1. N analyses of a real clip are queued and the reconciler is sent to the `video` queue (the old
   routing): seconds until it runs;
2. N more analyses are queued and the reconciler is sent as routed now (`maintenance`): seconds
   until it runs.

Prints both delays and their ratio. No assertion: targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from worker_bench import worker_benchmark_setup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "bench_faults"
CLIP = "squat_frontal_woman.mp4"
RECONCILED = re.compile(r"Task screenings\.tasks\.reconcile_analyses\[([^\]]+)\] succeeded")


def _queue_analyses(world: object, data: bytes, n: int, offset: int) -> None:
    from django.core.files.base import ContentFile

    from screenings import services
    from screenings.models import Clip, Screening

    a = world.a  # type: ignore[attr-defined]
    for i in range(n):
        screening = Screening.objects.create(
            studio=a.studio,
            dancer=a.dancer,
            season=a.season,
            date=a.season.starts_on + timedelta(days=offset + i),
        )
        clip = Clip(studio=a.studio, screening=screening, dancer=a.dancer, test="plie", container="mp4")
        clip.file.save(f"bench{offset + i}.mp4", ContentFile(data), save=True)
        services.analysis_create(studio=a.studio, clip=clip)


def _delay(worker: object, send: object) -> float:
    seen = len(RECONCILED.findall(worker.log()))  # type: ignore[attr-defined]
    started = time.monotonic()
    send()  # type: ignore[operator]
    while len(RECONCILED.findall(worker.log())) <= seen:  # type: ignore[attr-defined]
        if time.monotonic() - started > 1800:
            raise SystemExit("the reconciler did not run within 30 minutes")
        time.sleep(0.2)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("clips_dir", nargs="?", default=str(ROOT.parent / "shared" / "clips"))
    args = parser.parse_args()
    data = (Path(args.clips_dir) / CLIP).read_bytes()

    media = worker_benchmark_setup(database=DB_NAME, media_prefix="bench-faults-media-")
    from studiohealth.celery import app
    from studios.models import GuardianConsent
    from tests.celery_support import LIGHT_QUEUES, celery_worker, private_redis, publishing_to
    from tests.world import build_world

    world = build_world()
    GuardianConsent.objects.create(studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian)
    db_url = os.environ["DATABASE_URL"]
    reconcile = app.signature("screenings.tasks.reconcile_analyses")
    with tempfile.TemporaryDirectory() as tmp, private_redis(Path(tmp)) as broker, publishing_to(broker.url):
        common = {"redis_url": broker.url, "database_url": db_url, "media_root": media}
        with (
            celery_worker(log_path=Path(tmp) / "video.log", queues="video", concurrency=1, **common) as video,
            celery_worker(log_path=Path(tmp) / "light.log", queues=LIGHT_QUEUES, **common) as light,
        ):
            _queue_analyses(world, data, args.clips, 0)
            behind = _delay(video, lambda: reconcile.apply_async(queue="video"))
            _queue_analyses(world, data, args.clips, args.clips)
            routed = _delay(light, reconcile.delay)
    print(f"{args.clips} analyses queued, 1 video worker (-c 1):")
    print(f"  reconciler on the video queue (old routing):   {behind:7.1f} s late")
    print(f"  reconciler on the maintenance queue (now):     {routed:7.1f} s late")
    print(f"  ratio: {behind / max(routed, 1e-3):.0f}x")


if __name__ == "__main__":
    main()
