"""Which analysed frames the pose model runs on: every one where a measurement is taken, a thinned
subset elsewhere (issue 13's speed step).

The schedule is decided online, frame by frame, from the *symmetrised* pose of the frames already
run, and both passes always run on the same frames. So a mirrored clip gets exactly the same
schedule and the flip-equivariance of the engine stays exact; and every frame a measurement is
read from was seen by both passes (the identity check runs there too).

Dense (every analysed frame), for 0.2 s (plié) / 0.5 s (stance) after any of: plié — the hips
more than 8 % leg length below their standing height and within 5 % of the rep's deepest point so
far (a rep's descent, its 30 % crossing and its deepest frame; not the ascent, nothing is read there);
stance — an ankle's height above the other in the lift-off / touch-down band, or the leg raised or
lowered since the last frame run; either — the landmarks the test needs not all seen. Elsewhere
(standing still, the steady part of a hold) frames run at ~5 fps by container time. When a frame
opens a window, the (at most 2) frames passed over just before it run too (the engine keeps them),
so a window starts where it should, not up to 0.2 s late. The frames that never run are filled by
linear interpolation between their two run neighbours (`fill_skipped`), marked as not run, and
never chosen as a key frame. Tracks below 12 fps are not thinned.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from workers.pose import L_ANKLE, L_HIP, L_KNEE, R_ANKLE, R_HIP, R_KNEE, PoseFrame

SPARSE_FPS = 5.0  # rate of the thinned subset
MIN_THIN_FPS = 12.0  # a slower track (e.g. a 10 fps clip) runs every frame
DROP_FRACTION = 0.08  # mid-hip this far (leg lengths) below its standing height: in a rep
NEAR_BOTTOM = 0.05  # ... and within this of the rep's deepest point so far: descent or bottom
ANKLE_BAND = (0.05, 0.2)  # ankle height difference (leg lengths) around the 10 % lift-off threshold
RAISED = 0.10  # stance.py's lift-off threshold: crossing it between two run frames goes dense
DENSE_AFTER_S = {"plie": 0.2, "stance": 0.5}  # stay dense this long after the last reason to be
TAIL_S = 0.5  # the clip's last 0.5 s always runs: nothing after it to fill skipped frames from
_NEEDED = (L_HIP, R_HIP, L_KNEE, R_KNEE, L_ANKLE, R_ANKLE)
_SEEN = 0.5


class Schedule:
    """Online frame schedule. `wants(t_s)` before a frame; `observe(t_s, pose)` after running it."""

    def __init__(self, test: str, track_fps: float, width: int, height: int, *, thin: bool = True) -> None:
        self.test = test
        self.thinned = thin and track_fps >= MIN_THIN_FPS
        self._scale = np.array([width, height], dtype=np.float64)
        self._dense_until = -np.inf
        self._last_run = -np.inf
        self._hip_y: list[float] = []
        self._leg: list[float] = []
        self._raised: bool | None = None
        self._rep_max = 0.0  # deepest hip drop of the current rep (leg lengths)

    def wants(self, t_s: float) -> bool:
        if not self.thinned or t_s <= self._dense_until:
            return True
        return t_s - self._last_run >= 1.0 / SPARSE_FPS - 1e-6

    def observe(self, t_s: float, pose: PoseFrame | None) -> bool:
        """Record a frame run; True when it opens a window (the frames just passed over run too)."""
        self._last_run = t_s
        opens = t_s > self._dense_until
        if pose is not None and self._needs_dense(pose):
            self._dense_until = t_s + DENSE_AFTER_S[self.test]
            return opens and self.thinned
        return False

    def _needs_dense(self, pose: PoseFrame) -> bool:
        img = pose.image
        if (img[list(_NEEDED), 2] < _SEEN).any():
            return True  # what the test needs is not all seen: run every frame rather than guess
        p = img[:, :2] * self._scale
        leg = 0.5 * sum(
            float(np.hypot(*(p[h] - p[kn])) + np.hypot(*(p[kn] - p[a])))
            for h, kn, a in ((L_HIP, L_KNEE, L_ANKLE), (R_HIP, R_KNEE, R_ANKLE))
        )  # fmt: skip
        self._leg.append(leg)
        ref = float(np.median(self._leg))
        if not ref > 0:
            return True
        if self.test == "plie":
            hip_y = float(p[L_HIP, 1] + p[R_HIP, 1]) / 2
            self._hip_y.append(hip_y)
            standing = float(np.percentile(self._hip_y, 5))  # highest hips so far, robust to a spike
            drop = (hip_y - standing) / ref
            self._rep_max = max(self._rep_max, drop) if drop >= NEAR_BOTTOM else 0.0
            # The ascent is not measured (the rep's bottom and its 30 % crossing on the way down are).
            return drop >= DROP_FRACTION and drop >= self._rep_max - NEAR_BOTTOM
        lift = abs(float(p[L_ANKLE, 1] - p[R_ANKLE, 1])) / ref
        raised, changed = lift >= RAISED, self._raised is not None and (lift >= RAISED) != self._raised
        self._raised = raised
        return changed or ANKLE_BAND[0] <= lift <= ANKLE_BAND[1]


def fill_skipped(raw: NDArray[Any], ran: NDArray[Any]) -> NDArray[Any]:
    """(T, 33, 3) poses with the frames not run filled linearly between their two run neighbours.

    A skipped frame stays NaN (no pose) unless both neighbours have one; visibility is interpolated
    like the positions, so a landmark seen on both sides counts as seen.
    """
    out = raw.copy()
    real = np.flatnonzero(ran)
    if len(real) == 0:
        return out
    for i in np.flatnonzero(~ran).tolist():
        j = int(np.searchsorted(real, i))
        if j == 0 or j == len(real):
            continue
        p, n = int(real[j - 1]), int(real[j])
        if np.isfinite(raw[p, 0, 0]) and np.isfinite(raw[n, 0, 0]):
            w = (i - p) / (n - p)
            out[i] = (1.0 - w) * raw[p] + w * raw[n]
    return out
