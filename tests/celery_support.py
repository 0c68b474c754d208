"""A REAL Celery worker subprocess for tests, on the pytest test database and a given Redis.

Usage (the test needs `@pytest.mark.django_db(transaction=True)` so the worker sees committed rows):

    from tests.celery_support import celery_worker, publishing_to, wait_for

    def test_x(live_db_url, tmp_path):
        with celery_worker(redis_url=REDIS, log_path=tmp_path / "worker.log") as worker, publishing_to(REDIS):
            ...  # code that calls task.delay() / transaction.on_commit(...)
            wait_for(lambda: Row.objects.filter(state="done").count() == n, timeout=120, what="rows done")

Or the fixture `live_worker` (defined in tests/conftest-free form below: import it into your
conftest with `from tests.celery_support import live_worker  # noqa: F401`).

Every wait is bounded, and the worker's whole process group is killed in `finally`, so a failing
test never leaves a worker behind. The worker gets CELERY_TASK_ALWAYS_EAGER=false, the test's
MEDIA_ROOT and database, and `-Q video,default,reports,notifications,maintenance`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.private_server import PrivateServer, free_port, running

REPO_ROOT = Path(__file__).resolve().parent.parent
ALL_QUEUES = "video,default,reports,notifications,maintenance"
LIGHT_QUEUES = "default,reports,notifications,maintenance"  # the light worker in docker-compose.yml


def default_redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def test_database_url() -> str:
    """DATABASE_URL of the database pytest-django is using right now (the test database)."""
    from django.db import connection

    s = connection.settings_dict
    auth = quote(s.get("USER") or "postgres")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.5) -> None:
    """Poll until `predicate()` is true; fail the test (not hang) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


@dataclass
class WorkerProcess:
    proc: subprocess.Popen
    log_path: Path
    env: dict[str, str]
    cmd: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill9(self) -> None:
        """Crash it: SIGKILL to the whole process group (parent and pool children), no clean-up."""
        _signal_group(self.proc, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc.poll() is not None:
            return
        _signal_group(self.proc, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(self.proc, signal.SIGKILL)
            self.proc.wait(timeout=10)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)  # the worker runs in its own session: pgid == its pid


def start_worker(
    *,
    redis_url: str,
    log_path: Path,
    database_url: str | None = None,
    media_root: Path | str | None = None,
    queues: str = ALL_QUEUES,
    concurrency: int = 1,
    max_tasks_per_child: int = 20,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 90.0,
) -> WorkerProcess:
    """Start `celery -A studiohealth worker` and return once it reports ready (bounded)."""
    from django.conf import settings

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="studiohealth.settings.test",
        DATABASE_URL=database_url or test_database_url(),
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(media_root or settings.MEDIA_ROOT),
        PYTHONUNBUFFERED="1",
        OMP_NUM_THREADS="1",
        LOG_LEVEL="INFO",
    )
    env.update(extra_env or {})
    cmd = [
        sys.executable, "-m", "celery", "-A", "studiohealth", "worker",
        "-Q", queues, "-c", str(concurrency), "--max-tasks-per-child", str(max_tasks_per_child),
        "-n", f"test-{uuid.uuid4().hex[:8]}@%h", "-l", "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-O", "fair",
    ]  # fmt: skip
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = WorkerProcess(proc=proc, log_path=log_path, env=env, cmd=cmd)
    deadline = time.monotonic() + ready_timeout
    start_offset = 0
    while time.monotonic() < deadline:
        if not worker.alive():
            raise RuntimeError(f"celery worker exited with {proc.returncode}:\n{worker.log()[-3000:]}")
        if " ready." in worker.log()[start_offset:]:
            return worker
        time.sleep(0.3)
    worker.stop()
    raise RuntimeError(f"celery worker not ready after {ready_timeout}s:\n{worker.log()[-3000:]}")


@contextmanager
def celery_worker(**kwargs: object) -> Iterator[WorkerProcess]:
    """start_worker(...) as a context manager that always kills the worker's process group."""
    worker = start_worker(**kwargs)  # type: ignore[arg-type]
    try:
        yield worker
    finally:
        worker.stop()


@contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Make THIS (pytest) process publish tasks to `broker_url` for real, not eagerly.

    Test settings run Celery eagerly; the worker tests need `.delay()` / on_commit to reach the
    worker. The app's connection pools are dropped on entry and exit so the URL change takes effect.
    """
    from studiohealth.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    _drop_pools(app)
    app.conf.broker_url = broker_url
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        _drop_pools(app)
        app.conf.broker_url, app.conf.task_always_eager = saved


def _drop_pools(app: object) -> None:
    # Celery caches a broker connection pool and a producer pool per app, taken from kombu's global
    # registry (keyed by URL) at first use: clear both so the next publish uses the URL now set.
    from kombu import pools

    app._pool = None  # type: ignore[attr-defined]  # noqa: SLF001
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # noqa: SLF001
    pools.reset()


def flush_redis(redis_url: str) -> None:
    """Empty this Redis database (left-over messages of an aborted earlier run)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


@dataclass
class PrivateRedis(PrivateServer):
    """A throw-away redis-server on a free port (never the shared one on 6379), no persistence."""

    workdir: Path
    name = "private redis-server"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def spawn(self) -> subprocess.Popen:
        return subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False


def private_redis(workdir: Path) -> AbstractContextManager[PrivateRedis]:
    return running(PrivateRedis(port=free_port(), workdir=workdir))


@contextmanager
def private_worker(workdir: Path, **worker_kwargs: object) -> Iterator[tuple[PrivateRedis, WorkerProcess]]:
    """A real worker on a private redis-server that this process publishes to (worker.log in
    workdir): the fault tests, which restart or starve the broker."""
    with (
        private_redis(workdir) as broker,
        publishing_to(broker.url),
        celery_worker(redis_url=broker.url, log_path=workdir / "worker.log", **worker_kwargs) as worker,
    ):
        yield broker, worker


@pytest.fixture
def live_worker(tmp_path: Path) -> Iterator[WorkerProcess]:
    """A real worker on REDIS_URL and the test database; this process publishes to it for real."""
    redis_url = default_redis_url()
    flush_redis(redis_url)
    with (
        celery_worker(redis_url=redis_url, log_path=tmp_path / "worker.log") as worker,
        publishing_to(redis_url),
    ):
        yield worker
