"""Write transformed copies of a clip for the metamorphic tests."""

from __future__ import annotations

from pathlib import Path

import cv2

TRANSFORMS = ("identity", "flip", "half_res", "half_fps")


def write_transformed(src: Path, dst: Path, transform: str) -> Path:
    """Re-encode `src` with one transform. Every variant, the identity included, goes through the
    same near-lossless MJPG encoder, so a comparison with the identity isolates the transform."""
    assert transform in TRANSFORMS, transform
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS)
    writer: cv2.VideoWriter | None = None
    i = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        i += 1
        if transform == "half_fps" and (i - 1) % 2:
            continue
        if transform == "flip":
            frame = cv2.flip(frame, 1)
        elif transform == "half_res":
            frame = cv2.resize(
                frame, (frame.shape[1] // 2, frame.shape[0] // 2), interpolation=cv2.INTER_AREA
            )
        if writer is None:
            out_fps = fps / 2 if transform == "half_fps" else fps
            writer = cv2.VideoWriter(
                str(dst), cv2.VideoWriter_fourcc(*"MJPG"), out_fps, (frame.shape[1], frame.shape[0])
            )
            writer.set(cv2.VIDEOWRITER_PROP_QUALITY, 100)
        writer.write(frame)
    cap.release()
    assert writer is not None, f"could not read {src}"
    writer.release()
    return dst
