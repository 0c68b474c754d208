"""Pose estimation and person segmentation behind small interfaces.

The engine only sees :class:`PoseEstimator` / :class:`PersonSegmenter`; MediaPipe's legacy
solutions are one implementation, so a future model can replace them without touching analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

# BlazePose indices (odd = subject's left).
NOSE = 0
L_SHOULDER, R_SHOULDER = 11, 12
L_HIP, R_HIP = 23, 24
L_KNEE, R_KNEE = 25, 26
L_ANKLE, R_ANKLE = 27, 28
L_HEEL, R_HEEL = 29, 30
L_FOOT, R_FOOT = 31, 32
N_LANDMARKS = 33

SKELETON = (
    (11, 12), (11, 23), (12, 24), (23, 24), (11, 13), (13, 15), (12, 14), (14, 16),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31), (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
)  # fmt: skip


@dataclass(frozen=True)
class PoseFrame:
    """One person's pose in one frame."""

    image: np.ndarray  # (33, 3): x, y normalised to the frame, visibility 0-1
    world: np.ndarray  # (33, 3): metres, hip-centred; z towards the camera is negative


class PoseEstimator(Protocol):
    def estimate(self, rgb: np.ndarray) -> PoseFrame | None: ...

    def close(self) -> None: ...


class PersonSegmenter(Protocol):
    def person_mask(self, rgb: np.ndarray) -> np.ndarray:
        """Boolean (H, W) mask of pixels belonging to any person."""
        ...

    def close(self) -> None: ...


class MediaPipePose:
    """mediapipe 0.10.9 legacy BlazePose, bundled full model (complexity 1), video (tracking) mode."""

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

    def estimate(self, rgb: np.ndarray) -> PoseFrame | None:
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

    def person_mask(self, rgb: np.ndarray) -> np.ndarray:
        return self._seg.process(rgb).segmentation_mask > 0.5

    def close(self) -> None:
        self._seg.close()


def outside_blob_ratio(mask: np.ndarray, box: tuple[float, float, float, float]) -> float:
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
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(outside, connectivity=8)
    if n <= 1:
        return 0.0
    largest = int(stats[1:, cv2.CC_STAT_AREA].max())
    return largest / dancer_area
