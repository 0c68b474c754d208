"""Draw the 11 library exercises (programs/library.py) as SVGs: start, end (the key cue marked) and
the common fault marked in red, one clean figure style (scripts/figures/body.py), made for the
project. Run `python -m scripts.figures.make` after changing a pose; the files are committed under
programs/static/programs/exercises/ and tests/programs/test_exercise_figures.py checks they match.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from scripts.figures.body import BAD, CUE, OK, Camera, Panel, Pose, Vec, add, norm

OUT = Path(__file__).resolve().parents[2] / "programs" / "static" / "programs" / "exercises"
UP, LEFT, FWD, DOWN = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, -1.0, 0.0)
FRONT = Camera(yaw=0, pitch=12)


def sides(left: Vec, right: Vec) -> dict[str, Vec]:
    return {"L": left, "R": right}


def mirror_x(v: Vec) -> Vec:
    return (-v[0], v[1], v[2])


def both(left: Vec) -> dict[str, Vec]:
    """The same for both sides, given for her left (viewer's right in a front view)."""
    return sides(left, mirror_x(left))


def standing(hip_y: float = 88.0, width: float = 12.0, lean: Vec = UP, tilt_deg: float = 0.0, **kw) -> Pose:  # noqa: ANN003
    left = (math.cos(math.radians(tilt_deg)), math.sin(math.radians(tilt_deg)), 0.0)
    pose = Pose(
        hip=(0.0, hip_y, 0.0), up=lean, left=left,
        ankles=both((width, 5.0, 0.0)), knees=both((0.0, 0.0, 1.0)), feet=both((0.0, -0.3, 1.0)),
        hands=both((22.0, 80.0, 4.0)), elbows=both((1.0, 0.0, -0.5)),
    )  # fmt: skip
    for key, value in kw.items():
        getattr(pose, key).update(value) if isinstance(value, dict) else setattr(pose, key, value)
    return pose


HANDS_ON_HIPS = {"hands": both((17.0, 92.0, 3.0)), "elbows": both((1.0, 0.2, -0.6))}
ARMS_SECOND = {"hands": both((62.0, 116.0, 10.0)), "elbows": both((0.0, -1.0, -0.3))}


def plie() -> tuple[list[Panel], Camera, str]:
    turned = both((0.8, -0.25, 0.6))
    base = dict(feet=turned, **ARMS_SECOND)
    start = standing(hip_y=87, width=30, **base)
    bend = standing(hip_y=66, width=30, knees=both((0.8, 0.0, 0.6)), **base)
    fault = standing(hip_y=66, width=30, knees=both((-0.15, 0.0, 1.0)), **base)
    return [
        Panel(start, "Second position in your natural turnout.", props=["floor"]),
        Panel(bend, "Knees travel out: the line from each kneecap lands on the second toe.", "cue",
              [("plumb", "kneeL", OK), ("plumb", "kneeR", OK)], ["floor"]),
        Panel(fault, "Knees fall inside the big toe (turnout forced from the feet).", "fault",
              [("ring", "kneeL", BAD), ("ring", "kneeR", BAD), ("plumb", "kneeL", BAD)], ["floor"]),
    ], FRONT, "Plié in second at the barre: knee over the second toe"  # fmt: skip


def passe() -> tuple[list[Panel], Camera, str]:
    def lifted(tilt: float = 0.0, lean: Vec = UP) -> Pose:
        p = standing(hip_y=88, width=10, tilt_deg=tilt, lean=lean, **HANDS_ON_HIPS)
        knee_r = add(p.joints()["kneeR"], (0.0, 0.0, 0.0))
        p.ankles["L"] = add(knee_r, (4.0, 2.0, 4.0))
        p.knees["L"] = (1.0, 0.35, 0.45)
        p.feet["L"] = (-0.6, -0.6, 0.3)
        return p
    return [
        Panel(standing(width=10, **HANDS_ON_HIPS), "Stand tall on both feet.", props=["floor"]),
        Panel(lifted(), "Foot to the standing knee, hips level, trunk vertical.", "cue",
              [("dashed", (-34.0, 88.0, 0.0), (34.0, 88.0, 0.0), OK)], ["floor"]),
        Panel(lifted(tilt=11, lean=norm((-0.18, 1.0, 0.0))), "The passé side hikes up; the trunk leans.", "fault",
              [("dashed", (-34.0, 88.0, 0.0), (34.0, 88.0, 0.0), OK), ("line", "hipR", "hipL", BAD),
               ("arrow", "hipL", (0.0, 16.0, 0.0), BAD)], ["floor"]),
    ], FRONT, "Single-leg balance in passé: pelvis level"  # fmt: skip


def mini_squat() -> tuple[list[Panel], Camera, str]:
    def one_leg(hip_y: float, knee_r: Vec, tilt: float = 0.0) -> Pose:
        p = standing(hip_y=hip_y, width=10, tilt_deg=tilt, knees={"R": knee_r}, **HANDS_ON_HIPS)
        p.ankles["L"] = (16.0, 30.0 + (hip_y - 88), -22.0)
        p.knees["L"] = (0.0, 0.0, 1.0)
        return p
    return [
        Panel(one_leg(88, (0.0, 0.0, 1.0)), "Face the mirror on one leg, foot parallel.", props=["floor"]),
        Panel(one_leg(78, (0.0, 0.0, 1.0)), "Small bend: the kneecap stays over the second toe.", "cue",
              [("plumb", "kneeR", OK), ("dashed", (-40.0, 78.0, 0.0), (40.0, 78.0, 0.0), CUE)], ["floor"]),
        Panel(one_leg(78, (0.5, 0.0, 0.85), tilt=-8), "Knee collapses inside the big toe; the free hip drops.", "fault",
              [("ring", "kneeR", BAD), ("arrow", "kneeR", (14.0, 0.0, 0.0), BAD), ("arrow", "hipL", (0.0, -14.0, 0.0), BAD)], ["floor"]),
    ], FRONT, "Single-leg mini-squat at the mirror: knee over the second toe"  # fmt: skip


def band_walk() -> tuple[list[Panel], Camera, str]:
    lean = norm((0.0, 1.0, 0.28))
    squat = dict(hip_y=74, lean=lean, knees=both((0.15, 0.0, 1.0)), feet=both((0.05, -0.3, 1.0)),
                 hands=both((18.0, 104.0, 22.0)), elbows=both((0.5, -1.0, 0.0)))  # fmt: skip
    start = standing(width=14, **squat)
    step = standing(width=14, **squat)
    step.ankles["L"] = (34.0, 5.0, 0.0)
    step.hip = (8.0, 74.0, 0.0)
    fault = standing(width=17, **{**squat, "knees": both((-0.45, 0.0, 0.9)), "hip_y": 80})
    band = [("band", "kneeL", "kneeR")]
    return [
        Panel(start, "Band around the knees, small half-squat, feet parallel.", marks=band, props=["floor"]),
        Panel(step, "Step sideways, heel first; the band stays taut, knees over the second toes.", "cue",
              [*band, ("arrow", "ankleL", (16.0, 0.0, 0.0), OK)], ["floor"]),
        Panel(fault, "Knees collapse inwards; standing up so the band goes slack.", "fault",
              [*band, ("ring", "kneeL", BAD), ("ring", "kneeR", BAD)], ["floor"]),
    ], FRONT, "Lateral band walk: knees out against the band"  # fmt: skip


def banded_abduction() -> tuple[list[Panel], Camera, str]:
    def out(deg: float, lean: Vec = UP, tilt: float = 0.0) -> Pose:
        p = standing(width=9, lean=lean, tilt_deg=tilt, hands=sides((22.0, 80.0, 4.0), (-40.0, 96.0, 10.0)),
                     elbows=both((1.0, -0.5, 0.0)))  # fmt: skip
        r = math.radians(deg)
        hip_l = p.joints()["hipL"]
        p.ankles["L"] = add(hip_l, (math.sin(r) * 86, -math.cos(r) * 86, 0.0))
        return p
    band = [("band", "ankleL", "ankleR")]
    return [
        Panel(out(4), "Band around the ankles, stand tall beside the barre.", marks=band, props=["floor"]),
        Panel(out(28), "Leg out from the hip, toes forward, pelvis level.", "cue",
              [*band, ("dashed", (-30.0, 88.0, 0.0), (30.0, 88.0, 0.0), OK)], ["floor"]),
        Panel(out(40, lean=norm((-0.3, 1.0, 0.0)), tilt=10), "Trunk leans away and the hip hikes to lift higher.", "fault",
              [*band, ("arrow", "neck", (-16.0, -4.0, 0.0), BAD), ("ring", "hipL", BAD)], ["floor"]),
    ], FRONT, "Standing banded hip abduction: pelvis level, trunk tall"  # fmt: skip


def _side_lying(top_ankle: Vec, top_knee: Vec, roll_back: float = 0.0, toes_up: bool = False) -> Pose:
    """Lying on her right side facing the viewer, head to the left; her left (top) side is up."""
    r = math.radians(roll_back)
    left = (0.0, math.cos(r), -math.sin(r))
    hip = (0.0, 12.0, 0.0)
    shoulder_down = add(hip, (-46.0, -14.0, 0.0))
    return Pose(
        hip=hip, up=(-1.0, 0.0, 0.0), left=left,
        ankles=sides(top_ankle, (70.0, 4.0, 18.0)), knees=sides(top_knee, (0.3, 0.0, 1.0)),
        feet=sides((0.0, 0.6, 1.0) if not toes_up else (0.4, 1.0, 0.0), (0.2, 0.0, 1.0)),
        hands=sides(add(hip, (-30.0, -10.0, 26.0)), add(shoulder_down, (-40.0, 6.0, 0.0))),
        elbows=sides((0.0, 1.0, 0.3), (0.0, 1.0, 0.0)), head=add(hip, (-64.0, 2.0, 0.0)),
    )  # fmt: skip


def side_lying_abduction() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=0, pitch=22)
    def lift(deg: float, fwd: float = 0.0) -> Vec:
        r = math.radians(deg)
        return add((0.0, 21.0, 0.0), (math.cos(r) * 86 * (1 - fwd), math.sin(r) * 86, -4.0 + fwd * 60))
    return [
        Panel(_side_lying(lift(2), (0.0, 1.0, 0.0)), "On your side, bottom knee bent, top leg straight.", props=["mat"]),
        Panel(_side_lying(lift(35), (0.0, 1.0, 0.0)), "Lift 30–40° leading with the heel, toes forward.", "cue",
              [("arrow", "ankleL", (6.0, 14.0, 0.0), OK)], ["mat"]),
        Panel(_side_lying(lift(40, fwd=0.35), (0.0, 1.0, 0.0), roll_back=15, toes_up=True),
              "Toes turn up, the leg drifts forward, the pelvis rolls back.", "fault",
              [("ring", "toeL", BAD), ("arrow", "kneeL", (0.0, -6.0, 18.0), BAD)], ["mat"]),
    ], cam, "Side-lying hip abduction: heel leads, toes forward"  # fmt: skip


