"""Dashboard benchmark: roster latency at 500 and 2,000 dancers, and 50 concurrent loggers (gunicorn).

    python benchmarks/dashboard.py [--fresh] [--sizes 500,2000] [--requests 40] [--loggers 50]

1. Creates the PostgreSQL database `bench_dashboard` (its own, never the dev/test ones), migrates
   it and seeds one studio per size (classes of 25) × 6 screenings (plié + stance, analysed) × 20
   weeks of class-program logs. Re-runs reuse the seeded database unless --fresh.
2. Starts gunicorn on 127.0.0.1 (gthread workers; the cache is Redis, `CACHE_URL`, default
   REDIS_URL, as in production: the data versions must be shared by every process) and, per size,
   measures p50/p95 of GET /api/studios/<id>/dashboard/roster/ (its default page of 50 rows, sorted
   and counted over every dancer) warm, and right after a data change (one dancer logs a set through
   the API, then the director reads the roster), and the roster page (100 rows a page) warm; the
   same three again in-process (Django's whole stack, no HTTP server), and the roster's SQL query
   count warm and after a change.
3. 50 dancers of the first studio log sets concurrently (POST /api/studios/<id>/logs/, token auth,
   unique idempotency keys), bounded by --sets-per-logger and --deadline: error count and p50/p95.

Targets (docs/dashboards.md): roster p95 ≤ 100 ms warm, ≤ 300 ms after a change, the same query
count at every size; page p95 ≤ 150 ms; loggers 0 errors, p95 ≤ 250 ms.
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
PER_CLASS, SCREENINGS, WEEKS = 25, 6, 20
PASSWORD = "bench-password-2026"


def _setup_env() -> None:
    os.environ["DATABASE_URL"] = f"{PG_URL}/{DB_NAME}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "studiohealth.settings.test"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    os.environ.setdefault("CACHE_URL", os.environ["REDIS_URL"])
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


def _names(size: int) -> tuple[str, str]:
    """Studio and director names; the 500-dancer studio keeps the names of earlier runs."""
    return (
        ("Bench Academy", "bench_director")
        if size == 500
        else (f"Bench Academy {size}", f"bench_director_{size}")
    )


def _seed(size: int, n_loggers: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rest_framework.authtoken.models import Token

    from dashboards.seeding import seed_class
    from studios.models import ClassGroup, Role, Season, Studio
    from studios.services import membership_grant, studio_create
    from tests.factories import UserFactory

    name, director_name = _names(size)
    studio = Studio.objects.filter(name=name).first()
    if studio is None:
        t0 = time.perf_counter()
        director = UserFactory(username=director_name, password=PASSWORD)
        studio = studio_create(name=name, director=director)
        today = studio.today()
        season = Season.objects.create(
            studio=studio, name="Bench season", starts_on=today - timedelta(weeks=WEEKS + 2),
            ends_on=today + timedelta(weeks=20),
        )  # fmt: skip
        teacher = UserFactory(username=f"bench_teacher_{size}", password=PASSWORD)
        membership_grant(studio=studio, user=teacher, role=Role.TEACHER)
        for i in range(size // PER_CLASS):
            group = ClassGroup.objects.create(studio=studio, season=season, name=f"Class {i + 1:02d}")
            group.teachers.add(teacher)
            seed_class(
                studio=studio, season=season, group=group, n_dancers=PER_CLASS, screenings=SCREENINGS,
                weeks=WEEKS, today=today, seed=i,
            )  # fmt: skip
        print(f"seeded {size} dancers in {time.perf_counter() - t0:.1f} s")
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return _fixtures(studio, Token, director_name, n_loggers)


def _fixtures(studio, Token, director_name: str, n_loggers: int) -> dict:  # noqa: ANN001, N803
    """Accounts for the loggers (dancer users with API tokens) and what they log against."""
    from programs.models import Assignment
    from studios.models import DancerProfile, Role, User
    from studios.services import membership_grant

    loggers = []
    dancers = list(DancerProfile.objects.filter(studio=studio).order_by("pk")[:n_loggers])
    for i, dancer in enumerate(dancers):
        if dancer.user is None:
            user = User.objects.create_user(username=f"bench_dancer_{studio.pk}_{i:02d}", password=PASSWORD)
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
    director = User.objects.get(username=director_name)
    director_token, _ = Token.objects.get_or_create(user=director)
    return {
        "studio": str(studio.public_id),
        "studio_pk": studio.pk,
        "director": director_name,
        "director_token": director_token.key,
        "loggers": loggers,
        "dancers": DancerProfile.objects.filter(studio=studio).count(),
    }


def _log_one(base: str, fx: dict) -> None:
    """One set logged through the API by the studio's first dancer: a real data change."""
    logger = fx["loggers"][0]
    body = {"assignment": logger["assignment"], "exercise": logger["exercise"], "reps": 12,
            "idempotency_key": uuid.uuid4().hex}  # fmt: skip
    r = requests.post(f"{base}/api/studios/{fx['studio']}/logs/", json=body, timeout=30,
                      headers={"Authorization": f"Token {logger['token']}"})  # fmt: skip
    r.raise_for_status()


def _after_change(api: requests.Session, base: str, fx: dict, n: int) -> list[float]:
    url = f"{base}/api/studios/{fx['studio']}/dashboard/roster/"
    out = []
    for _ in range(n):
        _log_one(base, fx)
        t0 = time.perf_counter()
        r = api.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    return out


