"""Production settings fail at boot without their secrets."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT


def _boot(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="studiohealth.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO_ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_boot_without_secret_key() -> None:
    result = _boot({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_boots_with_its_environment() -> None:
    result = _boot({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test", "SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
