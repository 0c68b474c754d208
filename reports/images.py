"""Key frames for the PDFs: read from storage, downscaled, JPEG-encoded and embedded as data: URIs
(the PDF renderer never fetches anything), cached briefly per studio."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from uuid import UUID

from django.core.cache import cache
from PIL import Image

from screenings.models import Analysis
from studios.models import Studio

KEYFRAME_MAX_WIDTH = 900  # px: sharp at 9 cm print width, keeps the PDF small and fast to render
KEYFRAME_CACHE_SECONDS = 15 * 60  # short: a copy of a health image should not linger


def keyframe_data_uri(png: bytes, *, max_width: int = KEYFRAME_MAX_WIDTH) -> str:
    """Embed a key frame as a data: URI, downscaled to the print width."""
    with Image.open(io.BytesIO(png)) as opened:
        opened.load()
        img: Image.Image = opened
        if img.width > max_width:
            size = (max_width, round(img.height * max_width / img.width))
            img = img.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        img.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    # JPEG: a photo frame compresses ~8× better than PNG at no visible cost at print size.
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def keyframes_for_analyses(*, studio: Studio, analysis_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Key frames as data URIs. An analysis's key frame never changes (results are unique per clip and
    engine version), so the downscaled JPEG is cached; the key carries the studio id."""
    ids = [i for i in analysis_ids if i is not None]
    out: dict[UUID, str] = {}
    if not ids:
        return out
    keys = {i: f"reports:keyframe:v1:{studio.public_id}:{i}:{KEYFRAME_MAX_WIDTH}" for i in ids}
    cached = cache.get_many(list(keys.values()))
    missing = [i for i in ids if keys[i] not in cached]
    out.update({i: cached[keys[i]] for i in ids if keys[i] in cached})
    if not missing:
        return out
    for analysis in Analysis.objects.filter(studio=studio, public_id__in=missing).only(
        "public_id", "keyframe"
    ):
        if not analysis.keyframe:
            continue
        try:
            with analysis.keyframe.open("rb") as fh:
                uri = keyframe_data_uri(fh.read())
        except (OSError, ValueError):
            continue  # a missing or unreadable file: the report says "no key frame" rather than failing
        out[analysis.public_id] = uri
        cache.set(keys[analysis.public_id], uri, timeout=KEYFRAME_CACHE_SECONDS)
    return out
