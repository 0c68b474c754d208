"""The quality gate after the pose pass: evidence from the landmarks, checked in a fixed order.

`Evidence.of(...)` computes every figure once (they go into `quality` whether or not the clip
passes); `check(evidence, test)` raises `Rejected` at the first failed rule (DOMAIN.md order,
with the engine 1.2 additions: identity between passes, upright person).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from workers import quality as q
from workers.pose import (
    L_ANKLE,
    L_FOOT,
    L_HIP,
    L_KNEE,
    L_SHOULDER,
    NOSE,
    R_ANKLE,
    R_FOOT,
    R_HIP,
    R_KNEE,
    R_SHOULDER,
)  # fmt: skip
from workers.result import Quality, rnd
from workers.signals import MIN_VISIBILITY

# Landmarks that must be visible for each test: (body, feet).
REQUIRED = {
    "plie": ((L_HIP, R_HIP, L_KNEE, R_KNEE), (L_ANKLE, R_ANKLE, L_FOOT, R_FOOT)),
    "stance": ((L_SHOULDER, R_SHOULDER, L_HIP, R_HIP, L_KNEE, R_KNEE), (L_ANKLE, R_ANKLE)),
}
MAX_UPRIGHT_DEG = 45.0  # median tilt of the ankles->head axis from the image vertical
MAX_JUMP_TORSO = 0.5  # hip centre moving more than this many torso lengths in one frame: a switch


@dataclass(frozen=True)
class Evidence:
    frames: int  # decoded frames analysed (after the frame step)
    declared: int  # frames the container declares, divided by the step
    pose_fraction: float
    mismatch_fraction: float  # frames with a pose whose two passes / neighbours are not one person
    multi_person_fraction: float
    multi_person_samples: int
    upright_deg: float  # median |tilt| of the body axis; 0 = head straight up
    hip_turn_deg: float
    shoulder_turn_deg: float
    body_fraction: float
    feet_fraction: float
    visible_fraction: float

    @classmethod
    def of(
        cls,
        *,
        test: str,
        raw: NDArray[Any],
        declared: int,
        width: int,
        height: int,
        mismatch_frames: int,
        blob: list[float],
        hip_turn: list[float],
        shoulder_turn: list[float],
        ran: NDArray[Any] | None = None,
    ) -> Evidence:
        has_pose = np.isfinite(raw[:, 0, 0])
        n_pose = int(has_pose.sum())
        xy = raw[has_pose, :, :2] * np.array([width, height])
        # Identity is judged on the frames the model ran on (filled ones only interpolate them).
        real = has_pose & (ran if ran is not None else True)
        n_real = int(real.sum())
        switches = _identity_switches(raw[real, :, :2] * np.array([width, height]))
        body, feet = REQUIRED[test]
        vis = raw[has_pose, :, 2]
        body_ok = (vis[:, list(body)] >= MIN_VISIBILITY).all(axis=1)
        feet_ok = (vis[:, list(feet)] >= MIN_VISIBILITY).all(axis=1)
        flagged = sum(r > q.MULTI_PERSON_BLOB for r in blob)
        return cls(
            frames=len(raw),
            declared=declared,
            pose_fraction=float(has_pose.mean()) if len(raw) else 0.0,
            mismatch_fraction=(mismatch_frames + switches) / n_real if n_real else 0.0,
            multi_person_fraction=flagged / len(blob) if blob else 0.0,
            multi_person_samples=len(blob),
            upright_deg=_upright_deg(xy),
            hip_turn_deg=float(np.median(hip_turn)) if hip_turn else float("nan"),
            shoulder_turn_deg=float(np.median(shoulder_turn)) if shoulder_turn else float("nan"),
            body_fraction=float(body_ok.mean()) if n_pose else 0.0,
            feet_fraction=float(feet_ok.mean()) if n_pose else 0.0,
            visible_fraction=float((body_ok & feet_ok).mean()) if n_pose else 0.0,
        )

    def quality(self) -> Quality:
        return {
            "frames": self.frames,
            "analysed_frames": int(round(self.pose_fraction * self.frames)),
            "pose_fraction": rnd(self.pose_fraction, 3),
            "identity_mismatch_fraction": rnd(self.mismatch_fraction, 3),
            "multi_person_fraction": rnd(self.multi_person_fraction, 3),
            "multi_person_sampled_frames": self.multi_person_samples,
            "upright_deg": rnd(self.upright_deg),
            "hip_turn_deg": rnd(self.hip_turn_deg),
            "shoulder_turn_deg": rnd(self.shoulder_turn_deg),
            "visible_fraction": rnd(self.visible_fraction, 3),
            "feet_visible_fraction": rnd(self.feet_fraction, 3),
        }


def check(ev: Evidence) -> None:
    """Raise Rejected for the first failed rule."""
    if ev.frames == 0:
        raise q.Rejected("unreadable_video")
    if ev.frames < q.TRUNCATED_FRACTION * ev.declared:
        raise q.Rejected("truncated_video", f"decoded {ev.frames} of {ev.declared} expected frames")
    if ev.pose_fraction <= q.NO_PERSON_FRACTION:
        raise q.Rejected("no_person")
    # Upside down or sideways first: the other rules read the body in the displayed frame.
    if not ev.upright_deg <= MAX_UPRIGHT_DEG:
        raise q.Rejected("not_upright", f"body axis {ev.upright_deg:.0f} deg from the image vertical")
    if ev.mismatch_fraction >= q.MULTI_PERSON_FRAMES:
        raise q.Rejected(
            "multiple_people",
            f"the two pose passes (or consecutive frames) found different people in "
            f"{100 * ev.mismatch_fraction:.0f} % of frames",
        )
    if ev.multi_person_samples and ev.multi_person_fraction >= q.MULTI_PERSON_FRAMES:
        raise q.Rejected("multiple_people")
    if ev.hip_turn_deg > q.MAX_TURN_DEG:
        raise q.Rejected("not_frontal")
    if ev.body_fraction < q.MIN_VISIBLE_FRACTION:
        raise q.Rejected("low_visibility")
    if ev.feet_fraction < q.MIN_VISIBLE_FRACTION:
        raise q.Rejected("feet_not_visible")


def _upright_deg(xy: NDArray[Any]) -> float:
    """Median angle between the image's up direction and the mid-ankle -> head (nose) axis.

    0 = head above hips above ankles; 90 = lying sideways (a missing or wrong 90/270 rotation
    tag); 180 = upside down (phone held upside down with a 180 tag).
    """
    if len(xy) == 0:
        return float("nan")
    ankle = (xy[:, L_ANKLE] + xy[:, R_ANKLE]) / 2
    hip = (xy[:, L_HIP] + xy[:, R_HIP]) / 2
    head = xy[:, NOSE]
    # Both segments must point up: the mean of the ankle->hip and hip->head directions.
    v = _unit(hip - ankle) + _unit(head - hip)
    ang = np.degrees(np.arctan2(np.abs(v[:, 0]), -v[:, 1]))  # 0 = straight up (image y down)
    return float(np.median(ang))


def _unit(v: NDArray[Any]) -> NDArray[Any]:
    n = np.hypot(v[:, 0], v[:, 1])[:, None]
    return np.divide(v, n, out=np.zeros_like(v), where=n > 0)


def _identity_switches(xy: NDArray[Any]) -> int:
    """Consecutive frames whose hip centre jumps more than MAX_JUMP_TORSO torso lengths."""
    if len(xy) < 2:
        return 0
    hip = (xy[:, L_HIP] + xy[:, R_HIP]) / 2
    sh = (xy[:, L_SHOULDER] + xy[:, R_SHOULDER]) / 2
    torso = np.hypot(*(sh - hip).T)
    jump = np.hypot(*np.diff(hip, axis=0).T)
    scale = np.maximum(torso[1:], torso[:-1])
    return int(np.count_nonzero(jump > MAX_JUMP_TORSO * scale))