def _query_counts(base: str, fx: dict) -> tuple[int, int]:
    """SQL queries of one roster read, warm and right after a data change (in this process)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.query import RosterQuery
    from dashboards.selectors import roster_get
    from studios.models import Studio, User
    from studios.policies import actor_for
    from studios.selectors import season_current

    studio = Studio.objects.get(pk=fx["studio_pk"])
    actor = actor_for(user=User.objects.get(username=fx["director"]), studio=studio)

    def count() -> int:
        season = season_current(studio=studio)
        with CaptureQueriesContext(connection) as ctx:
            roster_get(actor=actor, query=RosterQuery(), season=season)
        return len(ctx.captured_queries)

    count()
    warm = count()
    _log_one(base, fx)
    return warm, count()


CPU_MS: dict[str, list[float]] = {}  # CPU time of this process per in-process request, by measurement


def _in_process(base: str, fx: dict, n: int) -> tuple[list[float], list[float], list[float]]:
    """The roster API warm and right after a change, and the page warm, through Django's full
    middleware stack in this process (no HTTP server, no gunicorn queueing): on a shared, loaded box
    this separates the app's own time from waiting for a CPU behind other processes. The CPU time
    each request used in this process goes to CPU_MS (PostgreSQL's and Redis's own work excluded)."""
    from django.conf import settings
    from django.test import Client

    from studios.models import User

    settings.ALLOWED_HOSTS = ["*"]
    api = Client(HTTP_AUTHORIZATION=f"Token {fx['director_token']}")
    url = f"/api/studios/{fx['studio']}/dashboard/roster/"

    def timed(name: str, client: Client, path: str, before: object = None) -> float:
        if callable(before):
            before()
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(path)
        ms = (time.perf_counter() - t0) * 1000
        CPU_MS.setdefault(name, []).append((time.process_time() - c0) * 1000)
        assert response.status_code == 200, response.status_code
        return ms

    CPU_MS.clear()
    api.get(url)
    warm = [timed("in-process roster warm", api, url) for _ in range(n)]
    changed = [timed("in-process after a change", api, url, lambda: _log_one(base, fx)) for _ in range(n)]
    page = Client()
    page.force_login(User.objects.get(username=fx["director"]))
    page_url = f"/s/{fx['studio']}/dashboard/roster/"
    page.get(page_url)
    return warm, changed, [timed("in-process page warm", page, page_url) for _ in range(n)]


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


def _login(base: str, username: str) -> requests.Session:
    s = requests.Session()
    s.get(f"{base}/login/")
    token = s.cookies.get("csrftoken") or next((c.value for c in s.cookies if "csrftoken" in c.name), "")
    r = s.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
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
    parser.add_argument("--sizes", default="500,2000", help="dancers per benchmark studio, comma-separated")
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
    parser.add_argument("--no-loggers", action="store_true", help="skip the concurrent loggers (step 3)")
    args = parser.parse_args()

    _setup_env()
    _create_db(args.fresh)
    sizes = [int(v) for v in args.sizes.split(",")]
    fixtures = [_seed(size, args.loggers if i == 0 else 1) for i, size in enumerate(sizes)]
    fx = fixtures[0]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start_gunicorn(port, args.workers, args.threads)
    try:
        print(
            f"gunicorn gthread {args.workers}×{args.threads}; cache {os.environ['CACHE_URL']}; load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}"
        )
        for one in fixtures:
            api = requests.Session()
            api.headers["Authorization"] = f"Token {one['director_token']}"
            url = f"{base}/api/studios/{one['studio']}/dashboard/roster/"
            warm = _timed_gets(api, url, args.requests)
            changed = _after_change(api, base, one, args.requests)
            body = api.get(url).json()
            queries_warm, queries_changed = _query_counts(base, one)
            print(f"dancers: {one['dancers']} (roster count {body['count']}, {len(body['rows'])} rows per page); "
                  f"SQL queries per roster read: warm {queries_warm}, after a change {queries_changed}")  # fmt: skip
            page = _timed_gets(
                _login(base, one["director"]), f"{base}/s/{one['studio']}/dashboard/roster/", args.requests
            )
            in_warm, in_changed, in_page = _in_process(base, one, args.requests)
            for name, values, target in (
                ("roster warm", warm, 100), ("roster after a change", changed, 300), ("roster page warm", page, 150),
                ("in-process roster warm", in_warm, 100), ("in-process after a change", in_changed, 300),
                ("in-process page warm", in_page, 150),
            ):  # fmt: skip
                p95 = _pct(values, 0.95)
                cpu = CPU_MS.get(name)
                own = f"  (CPU here p50={_pct(cpu, 0.5):.0f} p95={_pct(cpu, 0.95):.0f} ms)" if cpu else ""
                print(
                    f"  {name:26s} n={len(values)} p50={_pct(values, 0.5):.0f} ms p95={p95:.0f} ms "
                    f"max={max(values):.0f} ms  target p95 ≤ {target} ms: {'OK' if p95 <= target else 'MISSED'}{own}"
                )
            print(f"  load average now: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
        fx["loggers"] = fx["loggers"][: args.loggers]
        for think in [] if args.no_loggers else args.think or [2.0, 0.0]:
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