def clamshell() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=0, pitch=40)
    c45 = math.cos(math.radians(45))
    knee_b = add((0.0, 3.0, 0.0), (44 * c45, 0.0, 44 * c45))
    ankle_b = add(knee_b, (42 * c45, 0.0, -42 * c45))
    def shell(open_: float, feet_apart: float = 0.0, roll: float = 0.0) -> Pose:
        p = _side_lying((ankle_b[0], 21.0 + feet_apart, ankle_b[2]), norm((0.0, open_, 1.0)), roll_back=roll)
        p.ankles["R"], p.knees["R"] = (ankle_b[0], 3.0, ankle_b[2]), (0.0, 0.0, 1.0)
        p.feet = both((1.0, 0.0, -0.3))
        return p
    return [
        Panel(shell(-0.2), "Hips and knees bent, heels in line with the spine.", props=["mat"]),
        Panel(shell(1.6), "Heels together: open the top knee, hips stay stacked.", "cue",
              [("arrow", "kneeL", (0.0, 14.0, 0.0), OK), ("dashed", "hipL", "hipR", OK)], ["mat"]),
        Panel(shell(2.2, feet_apart=14, roll=25), "Pelvis rolls back and the feet come apart.", "fault",
              [("ring", "pelvis", BAD), ("ring", "ankleL", BAD)], ["mat"]),
    ], cam, "Clamshell: open the knee, keep the hips stacked"  # fmt: skip


