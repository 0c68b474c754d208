"""Settings from the environment fail at boot on a typo, and read secrets from *_FILE.

Each case boots the production settings in a child process, as gunicorn and celery would.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from studiohealth.settings.envtools import parse_strict_bool

REPO = Path(__file__).resolve().parents[2]
BOOT = "import django; django.setup(); from django.conf import settings; import json; print(json.dumps({k: repr(getattr(settings, k)) for k in %r}))"  # noqa: E501


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "STORAGE_BACKEND"}}
    env.update(
        DJANGO_SETTINGS_MODULE="studiohealth.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="studio.example.com",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
    )
    env.update(extra)
    return env


def _boot(env: dict[str, str], *keys: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BOOT % (keys,)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def _values(out: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert out.returncode == 0, out.stderr[-2000:]
    values: dict[str, str] = json.loads(out.stdout.strip().splitlines()[-1])
    return values


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("False", False), ("1", True), ("0", False)])
def test_booleans_accept_true_false_1_0(raw: str, expected: bool) -> None:
    assert parse_strict_bool("X", raw) is expected


@pytest.mark.parametrize("raw", ["Flase", "yes", "on", "", "2", "true!"])
def test_any_other_boolean_is_refused_with_the_variable_name(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT must be true or false"):
        parse_strict_bool("SECURE_SSL_REDIRECT", raw)


def test_a_boolean_typo_stops_production_at_boot() -> None:
    out = _boot(_production_env(SECURE_SSL_REDIRECT="Ture"), "SECURE_SSL_REDIRECT")
    assert out.returncode != 0
    assert "SECURE_SSL_REDIRECT must be true or false (or 1/0), not 'Ture'" in out.stderr
    assert _values(_boot(_production_env(SECURE_SSL_REDIRECT="false"), "SECURE_SSL_REDIRECT")) == {
        "SECURE_SSL_REDIRECT": "False"
    }


def test_secrets_are_read_from_files(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    (tmp_path / "secret_key").write_text(key + "\n")  # as `echo ... > file` writes it
    (tmp_path / "s3_secret").write_text("s3-secret-value\n")
    env = _production_env(
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY_FILE=str(tmp_path / "s3_secret"),
    )
    del env["SECRET_KEY"]
    values = _values(_boot(env, "SECRET_KEY", "STORAGES"))
    assert values["SECRET_KEY"] == repr(key)
    assert "'secret_key': 's3-secret-value'" in values["STORAGES"]
    assert "'bucket_name': 'media'" in values["STORAGES"]
    assert "studiohealth.core.storage.MediaS3Storage" in values["STORAGES"]


def test_a_missing_secret_file_stops_the_boot(tmp_path: Path) -> None:
    env = _production_env(SECRET_KEY_FILE=str(tmp_path / "nope"))
    out = _boot(env, "SECRET_KEY")
    assert out.returncode != 0
    assert "SECRET_KEY_FILE points to" in out.stderr


def test_storage_backend_is_checked_at_boot() -> None:
    out = _boot(_production_env(STORAGE_BACKEND="s4"), "STORAGES")
    assert out.returncode != 0 and "STORAGE_BACKEND must be one of filesystem, s3, not 's4'" in out.stderr
    out = _boot(_production_env(STORAGE_BACKEND="s3"), "STORAGES")
    assert out.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in out.stderr
    values = _values(_boot(_production_env(), "STORAGES"))
    assert "FileSystemStorage" in values["STORAGES"]  # the default: one local disk
