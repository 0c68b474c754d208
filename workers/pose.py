"""Pose estimation and person segmentation behind small interfaces.

The engine only sees :class:`PoseEstimator` / :class:`PersonSegmenter`; MediaPipe's legacy
solutions are one implementation, so a future model can replace them without touching analysis.
:class:`SymmetrisedEstimator` wraps any estimator with test-time flip averaging, so left and right
are measured the same way whatever the model's own handedness bias (README-engine.md).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from workers.result import ModelInfo

# BlazePose indices (odd = subject's left).
NOSE = 0
L_SHOULDER, R_SHOULDER = 11, 12
L_HIP, R_HIP = 23, 24
L_KNEE, R_KNEE = 25, 26
L_ANKLE, R_ANKLE = 27, 28
L_HEEL, R_HEEL = 29, 30
L_FOOT, R_FOOT = 31, 32
N_LANDMARKS = 33
# Landmarks compared between the two passes: one person has them within a small distance.
IDENTITY_LANDMARKS = [L_SHOULDER, R_SHOULDER, L_HIP, R_HIP, L_KNEE, R_KNEE]
# Median landmark distance between the passes, in torso lengths, above which they are two people.
# Same person: 0.01-0.05 (the 1.1 handedness bias, ~7 px at the knee); another person: >= 0.5.
IDENTITY_TOLERANCE = 0.25

# Index of each landmark's left/right counterpart (a mirror image swaps them): eyes 1-3 <-> 4-6,
# ears 7 <-> 8, mouth 9 <-> 10, then the limb pairs 11/12 ... 31/32; the nose maps to itself.
MIRROR_INDEX = np.array(
    [0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9] + [i + (1 if i % 2 else -1) for i in range(11, 33)]
)

SKELETON = (
    (11, 12), (11, 23), (12, 24), (23, 24), (11, 13), (13, 15), (12, 14), (14, 16),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31), (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
)  # fmt: skip


@dataclass(frozen=True)
class PoseFrame:
    """One person's pose in one frame."""

    image: NDArray[Any]  # (33, 3): x, y normalised to the frame, visibility 0-1
    world: NDArray[Any]  # (33, 3): metres, hip-centred; z towards the camera is negative


class PoseEstimator(Protocol):
    def estimate(self, rgb: NDArray[Any]) -> PoseFrame | None: ...

    def close(self) -> None: ...


def unmirror(pf: PoseFrame) -> PoseFrame:
    """A pose found on the horizontally mirrored frame, expressed in the original frame.

    Image x -> 1 - x (normalised, i.e. x -> width - x in pixels), world x -> -x (hip-centred),
    and every left landmark becomes the right one and vice versa. Applying it twice is the identity.
    """
    img = pf.image[MIRROR_INDEX].copy()
    img[:, 0] = 1.0 - img[:, 0]
    wld = pf.world[MIRROR_INDEX].copy()
    wld[:, 0] = -wld[:, 0]
    return PoseFrame(image=img, world=wld)


def combine(a: PoseFrame | None, b: PoseFrame | None) -> PoseFrame | None:
    """Symmetric per-landmark combination of two estimates of the same frame (order-free).

    Visibility is the mean of the two, a pass that found no pose counting as visibility 0.
    Positions (image and world) are the visibility-weighted mean: the plain mean when both passes
    see a landmark equally well, which cancels a left/right bias of the model; a landmark one pass
    barely sees leans on the other pass. With one pass only, the positions are that pass's and
    every visibility is halved, so its landmarks fall below the 0.5 gate (the frame still counts
    as a person for the quality gates, but is not measured from one biased pass).
    """
    if a is None or b is None:
        one = a if b is None else b
        if one is None:
            return None
        img = one.image.copy()
        img[:, 2] *= 0.5
        return PoseFrame(image=img, world=one.world.copy())
    va, vb = a.image[:, 2], b.image[:, 2]
    total = va + vb
    wa = np.divide(va, total, out=np.full_like(total, 0.5), where=total > 0)[:, None]
    wb = 1.0 - wa
    img = np.empty_like(a.image)
    img[:, :2] = wa * a.image[:, :2] + wb * b.image[:, :2]
    img[:, 2] = 0.5 * total
    return PoseFrame(image=img, world=wa * a.world + wb * b.world)


def identity_distance(a: PoseFrame, b: PoseFrame, width: int, height: int) -> float:
    """Median distance between the two estimates' torso and knee landmarks, in torso lengths."""
    scale = np.array([width, height], dtype=np.float64)
    pa, pb = a.image[IDENTITY_LANDMARKS, :2] * scale, b.image[IDENTITY_LANDMARKS, :2] * scale
    torso = 0.5 * sum(
        float(np.hypot(*((p[0] + p[1]) / 2 - (p[2] + p[3]) / 2))) for p in (pa, pb)
    )  # shoulder centre to hip centre, mean of the two estimates
    if not torso > 0:
        return float("inf")
    return float(np.median(np.hypot(*(pa - pb).T))) / torso


