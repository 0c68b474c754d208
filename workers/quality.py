"""Quality-gate reason codes, their one-line fixes for the dancer, and the thresholds."""

from __future__ import annotations

# code -> one line a dancer understands (what to do differently when filming again).
REASONS: dict[str, str] = {
    "unreadable_video": "We couldn't open this video. Record it again with the phone's normal camera app.",
    "truncated_video": "The video seems cut off. Let the upload finish, or record and upload it again.",
    "too_large": "The file is too big (over 200 MB). Record a shorter clip, 10-30 seconds is plenty.",
    "too_long": "The video is over 60 seconds. Record just the exercise, 10-30 seconds is plenty.",
    "too_short": "The video is too short. Record at least 2 seconds: 2-3 slow pliés, or 3+ seconds on each leg.",
    "bad_dimensions": "The video format is unusual. Record with the phone's normal camera app (not slow-motion).",
    "no_person": "We couldn't see you. Film from the front, whole body in the frame, in good light.",
    "multiple_people": "Someone else is in the picture. Film with only the dancer in the frame.",
    "not_upright": "The video is sideways or upside down. Hold the phone upright, in portrait or landscape.",
    "not_frontal": "Face the camera. Film from the front, phone at hip height, 2-3 m away.",
    "feet_not_visible": "We couldn't see your feet. Keep your whole body, including feet, in the frame.",
    "low_visibility": "We couldn't see you clearly. Use good light, fitted clothes, 2-3 m from the phone.",
    "test_not_found": "We couldn't find the exercise. Do 2-3 slow pliés, or hold each leg up for 5 seconds.",
}

# Quality-gate thresholds (DOMAIN.md, provisional).
MAX_BYTES = 200 * 1024 * 1024
MAX_DURATION_S = 60.0
MIN_DURATION_S = 2.0
MIN_HOLD_S = 3.0
MAX_SIDE_PX = 4096
MIN_SIDE_PX = 160
MIN_FPS = 10.0
MAX_FPS = 240.0
TRUNCATED_FRACTION = 0.90  # decoded / declared frames below this -> truncated_video
NO_PERSON_FRACTION = 0.50  # pose found in <= this fraction of frames -> no_person
MIN_VISIBLE_FRACTION = 0.80  # required landmarks visible in < this -> feet_not_visible / low_visibility
MAX_TURN_DEG = 30.0  # median hip-line angle out of the image plane -> not_frontal
MULTI_PERSON_BLOB = 0.15  # outside blob / dancer mask area, per sampled frame
MULTI_PERSON_FRAMES = 0.30  # fraction of sampled frames over MULTI_PERSON_BLOB -> multiple_people
SEGMENTATION_SAMPLES = 12
TRACK_FPS = 15.0  # pose runs on every k-th frame, k = floor(fps / 15): ~15 fps or more effective


class Rejected(Exception):  # noqa: N818 - it is a verdict, not an error
    """Raised inside the engine to stop at the first failed quality check."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        assert reason in REASONS, reason
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def message_for(reason: str) -> str:
    return REASONS[reason]
