"""Entry point: clip -> quality gate -> pose -> signals -> plié | stance -> result dict + key frame."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from workers import keyframe, video
from workers import quality as q
from workers.plie import analyse_plie
from workers.pose import (
    L_ANKLE,
    L_FOOT,
    L_HIP,
    L_KNEE,
    L_SHOULDER,
    R_ANKLE,
    R_FOOT,
    R_HIP,
    R_KNEE,
    R_SHOULDER,
    MediaPipePose,
    MediaPipeSelfieSegmenter,
    PersonSegmenter,
    PoseEstimator,
    SymmetrisedEstimator,
    outside_blob_ratio,
)  # fmt: skip
from workers.result import TESTS, build, rnd
from workers.signals import MIN_VISIBILITY, Track, condition, to_pixels
from workers.stance import analyse_stance

log = logging.getLogger(__name__)

# Landmarks that must be visible for each test: (body, feet).
REQUIRED = {
    "plie": ((L_HIP, R_HIP, L_KNEE, R_KNEE), (L_ANKLE, R_ANKLE, L_FOOT, R_FOOT)),
    "stance": ((L_SHOULDER, R_SHOULDER, L_HIP, R_HIP, L_KNEE, R_KNEE), (L_ANKLE, R_ANKLE)),
}


@dataclass(frozen=True)
class EngineOutput:
    result: dict
    keyframe_png: bytes | None


def analyse(
    path: str | os.PathLike[str],
    *,
    test: str,
    mirrored: bool = False,
    progress: Callable[[int], None] | None = None,
    symmetrise: bool = True,
) -> EngineOutput:
    """Analyse one clip. A clip that fails the quality gate or cannot be decoded is a rejected result.

    Every other exception propagates unchanged: ValueError for an unknown test, our own bugs,
    MemoryError, and whatever `progress` raises (the caller's DB errors, lease or time-limit
    signals) — none of them is a verdict on the dancer's video.

    `symmetrise` (default on) runs the pose model on every frame and on its mirror image and
    combines the two (pose.SymmetrisedEstimator), so the model's left/right bias cancels; off only
    to measure its cost (benchmarks/engine.py): results then differ and say so in a quality note.
    """
    return run(
        path,
        test=test,
        mirrored=mirrored,
        progress=progress,
        estimator_factory=MediaPipePose,
        segmenter_factory=MediaPipeSelfieSegmenter,
        symmetrise=symmetrise,
    )


def run(
    path: str | os.PathLike[str],
    *,
    test: str,
    mirrored: bool,
    progress: Callable[[int], None] | None,
    estimator_factory: Callable[[], PoseEstimator],
    segmenter_factory: Callable[[], PersonSegmenter],
    symmetrise: bool = True,
) -> EngineOutput:
    """`analyse` with the pose and segmentation models injectable (tests, future models).

    With `symmetrise`, `estimator_factory` is called twice (one instance per flip direction).
    """
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}; expected one of {TESTS}")
    quality: dict[str, Any] = {"mirrored": bool(mirrored), "notes": []}
    reporter = _Progress(progress)
    if symmetrise:
        estimator_factory = functools.partial(SymmetrisedEstimator, estimator_factory)
    else:
        quality["notes"].append("pose: single pass, flip symmetrisation off (benchmark setting)")
    try:
        return _run(
            os.fspath(path), test, bool(mirrored), quality, reporter, estimator_factory, segmenter_factory
        )
    except q.Rejected as rej:
        if rej.detail:
            quality["notes"].append(rej.detail)
        reporter(100)
        return EngineOutput(_rejected(test, rej.reason, quality), None)
    except video.DecodeError as exc:  # only the decoder's failure is about the clip
        log.warning("decode failed on %s: %s", path, exc)
        quality["notes"].append("the video could not be decoded")
        reporter(100)
        return EngineOutput(_rejected(test, "unreadable_video", quality), None)


def _rejected(test: str, reason: str, quality: dict[str, Any]) -> dict[str, Any]:
    return build(
        test=test,
        status="rejected",
        reason=reason,
        message=q.message_for(reason),
        quality=quality,
        metrics=None,
    )


class _Progress:
    """Monotonic 0..100 integer progress, each value reported once."""

    def __init__(self, cb: Callable[[int], None] | None) -> None:
        self._cb = cb
        self._last = -1

    def __call__(self, pct: int) -> None:
        pct = max(0, min(100, int(pct)))
        if self._cb is not None and pct > self._last:
            self._last = pct
            self._cb(pct)


def _turn_deg(world: np.ndarray, a: int, b: int) -> float:
    d = world[a] - world[b]
    return float(np.degrees(np.arctan2(abs(d[2]), abs(d[0]))))


def _box(img: np.ndarray, w: int, h: int) -> tuple[float, float, float, float]:
    x = np.clip(img[:, 0] * w, 0, w)
    y = np.clip(img[:, 1] * h, 0, h)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def _run(
    path: str,
    test: str,
    mirrored: bool,
    quality: dict[str, Any],
    progress: _Progress,
    estimator_factory: Callable[[], PoseEstimator],
    segmenter_factory: Callable[[], PersonSegmenter],
) -> EngineOutput:
    progress(0)
    pr = video.probe(path)
    quality.update(
        width=pr.width, height=pr.height, fps=rnd(pr.fps, 3), declared_frames=pr.frame_count,
        duration_s=rnd(pr.duration_s), size_bytes=pr.size_bytes,
    )  # fmt: skip
    if not pr.ok:
        raise q.Rejected(pr.reason or "unreadable_video")
    size = video.analysis_size(pr.width, pr.height)
    aw, ah = size
    quality.update(analysis_width=aw, analysis_height=ah)

    n_samples = min(q.SEGMENTATION_SAMPLES, pr.frame_count)
    samples = {int((k + 0.5) * pr.frame_count / n_samples) for k in range(n_samples)}

    lms: list[np.ndarray] = []  # per frame (33, 3) normalised x, y, visibility; NaN = no pose
    hip_turn: list[float] = []
    shoulder_turn: list[float] = []
    blob: list[float] = []
    estimator = estimator_factory()
    segmenter = segmenter_factory()
    try:
        for i, frame in enumerate(video.iter_frames(path, mirrored=mirrored, size=size)):
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            pf = estimator.estimate(rgb)
            if pf is None:
                lms.append(np.full((33, 3), np.nan))
            else:
                lms.append(pf.image)
                hip_turn.append(_turn_deg(pf.world, L_HIP, R_HIP))
                shoulder_turn.append(_turn_deg(pf.world, L_SHOULDER, R_SHOULDER))
                if i in samples:
                    blob.append(outside_blob_ratio(segmenter.person_mask(rgb), _box(pf.image, aw, ah)))
            progress(95 * (i + 1) // max(pr.frame_count, 1))
    finally:
        estimator.close()
        segmenter.close()
    single = getattr(estimator, "single_frames", 0)
    if single:
        quality["notes"].append(
            f"{single} frame(s) with a pose in only one of the original/mirrored passes: "
            "counted as a person, not measured"
        )

    decoded = len(lms)
    quality["frames"] = decoded
    if decoded == 0:
        raise q.Rejected("unreadable_video")
    if decoded < q.TRUNCATED_FRACTION * pr.frame_count:
        raise q.Rejected("truncated_video", f"decoded {decoded} of {pr.frame_count} declared frames")
    raw = np.stack(lms)
    has_pose = np.isfinite(raw[:, 0, 0])
    quality["analysed_frames"] = int(has_pose.sum())
    quality["pose_fraction"] = rnd(has_pose.mean(), 3)
    if has_pose.mean() <= q.NO_PERSON_FRACTION:
        raise q.Rejected("no_person")

    flagged = sum(r > q.MULTI_PERSON_BLOB for r in blob)
    quality["multi_person_fraction"] = rnd(flagged / len(blob), 3) if blob else 0.0
    quality["multi_person_sampled_frames"] = len(blob)
    if blob and flagged / len(blob) >= q.MULTI_PERSON_FRAMES:
        raise q.Rejected("multiple_people")

    quality["hip_turn_deg"] = rnd(float(np.median(hip_turn)))
    quality["shoulder_turn_deg"] = rnd(float(np.median(shoulder_turn)))
    if np.median(hip_turn) > q.MAX_TURN_DEG:
        raise q.Rejected("not_frontal")

    body, feet = REQUIRED[test]
    vis = raw[has_pose, :, 2]
    body_ok = (vis[:, list(body)] >= MIN_VISIBILITY).all(axis=1)
    feet_ok = (vis[:, list(feet)] >= MIN_VISIBILITY).all(axis=1)
    quality["visible_fraction"] = rnd(float((body_ok & feet_ok).mean()), 3)
    quality["feet_visible_fraction"] = rnd(float(feet_ok.mean()), 3)
    if body_ok.mean() < q.MIN_VISIBLE_FRACTION:
        raise q.Rejected("low_visibility")
    if feet_ok.mean() < q.MIN_VISIBLE_FRACTION:
        raise q.Rejected("feet_not_visible")

    track = Track(xy=condition(to_pixels(raw, aw, ah), raw[:, :, 2], pr.fps), fps=pr.fps, width=aw, height=ah)
    if pr.fps <= 12:
        quality["notes"].append("frame rate <= 12 fps: no 6 Hz low-pass possible, spikes removed only")
    out = _measure(path, test, mirrored, size, track, quality)
    progress(100)
    return out


def _measure(
    path: str, test: str, mirrored: bool, size: tuple[int, int], track: Track, quality: dict[str, Any]
) -> EngineOutput:
    if test == "plie":
        plie = analyse_plie(track)
        if plie is None:
            raise q.Rejected("test_not_found", "no plié repetition (hip drop >= 10 % leg length)")
        quality["notes"].extend(plie.notes)
        metrics = plie.metrics()
        frame = video.read_frame(path, plie.keyframe, mirrored=mirrored, size=size)
        png = (
            keyframe.render_plie(frame, track.xy[plie.keyframe], plie, metrics["band"])
            if frame is not None
            else None
        )
    else:
        stance = analyse_stance(track)
        if stance is None:
            raise q.Rejected("test_not_found", "no single-leg hold of >= 3 s")
        quality["notes"].extend(stance.notes)
        quality["baseline"] = stance.baseline
        metrics = stance.metrics()
        frame = video.read_frame(path, stance.keyframe, mirrored=mirrored, size=size)
        png = (
            keyframe.render_stance(frame, track.xy[stance.keyframe], stance, metrics)
            if frame is not None
            else None
        )
    result = build(
        test=test,
        status="ok",
        reason=None,
        message=_ok_message(test, metrics),
        quality=quality,
        metrics=metrics,
    )
    return EngineOutput(result, png)


def _ok_message(test: str, metrics: dict[str, Any]) -> str:
    if test == "plie":
        b = metrics["band"]
        return (
            f"{metrics['rep_count']} plié(s) measured. Knee over toes: left {b['left']}, right {b['right']}. "
            "A screening aid, not a diagnosis."
        )
    legs = ", ".join(f"{s['stance_leg']} leg {s['band']}" for s in metrics["sides"])
    return f"Single-leg stance measured ({legs}). A screening aid, not a diagnosis."
