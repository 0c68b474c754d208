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
