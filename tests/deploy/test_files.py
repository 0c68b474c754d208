"""The deployment files, read as Docker would read them (no Docker engine on this machine).

- `.dockerignore`: the build context (`COPY . .`) never holds secrets, data or history.
- `docker-compose.yml`: parsed YAML (anchors and merge keys resolved as compose does), valid against
  the Compose Specification JSON schema (`compose_spec.json`, as shipped in the docker-compose
  1.29.2 wheel on PyPI, `compose/config/compose_spec.json`, Apache-2.0), and the structure the
  production shape needs: one-shot migrate first, health-checked services, no shared media volume
  between app containers, one beat.
- `gunicorn.conf.py`: gunicorn itself accepts it, with a worker class and timeouts fit for uploads.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pathspec
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "worker-light", "beat")
LONG_RUNNING = ("web", "worker", "worker-light", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return data


def test_compose_file_is_valid_by_the_compose_schema(compose: dict[str, Any]) -> None:
    schema = json.loads((Path(__file__).with_name("compose_spec.json")).read_text())
    validator = jsonschema.Draft201909Validator(schema)  # its $schema: draft 2019-09
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(compose)] == []
    # The schema does catch mistakes (a misspelt key, a condition compose does not know).
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["healthcheck"]["intervall"] = "5s"
    broken["services"]["migrate"]["depends_on"]["postgres"]["condition"] = "service_done"
    assert len(list(validator.iter_errors(broken))) == 2


def _ignored(spec: pathspec.PathSpec, relative: str) -> bool:
    return spec.match_file(relative)


def test_dockerignore_keeps_secrets_data_and_history_out_of_the_image(tmp_path: Path) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines((REPO / ".dockerignore").read_text().splitlines())
    must_leave_out = [
        ".env", ".env.production", "var/demo.sqlite3", "var/media/clips/x/y.mp4", ".git/config",
        ".git/objects/ab/cdef", ".venv/bin/python", "test-artifacts/shot.png", "secrets/s3_secret_key",
        "screenings/__pycache__/models.cpython-311.pyc", ".pytest_cache/v/x", "node_modules/x/y.js",
    ]  # fmt: skip
    must_keep = [
        "manage.py", "gunicorn.conf.py", "requirements.txt", "requirements-mediapipe.txt",
        "studiohealth/settings/base.py", "ops/probe.py", "workers/engine.py", ".env.example",
        "frontend_templates/static/js/upload.js", "demo_media/README.md",
    ]  # fmt: skip
    assert [p for p in must_leave_out if not _ignored(spec, p)] == []
    assert [p for p in must_keep if _ignored(spec, p)] == []
    # And on the real tree: nothing under .git, var/ or .venv, no .env, would be sent to the daemon.
    private = {".git", "var", ".venv", "test-artifacts", ".env"}
    candidates = (p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file())
    leaked = [rel for rel in candidates if rel.split("/")[0] in private and not _ignored(spec, rel)]
    assert leaked == []


def test_compose_services_and_their_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) >= {"postgres", "redis", "minio", "minio-bucket", *APP_SERVICES}
    migrate = services["migrate"]
    assert migrate["command"][:3] == ["python", "manage.py", "migrate"]
    assert migrate["restart"] == "no"
    assert set(migrate["depends_on"]) == {"postgres"}  # not itself, not the app
    for name in LONG_RUNNING:
        service = services[name]
        assert "migrate" not in str(service["command"]), f"{name} must not migrate: the one-shot does"
        depends = service["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
    for name, service in services.items():
        for target, rule in (service.get("depends_on") or {}).items():
            assert target in services, f"{name} depends on unknown {target}"
            assert rule["condition"] in {"service_healthy", "service_completed_successfully"}
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[target], (
                    f"{name} waits for {target}, which has no healthcheck"
                )


def test_compose_healthchecks_use_the_health_endpoints(compose: dict[str, Any]) -> None:
    services = compose["services"]
    web = services["web"]
    assert web["healthcheck"]["test"] == ["CMD", "python", "-m", "ops.probe", "/readyz"]
    assert "gunicorn.conf.py" in web["command"]
    for name in ("postgres", "redis", "minio", "web", "worker", "worker-light"):
        assert services[name]["healthcheck"]["test"], name


def test_compose_has_no_shared_media_disk_and_one_beat(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in APP_SERVICES:
        service = services[name]
        env = service["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "studiohealth.settings.production"
        assert env["STORAGE_BACKEND"] == "s3"
        assert env["AWS_SECRET_ACCESS_KEY_FILE"].startswith("/run/secrets/")
        assert "volumes" not in service, f"{name} mounts a volume: media must go through the bucket"
        assert set(service["secrets"]) <= set(compose["secrets"])
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "SECRET_KEY" not in str(compose["x-app"]["environment"])  # secrets come from .env / files


def test_gunicorn_config_is_accepted_and_fit_for_uploads() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py", "studiohealth.wsgi:application"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "studiohealth.settings.test"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    namespace: dict[str, Any] = {}
    exec(compile((REPO / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["worker_class"] == "gthread" and namespace["threads"] >= 2
    assert namespace["timeout"] >= 120 and namespace["graceful_timeout"] >= 30
    assert callable(namespace["child_exit"])
