"""Upload-time checks that run before anything is stored: magic-byte sniffing and a bounded probe.

The probe decodes the container with OpenCV/FFmpeg, which is native code fed by untrusted bytes,
so it runs in a child process with a wall-clock timeout and memory/CPU limits: a crafted file can
hang or blow up that child, never the web process. Run as `python -m screenings.probe PATH` it
prints the workers.video.ProbeResult as JSON (no Django needed).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBE_TIMEOUT_S = 30.0
PROBE_MEMORY_BYTES = 3 * 1024**3  # address space; OpenCV + FFmpeg threads fit well inside
PROBE_CPU_S = 60

ALLOWED_EXTENSIONS = frozenset({"mp4", "m4v", "mov", "qt", "webm", "mkv", "3gp"})
# ISO-BMFF top-level boxes an old QuickTime file may start with instead of `ftyp`.
_QT_FIRST_BOXES = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def sniff_container(head: bytes) -> str | None:
    """mp4 / mov / webm / mkv from the first bytes of a file, or None if it is not a video we take."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mov" if head[8:12] == b"qt  " else "mp4"
    if len(head) >= 8 and head[4:8] in _QT_FIRST_BOXES:
        return "mov"
    if head.startswith(_EBML_MAGIC):
        # The EBML header names its DocType near the start: "webm" or "matroska".
        return "webm" if b"webm" in head[:64] else "mkv"
    return None


@dataclass(frozen=True)
class Probe:
    ok: bool
    reason: str | None
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frame_count: int = 0
    duration_s: float = 0.0
    size_bytes: int = 0


def _limit_child() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY_BYTES, PROBE_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (PROBE_CPU_S, PROBE_CPU_S))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def probe_bounded(path: str | os.PathLike[str], *, timeout: float = PROBE_TIMEOUT_S) -> Probe:
    """workers.video.probe in a resource-limited child; a hang, crash or garbage → unreadable_video."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR")}
    env.update(PYTHONPATH=str(REPO_ROOT), OPENCV_LOG_LEVEL="ERROR", OMP_NUM_THREADS="1")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "screenings.probe", os.fspath(path)],
            capture_output=True,
            timeout=timeout,
            cwd=REPO_ROOT,
            env=env,
            preexec_fn=_limit_child,  # noqa: PLW1509 - no threads started before this in the child
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Probe(ok=False, reason="unreadable_video")
    if done.returncode != 0:
        return Probe(ok=False, reason="unreadable_video")
    try:
        raw = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return Probe(ok=False, reason="unreadable_video")
    return Probe(
        ok=bool(raw.get("ok")),
        reason=raw.get("reason"),
        width=int(raw.get("width") or 0),
        height=int(raw.get("height") or 0),
        fps=float(raw.get("fps") or 0.0),
        frame_count=int(raw.get("frame_count") or 0),
        duration_s=float(raw.get("duration_s") or 0.0),
        size_bytes=int(raw.get("size_bytes") or 0),
    )


def _main(argv: list[str]) -> int:
    from workers.video import probe

    print(json.dumps(asdict(probe(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
