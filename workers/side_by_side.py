"""Two people side by side: the check the engine runs when the pose model finds nobody whole.

A one-person detector on the whole frame can miss both of two people standing side by side (a
dancer beside a wall mirror: the 1200x338 tree-pose copy), so "nobody" would be the wrong verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workers import quality as q
from workers import video
from workers.pose import PoseEstimator

HALF = 0.55  # each half is 55 % of the width, so a person in the middle is whole in one of them


def fraction(
    path: str,
    index: NDArray[Any],
    size: tuple[int, int],
    step: int,
    mirrored: bool,
    factory: Callable[[], PoseEstimator],
) -> float:
    """Fraction of up to 12 analysed frames with a person in the left half *and* one in the right.

    `index` lists the decoded-stream index of each analysed frame; a fresh single-pass model per
    half (no tracking state carried over from the main pass).
    """
    n = len(index)
    picks = set(np.linspace(0, max(n - 1, 0), min(q.SEGMENTATION_SAMPLES, n)).astype(int).tolist())
    wanted = {int(index[k]) for k in picks}
    w = size[0]
    halves = ((0, int(HALF * w)), (int((1 - HALF) * w), w))
    models = [factory(), factory()]
    both = seen = 0
    try:
        for frame in video.iter_frames(path, mirrored=mirrored, size=size, step=step):
            if frame.index not in wanted:
                continue
            rgb = cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB)
            found = [
                m.estimate(np.ascontiguousarray(rgb[:, a:b])) is not None
                for m, (a, b) in zip(models, halves, strict=True)
            ]
            seen += 1
            both += all(found)
    finally:
        for m in models:
            m.close()
    return both / seen if seen else 0.0
