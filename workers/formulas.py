"""Per-frame reference formulas of DOMAIN.md, in plain Python (no Django, no numpy).

The one specification the phone's mirror (``static/js/mirror_formulas.js``, a line-by-line port)
and its shared test vectors (``tests/mirror/formula_vectors.json``) are checked against. A frame
is 33 BlazePose landmarks as ``(x_px, y_px, visibility)`` in pixel coordinates, image y down;
odd indices are the subject's left. A value that needs a landmark seen with visibility < 0.5 is
``None`` (unknown), never a guess. The streaming helpers (:class:`PlieCounter`,
:class:`HoldTimer`) take samples by their timestamps, so counts and holds do not depend on the
frame rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

Point = tuple[float, float, float]
Frame = Sequence[Point]

L_SHOULDER, R_SHOULDER = 11, 12
L_HIP, R_HIP, L_KNEE, R_KNEE, L_ANKLE, R_ANKLE = 23, 24, 25, 26, 27, 28
L_FOOT, R_FOOT = 31, 32
MIN_VISIBILITY = 0.5
# side -> (hip, knee, ankle, foot tip, other hip)
LEG = {"left": (L_HIP, L_KNEE, L_ANKLE, L_FOOT, R_HIP), "right": (R_HIP, R_KNEE, R_ANKLE, R_FOOT, L_HIP)}
SIDES = ("left", "right")

UPRIGHT_KNEE_DEG = 165.0  # knee angle above which a leg counts as straight
GROUNDED_FRACTION = 0.05  # ankle within 5 % leg length of the other one = on the floor
MIN_DEPTH_PCT = 10.0  # a plié rep: hips >= 10 % leg length below standing
WINDOW_S = 0.10  # measure at the median of samples within +-100 ms of the deepest one
BOTTOM_PCT = 2.0  # ... and of every sample of the rep with the hips within 2 % leg length of its depth
RAISE_FRACTION = 0.10  # raised ankle >= 10 % leg length above the other one
SKIP_AFTER_LIFT_S = 0.5  # settling time after lift-off, not part of the hold
BASELINE_S = 1.0  # double-leg standing used as baseline before lift-off
MAX_TOUCHDOWN_S = 1.0  # a shorter return to the floor is a touch-down, not the end of the hold
MAX_GAP_S = 0.5  # an ankle unseen this long is bridged (the engine fills gaps of <= 5 frames)
MIN_CALIBRATION_FRAMES = 1  # upright frames before measuring; later ones keep refining the medians
MAX_ROLL_DEG = 15.0  # a larger body-axis tilt is not camera roll: not corrected (workers/plie.py)
MIN_ROLL_FRAMES = 3
IDENTITY_LANDMARKS = (L_SHOULDER, R_SHOULDER, L_HIP, R_HIP, L_KNEE, R_KNEE)
IDENTITY_TOLERANCE = 0.25  # torso lengths between the passes above which they are two people
STANDING_FRACTION = 0.03  # mid-hip within this of its highest position: standing (roll frames)


def to_pixels(landmarks: Sequence[Sequence[float]], *, width: float, height: float) -> list[Point]:
    """Normalised ``(x, y, visibility)`` -> pixels (x and y have different scales normalised)."""
    return [(float(p[0]) * width, float(p[1]) * height, float(p[2])) for p in landmarks]


def _seen(frame: Frame, *idx: int) -> bool:
    return all(frame[i][2] >= MIN_VISIBILITY for i in idx)


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def identity_distance(a: Frame, b: Frame) -> float:
    """Two pose estimates of one frame (the direct and the unmirrored flipped pass, in pixels):
    median distance of shoulders, hips and knees over the mean torso length (shoulder centre to hip
    centre). Above IDENTITY_TOLERANCE they found two people (workers/pose.py, the gate's rule)."""
    torso = 0.5 * sum(
        _dist(_mid(f[L_SHOULDER], f[R_SHOULDER]), _mid(f[L_HIP], f[R_HIP])) for f in (a, b)
    )
    if not torso > 0:
        return math.inf
    return median(_dist(a[i], b[i]) for i in IDENTITY_LANDMARKS) / torso


def _mid(p: Point, q: Point) -> Point:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2, 1.0)


def medial_sign(x_hip_this: float, x_hip_other: float) -> float:
    """+1 / -1 (0 when the hips coincide): the image-x direction towards the other hip."""
    d = x_hip_other - x_hip_this
    return (d > 0) - (d < 0)


