"""Small generated videos for upload tests (ffmpeg's lavfi test pattern: no person in them)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_video(path: Path, *, size: str = "160x160", rate: int = 10, seconds: float = 2.5) -> Path:
    """An H.264 MP4 of ffmpeg's moving test pattern, generated (never copied from anywhere)."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}",
         "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    return path


def post_tiny_clip(client, studio, dancer, *, url_name: str = "clip-list"):  # noqa: ANN001, ANN201
    """A tiny real plié video posted as a multipart form for `dancer`: to the API's clip list, or to
    the upload page (`url_name="screening-upload"`)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.permission_matrix.cases_screenings import tiny_video

    url = reverse(url_name, kwargs={"studio_id": studio.public_id})
    video = SimpleUploadedFile("c.mp4", tiny_video())
    return client.post(url, {"dancer": str(dancer.public_id), "test": "plie", "file": video}, format="multipart")
