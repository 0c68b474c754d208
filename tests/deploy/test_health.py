"""/healthz and /readyz on a REAL gunicorn under the PRODUCTION settings (gunicorn.conf.py), with a
private redis-server and a moto S3 server that the test stops and starts.

The probe is the compose healthcheck's own command (`python -m ops.probe /readyz`), so this proves
the web container turns healthy with ALLOWED_HOSTS and the HTTPS redirect switched on.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.celery_support import PrivateRedis, free_port, private_redis
from tests.celery_support import test_database_url as live_database_url
from tests.storage.s3server import S3Server, s3_server

REPO = Path(__file__).resolve().parents[2]
BUCKET = "studiohealth-ready"
HOST = "studio.example.com"
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@contextmanager
def production_web(
    *, port: int, redis: PrivateRedis, s3: S3Server, log: Path, extra: dict[str, str] | None = None
) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CACHE_", "CELERY_"))}
    env.update(
        s3.storage_env(BUCKET),
        DJANGO_SETTINGS_MODULE="studiohealth.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=live_database_url(),
        REDIS_URL=redis.url,
        CACHE_URL=redis.url.replace("/0", "/1"),
        CELERY_TASK_ALWAYS_EAGER="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        PROBE_PORT=str(port),
    )
    env.update(extra or {})
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "studiohealth.wsgi:application"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while _get(port, "/healthz", headers={"Host": HOST})[0] != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield env
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


def _get(port: int, path: str, *, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)
    except OSError:
        return 0, b"", {}


def _compose_probe(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the web healthcheck exactly as docker-compose.yml declares it."""
    test = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["web"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    return subprocess.run(
        [sys.executable, *test[2:]], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def _ready(port: int) -> tuple[int, dict[str, str]]:
    status, body, _ = _get(port, "/readyz?format=json", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    return status, json.loads(body) if body else {}


def _wait_ready(port: int, expected: int) -> dict[str, str]:
    deadline = time.monotonic() + 45
    while True:
        status, checks = _ready(port)
        if status == expected or time.monotonic() > deadline:
            assert status == expected, checks
            return checks
        time.sleep(0.5)


def test_readyz_follows_redis_and_the_bucket_under_production_settings(tmp_path: Path) -> None:
    port = free_port()
    with private_redis(tmp_path) as redis, s3_server(tmp_path / "s3") as s3:
        s3.create_bucket(BUCKET)
        with production_web(port=port, redis=redis, s3=s3, log=tmp_path / "gunicorn.log") as env:
            # What production demands of a request: a known Host, and HTTPS (else a redirect).
            assert _get(port, "/login/", headers={"Host": "127.0.0.1"})[0] == 400
            status, _, headers = _get(port, "/login/", headers={"Host": HOST})
            assert status == 301 and headers["Location"].startswith("https://")
            # Plain-HTTP load-balancer probes are exempt from the redirect (they carry no data).
            assert _get(port, "/healthz", headers={"Host": HOST})[0] == 200
            probe = _compose_probe(env)
            assert probe.returncode == 0, probe.stdout + probe.stderr
            checks = _wait_ready(port, 200)
            assert checks == {
                "Database(alias='default')": "OK",
                "Cache(alias='default')": "OK",
                "MediaStorage(alias='default')": "OK",
                "Broker(redis)": "OK",
            }
            # No addresses for whoever can reach it, in any of its formats.
            openmetrics = _get(
                port, "/readyz?format=openmetrics", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
            )
            assert str(redis.port) not in json.dumps(checks) + openmetrics[1].decode()
            assert s3.object_names(BUCKET) == []  # the storage probe cleans up after itself

            redis.stop()
            checks = _wait_ready(port, 503)
            assert {k for k, v in checks.items() if v != "OK"} == {"Cache(alias='default')", "Broker(redis)"}
            assert _get(port, "/healthz", headers={"Host": HOST})[0] == 200  # alive, just not ready
            assert _compose_probe(env).returncode == 1
            redis.start()
            _wait_ready(port, 200)

            s3.stop()
            checks = _wait_ready(port, 503)
            assert checks["MediaStorage(alias='default')"] == "Unavailable: media storage unreachable"
            assert _compose_probe(env).returncode == 1
            s3.start()
            s3.create_bucket(BUCKET)  # moto keeps nothing across a restart; the operator restores it
            _wait_ready(port, 200)
            assert _compose_probe(env).returncode == 0


def _healthz_count(port: int, token: str) -> float:
    status, body, _ = _get(
        port,
        "/metrics",
        headers={"Host": HOST, "X-Forwarded-Proto": "https", "Authorization": f"Bearer {token}"},
    )
    assert status == 200, body[:500]
    return sum(
        sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
        if sample.name == "studiohealth_http_request_duration_seconds_count"
        and sample.labels["route"] == "/healthz"
    )


def test_metrics_sum_every_gunicorn_worker_and_need_the_token(tmp_path: Path) -> None:
    port, token = free_port(), secrets.token_urlsafe(32)
    extra = {
        "GUNICORN_WORKERS": "2",
        "METRICS_TOKEN": token,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
    }
    (tmp_path / "prom").mkdir()
    with private_redis(tmp_path) as redis, s3_server(tmp_path / "s3") as s3:
        s3.create_bucket(BUCKET)
        with production_web(port=port, redis=redis, s3=s3, log=tmp_path / "gunicorn.log", extra=extra):
            assert _get(port, "/metrics", headers={"Host": HOST, "X-Forwarded-Proto": "https"})[0] == 404
            before = _healthz_count(port, token)
            for _ in range(20):  # a new connection each: both workers serve some of them
                assert _get(port, "/healthz", headers={"Host": HOST})[0] == 200
            # Whichever worker answers the scrape, it reports all 20 (multiprocess files).
            assert [_healthz_count(port, token) - before for _ in range(4)] == [20.0] * 4