def leg_length_px(frame: Frame, side: str) -> float | None:
    """hip->knee + knee->ankle in pixels (the standing value is the median over upright frames)."""
    hip, knee, ankle, _, _ = LEG[side]
    if not _seen(frame, hip, knee, ankle):
        return None
    return _dist(frame[hip], frame[knee]) + _dist(frame[knee], frame[ankle])


def knee_angle_deg(frame: Frame, side: str) -> float | None:
    """Inner angle hip-knee-ankle in degrees (180 = straight)."""
    hip, knee, ankle, _, _ = LEG[side]
    if not _seen(frame, hip, knee, ankle):
        return None
    h, k, a = frame[hip], frame[knee], frame[ankle]
    v1, v2 = (h[0] - k[0], h[1] - k[1]), (a[0] - k[0], a[1] - k[1])
    return math.degrees(math.atan2(abs(v1[0] * v2[1] - v1[1] * v2[0]), v1[0] * v2[0] + v1[1] * v2[1]))


def is_upright(frame: Frame, leg_length: float) -> bool:
    """Both knees straight (>= 165 deg) and both ankles on the floor (level within 5 % leg length)."""
    for side in SIDES:
        angle = knee_angle_deg(frame, side)
        if angle is None or angle < UPRIGHT_KNEE_DEG:
            return False
    return abs(frame[L_ANKLE][1] - frame[R_ANKLE][1]) <= GROUNDED_FRACTION * leg_length


def knee_toe_offset_pct(frame: Frame, side: str, leg_length: float) -> float | None:
    """(x_knee - x_foot_index) * (-m) / leg length * 100: + = knee outside the toe line."""
    hip, knee, _, foot, other = LEG[side]
    if not _seen(frame, hip, knee, foot, other) or leg_length <= 0:
        return None
    m = medial_sign(frame[hip][0], frame[other][0])
    return (frame[knee][0] - frame[foot][0]) * (-m) / leg_length * 100.0


def mid_hip_y(frame: Frame) -> float | None:
    if not _seen(frame, L_HIP, R_HIP):
        return None
    return (frame[L_HIP][1] + frame[R_HIP][1]) / 2.0


def depth_pct(hip_y: float, standing_hip_y: float, leg_length: float) -> float:
    """Mid-hip drop below standing as % of leg length (image y grows downwards)."""
    return (hip_y - standing_hip_y) / leg_length * 100.0


def camera_roll_deg(frames: Sequence[Frame]) -> float | None:
    """Median angle of the mid-ankle -> mid-shoulder axis from the image vertical over standing
    frames (+ = content turned clockwise on screen); None with < 3 seen or |roll| > 15 deg."""
    axes = []
    for fr in frames:
        if _seen(fr, L_ANKLE, R_ANKLE, L_SHOULDER, R_SHOULDER):
            dx = (fr[L_SHOULDER][0] + fr[R_SHOULDER][0]) / 2 - (fr[L_ANKLE][0] + fr[R_ANKLE][0]) / 2
            dy = (fr[L_SHOULDER][1] + fr[R_SHOULDER][1]) / 2 - (fr[L_ANKLE][1] + fr[R_ANKLE][1]) / 2
            axes.append(math.degrees(math.atan2(dx, -dy)))
    if len(axes) < MIN_ROLL_FRAMES:
        return None
    roll = median(axes)
    return roll if abs(roll) <= MAX_ROLL_DEG else None


def level(frame: Frame, roll_deg: float, width: float, height: float) -> list[Point]:
    """Every point rotated by -roll about the frame centre (visibility kept): the body stands vertical."""
    a = math.radians(roll_deg)
    c, s = math.cos(a), math.sin(a)
    out: list[Point] = []
    for x, y, vis in frame:
        dx, dy = x - width / 2, y - height / 2
        out.append((width / 2 + c * dx + s * dy, height / 2 - s * dx + c * dy, vis))
    return out


def offset_band(offset_pct: float) -> str:
    """>= 0 aligned (over the toes) · -5..0 watch (on the big toe) · < -5 concern (inside it)."""
    if offset_pct >= 0:
        return "aligned"
    return "watch" if offset_pct >= -5 else "concern"


