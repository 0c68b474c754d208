"""Entry point: clip -> probe -> pose pass -> quality gate -> signals -> plié | stance -> result + key frame.

`run` is a straight line of steps; each returns what it found and `run` alone assembles the
result. Only a clip that fails the gate or cannot be decoded becomes a rejection: every other
exception (our bugs, MemoryError, whatever the `progress` callback raises) propagates unchanged.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray

from workers import gates, keyframe, schedule, side_by_side, video
from workers import quality as q
from workers.plie import analyse_plie
from workers.pose import (
    L_HIP,
    L_SHOULDER,
    R_HIP,
    R_SHOULDER,
    MediaPipePose,
    MediaPipeSelfieSegmenter,
    PersonSegmenter,
    PoseEstimator,
    PoseFrame,
    SymmetrisedEstimator,
    mediapipe_model_info,
    outside_blob_ratio,
)  # fmt: skip
from workers.result import TESTS, EngineResult, ModelInfo, PlieMetrics, Quality, StanceMetrics, build, rnd
from workers.signals import MIN_VISIBILITY, Track, condition, to_pixels
from workers.stance import analyse_stance

log = logging.getLogger(__name__)

EstimatorFactory = Callable[[], PoseEstimator]
SegmenterFactory = Callable[[], PersonSegmenter]


@dataclass(frozen=True)
class EngineOutput:
    result: EngineResult
    keyframe_jpeg: bytes | None


def analyse(
    path: str | os.PathLike[str],
    *,
    test: str,
    mirrored: bool = False,
    progress: Callable[[int], None] | None = None,
    symmetrise: bool = True,
    step: int | None = None,
) -> EngineOutput:
    """Analyse one clip. A clip that fails the quality gate or cannot be decoded is a rejected result.

    Every other exception propagates unchanged (ValueError for an unknown test, our bugs,
    MemoryError, whatever `progress` raises): none of them is a verdict on the dancer's video.

    `symmetrise` (default on) runs the pose model on each analysed frame and on its mirror image
    and combines the two (pose.SymmetrisedEstimator), so the model's left/right bias cancels; off
    only to measure its cost (benchmarks/engine.py): results then differ and say so in a note.
    `step` overrides the frame step (default ~15 fps, thinned outside measurements: schedule.py);
    given, every k-th frame runs unthinned; 1 = every frame, the benchmark's full-rate reference.
    """
    return run(
        path,
        test=test,
        mirrored=mirrored,
        progress=progress,
        estimator_factory=MediaPipePose,
        segmenter_factory=MediaPipeSelfieSegmenter,
        symmetrise=symmetrise,
        model=mediapipe_model_info(),
        step=step,
    )


def run(
    path: str | os.PathLike[str],
    *,
    test: str,
    mirrored: bool,
    progress: Callable[[int], None] | None,
    estimator_factory: EstimatorFactory,
    segmenter_factory: SegmenterFactory,
    symmetrise: bool = True,
    model: ModelInfo | None = None,
    step: int | None = None,
) -> EngineOutput:
    """`analyse` with the pose and segmentation models injectable (tests, future models).

    With `symmetrise`, `estimator_factory` is called twice (one instance per flip direction).
    `model` names the models for the result (also when the clip is rejected before they load).
    """
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}; expected one of {TESTS}")
    src = os.fspath(path)
    notes: list[str] = []
    quality: Quality = {"mirrored": bool(mirrored), "notes": notes}
    reporter = _Progress(progress)
    single_factory = estimator_factory
    if symmetrise:
        estimator_factory = functools.partial(SymmetrisedEstimator, estimator_factory)
    else:
        notes.append("pose: single pass, flip symmetrisation off (benchmark setting)")
    try:
        reporter(0)
        pr = _probe(src)
        quality.update(_probe_quality(pr))
        pp = _pose_pass(src, test, pr, bool(mirrored), estimator_factory, segmenter_factory, reporter, step)
        model = pp.model or model
        quality.update(pp.quality())
        notes.extend(pp.notes())
        evidence = gates.Evidence.of(
            test=test, raw=pp.raw, declared=-(-pr.frame_count // pp.step), width=pp.size[0],
            height=pp.size[1], mismatch_frames=pp.mismatch_frames, blob=pp.blob,
            hip_turn=pp.hip_turn, shoulder_turn=pp.shoulder_turn, ran=pp.ran,
        )  # fmt: skip
        quality.update(evidence.quality())
        if evidence.frames and evidence.pose_fraction <= q.NO_PERSON_FRACTION:
            split = side_by_side.fraction(src, pp.index, pp.size, pp.step, bool(mirrored), single_factory)
            quality["side_by_side_fraction"] = rnd(split, 3)
            if split >= q.MULTI_PERSON_FRAMES:
                raise q.Rejected(
                    "multiple_people", f"a person in each half of {100 * split:.0f} % of samples"
                )
        gates.check(evidence)
        track = _track(pp, notes)
        metrics, image, more, baseline = _measure(src, test, bool(mirrored), pp, track)
        notes.extend(more)
        if baseline is not None:
            quality["baseline"] = baseline
    except q.Rejected as rej:
        if rej.detail:
            notes.append(rej.detail)
        reporter(100)
        return EngineOutput(_rejected(test, rej.reason, quality, model), None)
    except video.DecodeError as exc:  # only the decoder's failure is about the clip
        log.warning("decode failed on %s: %s", src, exc)
        notes.append("the video could not be decoded")
        reporter(100)
        return EngineOutput(_rejected(test, "unreadable_video", quality, model), None)
    reporter(100)
    result = build(
        test=test, status="ok", reason=None, message=_ok_message(test, metrics), quality=quality,
        metrics=metrics, model=model,
    )  # fmt: skip
    return EngineOutput(result, image)


def _rejected(test: str, reason: str, quality: Quality, model: ModelInfo | None) -> EngineResult:
    return build(
        test=test, status="rejected", reason=reason, message=q.message_for(reason), quality=quality,
        metrics=None, model=model,
    )  # fmt: skip


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


def track_of(
    path: str | os.PathLike[str], *, test: str, mirrored: bool = False
) -> tuple[Track, NDArray[Any]]:
    """The conditioned track and the raw "seen" mask of a clip, as `analyse` builds them (no gate).

    For studies of the measurement itself (workers/sem_study.py), not for results.
    """
    src = os.fspath(path)
    pp = _pose_pass(
        src, test, _probe(src), mirrored, functools.partial(SymmetrisedEstimator, MediaPipePose),
        MediaPipeSelfieSegmenter, _Progress(None), None,
    )  # fmt: skip
    return _track(pp, []), pp.raw[:, :, 2] >= MIN_VISIBILITY


# --- step 1: container ------------------------------------------------------------------------
def _probe(path: str) -> video.ProbeResult:
    pr = video.probe(path)
    if not pr.ok:
        raise q.Rejected(pr.reason or "unreadable_video")
    return pr


def _probe_quality(pr: video.ProbeResult) -> Quality:
    return {
        "width": pr.width, "height": pr.height, "fps": rnd(pr.fps, 3), "declared_frames": pr.frame_count,
        "duration_s": rnd(pr.duration_s), "size_bytes": pr.size_bytes,
    }  # fmt: skip


# --- step 2: one decode, pose on every k-th frame, segmentation samples ------------------------
@dataclass(frozen=True)
class PosePass:
    raw: NDArray[Any]  # (T, 33, 3) normalised x, y, visibility per analysed frame; NaN = no pose
    t: NDArray[Any]  # (T,) container time of each analysed frame, seconds
    index: NDArray[Any]  # (T,) decoded-stream index of each analysed frame (for the key frame)
    ran: NDArray[Any]  # (T,) the pose model ran on it (else filled from neighbours: schedule.py)
    step: int
    fps: float  # the track's frame rate: the clip's / step
    size: tuple[int, int]
    hip_turn: list[float]
    shoulder_turn: list[float]
    blob: list[float]
    single_frames: int
    mismatch_frames: int
    model: ModelInfo | None

    def quality(self) -> Quality:
        return {
            "analysis_width": self.size[0], "analysis_height": self.size[1], "frame_step": self.step,
            "pose_frames_run": int(self.ran.sum()),
            "vfr": video.is_vfr(self.t),
        }  # fmt: skip

    def notes(self) -> list[str]:
        out = []  # the frame step is in quality.frame_step: routine, not a note a teacher must read
        if self.single_frames:
            out.append(
                f"{self.single_frames} frame(s) with a pose in only one of the original/mirrored passes: "
                "counted as a person, not measured"
            )
        if self.mismatch_frames:
            out.append(
                f"{self.mismatch_frames} frame(s) where the original and mirrored passes found "
                "different people: not measured"
            )
        return out


def frame_step(fps: float) -> int:
    """Analyse every k-th frame so that ~15 fps or more remain (30 fps -> 2, 60 -> 4, 25 -> 1)."""
    return max(1, int(fps // q.TRACK_FPS))


def _pose_pass(
    path: str,
    test: str,
    pr: video.ProbeResult,
    mirrored: bool,
    estimator_factory: EstimatorFactory,
    segmenter_factory: SegmenterFactory,
    progress: _Progress,
    step: int | None,
) -> PosePass:
    size = video.analysis_size(pr.width, pr.height)
    plan = schedule.Schedule(test, pr.fps / (step or frame_step(pr.fps)), *size, thin=step is None)
    step = step or frame_step(pr.fps)
    expected = max(1, -(-pr.frame_count // step))
    n_samples = min(q.SEGMENTATION_SAMPLES, expected)
    samples = {int((k + 0.5) * expected / n_samples) for k in range(n_samples)}
    lms: list[NDArray[Any]] = []
    times: list[float] = []
    index: list[int] = []
    hip_turn: list[float] = []
    shoulder_turn: list[float] = []
    blob: list[float] = []
    ran: list[bool] = []
    tail = int(round(schedule.TAIL_S * pr.fps))
    estimator = estimator_factory()
    try:
        segmenter = segmenter_factory()
    except BaseException:
        estimator.close()
        raise
    skipped: list[tuple[int, NDArray[Any]]] = []  # passed over since the last frame run (<= 2)

    def run_pose(k: int, bgr: NDArray[Any]) -> PoseFrame | None:
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        pf = estimator.estimate(rgb)
        ran[k] = True
        if pf is not None:
            lms[k] = pf.image
            hip_turn.append(_turn_deg(pf.world, L_HIP, R_HIP))
            shoulder_turn.append(_turn_deg(pf.world, L_SHOULDER, R_SHOULDER))
            if k in samples:
                blob.append(outside_blob_ratio(segmenter.person_mask(rgb), _box(pf.image, *size)))
        return pf

    try:
        for k, frame in enumerate(video.iter_frames(path, mirrored=mirrored, size=size, step=step)):
            times.append(frame.t_s)
            index.append(frame.index)
            lms.append(np.full((33, 3), np.nan))  # a frame not run is filled from its neighbours
            ran.append(False)
            if not (plan.wants(frame.t_s) or k in samples or frame.index >= pr.frame_count - tail):
                skipped.append((k, frame.bgr))
                continue
            if plan.observe(frame.t_s, run_pose(k, frame.bgr)):
                for j, bgr in skipped:  # a window opens: run the frames just passed over too
                    run_pose(j, bgr)
            skipped.clear()
            progress(95 * (frame.index + 1) // max(pr.frame_count, 1))
        model = getattr(estimator, "model_info", None)
    finally:
        try:
            estimator.close()
        finally:
            segmenter.close()
    ran_mask = np.asarray(ran, dtype=bool)
    return PosePass(
        raw=schedule.fill_skipped(np.stack(lms), ran_mask) if lms else np.zeros((0, 33, 3)),
        ran=ran_mask,
        t=np.asarray(times, dtype=np.float64),
        index=np.asarray(index, dtype=np.int64),
        step=step,
        fps=pr.fps / step,
        size=size,
        hip_turn=hip_turn,
        shoulder_turn=shoulder_turn,
        blob=blob,
        single_frames=int(getattr(estimator, "single_frames", 0)),
        mismatch_frames=int(getattr(estimator, "mismatch_frames", 0)),
        model=model,
    )


def _turn_deg(world: NDArray[Any], a: int, b: int) -> float:
    d = world[a] - world[b]
    return float(np.degrees(np.arctan2(abs(d[2]), abs(d[0]))))


def _box(img: NDArray[Any], w: int, h: int) -> tuple[float, float, float, float]:
    x = np.clip(img[:, 0] * w, 0, w)
    y = np.clip(img[:, 1] * h, 0, h)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


# --- step 3: signals ---------------------------------------------------------------------------
def _track(pp: PosePass, notes: list[str]) -> Track:
    w, h = pp.size
    if pp.fps <= 12:
        notes.append("frame rate <= 12 fps: no 6 Hz low-pass possible, spikes removed only")
    xy = condition(to_pixels(pp.raw, w, h), pp.raw[:, :, 2], pp.fps)
    return Track(xy=xy, fps=pp.fps, width=w, height=h, t=pp.t, ran=pp.ran)


# --- step 4: measure and draw -------------------------------------------------------------------
def _measure(
    path: str, test: str, mirrored: bool, pp: PosePass, track: Track
) -> tuple[PlieMetrics | StanceMetrics, bytes | None, list[str], bool | None]:
    """Metrics, key-frame JPEG, notes and (stance) whether a baseline was found."""
    if test == "plie":
        plie = analyse_plie(track)
        if plie is None:
            raise q.Rejected("test_not_found", "no plié repetition (hip drop >= 10 % leg length)")
        pm = plie.metrics()
        k = plie.keyframe
        frame = video.read_frame(path, int(pp.index[k]), mirrored=mirrored, size=pp.size, t_s=float(pp.t[k]))
        image = keyframe.render_plie(frame, track.xy[plie.keyframe], plie, pm) if frame is not None else None
        return pm, image, plie.notes, None
    seen = pp.raw[:, :, 2] >= MIN_VISIBILITY
    stance = analyse_stance(track, raw_seen=seen)
    if stance is None:
        raise q.Rejected("test_not_found", "no single-leg phase of >= 3 s")
    sm = stance.metrics()
    k = stance.keyframe
    frame = video.read_frame(path, int(pp.index[k]), mirrored=mirrored, size=pp.size, t_s=float(pp.t[k]))
    image = (
        keyframe.render_stance(frame, track.xy[stance.keyframe], stance, sm) if frame is not None else None
    )
    return sm, image, stance.notes, stance.baseline


def _ok_message(test: str, metrics: PlieMetrics | StanceMetrics) -> str:
    if test == "plie":
        pm = cast(PlieMetrics, metrics)
        b = pm["band"]
        return (
            f"{pm['rep_count']} plié(s) measured. Knee over toes: left {b['left']}, right {b['right']}. "
            "A screening aid, not a diagnosis."
        )
    legs = ", ".join(f"{s['stance_leg']} leg {s['band']}" for s in cast(StanceMetrics, metrics)["sides"])
    return f"Single-leg stance measured ({legs}). A screening aid, not a diagnosis."
