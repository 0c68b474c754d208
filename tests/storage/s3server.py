"""A REAL S3 API server for tests: moto's standalone server (`moto_server`, offline, in memory) on a
free port, started and stopped by the test itself (CI has only `make test`).

    with s3_server(tmp_path) as s3:
        s3.create_bucket("media")
        env = s3.storage_env("media")   # STORAGE_BACKEND=s3 + AWS_* for a worker or gunicorn process
        s3.object_names("media")        # the bucket listing

`stop()` / `start()` simulate an outage; moto keeps nothing across a restart, so a test recreates
the bucket after `start()` as an operator restoring the service would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.private_server import PrivateServer, free_port, running

ACCESS_KEY = "studiohealth-test"  # moto accepts any key pair
SECRET_KEY = "studiohealth-test-secret"  # noqa: S105
REGION = "us-east-1"


def moto_server_command() -> list[str]:
    exe = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(exe).exists():
        pytest.skip("moto_server not installed (requirements-dev.txt: moto[server])")
    return [exe]


@dataclass
class S3Server(PrivateServer):
    log_path: Path
    name = "moto_server"
    start_timeout = 30.0
    poll_seconds = 0.2

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                [*moto_server_command(), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1):  # noqa: S310
                return True
        except OSError:
            return False

    def exited(self) -> str:
        return f"moto_server exited:\n{self.log_path.read_text()[-2000:]}"

    def client(self) -> Any:
        import boto3  # type: ignore[import-untyped]

        return boto3.client(
            "s3", endpoint_url=self.url, region_name=REGION,
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        )  # fmt: skip

    def create_bucket(self, bucket: str) -> None:
        client = self.client()
        client.create_bucket(Bucket=bucket)
        # Private, as in production: no public ACLs or policies can be attached.
        client.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True,
                "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
            },
        )  # fmt: skip

    def object_names(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        body: bytes = self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        return body

    def storage_env(self, bucket: str) -> dict[str, str]:
        """The environment a process needs to keep its media in this bucket (settings/base.py)."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_CONNECT_TIMEOUT": "2",
            "AWS_S3_MAX_ATTEMPTS": "2",
        }

    def storages_setting(self, bucket: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
        """STORAGES as settings/base.py builds it from storage_env(), for this test process."""
        from studiohealth.settings.envtools import StrictEnv
        from studiohealth.settings.storage import media_storage

        for name, value in self.storage_env(bucket).items():
            monkeypatch.setenv(name, value)
        return {
            "default": media_storage(StrictEnv()),
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        }


def s3_server(workdir: Path) -> AbstractContextManager[S3Server]:
    workdir.mkdir(parents=True, exist_ok=True)
    return running(S3Server(port=free_port(), log_path=workdir / "moto.log"))