def hip_line_deg(frame: Frame) -> float | None:
    """Left hip relative to right: atan2(y_L - y_R, |x_L - x_R|); + = left hip lower."""
    if not _seen(frame, L_HIP, R_HIP):
        return None
    return math.degrees(math.atan2(frame[L_HIP][1] - frame[R_HIP][1], abs(frame[L_HIP][0] - frame[R_HIP][0])))


def pelvic_drop_deg(frame: Frame, raised: str, baseline_deg: float = 0.0) -> float | None:
    """Contralateral pelvic drop minus baseline, degrees; + = the raised side is lower."""
    line = hip_line_deg(frame)
    if line is None:
        return None
    return (1.0 if raised == "left" else -1.0) * (line - baseline_deg)


def drop_band(drop_deg: float) -> str:
    """< -5 hip hike (watch) · -5..2 level · 2-5 watch · > 5 concern."""
    if drop_deg < -5:
        return "hip_hike"
    if drop_deg < 2:
        return "level"
    return "watch" if drop_deg <= 5 else "concern"


def trunk_deg(frame: Frame) -> float | None:
    """Mid-hip -> mid-shoulder line from vertical; + = shoulders towards image +x."""
    if not _seen(frame, L_SHOULDER, R_SHOULDER, L_HIP, R_HIP):
        return None
    sx = (frame[L_SHOULDER][0] + frame[R_SHOULDER][0]) / 2.0
    sy = (frame[L_SHOULDER][1] + frame[R_SHOULDER][1]) / 2.0
    hx = (frame[L_HIP][0] + frame[R_HIP][0]) / 2.0
    hy = (frame[L_HIP][1] + frame[R_HIP][1]) / 2.0
    return math.degrees(math.atan2(sx - hx, hy - sy))


def trunk_lean_deg(frame: Frame, stance: str, baseline_deg: float = 0.0) -> float | None:
    """Trunk lean towards the stance side minus baseline, degrees (> 5 = compensating)."""
    trunk = trunk_deg(frame)
    if trunk is None:
        return None
    st, ra = (L_HIP, R_HIP) if stance == "left" else (R_HIP, L_HIP)
    towards = medial_sign(frame[ra][0], frame[st][0])
    return towards * (trunk - baseline_deg)


def raised_leg(frame: Frame, leg_length: float) -> str | None:
    """The raised leg: "left" / "right" when that ankle is >= 10 % leg length above the other, "" when both are
    down, None when an ankle is not seen (unknown is not "on the floor")."""
    if not _seen(frame, L_ANKLE, R_ANKLE):
        return None
    h = frame[R_ANKLE][1] - frame[L_ANKLE][1]  # height of the left ankle above the right
    thr = RAISE_FRACTION * leg_length
    if h >= thr:
        return "left"
    if h <= -thr:
        return "right"
    return ""


@dataclass
class Rep:
    t_s: float
    depth_pct: float
    offset_pct: dict[str, float | None]


@dataclass
class PlieCounter:
    """Streaming plié reps, like the engine's peaks of mid-hip y with a 10 % prominence: a rep
    starts when the hips are >= 10 % leg length below standing and have gone down >= 10 % from the
    highest point since the last rep; it ends once they have risen >= 10 % from its deepest sample,
    and is measured at the median of the bottom: the samples within +-100 ms of that deepest one
    (the engine's window) and every other sample of the rep whose hips are within 2 % leg length
    of its depth. The engine's median runs over a low-pass filtered signal; these raw frames are
    not filtered, and at a low frame rate +-100 ms holds one frame, so the depth band averages
    the frame noise without reaching up the descent, where the knees are still moving (a fixed
    count of the frames nearest in time does reach there: docs/mirror.md). A rep still open at
    the end is not counted (a peak needs the rise too)."""

    leg_length: float
    standing_hip_y: float
    reps: list[Rep] = field(default_factory=list)
    _open: list[tuple[float, float, dict[str, float | None]]] = field(default_factory=list)
    _valley: float = 0.0  # shallowest depth since the last rep (standing before the first)

    def update(self, t_s: float, hip_y: float | None, offsets: dict[str, float | None]) -> Rep | None:
        if hip_y is None:
            return None
        depth = depth_pct(hip_y, self.standing_hip_y, self.leg_length)
        if not self._open:
            self._valley = min(self._valley, depth)
            if depth >= MIN_DEPTH_PCT and depth - self._valley >= MIN_DEPTH_PCT:
                self._open.append((t_s, depth, offsets))
            return None
        self._open.append((t_s, depth, offsets))
        deepest = max(self._open, key=lambda s: s[1])
        if deepest[1] - depth < MIN_DEPTH_PCT:
            return None
        window = [
            s for s in self._open
            if abs(s[0] - deepest[0]) <= WINDOW_S + 1e-9 or s[1] >= deepest[1] - BOTTOM_PCT - 1e-9
        ]  # fmt: skip
        rep = Rep(
            t_s=deepest[0],
            depth_pct=median(s[1] for s in window),
            offset_pct={side: _median_known([s[2].get(side) for s in window]) for side in SIDES},
        )
        self.reps.append(rep)
        self._open = []
        self._valley = depth
        return rep


