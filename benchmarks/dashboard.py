"""Dashboard benchmark: roster latency with 500 dancers, and 50 concurrent loggers against gunicorn.

    python benchmarks/dashboard.py [--fresh] [--requests 40] [--loggers 50] [--sets-per-logger 20]

1. Creates the PostgreSQL database `bench_dashboard` (its own, never the dev/test ones), migrates
   it and seeds 500 dancers (20 classes × 25) × 6 screenings (plié + stance, analysed) × 20 weeks
   of class-program logs. Re-runs reuse the seeded database unless --fresh.
2. Starts gunicorn on 127.0.0.1 (gthread workers) and measures p50/p95 of
   GET /api/studios/<id>/dashboard/roster/ and GET /s/<id>/dashboard/roster/ as the director.
3. 50 dancers log sets concurrently (POST /api/studios/<id>/logs/, token auth, unique idempotency
   keys), bounded by --sets-per-logger and --deadline seconds: prints error count and p50/p95.

Targets (docs/dashboards.md): roster p95 ≤ 150 ms (endpoint and page); loggers 0 errors, p95 ≤ 250 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench_dashboard"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
N_CLASSES, PER_CLASS, SCREENINGS, WEEKS = 20, 25, 6, 20
PASSWORD = "bench-password-2026"


def _setup_env() -> None:
    os.environ["DATABASE_URL"] = f"{PG_URL}/{DB_NAME}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "studiohealth.settings.test"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    sys.path.insert(0, str(ROOT))


def _create_db(fresh: bool) -> bool:
    """Create the benchmark database; True when it is new (needs seeding)."""
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            return True
    return False


def _seed() -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rest_framework.authtoken.models import Token

    from dashboards.seeding import seed_class
    from studios.models import ClassGroup, Role, Season, Studio
    from studios.services import membership_grant, studio_create
    from tests.factories import UserFactory

    studio = Studio.objects.filter(name="Bench Academy").first()
    if studio is None:
        t0 = time.perf_counter()
        director = UserFactory(username="bench_director", password=PASSWORD)
        studio = studio_create(name="Bench Academy", director=director)
        today = studio.today()
        season = Season.objects.create(
            studio=studio, name="Bench season", starts_on=today - timedelta(weeks=WEEKS + 2),
            ends_on=today + timedelta(weeks=20),
        )  # fmt: skip
        teacher = UserFactory(username="bench_teacher", password=PASSWORD)
        membership_grant(studio=studio, user=teacher, role=Role.TEACHER)
        for i in range(N_CLASSES):
            group = ClassGroup.objects.create(studio=studio, season=season, name=f"Class {i + 1:02d}")
            group.teachers.add(teacher)
            seed_class(
                studio=studio, season=season, group=group, n_dancers=PER_CLASS, screenings=SCREENINGS,
                weeks=WEEKS, today=today, seed=i,
            )  # fmt: skip
        print(f"seeded {N_CLASSES * PER_CLASS} dancers in {time.perf_counter() - t0:.1f} s")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return _fixtures(studio, Token)


def _fixtures(studio, Token) -> dict:  # noqa: ANN001, N803
    """Accounts for 50 loggers (dancer users with API tokens) and what they log against."""
    from programs.models import Assignment
    from studios.models import DancerProfile, Role, User
    from studios.services import membership_grant

    loggers = []
    dancers = list(DancerProfile.objects.filter(studio=studio).order_by("pk")[:50])
    for i, dancer in enumerate(dancers):
        if dancer.user is None:
            user = User.objects.create_user(username=f"bench_dancer_{i:02d}", password=PASSWORD)
            dancer.user = user
            dancer.save(update_fields=["user"])
            membership_grant(studio=studio, user=user, role=Role.DANCER)
        token, _ = Token.objects.get_or_create(user=dancer.user)
        group = dancer.classes.first()
        assignment = Assignment.objects.filter(studio=studio, class_group=group).first()
        exercise = assignment.program.items.first().exercise
        loggers.append(
            {"token": token.key, "assignment": str(assignment.public_id), "exercise": str(exercise.public_id)}
        )
    director_token, _ = Token.objects.get_or_create(user=User.objects.get(username="bench_director"))
    return {
        "studio": str(studio.public_id),
        "director_token": director_token.key,
        "loggers": loggers,
        "dancers": DancerProfile.objects.filter(studio=studio).count(),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "gunicorn", "studiohealth.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
        "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
        "--keep-alive", "30",  # longer than a logger's rest, or the idle close races the next POST
    ]  # fmt: skip
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/login/", timeout=10)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start (see var/bench-gunicorn.log)")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _timed_gets(session: requests.Session, url: str, n: int, **kw: object) -> list[float]:
    session.get(url, **kw).raise_for_status()  # warm-up (connections, caches)
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = session.get(url, **kw)
        out.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    return out


def _login(base: str) -> requests.Session:
    s = requests.Session()
    s.get(f"{base}/login/")
    token = s.cookies.get("csrftoken") or next((c.value for c in s.cookies if "csrftoken" in c.name), "")
    r = s.post(
        f"{base}/login/",
        data={"username": "bench_director", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
    )
    r.raise_for_status()
    return s


def _loggers(
    base: str, fx: dict, sets_each: int, deadline_s: float, think_s: float
) -> tuple[list[float], int, int]:
    url = f"{base}/api/studios/{fx['studio']}/logs/"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(fx["loggers"]))
    stop_at = time.monotonic() + deadline_s

    def run(logger: dict) -> None:
        rng = random.Random(logger["token"])
        s = requests.Session()
        s.headers["Authorization"] = f"Token {logger['token']}"
        start.wait()
        for _ in range(sets_each):
            if time.monotonic() > stop_at:
                return
            body = {
                "assignment": logger["assignment"],
                "exercise": logger["exercise"],
                "reps": 12,
                "idempotency_key": uuid.uuid4().hex,
            }
            t0 = time.perf_counter()
            try:
                r = s.post(url, json=body, timeout=30)
                ok = r.status_code == 201
                detail = f"{r.status_code} {r.text[:120]}"
            except requests.RequestException as exc:
                ok, detail = False, repr(exc)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                if not ok:
                    errors.append(detail)
            if think_s:
                # A dancer rests between sets; uniform 0.5–1.5 × the mean, so they do not march in step.
                time.sleep(think_s * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=run, args=(lg,)) for lg in fx["loggers"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print("  first errors:", errors[:3])
    return latencies, len(errors), len(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed the benchmark database")
    parser.add_argument("--requests", type=int, default=40, help="timed GETs per roster URL")
    parser.add_argument("--loggers", type=int, default=50)
    parser.add_argument("--sets-per-logger", type=int, default=20)
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds the loggers may run")
    parser.add_argument(
        "--think", type=float, action="append", default=None,
        help="mean seconds a logger rests between sets (repeatable; default: 2 and 0 = saturation)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    _setup_env()
    _create_db(args.fresh)
    fx = _seed()
    fx["loggers"] = fx["loggers"][: args.loggers]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start_gunicorn(port, args.workers, args.threads)
    try:
        api = requests.Session()
        api.headers["Authorization"] = f"Token {fx['director_token']}"
        endpoint = _timed_gets(api, f"{base}/api/studios/{fx['studio']}/dashboard/roster/", args.requests)
        rows = len(api.get(f"{base}/api/studios/{fx['studio']}/dashboard/roster/").json()["rows"])
        page = _timed_gets(_login(base), f"{base}/s/{fx['studio']}/dashboard/roster/", args.requests)
        print(
            f"dancers: {fx['dancers']} (roster rows: {rows}); gunicorn gthread {args.workers}×{args.threads}"
        )
        for name, values in (("roster endpoint", endpoint), ("roster page", page)):
            p95 = _pct(values, 0.95)
            print(
                f"{name:16s} n={len(values)} p50={_pct(values, 0.5):.0f} ms p95={p95:.0f} ms "
                f"max={max(values):.0f} ms  target p95 ≤ 150 ms: {'OK' if p95 <= 150 else 'MISSED'}"
            )
        for think in args.think or [2.0, 0.0]:
            t0 = time.perf_counter()
            lat, errors, total = _loggers(base, fx, args.sets_per_logger, args.deadline, think)
            wall = time.perf_counter() - t0
            p95 = _pct(lat, 0.95) if lat else float("nan")
            print(
                f"{len(fx['loggers'])} concurrent loggers, think {think:g} s: {total} sets in {wall:.1f} s "
                f"({total / wall:.0f}/s), errors={errors} p50={statistics.median(lat):.0f} ms p95={p95:.0f} ms "
                f"max={max(lat):.0f} ms  targets 0 errors, p95 ≤ 250 ms: "
                f"{'OK' if errors == 0 and p95 <= 250 else 'MISSED'}"
            )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
