"""`make demo` runs on the embedded default (SQLite, Celery eager): seed it for real and open the pages.

The rest of the suite runs on PostgreSQL, so this is the one place SQL that only PostgreSQL accepts
would show up (it did once: the roster cache fingerprint).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PAGES_SCRIPT = r"""
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
from studios.models import ClassGroup, DancerProfile, Studio, User

studio = Studio.objects.get(name="Demo Ballet Academy")
dancer = DancerProfile.objects.filter(studio=studio).first()
group = ClassGroup.objects.get(studio=studio, name="Ballet III")
s = studio.public_id
with override_settings(ALLOWED_HOSTS=["testserver"]):
    for username, urls in {
        "director": [
            "/", f"/s/{s}/dashboard/roster/", f"/s/{s}/dashboard/classes/{group.public_id}/",
            f"/s/{s}/dashboard/dancers/{dancer.public_id}/", f"/s/{s}/reports/dancers/{dancer.public_id}.pdf",
            f"/api/studios/{s}/dashboard/roster/", f"/s/{s}/audit/",
        ],
        "dancer1": ["/", f"/s/{s}/programs/today/", f"/s/{s}/screenings/upload/"],
        "guardian1": ["/", f"/s/{s}/privacy/"],
    }.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            status = client.get(url).status_code
            print(username, status, url)
            assert status == 200, (username, url, status)
print("DEMO PAGES OK")
"""

# Parallel audited GETs (a page's two key frames load at once): every one 200, no "database is locked".
PARALLEL_SCRIPT = r"""
import django
django.setup()
from concurrent.futures import ThreadPoolExecutor
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from privacy.models import AuditEvent
from studios.models import DancerProfile, Studio, User

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    assert cursor.fetchone()[0] == "wal"
studio = Studio.objects.get(name="Demo Ballet Academy")
dancer = DancerProfile.objects.filter(studio=studio).first()
url = f"/s/{studio.public_id}/dashboard/dancers/{dancer.public_id}/"
director = User.objects.get(username="director")
before = AuditEvent.objects.count()

def get(_):
    from django.db import connection as own
    try:
        client = Client()
        client.force_login(director)
        return client.get(url).status_code
    finally:
        own.close()

with override_settings(ALLOWED_HOSTS=["testserver"]), ThreadPoolExecutor(max_workers=8) as pool:
    statuses = list(pool.map(get, range(24)))
assert statuses == [200] * 24, statuses
assert AuditEvent.objects.count() - before >= 24
print("PARALLEL OK")
"""


@pytest.mark.slow
def test_demo_seeds_and_serves_on_sqlite(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
    env.update(
        DJANGO_SETTINGS_MODULE="studiohealth.settings.local",
        CELERY_TASK_ALWAYS_EAGER="true",
        VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    run("manage.py", "migrate", "--noinput", "-v", "0")
    seeded = run("manage.py", "seed_demo")
    assert "Demo Ballet Academy (12 dancers)" in seeded
    assert "director" in seeded and "demo-studio-2026" in seeded
    assert (tmp_path / "demo.sqlite3").is_file()
    assert "DEMO PAGES OK" in run("-c", PAGES_SCRIPT)
    assert "PARALLEL OK" in run("-c", PARALLEL_SCRIPT)
