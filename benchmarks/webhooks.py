"""Webhook fan-out: 500 events to N subscriptions through the real Celery `notifications` queue.

    python benchmarks/webhooks.py [--events 500] [--subscriptions 5] [--concurrency 4]

Creates its own PostgreSQL database `bench_webhooks` (dropped and re-created each run), a private
redis-server on a free port, the light worker's queue (`-Q notifications -c <concurrency>`) and a
local HTTP receiver (tests/integrations/test_webhooks.py) that verifies every signature. Each event
is emitted as the services do (`webhook_event_emit`: one delivery row per subscription, one task
each, after commit). In one run it prints: the emit time on the web side, events/s and
deliveries/s end to end, p50/p95/max delivery latency (emit → the receiver has it), and failures
(bad signatures, duplicates, deliveries not delivered). No assertion: targets live here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from worker_bench import ROOT, worker_benchmark_setup

sys.path.insert(0, str(ROOT))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--subscriptions", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    media = worker_benchmark_setup(database="bench_webhooks", media_prefix="bench-webhooks-media-")
    from integrations.webhook_models import DeliveryState, WebhookDelivery
    from integrations.webhooks import webhook_event_emit, webhook_subscription_create
    from studios.policies import actor_for
    from tests.celery_support import celery_worker, private_redis, publishing_to
    from tests.integrations.test_webhooks import receiver
    from tests.world import build_world

    world = build_world()
    studio = world.a.studio
    director = actor_for(user=world.a.director, studio=studio)
    assert director is not None  # noqa: S101
    total = args.events * args.subscriptions
    emitted: dict[int, float] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        private_redis(Path(tmp)) as broker,
        publishing_to(broker.url),
        contextlib.ExitStack() as stack,
    ):
        receivers = []  # one receiver per subscription: each verifies with its own secret
        for _ in range(args.subscriptions):
            state, url = stack.enter_context(receiver())
            _, state.secret = webhook_subscription_create(
                studio=studio, actor=director, url=url, events=["dancer.archived"]
            )
            receivers.append(state)

        def received() -> list[dict]:
            return [r for state in receivers for r in state.received]

        common = {"redis_url": broker.url, "database_url": os.environ["DATABASE_URL"], "media_root": media}
        with celery_worker(
            log_path=Path(tmp) / "light.log", queues="notifications", concurrency=args.concurrency,
            max_tasks_per_child=10_000, **common,
        ) as worker:  # fmt: skip
            start = time.time()
            for seq in range(args.events):
                emitted[seq] = time.time()
                webhook_event_emit(studio=studio, event="dancer.archived", data={"dancer": str(seq), "seq": seq})
            emit_seconds = time.time() - start
            deadline = time.monotonic() + 600
            while len(received()) < total and time.monotonic() < deadline and worker.alive():
                time.sleep(0.1)
            got = received()
            end = max((r["at"] for r in got), default=time.time())
        bad_signatures = sum(state.bad_signatures for state in receivers)
    latencies = [r["at"] - emitted[r["body"]["data"]["seq"]] for r in got]
    not_delivered = WebhookDelivery.objects.exclude(state=DeliveryState.DELIVERED).count()
    duplicates = sum(1 for r in got if r["duplicate"])
    elapsed = end - start
    print(f"{args.events} events × {args.subscriptions} subscriptions = {total} deliveries, "
          f"1 worker -Q notifications -c {args.concurrency}, local receiver:")  # fmt: skip
    print(f"  emit (web side, rows + publish):  {emit_seconds:6.2f} s  ({args.events / emit_seconds:7.1f} events/s)")
    print(f"  end to end (first emit → last delivery): {elapsed:6.2f} s")
    print(f"  throughput:  {args.events / elapsed:7.1f} events/s, {len(got) / elapsed:7.1f} deliveries/s")
    if latencies:
        print(
            f"  delivery latency: p50 {statistics.median(latencies):.2f} s, p95 {_pct(latencies, 0.95):.2f} s, "
            f"max {max(latencies):.2f} s"
        )
    print(
        f"  failures: {total - len(got)} not received, {not_delivered} not marked delivered, "
        f"{bad_signatures} bad signatures, {duplicates} duplicates"
    )


if __name__ == "__main__":
    main()
