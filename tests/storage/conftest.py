"""The storage tests' S3: a local moto server holding the test module's `BUCKET`, set as the default
storage for the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.storage.s3server import S3Server, s3_server


@pytest.fixture
def s3(
    request: pytest.FixtureRequest, tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> Iterator[S3Server]:
    bucket = request.module.BUCKET
    with s3_server(tmp_path / "s3") as server:
        server.create_bucket(bucket)
        settings.STORAGES = server.storages_setting(bucket, monkeypatch)
        yield server
