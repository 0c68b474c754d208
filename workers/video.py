"""Decoding and container checks with OpenCV (FFmpeg backend).

OpenCV applies a phone's rotation tag by default (CAP_PROP_ORIENTATION_AUTO); we keep it on, so
portrait clips arrive upright and width/height are the displayed ones.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workers import quality as q

MAX_ANALYSIS_HEIGHT = 720
_PREFETCH = 4  # decoded frames buffered ahead of pose inference; keeps memory flat


class DecodeError(Exception):
    """The decoder failed on the clip's data: the one engine failure that is about the clip."""


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    reason: str | None
    message: str | None
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    size_bytes: int


def _open(path: str | os.PathLike[str]) -> cv2.VideoCapture | None:
    # One decoder thread: frame threading keeps a full-resolution picture per thread (4K: +30 MB
    # peak) and buys nothing here, where pose inference is the bottleneck.
    cap = cv2.VideoCapture(os.fspath(path), cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
    if not cap.isOpened():
        cap.release()
        return None
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)  # the default, stated so nobody turns it off
    return cap


def probe(path: str | os.PathLike[str]) -> ProbeResult:
    """Cheap container check (no pose). Never raises."""
    try:
        return _probe(path)
    except Exception as exc:  # noqa: BLE001 - a bad upload must never crash the caller
        return _fail("unreadable_video", 0, 0, 0.0, 0, 0, detail=str(exc))


def _fail(
    reason: str, w: int, h: int, fps: float, n: int, size: int, detail: str | None = None
) -> ProbeResult:
    dur = n / fps if fps > 0 else 0.0
    return ProbeResult(False, reason, q.message_for(reason), w, h, fps, n, round(dur, 3), size)


def _probe(path: str | os.PathLike[str]) -> ProbeResult:
    try:
        size = os.stat(path).st_size
    except OSError:
        return _fail("unreadable_video", 0, 0, 0.0, 0, 0)
    if size > q.MAX_BYTES:
        return _fail("too_large", 0, 0, 0.0, 0, size)
    if size == 0:
        return _fail("unreadable_video", 0, 0, 0.0, 0, size)
    cap = _open(path)
    if cap is None:
        return _fail("unreadable_video", 0, 0, 0.0, 0, size)
    try:
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        ok, first = cap.read()
        if not ok or first is None:  # a header without one decodable frame is unreadable
            return _fail("unreadable_video", 0, 0, fps, n, size)
        # The decoded frame is the truth: it is already upright (rotation tag applied), whatever
        # the width/height properties say in a given OpenCV version.
        h, w = first.shape[:2]
        if n <= 0:
            # Some containers don't declare a count: count by grabbing (bounded by the 60 s limit).
            n = 1
            limit = int(q.MAX_DURATION_S * q.MAX_FPS) + 2
            while n < limit and cap.grab():
                n += 1
    finally:
        cap.release()
    if max(w, h) > q.MAX_SIDE_PX or min(w, h) < q.MIN_SIDE_PX:
        return _fail("bad_dimensions", w, h, fps, n, size)
    if not (q.MIN_FPS <= fps <= q.MAX_FPS):
        return _fail("bad_dimensions", w, h, fps, n, size)
    dur = n / fps
    if dur > q.MAX_DURATION_S:
        return _fail("too_long", w, h, fps, n, size)
    if dur < q.MIN_DURATION_S:
        return _fail("too_short", w, h, fps, n, size)
    return ProbeResult(True, None, None, w, h, fps, n, round(dur, 3), size)


def is_vfr(t: NDArray[Any]) -> bool:
    """Frame intervals that differ by more than 25 % from their median: a variable frame rate."""
    if len(t) < 3:
        return False
    d = np.diff(t)
    med = float(np.median(d))
    return bool(med > 0 and np.any(np.abs(d - med) > 0.25 * med))


def analysis_size(width: int, height: int) -> tuple[int, int]:
    """Frame size used for analysis: at most 720 px high, aspect kept, never upscaled."""
    if height <= MAX_ANALYSIS_HEIGHT:
        return width, height
    s = MAX_ANALYSIS_HEIGHT / height
    return max(1, round(width * s)), MAX_ANALYSIS_HEIGHT


def _prepare(frame: NDArray[Any], size: tuple[int, int], mirrored: bool) -> NDArray[Any]:
    if (frame.shape[1], frame.shape[0]) != size:
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    if mirrored:
        # Selfie video: flip back so the subject's left/right are labelled correctly.
        frame = cv2.flip(frame, 1)
    return frame


@dataclass(frozen=True)
class Frame:
    index: int  # position in the decoded stream, 0-based
    t_s: float  # presentation time from the container (variable-frame-rate clips are timed right)
    bgr: NDArray[Any]  # at analysis size, flipped back when mirrored


def iter_frames(
    path: str | os.PathLike[str], *, mirrored: bool, size: tuple[int, int], step: int = 1
) -> Iterator[Frame]:
    """Yield every `step`-th frame at analysis size, in order, decoding ahead in a thread.

    Skipped frames are only grabbed (decoded, never converted or resized). Decoding overlaps
    with pose inference (OpenCV releases the GIL while decoding); the bounded queue keeps memory
    flat whatever the clip length or resolution. A decoder error raises DecodeError.
    """
    cap = _open(path)
    if cap is None:
        return
    buf: queue.Queue[Frame | None] = queue.Queue(maxsize=_PREFETCH)
    stop = threading.Event()
    failure: list[cv2.error] = []

    def offer(item: Frame | None) -> None:
        """Wait for room in the queue, unless the consumer has stopped reading."""
        while not stop.is_set():
            try:
                buf.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def reader() -> None:
        index = -1
        full: NDArray[Any] | None = None  # decoded picture, reused: no fresh 25 MB array per 4K frame
        try:
            while not stop.is_set():
                index += 1
                try:
                    if not cap.grab():
                        break
                    if index % step:
                        continue
                    ok, decoded = cap.retrieve(full)
                    full = decoded if ok else full
                    frame = decoded
                except cv2.error as exc:
                    failure.append(exc)
                    break
                if not ok:
                    break
                t_s = float(cap.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
                img = _prepare(frame, size, mirrored)
                offer(Frame(index, t_s, img.copy() if img is frame else img))  # `full` is reused
        finally:
            cap.release()
            offer(None)  # the end

    t = threading.Thread(target=reader, name="video-decode", daemon=True)
    t.start()
    try:
        while True:
            item = buf.get()
            if item is None:
                if failure:
                    raise DecodeError(str(failure[0]))
                return
            yield item
    finally:
        stop.set()
        t.join(timeout=5)


def read_frame(
    path: str | os.PathLike[str],
    index: int,
    *,
    mirrored: bool,
    size: tuple[int, int],
    t_s: float | None = None,
) -> NDArray[Any] | None:
    """Decode frame `index` exactly.

    With its timestamp `t_s` (from `iter_frames`) it seeks and keeps the frame only if the
    decoder lands on that timestamp (a 4K clip is not decoded again up to the key frame);
    otherwise, or without `t_s`, it grabs sequentially from the start, which is always exact.
    """
    if t_s is not None:
        cap = _open(path)
        if cap is None:
            return None
        try:
            cap.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = cap.read()
            if ok and abs(cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0 - t_s) < 1e-3:
                return _prepare(frame, size, mirrored)
        finally:
            cap.release()
    cap = _open(path)
    if cap is None:
        return None
    try:
        for _ in range(index):
            if not cap.grab():
                return None
        ok, frame = cap.read()
        return _prepare(frame, size, mirrored) if ok else None
    finally:
        cap.release()
