"""What each shared clip (../shared/clips) must yield. Tests only; every row is tested."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expect:
    clip: str
    test: str
    reasons: frozenset[str | None]  # acceptable `reason` values; None = status ok
    min_reps: int = 0  # plié: at least this many reps
    positions: frozenset[str] | None = None  # plié: exactly these rep positions (None = any)
    min_hold_s: float = 0.0  # stance: at least one side held this long
    stance_legs: tuple[str, ...] | None = None  # stance: the measured sides, in order (None = any)
    why: str = ""


def ok(clip: str, test: str, **kw: object) -> Expect:
    return Expect(clip, test, frozenset({None}), **kw)  # type: ignore[arg-type]


def rejected(clip: str, test: str, *reasons: str, why: str = "") -> Expect:
    return Expect(clip, test, frozenset(reasons), why=why)


SECOND = frozenset({"second"})
FIRST = frozenset({"first"})

# Engine 1.2.0 values are in docs/engine.md, "Real clips".
EXPECTATIONS: tuple[Expect, ...] = (
    ok(
        "plie.mp4",
        "plie",
        min_reps=2,
        positions=SECOND,
        why="3 pliés, all in 2nd position (ankle gap 41-56 % leg length; see README-engine.md)",
    ),
    ok(
        "plie_and_releve.mp4",
        "plie",
        min_reps=1,
        positions=FIRST,
        why="one first-position plié before the relevé",
    ),
    ok(
        "sumo_squat_frontal_woman.mp4",
        "plie",
        min_reps=1,
        positions=SECOND,
        why="wide turned-out squat is measured as a plié in 2nd",
    ),
    ok("squat_frontal_woman.mp4", "plie", min_reps=1, why="a squat is a hip drop too"),
    ok("tree_pose.mp4", "stance", min_hold_s=3.0, stance_legs=("right",), why="right-leg stance held 5.7 s"),
    ok(
        "tree_pose_rotated_tag.mp4",
        "stance",
        min_hold_s=3.0,
        stance_legs=("right",),
        why="rotation tag applied by OpenCV",
    ),
    ok(
        "cg_one_leg_stance_apache.mp4",
        "stance",
        min_hold_s=3.0,
        stance_legs=("left",),
        why="computer-generated: on the left leg for the whole 4 s clip (no baseline)",
    ),
    rejected("cg_one_leg_stance_apache.mp4", "plie", "test_not_found", why="no hip drop"),
    rejected("tree_pose.mp4", "plie", "test_not_found", why="no hip drop"),
    rejected("openpose_street_multi_person.mp4", "plie", "multiple_people"),
    rejected("pose2sim_two_people_cam01.mp4", "stance", "too_short", "multiple_people", why="1.67 s"),
    rejected(
        "arm_raises_title_card.mp4", "plie", "test_not_found", "not_frontal", why="title card, arm raises"
    ),
    rejected("nobody.mp4", "plie", "no_person"),
    rejected("truncated.mp4", "plie", "unreadable_video", "truncated_video", why="no moov atom"),
)