class SymmetrisedEstimator:
    """Test-time flip symmetrisation of any estimator: f(x) combined with unmirror(f(mirror(x))).

    Two independent instances from `factory`: one sees the frames as given, the other only their
    mirror images, so each keeps its own temporal tracking state on its own stream. Because the
    combination is symmetric, estimate(mirror(x)) == unmirror(estimate(x)) (up to float rounding):
    a mirrored clip gives exactly the mirrored measurements, whatever the model's handedness bias.
    Costs two inferences per frame.
    """

    def __init__(self, factory: Callable[[], PoseEstimator]) -> None:
        self._direct = factory()
        try:
            self._mirror = factory()
        except BaseException:
            self._direct.close()
            raise
        self.both_frames = 0  # frames where both passes found the pose
        self.single_frames = 0  # frames where only one pass did (landmarks gated out)
        self.mismatch_frames = 0  # both found a pose, but not the same person (never averaged)

    @property
    def model_info(self) -> ModelInfo | None:
        return getattr(self._direct, "model_info", None)

    def estimate(self, rgb: NDArray[Any]) -> PoseFrame | None:
        a = self._direct.estimate(rgb)
        m = self._mirror.estimate(cv2.flip(rgb, 1))  # 60x faster than a reversed numpy copy
        b = unmirror(m) if m is not None else None
        if a is not None and b is not None:
            if identity_distance(a, b, rgb.shape[1], rgb.shape[0]) > IDENTITY_TOLERANCE:
                # Two people (e.g. a mirror beside the dancer): an average would be a ghost
                # between them. Kept as "a person here" for the gates, with nothing measurable.
                self.mismatch_frames += 1
                ghost = combine(a, b)
                assert ghost is not None
                ghost.image[:, 2] = 0.0
                return ghost
            self.both_frames += 1
        elif a is not None or b is not None:
            self.single_frames += 1
        return combine(a, b)

    def close(self) -> None:
        try:
            self._direct.close()
        finally:
            self._mirror.close()


class PersonSegmenter(Protocol):
    def person_mask(self, rgb: NDArray[Any]) -> NDArray[Any]:
        """Boolean (H, W) mask of pixels belonging to any person."""
        ...

    def close(self) -> None: ...


_MODEL_FILES = (
    "modules/pose_detection/pose_detection.tflite",
    "modules/pose_landmark/pose_landmark_full.tflite",
    "modules/selfie_segmentation/selfie_segmentation_landscape.tflite",
)


@functools.cache
def mediapipe_model_info() -> ModelInfo:
    """MediaPipe's version and the sha256 of the model files this engine loads (hashed once)."""
    import mediapipe as mp

    root = Path(mp.__file__).parent
    files = {}
    for rel in _MODEL_FILES:
        files[Path(rel).name] = hashlib.sha256((root / rel).read_bytes()).hexdigest()
    return {"name": "mediapipe-blazepose-full", "version": metadata.version("mediapipe"), "files": files}


class MediaPipePose:
    """mediapipe 0.10.9 legacy BlazePose, bundled full model (complexity 1), video (tracking) mode."""

    @property
    def model_info(self) -> ModelInfo:
        return mediapipe_model_info()

    def __init__(self) -> None:
        import mediapipe as mp  # imported lazily: heavy, and tests of the geometry don't need it

        # smooth_landmarks off: the legacy API fakes 30 fps timestamps, so its filter would act
        # differently at other frame rates; signals.py filters with the clip's real fps instead.
        self._pose = mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=1,
            smooth_landmarks=False,
            enable_segmentation=False,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )

    def estimate(self, rgb: NDArray[Any]) -> PoseFrame | None:
        res = self._pose.process(rgb)
        if res.pose_landmarks is None or res.pose_world_landmarks is None:
            return None
        img = np.array([(p.x, p.y, p.visibility) for p in res.pose_landmarks.landmark], dtype=np.float64)
        wld = np.array([(p.x, p.y, p.z) for p in res.pose_world_landmarks.landmark], dtype=np.float64)
        return PoseFrame(image=img, world=wld)

    def close(self) -> None:
        self._pose.close()


class MediaPipeSelfieSegmenter:
    """Bundled selfie segmentation, landscape model (model_selection=1): masks every person."""

    def __init__(self) -> None:
        import mediapipe as mp

        self._seg = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=1)

    def person_mask(self, rgb: NDArray[Any]) -> NDArray[Any]:
        return np.asarray(self._seg.process(rgb).segmentation_mask > 0.5)

    def close(self) -> None:
        self._seg.close()


def outside_blob_ratio(mask: NDArray[Any], box: tuple[float, float, float, float]) -> float:
    """Largest person blob outside the dancer's widened box, as a fraction of the dancer's mask.

    `box` is (x0, y0, x1, y1) in pixels around the tracked dancer's landmarks; it is widened by
    25 % of its width sideways and 15 % of its height up and down (hands, hair, loose clothes).
    """
    h, w = mask.shape
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    xa, xb = int(max(0, np.floor(x0 - 0.25 * bw))), int(min(w, np.ceil(x1 + 0.25 * bw)))
    ya, yb = int(max(0, np.floor(y0 - 0.15 * bh))), int(min(h, np.ceil(y1 + 0.15 * bh)))
    inside = np.zeros_like(mask)
    inside[ya:yb, xa:xb] = True
    dancer_area = int(np.count_nonzero(mask & inside))
    outside = (mask & ~inside).astype(np.uint8)
    if dancer_area == 0:
        # People in the picture, none where the skeleton is: the skeleton is not on a person
        # (a ghost between two), not "nobody else".
        return float("inf") if outside.any() else 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(outside, connectivity=8)
    if n <= 1:
        return 0.0
    largest = int(stats[1:, cv2.CC_STAT_AREA].max())
    return largest / dancer_area