def _bridge(hip_y: float, free: str | None = None, drop: float = 0.0, arch: float = 0.0) -> Pose:
    """On her back, head to the left, side view (her right side to the viewer)."""
    shoulders = (-50.0, 9.0, 0.0)
    hip = (0.0, hip_y, 0.0)
    up = norm(add(shoulders, (-hip[0], -hip[1] - arch, 0.0)))
    r = math.radians(drop)
    left = (0.0, -math.sin(r), -math.cos(r))
    pose = Pose(
        hip=hip, up=up, left=left, trunk=math.dist(shoulders, hip),
        ankles=sides((44.0, 5.0, -9.0), (44.0, 5.0, 9.0)), knees=both((0.0, 1.0, 0.0)),
        feet=both((1.0, -0.2, 0.0)), hands=sides((10.0, 4.0, -18.0), (10.0, 4.0, 18.0)),
        elbows=both((0.0, 1.0, 0.0)), head=add(shoulders, (-20.0, 0.0, 0.0)),
    )  # fmt: skip
    if free:
        j = pose.joints()
        direction = norm(add(j["knee" + ("R" if free == "L" else "L")], mul3(j["hip" + ("R" if free == "L" else "L")], -1)))
        pose.ankles[free] = add(j["hip" + free], (direction[0] * 86, direction[1] * 86, 0.0))
        pose.feet[free] = (0.6, 0.8, 0.0)
    return pose


