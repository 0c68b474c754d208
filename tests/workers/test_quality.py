"""Quality gate without MediaPipe: reason table, probe limits, bad files, misuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from workers import quality, video
from workers.engine import analyse

DOMAIN_REASONS = {
    "unreadable_video", "truncated_video", "too_large", "too_long", "too_short", "bad_dimensions", "no_person",
    "multiple_people", "not_upright", "not_frontal", "feet_not_visible", "low_visibility", "test_not_found",
}  # fmt: skip


def test_every_domain_reason_has_a_one_line_fix() -> None:
    assert set(quality.REASONS) == DOMAIN_REASONS
    for text in quality.REASONS.values():
        assert text and "\n" not in text and len(text) < 120


def _write(path: Path, w: int, h: int, fps: float, n: int) -> Path:
    wr = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    frame = np.full((h, w, 3), 128, np.uint8)
    for _ in range(n):
        wr.write(frame)
    wr.release()
    return path


@pytest.mark.parametrize(
    ("w", "h", "fps", "n", "reason"),
    [
        (320, 240, 30, 90, None),
        (320, 150, 30, 90, "bad_dimensions"),
        (320, 240, 8, 40, "bad_dimensions"),
        (320, 240, 30, 45, "too_short"),
        (160, 160, 10, 610, "too_long"),
    ],
)
def test_probe_limits(tmp_path: Path, w: int, h: int, fps: float, n: int, reason: str | None) -> None:
    pr = video.probe(_write(tmp_path / "c.avi", w, h, fps, n))
    assert pr.reason == reason and pr.ok is (reason is None)
    if reason is None:
        assert (pr.width, pr.height, pr.frame_count) == (w, h, n)
        assert pr.duration_s == pytest.approx(n / fps)
    else:
        assert pr.message == quality.REASONS[reason]


def test_probe_too_large_without_decoding(tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    with big.open("wb") as f:
        f.truncate(quality.MAX_BYTES + 1)  # sparse file, nothing to decode
    assert video.probe(big).reason == "too_large"


@pytest.mark.parametrize("content", [b"", b"this is not a video, just text\n" * 50])
def test_bad_files_are_rejected_as_unreadable(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "clip.mp4"
    bad.write_bytes(content)
    assert video.probe(bad).reason == "unreadable_video"
    out = analyse(bad, test="plie")
    assert out.result["status"] == "rejected" and out.result["reason"] == "unreadable_video"
    assert out.result["metrics"] is None and out.keyframe_jpeg is None


def test_missing_file_is_rejected_not_raised(tmp_path: Path) -> None:
    assert analyse(tmp_path / "nope.mp4", test="stance").result["reason"] == "unreadable_video"


def test_unknown_test_is_misuse(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        analyse(tmp_path / "nope.mp4", test="jete")


def test_analysis_size_caps_height_at_720() -> None:
    assert video.analysis_size(1920, 1080) == (1280, 720)
    assert video.analysis_size(1088, 1920) == (408, 720)
    assert video.analysis_size(600, 338) == (600, 338)


class _CallerSignal(Exception):
    """Stands for a caller's own signal, e.g. a lost lease or a task queue's soft time limit."""


def _raise_once() -> Callable[[int], None]:
    calls: list[int] = []

    def progress(pct: int) -> None:
        calls.append(pct)
        if len(calls) == 1:
            raise _CallerSignal(pct)

    return progress


class _BrokenEstimator:
    """A pose model with a bug: the engine must not blame the clip for it."""

    def estimate(self, rgb: np.ndarray) -> None:
        raise ZeroDivisionError("bug in the pose layer")

    def person_mask(self, rgb: np.ndarray) -> np.ndarray:
        return np.zeros(rgb.shape[:2], bool)

    def close(self) -> None:
        pass


def _grey_clip(path: Path) -> Path:
    wr = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (320, 240))
    for _ in range(90):
        wr.write(np.full((240, 320, 3), 128, np.uint8))
    wr.release()
    return path


def test_an_estimator_bug_escapes_run_instead_of_rejecting_the_clip(tmp_path: Path) -> None:
    from workers import engine

    with pytest.raises(ZeroDivisionError):
        engine.run(
            _grey_clip(tmp_path / "grey.avi"), test="plie", mirrored=False, progress=None,
            estimator_factory=_BrokenEstimator, segmenter_factory=_BrokenEstimator,
        )  # fmt: skip


def test_a_progress_callback_exception_escapes_unchanged(tmp_path: Path) -> None:
    with pytest.raises(_CallerSignal):
        analyse(_grey_clip(tmp_path / "grey.avi"), test="plie", progress=_raise_once())


def test_read_frame_by_seeking_is_the_exact_frame(tmp_path: Path) -> None:
    """The key frame is fetched by seeking when the decoder lands on the frame's timestamp, and by
    sequential decoding otherwise: the same pixels either way."""
    clip = tmp_path / "numbered.avi"
    wr = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 30, (320, 240))
    for i in range(90):
        frame = np.zeros((240, 320, 3), np.uint8)
        cv2.putText(frame, str(i), (40, 160), cv2.FONT_HERSHEY_SIMPLEX, 4, (255, 255, 255), 8)
        wr.write(frame)
    wr.release()
    frames = {f.index: f for f in video.iter_frames(clip, mirrored=False, size=(320, 240), step=3)}
    for i in (0, 3, 45, 87):
        seq = video.read_frame(clip, i, mirrored=False, size=(320, 240))
        seek = video.read_frame(clip, i, mirrored=False, size=(320, 240), t_s=frames[i].t_s)
        wrong = video.read_frame(clip, i, mirrored=False, size=(320, 240), t_s=frames[i].t_s + 1.0)
        assert seq is not None and np.array_equal(seq, frames[i].bgr)
        assert np.array_equal(seek, seq) and np.array_equal(wrong, seq)  # a missed seek falls back
