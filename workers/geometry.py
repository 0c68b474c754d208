"""Frame-wise 2-D geometry on (T, 2) pixel arrays (image y grows downwards)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from workers.pose import L_ANKLE, L_HIP, L_KNEE, R_ANKLE, R_HIP, R_KNEE

UPRIGHT_KNEE_DEG = 165.0  # knee (hip-knee-ankle) angle above which a leg counts as straight
LEGS = {"left": (L_HIP, L_KNEE, L_ANKLE, R_HIP), "right": (R_HIP, R_KNEE, R_ANKLE, L_HIP)}


def dist(a: NDArray[Any], b: NDArray[Any]) -> NDArray[Any]:
    return np.asarray(np.hypot(a[..., 0] - b[..., 0], a[..., 1] - b[..., 1]))


def inner_angle(a: NDArray[Any], b: NDArray[Any], c: NDArray[Any]) -> NDArray[Any]:
    """Angle ABC in degrees."""
    v1, v2 = a - b, c - b
    cross = v1[..., 0] * v2[..., 1] - v1[..., 1] * v2[..., 0]
    dot = (v1 * v2).sum(axis=-1)
    return np.asarray(np.degrees(np.arctan2(np.abs(cross), dot)))


def medial_sign(hip_this: NDArray[Any], hip_other: NDArray[Any]) -> NDArray[Any]:
    """+1 / -1: image-x direction towards the other hip (the leg's medial side)."""
    return np.asarray(np.sign(hip_other[..., 0] - hip_this[..., 0]))


def fppa(hip: NDArray[Any], knee: NDArray[Any], ankle: NDArray[Any], medial: NDArray[Any]) -> NDArray[Any]:
    """Frontal-plane projection angle: 180 - angle(hip, knee, ankle), + when the knee lies medial
    to the hip-ankle line (valgus). The side test uses the cross product with the hip->ankle
    direction, so it holds under camera roll."""
    d, k = ankle - hip, knee - hip
    cross = d[..., 0] * k[..., 1] - d[..., 1] * k[..., 0]
    # For a leg pointing down (d = (0, +L)) cross = -L * k_x, so medial (k_x * medial > 0) is -cross * medial > 0.
    side = np.sign(-cross * medial)
    side = np.where(side == 0, 1.0, side)
    return np.asarray((180.0 - inner_angle(hip, knee, ankle)) * side)


def _segment_lengths(xy: NDArray[Any]) -> dict[str, NDArray[Any]]:
    return {
        side: dist(xy[:, hip], xy[:, knee]) + dist(xy[:, knee], xy[:, ankle])
        for side, (hip, knee, ankle, _) in LEGS.items()
    }


def upright_frames(xy: NDArray[Any]) -> dict[str, NDArray[Any]]:
    """Per leg, the frames in which it stands straight.

    Upright = knee angle >= 165 deg, mid-hip within 3 % leg length of its highest position (a
    frontal view hides knee flexion that points at the camera, so the angle alone is not enough)
    and that ankle not raised (within 5 % leg length of the other one).
    """
    lengths = _segment_lengths(xy)
    allv = np.concatenate(list(lengths.values()))
    if not np.isfinite(allv).any():
        return {side: np.zeros(len(xy), dtype=bool) for side in LEGS}
    rough = float(np.nanpercentile(allv, 95))
    hip_y = (xy[:, L_HIP, 1] + xy[:, R_HIP, 1]) / 2
    out: dict[str, NDArray[Any]] = {}
    with np.errstate(invalid="ignore"):
        top = hip_y <= np.nanpercentile(hip_y, 5) + 0.03 * rough
        for side, (hip, knee, ankle, _) in LEGS.items():
            other_ankle = R_ANKLE if ankle == L_ANKLE else L_ANKLE
            grounded = xy[:, ankle, 1] >= xy[:, other_ankle, 1] - 0.05 * rough
            ang = inner_angle(xy[:, hip], xy[:, knee], xy[:, ankle])
            out[side] = np.isfinite(lengths[side]) & top & grounded & (ang >= UPRIGHT_KNEE_DEG)
    return out


def leg_lengths(xy: NDArray[Any]) -> dict[str, tuple[float, bool]]:
    """Standing leg length per leg: median hip->knee + knee->ankle over its upright frames.

    Falls back to the 90th percentile of all frames (flag False) when the leg is never upright
    (e.g. a clip that starts already on one leg).
    """
    lengths = _segment_lengths(xy)
    upright = upright_frames(xy)
    out: dict[str, tuple[float, bool]] = {}
    for side, length in lengths.items():
        ok = np.isfinite(length)
        if upright[side].sum() >= 3:
            out[side] = (float(np.median(length[upright[side]])), True)
        elif ok.any():
            out[side] = (float(np.percentile(length[ok], 90)), False)
        else:
            out[side] = (float("nan"), False)
    return out


def reference_leg_length(lengths: dict[str, tuple[float, bool]]) -> float:
    """One leg length for the body: mean of the legs measured straight, else the longest estimate."""
    straight = [v for v, up in lengths.values() if up and np.isfinite(v)]
    if straight:
        return float(np.mean(straight))
    vals = [v for v, _ in lengths.values() if np.isfinite(v)]
    return float(max(vals)) if vals else float("nan")