def mul3(v: Vec, k: float) -> Vec:
    return (v[0] * k, v[1] * k, v[2] * k)


def glute_bridge() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=-25, pitch=8)
    return [
        Panel(_bridge(12), "On your back, feet hip-width, heels under the knees.", props=["mat"]),
        Panel(_bridge(44), "Squeeze the glutes: knees, hips and shoulders in one line.", "cue",
              [("dashed", "neck", "kneeR", OK)], ["mat"]),
        Panel(_bridge(52, arch=26), "Arching the lower back instead of using the glutes.", "fault",
              [("ring", "pelvis", BAD), ("arrow", "pelvis", (-10.0, 14.0, 0.0), BAD)], ["mat"]),
    ], cam, "Glute bridge: shoulders, hips and knees in one line"  # fmt: skip


def single_leg_bridge() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=-35, pitch=14)
    return [
        Panel(_bridge(12, free="L"), "One foot under the knee, the other leg straight.", props=["mat"]),
        Panel(_bridge(42, free="L"), "Lift with the pelvis level: a glass of water on each hip bone.", "cue",
              [("dashed", "hipL", "hipR", OK)], ["mat"]),
        Panel(_bridge(38, free="L", drop=18), "The pelvis drops on the unsupported side.", "fault",
              [("line", "hipL", "hipR", BAD), ("arrow", "hipL", (0.0, -14.0, 0.0), BAD)], ["mat"]),
    ], cam, "Single-leg bridge: pelvis level"  # fmt: skip


