"""A stick-figure body for the exercise illustrations: joints from a pose (positions, directions,
two-bone IK for the limbs), an orthographic camera, and SVG output in one clean style.

World axes: x to the viewer's right, y up, z towards the viewer. Units: the figure's hip-to-floor
height is about 90.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Vec = tuple[float, float, float]

TRUNK, NECK_TO_HEAD, HEAD_R = 46.0, 16.0, 9.0
HIP_HALF, SHOULDER_HALF = 9.0, 14.0
THIGH, SHIN, FOOT = 44.0, 42.0, 13.0
UPPER_ARM, FOREARM = 28.0, 26.0
NEAR, FAR, SKIN = "#1f3a5f", "#8fa6c4", "#1f3a5f"
OK, BAD, CUE, BAND = "#1d6b35", "#b3261e", "#0b5cad", "#e07b00"


def add(*vs: Vec) -> Vec:
    return (sum(v[0] for v in vs), sum(v[1] for v in vs), sum(v[2] for v in vs))


def mul(v: Vec, k: float) -> Vec:
    return (v[0] * k, v[1] * k, v[2] * k)


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(v: Vec) -> Vec:
    n = math.sqrt(dot(v, v)) or 1.0
    return mul(v, 1 / n)


def ik(root: Vec, target: Vec, pole: Vec, l1: float, l2: float) -> tuple[Vec, Vec]:
    """Two-bone IK: the middle joint bends towards `pole`; a target out of reach is met straight."""
    axis = sub(target, root)
    d = math.sqrt(dot(axis, axis))
    n = norm(axis)
    if d >= l1 + l2 - 1e-6:
        return add(root, mul(n, l1)), add(root, mul(n, l1 + l2))
    a = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    p = norm(sub(pole, mul(n, dot(pole, n))))
    return add(root, mul(n, a), mul(p, h)), target


@dataclass
class Pose:
    """hip: mid-hip; up: trunk direction; left: her left (hip line). Limbs: where the ankle / wrist
    goes and where the knee / elbow points; feet: toe direction. `head` overrides the head's place."""

    hip: Vec
    up: Vec
    left: Vec
    ankles: dict[str, Vec]
    knees: dict[str, Vec]
    feet: dict[str, Vec]
    hands: dict[str, Vec]
    elbows: dict[str, Vec]
    head: Vec | None = None
    trunk: float = TRUNK

    def joints(self) -> dict[str, Vec]:
        up, left = norm(self.up), norm(self.left)
        j: dict[str, Vec] = {"pelvis": self.hip}
        j["neck"] = add(self.hip, mul(up, self.trunk + 4))
        j["head"] = self.head if self.head is not None else add(j["neck"], mul(up, NECK_TO_HEAD))
        for side, sign in (("L", 1.0), ("R", -1.0)):
            hip = add(self.hip, mul(left, sign * HIP_HALF))
            shoulder = add(self.hip, mul(up, self.trunk), mul(left, sign * SHOULDER_HALF))
            knee, ankle = ik(hip, self.ankles[side], self.knees[side], THIGH, SHIN)
            elbow, wrist = ik(shoulder, self.hands[side], self.elbows[side], UPPER_ARM, FOREARM)
            j |= {f"hip{side}": hip, f"knee{side}": knee, f"ankle{side}": ankle, f"shoulder{side}": shoulder,
                  f"elbow{side}": elbow, f"wrist{side}": wrist,
                  f"toe{side}": add(ankle, mul(norm(self.feet[side]), FOOT))}  # fmt: skip
        return j


@dataclass
class Camera:
    """Orthographic: turn the world `yaw` degrees about y, then tilt it `pitch` degrees (looking down)."""

    yaw: float = 0.0
    pitch: float = 0.0

    def project(self, v: Vec) -> tuple[float, float, float]:
        cy, sy = math.cos(math.radians(self.yaw)), math.sin(math.radians(self.yaw))
        x, z = v[0] * cy + v[2] * sy, -v[0] * sy + v[2] * cy
        cp, sp = math.cos(math.radians(self.pitch)), math.sin(math.radians(self.pitch))
        y, z = v[1] * cp - z * sp, v[1] * sp + z * cp
        return x, -y, z  # screen x, screen y (down), depth (towards the viewer)


@dataclass
class Panel:
    """One drawing: a pose, its caption, and marks: ("line"|"dashed", a, b, colour),
    ("ring", joint, colour), ("arrow", joint, world offset, colour), ("band", a, b)."""

    pose: Pose
    caption: str
    kind: str = "ok"  # ok | cue | fault
    marks: list[tuple] = field(default_factory=list)
    props: list[str] = field(default_factory=list)  # "floor", "mat", "barre"


