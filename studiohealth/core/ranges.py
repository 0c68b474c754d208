"""HTTP Range requests (RFC 9110 §14) on the permission-checked, audited media views, so a phone's
video element can seek in a clip without downloading all of it first.

- One range per request: `bytes=a-b`, `bytes=a-` or `bytes=-n` → 206 with `Content-Range`; a range
  starting past the end → 416 with `Content-Range: bytes */<size>`. A multi-range request, a
  malformed header, another unit or any `If-Range` (we send no validators, so none can match) gets
  the whole file (200), as the RFC allows. Every answer says `Accept-Ranges: bytes`.
- Bytes come from disk with a seek and from S3 with a ranged GET (`core.storage.byte_range`),
  streamed in 64 KiB chunks; the whole object is never fetched for a range.
- Audit: a player fetches one clip in many ranges, so a ranged request that continues a viewing the
  same person started in the last 10 minutes writes no new audit row (`starts_viewing`). Every
  request is still permission-checked; a request without Range is always audited.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from studiohealth.core.storage import byte_range

RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
VIEWING_WINDOW_S = 10 * 60


class RangeNotSatisfiable(Exception):  # noqa: N818 - named for the HTTP status it becomes
    """The range starts at or past the end of the file."""


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of the one range asked for, clamped to the file; None for "whole file"."""
    match = RANGE.match(header or "")
    if match is None:
        return None  # absent, multi-range, another unit or malformed: the whole file
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last n bytes
        if int(last) == 0:
            raise RangeNotSatisfiable
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # "bytes=9-3" is invalid syntax: ignored
    if start >= size:
        raise RangeNotSatisfiable
    return start, end


def media_response(request: HttpRequest, fieldfile: FieldFile, *, content_type: str) -> HttpResponseBase:
    """The stored file, whole (200) or the requested range (206 / 416); callers add their headers."""
    size = fieldfile.size
    response: HttpResponseBase
    try:
        window = (
            None if "HTTP_IF_RANGE" in request.META else requested_range(request.META.get("HTTP_RANGE"), size)
        )
    except RangeNotSatisfiable:
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if window is None:
            response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        else:
            start, end = window
            response = StreamingHttpResponse(
                byte_range(fieldfile, start, end), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def starts_viewing(request: HttpRequest, *, viewer: object, target: str) -> bool:
    """Whether this request starts a viewing worth an audit row: always without a Range header;
    with one, only if the same viewer has not fetched the same file in the last 10 minutes."""
    key = f"viewing:{viewer}:{target}"
    if "HTTP_RANGE" not in request.META:
        cache.set(key, 1, VIEWING_WINDOW_S)
        return True
    return bool(cache.add(key, 1, VIEWING_WINDOW_S))