def side_plank() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=0, pitch=18)
    def plank(theta: float, leg: float, sag: float = 0.0) -> Pose:
        t = math.radians(theta)
        up, left = (-math.cos(t), math.sin(t), 0.0), (math.sin(t), math.cos(t), 0.0)
        hip = (0.0, 4 + 9 * math.cos(t) + 86 * math.sin(t) - sag, 0.0)
        hip_r = add(hip, mul3(left, -9.0))
        ankle_r = add(hip_r, mul3(up, -86.0))
        if sag:
            ankle_r = (ankle_r[0] + 0.0, 4.0, 0.0)
        hip_l = add(hip, mul3(left, 9.0))
        a = math.radians(leg)
        direction = norm(add(mul3(up, -math.cos(a)), mul3(left, math.sin(a))))
        shoulder_r = add(hip, mul3(up, 46.0), mul3(left, -14.0))
        return Pose(
            hip=hip, up=up, left=left,
            ankles=sides(add(hip_l, mul3(direction, 86.0)), ankle_r), knees=both((0.0, 0.0, 1.0)),
            feet=both((0.0, 0.0, 1.0)), hands=sides(add(hip_l, (-6.0, 6.0, 6.0)), (shoulder_r[0], 4.0, 24.0)),
            elbows=sides((0.3, 1.0, 0.0), (0.0, -1.0, -0.2)),
        )  # fmt: skip
    return [
        Panel(plank(13, 0), "Elbow under the shoulder, one line from head to heels.", props=["mat"]),
        Panel(plank(13, 28), "Hips high; raise the top leg to hip height.", "cue",
              [("dashed", "head", "ankleR", OK)], ["mat"]),
        Panel(plank(5, 24, sag=6), "Hips sag towards the floor.", "fault",
              [("ring", "pelvis", BAD), ("arrow", "pelvis", (0.0, -14.0, 0.0), BAD)], ["mat"]),
    ], cam, "Side plank with hip abduction: hips high"  # fmt: skip


def fire_hydrant() -> tuple[list[Panel], Camera, str]:
    cam = Camera(yaw=-40, pitch=35)
    def quad(lift: float, tilt: float = 0.0, shift: float = 0.0) -> Pose:
        t = math.radians(tilt)
        hip = (0.0, 45.0, shift)
        left = (0.0, math.sin(t), math.cos(t))
        a = math.radians(lift)
        hip_l = add(hip, mul3(left, 9.0))
        knee_l = add(hip_l, (0.0, -44 * math.cos(a), 44 * math.sin(a)))
        return Pose(
            hip=hip, up=norm((-46.0, 10.0, 0.0)), left=left,
            ankles=sides(add(knee_l, (42.0, 0.0, 0.0)), (42.0, 3.0, -9.0)),
            knees=sides(norm((0.0, -math.cos(a), math.sin(a))), (-1.0, -1.0, 0.0)),
            feet=both((1.0, 0.0, 0.0)), hands=sides((-48.0, 3.0, 13.0), (-48.0, 3.0, -13.0)),
            elbows=both((1.0, 0.0, 0.0)), head=(-60.0, 66.0, shift),
        )  # fmt: skip
    return [
        Panel(quad(0), "Hands under shoulders, knees under hips, spine long.", props=["mat"]),
        Panel(quad(50), "Lift the bent knee out to the side; the pelvis stays square.", "cue",
              [("arrow", "kneeL", (0.0, 8.0, 14.0), OK), ("dashed", "hipL", "hipR", OK)], ["mat"]),
        Panel(quad(60, tilt=22, shift=-8), "Shifting the weight and tilting the pelvis to lift higher.", "fault",
              [("line", "hipL", "hipR", BAD), ("arrow", "pelvis", (0.0, 0.0, -16.0), BAD)], ["mat"]),
    ], cam, "Fire hydrant: knee out, pelvis square"  # fmt: skip


FIGURES = {
    "clamshell": clamshell,
    "side-lying-hip-abduction": side_lying_abduction,
    "glute-bridge": glute_bridge,
    "single-leg-bridge": single_leg_bridge,
    "lateral-band-walk": band_walk,
    "standing-banded-hip-abduction": banded_abduction,
    "side-plank-hip-abduction": side_plank,
    "fire-hydrant": fire_hydrant,
    "single-leg-mini-squat-mirror": mini_squat,
    "single-leg-balance-passe": passe,
    "technique-plie-second-toe": plie,
}


def build(slug: str) -> str:
    from scripts.figures.body import render

    panels, camera, desc = FIGURES[slug]()
    return render(slug, panels, camera, desc)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for slug in FIGURES:
        (OUT / f"{slug}.svg").write_text(build(slug), encoding="utf-8")
    print(f"wrote {len(FIGURES)} figures to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