LIMBS = [("hip", "knee"), ("knee", "ankle"), ("ankle", "toe"), ("shoulder", "elbow"), ("elbow", "wrist")]


def _point(marks_joint: str | Vec, joints: dict[str, Vec]) -> Vec:
    return joints[marks_joint] if isinstance(marks_joint, str) else marks_joint


def _wrap(text: str, width: int = 34) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def render(name: str, panels: list[Panel], camera: Camera, desc: str) -> str:
    """Panels side by side, one scale for all, each with a label and a caption."""
    pw, ph, top, cap = 230.0, 200.0, 26.0, 56.0
    drawn = [(p, p.pose.joints()) for p in panels]
    boxes = []
    for panel, j in drawn:
        pts = [camera.project(v) for v in [*j.values(), *floor_corners(j)]] if panel.props else [camera.project(v) for v in j.values()]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        boxes.append((min(xs) - HEAD_R, max(xs) + HEAD_R, min(ys) - HEAD_R, max(ys)))
    scale = min(min((pw - 28) / (b[1] - b[0]), (ph - 24) / (b[3] - b[2])) for b in boxes)
    scale = min(scale, 1.7)
    ph = min(ph, max(b[3] - b[2] for b in boxes) * scale + 30)  # lying figures: a shorter strip
    baseline = top + ph - 10  # the lowest point of every figure: on the floor
    width = pw * len(panels)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{ph + top + cap:.0f}"'
        f' viewBox="0 0 {width:.0f} {ph + top + cap:.0f}" role="img"'
        f' aria-labelledby="t-{name} d-{name}" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="t-{name}">{desc.split(":")[0]}</title><desc id="d-{name}">{desc}</desc>',
        "<!-- studiohealth project drawing, generated by scripts/figures/make.py; licence: the project's -->",
        f'<rect width="{width:.0f}" height="{ph + top + cap:.0f}" fill="#ffffff"/>',
    ]
    labels = {"ok": ("Start", NEAR), "cue": ("Key cue", OK), "fault": ("Common fault", BAD)}
    for i, ((panel, joints), box) in enumerate(zip(drawn, boxes, strict=True)):
        ox = pw * i + pw / 2 - (box[0] + box[1]) / 2 * scale
        oy = baseline - box[3] * scale

        def s(v: Vec, ox: float = ox, oy: float = oy) -> tuple[float, float, float]:
            x, y, z = camera.project(v)
            return ox + x * scale, oy + y * scale, z

        label, colour = labels[panel.kind]
        if panel.kind == "ok" and i > 0:
            label = "End"
        out.append(f'<g class="panel {panel.kind}">')
        if i:
            out.append(f'<line x1="{pw * i:.0f}" y1="8" x2="{pw * i:.0f}" y2="{ph + top + cap - 8:.0f}" stroke="#d8dde5"/>')
        out.append(f'<text x="{pw * i + 12:.0f}" y="20" font-size="14" font-weight="700" fill="{colour}">{label}</text>')
        if panel.kind == "fault":
            out.append(f'<path d="M {pw * (i + 1) - 30:.0f} 8 l 14 14 m 0 -14 l -14 14" stroke="{BAD}" stroke-width="3"/>')
        out.extend(_props(panel.props, s, joints))
        out.extend(_figure(joints, s, scale))
        out.extend(_marks(panel.marks, joints, s, scale))
        for k, line in enumerate(_wrap(panel.caption)):
            out.append(f'<text x="{pw * i + pw / 2:.0f}" y="{ph + top + 16 + 16 * k:.0f}" font-size="13"'
                       f' text-anchor="middle" fill="#222">{line}</text>')  # fmt: skip
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def floor_corners(joints: dict[str, Vec]) -> list[Vec]:
    xs, zs = [v[0] for v in joints.values()], [v[2] for v in joints.values()]
    x0, x1, z0, z1 = min(xs) - 12, max(xs) + 12, min(zs) - 10, max(zs) + 10
    return [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]


def _props(props: list[str], s, joints: dict[str, Vec]) -> list[str]:  # noqa: ANN001
    """The floor (or a mat) as the rectangle under the figure, seen through the same camera."""
    if not props:
        return []
    corners = [s(c) for c in floor_corners(joints)]
    pts = " ".join(f"{c[0]:.1f},{c[1]:.1f}" for c in corners)
    fill = "#c9d7e8" if "mat" in props else "#e6e9ee"
    return [f'<polygon points="{pts}" fill="{fill}" stroke="#8a94a6" stroke-width="1.5" stroke-linejoin="round"/>']


