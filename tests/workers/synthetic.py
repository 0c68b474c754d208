"""Made-up pose sequences with known geometry, fed to the analysers without MediaPipe."""

from __future__ import annotations

import math

import numpy as np

from workers import pose as P
from workers.signals import Track

W, H = 1280, 720
CX, FLOOR = 640.0, 660.0
LEG = 400.0  # standing leg length in pixels (straight leg: hip-knee = knee-ankle = 200)
HIP_HALF = 70.0
TRUNK = 260.0
SHOULDER_HALF = 90.0


def _blank(n: int) -> np.ndarray:
    return np.full((n, 33, 2), np.nan)


def rotate(xy: np.ndarray, deg: float) -> np.ndarray:
    """Camera roll: rotate every point about the image centre."""
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    out = xy.copy()
    x, y = xy[..., 0] - W / 2, xy[..., 1] - H / 2
    out[..., 0] = W / 2 + c * x - s * y
    out[..., 1] = H / 2 + s * x + c * y
    return out


def mirror(xy: np.ndarray) -> np.ndarray:
    """What the pose model reports for a horizontally flipped frame: x flipped and, since it
    labels sides by appearance, odd/even (left/right) landmarks swapped."""
    out = xy.copy()
    out[..., 0] = W - out[..., 0]
    swap = list(range(33))
    for a in range(1, 33, 2):
        if a + 1 < 33:
            swap[a], swap[a + 1] = a + 1, a
    return out[:, swap]


def plie_sequence(
    *,
    fps: float = 30.0,
    reps: int = 3,
    depth_pct: float = 30.0,
    offset_pct: dict[str, float],
    gap_pct: float = 35.0,
) -> tuple[Track, list[float]]:
    """Stand 1.5 s, then `reps` pliés of 3 s (1.2 s down, 0.6 s held at the bottom, 1.2 s up).

    Knee x relative to the toe line ramps to the target offset over the first half of the
    descent and stays there, so every frame within +-100 ms of the bottom carries the exact
    target. With the default 35 % ankle gap the ankles sit under the hips, so the standing leg
    length is exactly LEG. Returns the track and the times (s) of the bottoms.
    """
    stand, down, hold = 1.5, 1.2, 0.6
    period = 2 * down + hold
    n = int(round((stand + reps * period + stand) * fps))
    t = np.arange(n) / fps
    drop = np.zeros(n)
    for k in range(reps):
        u = t - stand - k * period
        d = np.where((u >= 0) & (u < down), np.sin(np.clip(u / down, 0, 1) * math.pi / 2) ** 2, 0.0)
        d = np.where((u >= down) & (u < down + hold), 1.0, d)
        d = np.where(
            (u >= down + hold) & (u < period),
            np.cos(np.clip((u - down - hold) / down, 0, 1) * math.pi / 2) ** 2,
            d,
        )
        drop += d
    frac = np.clip(drop / 0.5, 0, 1)  # offset reaches its target halfway down
    xy = _blank(n)
    hip_y = FLOOR - LEG + depth_pct / 100 * LEG * drop
    half_gap = gap_pct / 100 * LEG / 2
    for side, sgn in (("left", 1.0), ("right", -1.0)):  # subject's left is on image right (+x)
        hip, knee, ankle, foot = (
            (P.L_HIP, P.L_KNEE, P.L_ANKLE, P.L_FOOT)
            if side == "left"
            else (P.R_HIP, P.R_KNEE, P.R_ANKLE, P.R_FOOT)
        )
        hx = CX + sgn * HIP_HALF
        ax = CX + sgn * half_gap
        toe_x = ax + sgn * 40.0  # turned-out foot: toe lateral to the ankle
        xy[:, hip] = np.stack([np.full(n, hx), hip_y], axis=1)
        xy[:, ankle] = np.stack([np.full(n, ax), np.full(n, FLOOR)], axis=1)
        xy[:, foot] = np.stack([np.full(n, toe_x), np.full(n, FLOOR + 15)], axis=1)
        # Standing: knee on the straight hip-ankle line. In plié: lateral offset from the toe line.
        straight_x = (hx + ax) / 2
        bent_x = toe_x + sgn * offset_pct[side] / 100 * LEG  # +offset = lateral (away from the other hip)
        kx = straight_x + frac * (bent_x - straight_x)
        ky = (hip_y + FLOOR) / 2
        xy[:, knee] = np.stack([kx, ky], axis=1)
    _add_upper_body(xy, np.full(n, 0.0), np.full(n, 0.0))
    bottoms = [stand + k * period + down + hold / 2 for k in range(reps)]
    return Track(xy=xy, fps=fps, width=W, height=H), bottoms


