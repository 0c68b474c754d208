"""Write transformed copies of a clip for the metamorphic tests.

OpenCV transforms are re-encoded with one near-lossless MJPG writer (the identity included), so a
comparison with the identity copy isolates the transform. The container-level ones (rotation tags,
variable frame rate) need ffmpeg and are made from the ffmpeg-made copies of the same clip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np

CV_TRANSFORMS = ("identity", "flip", "half_res", "half_fps", "roll_p5", "roll_m5", "beside_mirror")
FFMPEG_TRANSFORMS = ("tag90", "tag180", "tag270", "cfr30", "vfr30")
TRANSFORMS = CV_TRANSFORMS + FFMPEG_TRANSFORMS


def _roll(frame: np.ndarray, deg: float) -> np.ndarray:
    """Camera roll: the picture turned `deg` degrees (counter-clockwise on screen) about its centre."""
    h, w = frame.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    return cv2.warpAffine(frame, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _apply(frame: np.ndarray, transform: str) -> np.ndarray:
    if transform == "flip":
        return cv2.flip(frame, 1)
    if transform == "half_res":
        return cv2.resize(frame, (frame.shape[1] // 2, frame.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if transform == "roll_p5":
        return _roll(frame, 5.0)
    if transform == "roll_m5":
        return _roll(frame, -5.0)
    if transform == "beside_mirror":  # the dancer next to her mirror image: two people
        return np.hstack([frame, cv2.flip(frame, 1)])
    return frame


def write_transformed(src: Path, dst: Path, transform: str) -> Path:
    assert transform in TRANSFORMS, transform
    if transform in FFMPEG_TRANSFORMS:
        return _ffmpeg(src, dst.with_suffix(".mp4"), transform)
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
        frame = _apply(frame, transform)
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


def _ffmpeg(src: Path, dst: Path, transform: str) -> Path:
    """tagN: the same upright frames with a rotate=N tag (a phone's orientation recorded wrong);
    cfr30: the clip at a constant 30 fps (frames repeated); vfr30: the same with two frames in
    three dropped between 1.5 and 5.0 s, timestamps kept (a phone's variable frame rate)."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg not installed"
    if transform.startswith("tag"):
        args = ["-c", "copy", "-metadata:s:v:0", f"rotate={transform[3:]}"]
    else:
        vf = "fps=30"
        if transform == "vfr30":
            vf += ",select='not(between(t\\,1.5\\,5.0)*gt(mod(n\\,3)\\,0))',setpts=PTS"
        args = ["-vf", vf, "-fps_mode", "vfr", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p"]
    cmd = [ffmpeg, "-loglevel", "error", "-y", "-i", str(src), *args, "-an", str(dst)]
    subprocess.run(cmd, check=True, timeout=120)
    return dst
