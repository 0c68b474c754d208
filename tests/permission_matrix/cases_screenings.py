"""Matrix rows for screenings/ routes (screenings, clips incl. multipart upload, analyses)."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permission_matrix.case import CREATED, FORBIDDEN, NOT_FOUND, OK, Case, expect, studio_kwargs
from tests.world import World

# Only the dancer's own people see her rows.
HIDDEN = {"other_teacher": NOT_FOUND, "other_dancer": NOT_FOUND, "other_guardian": NOT_FOUND}
# Upload / create for a.dancer: staff of her class and the dancer herself; a guardian reads only.
UPLOADERS = expect(CREATED, guardian=FORBIDDEN, **{k: v for k, v in HIDDEN.items()})


@functools.cache
def tiny_video() -> bytes:
    """A valid 2.5 s 160x160 H.264 clip (ffmpeg test pattern), generated once per run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tiny.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x160:rate=10",
             "-t", "2.5", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(out)],
            check=True, timeout=120,
        )  # fmt: skip
        return out.read_bytes()


def _screening(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["screening"].public_id}


def _clip(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["clip"].public_id}


def _analysis(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["analysis"].public_id}


def _upload(w: World) -> dict:
    return {
        "dancer": str(w.a.dancer.public_id),
        "test": "plie",
        "file": SimpleUploadedFile("clip.mp4", tiny_video(), content_type="video/mp4"),
    }


CASES = [
    Case("screening-list", "get", expect(OK), kwargs=studio_kwargs),
    Case(
        "screening-list",
        "post",
        UPLOADERS,
        kwargs=studio_kwargs,
        data=lambda w: {"dancer": str(w.a.dancer.public_id)},
    ),
    Case("screening-detail", "get", expect(OK, **HIDDEN), kwargs=_screening),
    # PATCH: whoever may create one for her (staff of her class, herself); her guardian reads only.
    Case(
        "screening-detail",
        "patch",
        expect(OK, guardian=FORBIDDEN, **HIDDEN),
        kwargs=_screening,
        data=lambda w: {"notes": "Filmed from the side"},
    ),
    Case("clip-list", "get", expect(OK), kwargs=studio_kwargs),
    Case("clip-list", "post", UPLOADERS, kwargs=studio_kwargs, data=_upload, format="multipart"),
    Case("clip-detail", "get", expect(OK, **HIDDEN), kwargs=_clip),
    Case("clip-file", "get", expect(OK, **HIDDEN), kwargs=_clip),
    Case(
        "clip-retake",
        "post",
        # Role check first: dancers and guardians get 403 for any id; the other teacher cannot see her.
        expect(FORBIDDEN, director=OK, teacher=OK, other_teacher=NOT_FOUND),
        kwargs=_clip,
        data=lambda w: {"reason": "Feet were cut off"},
    ),
    Case("analysis-list", "get", expect(OK), kwargs=studio_kwargs),
    Case("analysis-detail", "get", expect(OK, **HIDDEN), kwargs=_analysis),
    Case("analysis-keyframe", "get", expect(OK, **HIDDEN), kwargs=_analysis),
]


def _rows(w: World, tenant: str) -> dict:
    from screenings.models import Analysis, Clip, Screening
    from studios.models import GuardianConsent

    t = getattr(w, tenant)
    GuardianConsent.objects.create(studio=t.studio, dancer=t.dancer, guardian=t.guardian)
    screening = Screening.objects.create(
        studio=t.studio, dancer=t.dancer, season=t.season, date=t.season.starts_on
    )
    clip = Clip(studio=t.studio, screening=screening, dancer=t.dancer, test="plie", container="mp4")
    clip.file.save("clip", ContentFile(b"\x00\x00\x00\x18ftypmp42matrix"), save=False)
    clip.save()
    analysis = Analysis(
        studio=t.studio, clip=clip, dancer=t.dancer, test="plie", engine_version="1.0.0", state="done",
        result={"status": "ok", "metrics": {}}, progress=100,
    )  # fmt: skip
    analysis.keyframe.save("k.png", ContentFile(b"\x89PNG\r\n\x1a\nmatrix"), save=False)
    analysis.save()
    return {"screening": screening, "clip": clip, "analysis": analysis}


def setup(w: World) -> None:
    w.extra.update(_rows(w, "a"))
    # The outsider's studio has the same kinds of rows, so a wrong scope would show up as data.
    _rows(w, "b")
