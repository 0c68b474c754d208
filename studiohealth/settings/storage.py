"""The media storage setting (STORAGES["default"]) built from the environment.

STORAGE_BACKEND=filesystem (default: MEDIA_ROOT on one disk, the demo) or s3: django-storages'
S3 backend (through studiohealth.core.storage.MediaS3Storage) on any S3-compatible service, so web
and workers share no disk. Variables: AWS_STORAGE_BUCKET_NAME (required), AWS_S3_ENDPOINT_URL
(empty for AWS), AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE (auto|path|virtual), AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY (or their *_FILE; unset = boto3's chain, e.g. an instance role),
AWS_S3_CONNECT_TIMEOUT, AWS_S3_READ_TIMEOUT, AWS_S3_MAX_ATTEMPTS.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .envtools import StrictEnv

BACKENDS = ("filesystem", "s3")


def media_storage(env: StrictEnv) -> dict[str, Any]:
    backend = env.str("STORAGE_BACKEND", default="filesystem")
    if backend == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend != "s3":
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    from botocore.config import Config  # type: ignore[import-untyped]

    return {
        "BACKEND": "studiohealth.core.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),  # no default: required for s3
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Private bucket: no object ACL (the bucket blocks public access), and any URL boto could
            # build is signed and short-lived. Files are streamed by the permission-checked views.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # The same name twice gets a suffix, as on disk: never silently replace a stored clip.
            "file_overwrite": False,
            # Reads spill to a temporary file past 8 MB: a 200 MB clip never sits in a process's RAM.
            "max_memory_size": 8 * 1024 * 1024,
            # A short connect timeout and bounded retries: a dead bucket fails /readyz and releases
            # the analysis for a retry within seconds instead of hanging a web or worker process.
            "client_config": Config(
                s3={"addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="auto")},
                signature_version="s3v4",
                connect_timeout=env.int("AWS_S3_CONNECT_TIMEOUT", default=5),
                read_timeout=env.int("AWS_S3_READ_TIMEOUT", default=60),
                retries={"max_attempts": env.int("AWS_S3_MAX_ATTEMPTS", default=3), "mode": "standard"},
            ),
        },
    }
