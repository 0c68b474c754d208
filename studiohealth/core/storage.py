"""Media storage: the one place that knows whether clips, key frames and reports live on a local
disk or in an S3-compatible bucket.

- `local_copy(fieldfile)` gives code that needs a real file (ffprobe, OpenCV) a path: the file
  itself on disk storage, else a private temporary download that is removed afterwards. A worker
  with no shared disk analyses clips this way.
- `byte_range(fieldfile, start, end)` streams part of a stored file (a seek on disk, a ranged GET
  on S3) for the media views' HTTP Range answers (`studiohealth/core/ranges.py`).
- `MediaS3Storage` is django-storages' S3 backend whose faults are `OSError`s: an unreachable or
  failing bucket is `StorageUnavailable`, a missing object `FileNotFoundError`. Callers that already
  treat `OSError` as "our side, try again" (the analysis task, erasure) need no S3 knowledge, and a
  bucket outage is never reported as a problem with the dancer's video.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path, PurePosixPath
from typing import Any, ParamSpec, TypeVar

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

P = ParamSpec("P")
R = TypeVar("R")
COPY_CHUNK_BYTES = 1024 * 1024
RANGE_CHUNK_BYTES = 64 * 1024
MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


class StorageUnavailable(OSError):  # noqa: N818 - an OSError, named for what the operator sees
    """The media storage could not be reached or refused the operation (not the file's fault)."""


def _translated(operation: Callable[P, R]) -> Callable[P, R]:
    @wraps(operation)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return operation(*args, **kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in MISSING_CODES:
                raise FileNotFoundError(f"not in the bucket: {args[1] if len(args) > 1 else '?'}") from exc
            raise StorageUnavailable(f"media storage refused {operation.__name__}: {code}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(f"media storage unreachable during {operation.__name__}: {exc}") from exc

    return wrapper


class MediaS3Storage(S3Storage):
    """S3Storage for private media whose errors are OSErrors (see the module docstring)."""

    _open = _translated(S3Storage._open)
    _save = _translated(S3Storage._save)
    delete = _translated(S3Storage.delete)
    exists = _translated(S3Storage.exists)
    size = _translated(S3Storage.size)
    listdir = _translated(S3Storage.listdir)

    @_translated
    def range_body(self, name: str, start: int, end: int) -> Any:
        """The object's bytes start…end (inclusive) as botocore's streaming body: one ranged GET."""
        key = self._normalize_name(clean_name(name))
        return self.bucket.Object(key).get(Range=f"bytes={start}-{end}")["Body"]


def byte_range(fieldfile: FieldFile, start: int, end: int) -> Iterator[bytes]:
    """Bytes start…end (inclusive) of the stored file, in chunks. The file is opened (or the ranged
    GET sent) before this returns, so a missing file or a bucket fault is raised here, not after the
    response headers went out."""
    storage = fieldfile.storage
    if isinstance(storage, MediaS3Storage):
        return _s3_chunks(storage.range_body(str(fieldfile.name), start, end))
    handle = storage.open(str(fieldfile.name), "rb")
    handle.seek(start)
    return _file_chunks(handle, end - start + 1)


def _s3_chunks(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(RANGE_CHUNK_BYTES)
    except (BotoCoreError, ClientError) as exc:  # mid-stream: the client sees a cut connection
        raise StorageUnavailable(f"media storage failed while streaming: {exc}") from exc
    finally:
        body.close()


def _file_chunks(handle: Any, length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = handle.read(min(RANGE_CHUNK_BYTES, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def has_local_path(fieldfile: FieldFile) -> bool:
    try:
        fieldfile.path  # noqa: B018 - FileSystemStorage answers, remote storages raise
    except NotImplementedError:
        return False
    return True


@contextmanager
def local_copy(fieldfile: FieldFile) -> Iterator[Path]:
    """A local path to the stored file for the duration of the block.

    Disk storage: the file itself (no copy). Remote storage: a download into a private temporary
    directory (mode 0700), deleted when the block ends, even on error. Storage faults surface as
    OSError (StorageUnavailable / FileNotFoundError).
    """
    name = fieldfile.name
    if not name:
        raise FileNotFoundError("no file is stored in this field")
    if has_local_path(fieldfile):
        yield Path(fieldfile.path)
        return
    with tempfile.TemporaryDirectory(prefix="media-") as tmp:
        target = Path(tmp) / PurePosixPath(name).name
        try:
            with fieldfile.storage.open(name, "rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, COPY_CHUNK_BYTES)
        except (BotoCoreError, ClientError) as exc:  # raised while reading, after the open succeeded
            raise StorageUnavailable(f"media storage failed while downloading: {exc}") from exc
        yield target


def stored_names(storage: Storage, prefix: str = "") -> list[str]:
    """Every file name under `prefix` (a bucket listing or a directory walk): operators and tests."""
    directories, files = storage.listdir(prefix)
    base = prefix.rstrip("/")
    names = [f"{base}/{name}" if base else name for name in files]
    for directory in directories:
        names.extend(stored_names(storage, f"{base}/{directory}" if base else directory))
    return sorted(names)