def _add_upper_body(xy: np.ndarray, pelvis_deg: np.ndarray, trunk_deg: np.ndarray) -> None:
    """Shoulders from the hip centre along the trunk angle (+ = towards image +x)."""
    hc = (xy[:, P.L_HIP] + xy[:, P.R_HIP]) / 2
    tr = np.radians(trunk_deg)
    sc = hc + TRUNK * np.stack([np.sin(tr), -np.cos(tr)], axis=1)
    xy[:, P.L_SHOULDER] = sc + np.stack([np.full(len(sc), SHOULDER_HALF), np.zeros(len(sc))], axis=1)
    xy[:, P.R_SHOULDER] = sc - np.stack([np.full(len(sc), SHOULDER_HALF), np.zeros(len(sc))], axis=1)
    xy[:, P.NOSE] = sc + np.array([0.0, -60.0])


def stance_sequence(
    *,
    fps: float = 30.0,
    phases: list[tuple[str, float]],
    drop_deg: dict[str, float],
    lean_deg: dict[str, float],
    fppa_deg: dict[str, float],
    natural_tilt_deg: float = 0.0,
    natural_trunk_deg: float = 0.0,
    roll_deg: float = 0.0,
) -> Track:
    """Phases: ("both", seconds) standing, ("left"/"right", seconds) with that leg *raised*.

    While a leg is raised the pelvis drops `drop_deg[stance]` on the raised side, the trunk leans
    `lean_deg[stance]` towards the stance leg and the stance knee sits at `fppa_deg[stance]`
    (+ = valgus), all on top of the natural standing posture, then the camera is rolled.
    """
    labels: list[str] = []
    for name, secs in phases:
        labels += [name] * int(round(secs * fps))
    n = len(labels)
    xy = _blank(n)
    hip_c = np.array([CX, FLOOR - LEG])
    pelvis = np.full(n, natural_tilt_deg)  # "left hip lower" angle
    trunk = np.full(n, natural_trunk_deg)  # + = towards image +x (the subject's left)
    for i, lab in enumerate(labels):
        if lab == "left":  # left raised, right stance: left hip lower by drop, lean towards -x
            pelvis[i] += drop_deg["right"]
            trunk[i] -= lean_deg["right"]
        elif lab == "right":
            pelvis[i] -= drop_deg["left"]
            trunk[i] += lean_deg["left"]
    a = np.radians(pelvis)
    half = HIP_HALF * np.stack([np.cos(a), np.sin(a)], axis=1)
    xy[:, P.L_HIP] = hip_c + half
    xy[:, P.R_HIP] = hip_c - half
    for side, sgn in (("left", 1.0), ("right", -1.0)):
        hip, knee, ankle, foot = (
            (P.L_HIP, P.L_KNEE, P.L_ANKLE, P.L_FOOT)
            if side == "left"
            else (P.R_HIP, P.R_KNEE, P.R_ANKLE, P.R_FOOT)
        )
        ax = CX + sgn * HIP_HALF
        for i, lab in enumerate(labels):
            h = xy[i, hip]
            if lab == side:  # this leg raised: knee up and out, ankle 35 % leg length up
                xy[i, ankle] = (ax + sgn * 20, FLOOR - 0.35 * LEG)
                xy[i, knee] = (h[0] + sgn * 120, h[1] + 110)
            else:
                xy[i, ankle] = (ax, FLOOR)
                phi = fppa_deg[side] if lab not in ("both", side) else 0.0
                # Knee off the hip-ankle midpoint, perpendicular, towards medial (-sgn) for +phi.
                d = xy[i, ankle] - h
                dist = float(np.hypot(*d))
                nrm = np.array([-d[1], d[0]]) / dist
                if nrm[0] * (-sgn) < 0:
                    nrm = -nrm
                xy[i, knee] = (h + xy[i, ankle]) / 2 + nrm * dist / 2 * math.tan(math.radians(phi) / 2)
            xy[i, foot] = xy[i, ankle] + (sgn * 30.0, 12.0)
    _add_upper_body(xy, pelvis, trunk)
    return Track(xy=rotate(xy, roll_deg), fps=fps, width=W, height=H)
