"""Set-up shared by the benchmarks that run real Celery workers: a fresh PostgreSQL database of their
own, test settings with Celery not eager, a private media folder, Django set up and migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def fresh_database(name: str) -> str:
    """Drop and re-create `name`; returns its URL."""
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_URL}/{name}"


def worker_benchmark_setup(*, database: str, media_prefix: str) -> Path:
    """Environment for the benchmark and the workers it starts; returns the media folder."""
    sys.path.insert(0, str(ROOT))
    media = Path(tempfile.mkdtemp(prefix=media_prefix))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="studiohealth.settings.test",
        DATABASE_URL=fresh_database(database),
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(media),
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(media)
    call_command("migrate", verbosity=0)
    return media