def _median_known(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return median(known) if known else None


@dataclass
class HoldTimer:
    """Streaming single-leg hold: lift-off is the first sample with one ankle raised; the first
    0.5 s after it are settling, the rest of the raised time is the hold; returns to the floor
    shorter than 1 s are touch-downs (not held), a longer one ends the hold. An ankle unseen for
    up to 0.5 s is bridged, as the engine fills short gaps."""

    stance: str | None = None
    lift_t_s: float | None = None
    hold_s: float = 0.0
    touchdowns: int = 0
    ended: bool = False
    _prev: tuple[float, str | None] | None = None
    _down_since: float | None = None
    _unseen: bool = False

    def update(self, t_s: float, raised: str | None) -> None:
        """`raised`: "left" / "right", "" both feet down, None unknown (ankle not seen).

        Each sample holds until the next one (like counting frames of 1/fps): the interval after a
        raised sample is held, from lift-off + 0.5 s on."""
        if raised is None:
            self._unseen = True
            return
        prev, self._prev = self._prev, (t_s, raised)
        bridged = not (self._unseen and prev is not None and t_s - prev[0] > MAX_GAP_S)
        self._unseen = False
        if self.ended:
            return
        if self.stance is None:
            if raised:
                self.stance = "right" if raised == "left" else "left"
                self.lift_t_s = t_s
            return
        lifted = "left" if self.stance == "right" else "right"
        assert self.lift_t_s is not None
        if prev is not None and prev[1] == lifted and bridged:
            self.hold_s += max(0.0, t_s - max(prev[0], self.lift_t_s + SKIP_AFTER_LIFT_S))
        if raised == lifted:
            if self._down_since is not None:
                self.touchdowns += 1
                self._down_since = None
        elif raised == "":
            if self._down_since is None:
                self._down_since = t_s
            elif t_s - self._down_since > MAX_TOUCHDOWN_S:
                self.ended = True
        else:
            self.ended = True  # the other leg went up: that is the next side


@dataclass
class Calibration:
    """Standing leg length (mean of the two legs' medians) and standing mid-hip y, from the
    upright frames seen so far (both knees straight, both feet down): like the engine's medians
    over the clip's upright frames, refined as the practice goes on."""

    lengths: dict[str, list[float]] = field(default_factory=lambda: {"left": [], "right": []})
    hip_ys: list[float] = field(default_factory=list)

    def update(self, frame: Frame) -> bool:
        legs = [leg_length_px(frame, side) for side in SIDES]
        hip_y = mid_hip_y(frame)
        if legs[0] is None or legs[1] is None or hip_y is None:
            return False
        if not is_upright(frame, (legs[0] + legs[1]) / 2.0):
            return False
        self.lengths["left"].append(legs[0])
        self.lengths["right"].append(legs[1])
        self.hip_ys.append(hip_y)
        return True

    @property
    def ready(self) -> bool:
        return len(self.hip_ys) >= MIN_CALIBRATION_FRAMES

    @property
    def leg_length(self) -> float | None:
        if not self.ready:
            return None
        return (median(self.lengths["left"]) + median(self.lengths["right"])) / 2.0

    def side_leg_length(self, side: str) -> float | None:
        """That leg's standing length: the divisor of its knee-toe offset (the engine's, per leg)."""
        return median(self.lengths[side]) if self.ready else None

    @property
    def standing_hip_y(self) -> float | None:
        return median(self.hip_ys) if self.ready else None


def baseline_deg(samples: Sequence[tuple[float, float | None]], lift_t_s: float) -> float | None:
    """Median of the values in the BASELINE_S before lift-off (double-leg standing), or None."""
    vals = [v for t, v in samples if v is not None and lift_t_s - BASELINE_S <= t < lift_t_s]
    return median(vals) if len(vals) >= 3 else None