def _figure(j: dict[str, Vec], s, scale: float) -> list[str]:  # noqa: ANN001
    w = 7.5 * scale
    parts: list[tuple[float, str]] = []
    for side in ("L", "R"):
        for a, b in LIMBS:
            pa, pb = s(j[a + side]), s(j[b + side])
            parts.append(((pa[2] + pb[2]) / 2, f"{pa[0]:.1f},{pa[1]:.1f} {pb[0]:.1f},{pb[1]:.1f}|{side}"))
    depth_mid = sum(s(j[k])[2] for k in ("hipL", "hipR")) / 2
    torso = [s(j[k]) for k in ("shoulderL", "shoulderR", "hipR", "hipL")]
    body = " ".join(f"{p[0]:.1f},{p[1]:.1f}" for p in torso)
    near = {side: s(j["hip" + side])[2] >= depth_mid for side in ("L", "R")}
    out = []
    # Far limbs first in a lighter tone, then the torso, then near limbs: depth reads at a glance.
    order = sorted(parts, key=lambda p: p[0])
    torso_z = depth_mid
    torso_done = False
    for z, spec in order:
        if not torso_done and z >= torso_z:
            out.extend(_torso(body, j, s, scale, w))
            torso_done = True
        pts, side = spec.split("|")
        colour = NEAR if near[side] or abs(s(j["hipL"])[2] - s(j["hipR"])[2]) < 2 else FAR
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{w:.1f}" stroke-linecap="round" stroke-linejoin="round"/>')
    if not torso_done:
        out.extend(_torso(body, j, s, scale, w))
    return out


def _torso(body: str, j: dict[str, Vec], s, scale: float, w: float) -> list[str]:  # noqa: ANN001
    neck, head = s(j["neck"]), s(j["head"])
    return [
        f'<polygon points="{body}" fill="{SKIN}" stroke="{SKIN}" stroke-width="{w:.1f}" stroke-linejoin="round"/>',
        f'<line x1="{neck[0]:.1f}" y1="{neck[1]:.1f}" x2="{head[0]:.1f}" y2="{head[1]:.1f}" stroke="{SKIN}" stroke-width="{w * 0.8:.1f}" stroke-linecap="round"/>',
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{HEAD_R * scale:.1f}" fill="{SKIN}"/>',
    ]


def _marks(marks: list[tuple], j: dict[str, Vec], s, scale: float) -> list[str]:  # noqa: ANN001
    out = []
    for mark in marks:
        kind = mark[0]
        if kind in ("line", "dashed"):
            a, b = s(_point(mark[1], j)), s(_point(mark[2], j))
            dash = ' stroke-dasharray="6 4"' if kind == "dashed" else ""
            out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="{mark[3]}" stroke-width="2.5"{dash}/>')
        elif kind == "plumb":  # from a joint straight down to the floor
            top = _point(mark[1], j)
            a, b = s(top), s((top[0], 0.0, top[2]))
            out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="{mark[2]}" stroke-width="2.5" stroke-dasharray="6 4"/>')
        elif kind == "ring":
            c = s(_point(mark[1], j))
            out.append(f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{11 * scale:.1f}" fill="none" stroke="{mark[2]}" stroke-width="3"/>')
        elif kind == "arrow":
            a = s(_point(mark[1], j))
            b = s(add(_point(mark[1], j), (mark[2][0] * 1.5, mark[2][1] * 1.5, mark[2][2] * 1.5)))
            ang = math.atan2(b[1] - a[1], b[0] - a[0])
            h1 = (b[0] - 9 * math.cos(ang - 0.45), b[1] - 9 * math.sin(ang - 0.45))
            h2 = (b[0] - 9 * math.cos(ang + 0.45), b[1] - 9 * math.sin(ang + 0.45))
            out.append(f'<path d="M {a[0]:.1f} {a[1]:.1f} L {b[0]:.1f} {b[1]:.1f} M {h1[0]:.1f} {h1[1]:.1f} L {b[0]:.1f} {b[1]:.1f} L {h2[0]:.1f} {h2[1]:.1f}"'
                       f' fill="none" stroke="{mark[3]}" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>')  # fmt: skip
        elif kind == "band":
            a, b = s(_point(mark[1], j)), s(_point(mark[2], j))
            out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="{BAND}" stroke-width="{4 * scale:.1f}" stroke-linecap="round" opacity="0.9"/>')
    return out
