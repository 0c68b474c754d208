"""Key-frame image (JPEG): the measured frame with the skeleton, the measurement lines and the
values of that one rep / hold frame, labelled as such (the result table shows medians)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workers.plie import PlieAnalysis
from workers.pose import L_FOOT, L_HIP, L_KNEE, L_SHOULDER, R_FOOT, R_HIP, R_KNEE, R_SHOULDER, SKELETON
from workers.result import SEM, PlieMetrics, StanceMetrics
from workers.stance import StanceAnalysis

JPEG_QUALITY = 82  # a 1280x720 key frame comes out at 60-120 KB (target <= 150 KB)

_BAND_BGR = {
    "aligned": (80, 200, 80), "level": (80, 200, 80),
    "watch": (0, 190, 255), "concern": (60, 60, 230),
}  # fmt: skip
_WHITE = (255, 255, 255)
_GREY = (200, 200, 200)
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _pt(p: NDArray[Any] | tuple[float, float]) -> tuple[int, int]:
    return int(round(float(p[0]))), int(round(float(p[1])))


def _ok(*pts: NDArray[Any]) -> bool:
    return all(np.all(np.isfinite(p)) for p in pts)


def _text(img: NDArray[Any], lines: list[str], scale: float) -> None:
    """Values in a dark box, top-left (Hershey fonts are ASCII: 'deg', '+/-'), shrunk to fit the width."""
    th = max(1, int(round(2 * scale)))
    widest = max(cv2.getTextSize(s, _FONT, scale, th)[0][0] for s in lines) + 16
    if widest > img.shape[1]:
        scale *= img.shape[1] / widest
        th = max(1, int(round(2 * scale)))
    step = int(round(26 * scale))
    width = max(cv2.getTextSize(s, _FONT, scale, th)[0][0] for s in lines) + 16
    cv2.rectangle(img, (0, 0), (width, step * len(lines) + 12), (30, 30, 30), -1)
    for i, s in enumerate(lines):
        cv2.putText(img, s, (8, step * (i + 1)), _FONT, scale, _WHITE, th, cv2.LINE_AA)


def _skeleton(img: NDArray[Any], xy: NDArray[Any], th: int) -> None:
    for a, b in SKELETON:
        if _ok(xy[a], xy[b]):
            cv2.line(img, _pt(xy[a]), _pt(xy[b]), _GREY, th, cv2.LINE_AA)
    for j in {j for pair in SKELETON for j in pair}:
        if _ok(xy[j]):
            cv2.circle(img, _pt(xy[j]), th + 1, _WHITE, -1, cv2.LINE_AA)


def _encode(img: NDArray[Any]) -> bytes:
    ok, buf = cv2.imencode(
        ".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    )
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def render_plie(frame: NDArray[Any], xy: NDArray[Any], plie: PlieAnalysis, metrics: PlieMetrics) -> bytes:
    """Knee plumb line dropped to the floor and the toe line through the foot tip, per leg (both
    square to the floor line, i.e. corrected for camera roll)."""
    bands = metrics["band"]
    img = frame.copy()
    scale = max(0.5, img.shape[0] / 800)  # readable when the page shows it 360 px wide
    th = max(1, int(round(img.shape[0] / 300)))
    _skeleton(img, xy, th)
    rep = plie.key_rep
    a = np.radians(plie.roll_deg or 0.0)
    down = np.array([-np.sin(a), np.cos(a)])  # square to the floor line
    along = np.array([np.cos(a), np.sin(a)])
    sem = SEM["knee_toe_offset_pct"]
    for side, knee, foot in (("left", L_KNEE, L_FOOT), ("right", R_KNEE, R_FOOT)):
        if not _ok(xy[knee], xy[foot]):
            continue
        colour = _BAND_BGR[bands[side]]
        k, f = xy[knee], xy[foot]
        drop = float(np.dot(f - k, down)) + 0.02 * img.shape[0]
        k_floor = k + drop * down
        f_floor = k_floor + float(np.dot(f - k, along)) * along
        f_top = f_floor - drop * down
        cv2.line(img, _pt(k), _pt(k_floor), colour, th + 1, cv2.LINE_AA)  # knee plumb line
        cv2.line(img, _pt(f_top), _pt(f_floor), _WHITE, th, cv2.LINE_AA)  # toe line
        cv2.line(img, _pt(k_floor), _pt(f_floor), colour, th + 1, cv2.LINE_AA)
        cv2.putText(
            img, f"{rep.offset_pct[side]:+.1f}%", _pt((min(k_floor[0], f_floor[0]) - 10, min(k_floor[1] + 28 * scale, img.shape[0] - 6))),
            _FONT, scale, colour, max(1, th), cv2.LINE_AA,
        )  # fmt: skip
    _text(
        img,
        [
            f"This rep only: {rep.t_s:.1f} s, {rep.position} position, depth {rep.depth_pct:.0f}% leg",
            f"Knee-toe L {rep.offset_pct['left']:+.1f}% R {rep.offset_pct['right']:+.1f}% (+/-{sem:.1f}%)",
            f"Results table: median of {metrics['rep_count']} rep(s)",
            "+ = knee outside the toe line, - = inside",
        ],
        scale,
    )
    return _encode(img)


def render_stance(
    frame: NDArray[Any], xy: NDArray[Any], stance: StanceAnalysis, metrics: StanceMetrics
) -> bytes:
    """Pelvis line against the horizontal through the stance hip, plus the trunk line."""
    img = frame.copy()
    scale = max(0.5, img.shape[0] / 800)  # readable when the page shows it 360 px wide
    th = max(1, int(round(img.shape[0] / 300)))
    _skeleton(img, xy, th)
    side = stance.sides[0]
    m = metrics["sides"][0]
    st, ra = (L_HIP, R_HIP) if side.stance_leg == "left" else (R_HIP, L_HIP)
    colour = _BAND_BGR[m["band"]]
    if _ok(xy[st], xy[ra]):
        d = xy[ra] - xy[st]
        ext = 0.6 * d
        cv2.line(img, _pt(xy[st] - ext), _pt(xy[ra] + ext), colour, th + 1, cv2.LINE_AA)  # pelvis line
        hx = np.array([abs(d[0]) * 1.6 * np.sign(d[0]), 0.0])
        cv2.line(img, _pt(xy[st] - 0.4 * hx), _pt(xy[st] + hx), _WHITE, th, cv2.LINE_AA)  # horizontal
    if _ok(xy[L_SHOULDER], xy[R_SHOULDER], xy[L_HIP], xy[R_HIP]):
        sh = (xy[L_SHOULDER] + xy[R_SHOULDER]) / 2
        hp = (xy[L_HIP] + xy[R_HIP]) / 2
        cv2.line(img, _pt(hp), _pt(sh), (255, 200, 80), th, cv2.LINE_AA)
        cv2.line(img, _pt(hp), _pt((hp[0], sh[1])), _WHITE, max(1, th - 1), cv2.LINE_AA)
    i = int(np.flatnonzero(side.hold_frames == side.keyframe)[0])
    t_key = float(side.t[side.keyframe])
    _text(
        img,
        [
            f"This frame only ({t_key:.1f} s), standing on {side.stance_leg} leg:",
            f"Pelvic drop {side.drop[i]:+.1f} deg (+/-{SEM['pelvic_drop_deg']:.1f})",
            f"Trunk lean {side.lean[i]:+.1f} deg, knee FPPA {side.fppa[i]:+.1f} deg",
            f"Results table: median over the {m['hold_s']['value']:.1f} s hold ({m['band']})",
            "baseline-corrected" if stance.baseline else "no baseline: uncorrected",
        ],
        scale,
    )
    return _encode(img)
