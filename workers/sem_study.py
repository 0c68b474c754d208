"""Repeat-trial SEM study of the engine on the shared clips (docs/engine.md, "SEM study").

python -m workers.sem_study [CLIPS_DIR]

Three kinds of repeat trial, each turned into an SEM the usual way for a pair of trials of the
same thing, SEM = SD(differences) / sqrt(2) (= |a - b| / sqrt(2) per pair, pooled as the RMS):
  * reps within a clip: knee-toe offset of the plié reps, at the matched depth and at the deepest
    frame (the latter also carries the depth differences between reps);
  * split halves of a hold: pelvic drop, trunk lean and stance FPPA medians over the first and the
    second half of each single-leg hold;
  * re-encodes: the same clip re-encoded (near-lossless MJPG, H.264 CRF 28, half resolution) against
    the original: what the encoder alone moves.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from workers.engine import analyse, track_of
from workers.stance import Side, analyse_stance

DEFAULT_CLIPS = Path(__file__).resolve().parents[2] / "shared" / "clips"


def _sem(diffs: list[float]) -> float:
    return math.sqrt(sum(d * d for d in diffs) / len(diffs)) / math.sqrt(2) if diffs else float("nan")


def _reencode(src: Path, dst: Path, how: str) -> Path:
    if how == "crf28":
        ffmpeg = shutil.which("ffmpeg")
        assert ffmpeg, "ffmpeg needed"
        cmd = [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(src),
            "-c:v",
            "libx264",
            "-crf",
            "28",
            "-an",
            str(dst),
        ]
        subprocess.run(cmd, check=True)
        return dst
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS)
    writer: cv2.VideoWriter | None = None
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if how == "half_res":
            frame = cv2.resize(
                frame, (frame.shape[1] // 2, frame.shape[0] // 2), interpolation=cv2.INTER_AREA
            )
        if writer is None:
            writer = cv2.VideoWriter(str(dst), cv2.VideoWriter.fourcc(*"MJPG"), fps, frame.shape[1::-1])
            writer.set(cv2.VIDEOWRITER_PROP_QUALITY, 100)
        writer.write(frame)
    cap.release()
    assert writer is not None
    writer.release()
    return dst


def _plie_values(path: Path) -> dict[str, Any]:
    r = analyse(path, test="plie").result
    assert r["status"] == "ok", (path, r["reason"])
    return dict(r["metrics"] or {})


def _halves(side: Side) -> dict[str, tuple[float, float]]:
    n = len(side.hold_frames) // 2
    return {
        name: (float(np.nanmedian(v[:n])), float(np.nanmedian(v[n:])))
        for name, v in (
            ("pelvic_drop_deg", side.drop),
            ("trunk_lean_deg", side.lean),
            ("fppa_deg", side.fppa),
        )
    }


def _stance_sides(path: Path) -> list[Side]:
    """The engine's stance analysis with its per-frame values (not only the medians)."""
    track, seen = track_of(path, test="stance")
    res = analyse_stance(track, raw_seen=seen)
    assert res is not None, path
    return res.sides


def main(argv: list[str]) -> int:
    clips = Path(argv[0]) if argv else DEFAULT_CLIPS
    plie_clips = [
        "plie.mp4",
        "plie_and_releve.mp4",
        "squat_frontal_woman.mp4",
        "sumo_squat_frontal_woman.mp4",
    ]
    stance_clips = ["tree_pose.mp4", "cg_one_leg_stance_apache.mp4"]
    tmp = Path(tempfile.mkdtemp(prefix="sem-study-"))
    try:
        matched, deepest = [], []
        base: dict[str, dict[str, Any]] = {}
        for name in plie_clips:
            m = _plie_values(clips / name)
            base[name] = m
            reps = [r for r in m["reps"] if r["position"] == "second"] or m["reps"]
            for side in ("left", "right"):
                vals = [r["knee_toe_offset_pct"][side]["value"] for r in reps]
                deepest += [a - b for a, b in zip(vals, vals[1:], strict=False)]
                mv = [
                    r["knee_toe_offset_matched_pct"][side]["value"]
                    for r in reps
                    if r["knee_toe_offset_matched_pct"]
                ]
                matched += [a - b for a, b in zip(mv, mv[1:], strict=False)]
        print(f"plie reps, matched depth: n={len(matched)} pairs, SEM {_sem(matched):.2f} % leg length")
        print(f"plie reps, deepest frame: n={len(deepest)} pairs, SEM {_sem(deepest):.2f} % leg length")

        enc: dict[str, list[float]] = {"offset": [], "matched": [], "depth": [], "drop": [], "lean": []}
        for how in ("mjpg", "crf28", "half_res"):
            src = clips / "plie.mp4"
            m = _plie_values(_reencode(src, tmp / f"plie_{how}.{'mp4' if how == 'crf28' else 'avi'}", how))
            for side in ("left", "right"):
                enc["offset"].append(
                    m["knee_toe_offset_pct"][side]["value"]
                    - base["plie.mp4"]["knee_toe_offset_pct"][side]["value"]
                )
                if m["knee_toe_offset_matched_pct"] and base["plie.mp4"]["knee_toe_offset_matched_pct"]:
                    enc["matched"].append(
                        m["knee_toe_offset_matched_pct"][side]["value"]
                        - base["plie.mp4"]["knee_toe_offset_matched_pct"][side]["value"]
                    )
            enc["depth"].append(m["depth_pct"]["value"] - base["plie.mp4"]["depth_pct"]["value"])
        halves: dict[str, list[float]] = {"pelvic_drop_deg": [], "trunk_lean_deg": [], "fppa_deg": []}
        for name in stance_clips:
            for hold in _stance_sides(clips / name):
                for key, (a, b) in _halves(hold).items():
                    halves[key].append(a - b)
                    print(f"  {name} {hold.stance_leg} {key} halves {a:+.2f} / {b:+.2f}")
        for key, d in halves.items():
            print(f"stance split halves {key}: n={len(d)}, SEM {_sem(d):.2f} deg")
        for key in ("offset", "matched", "depth"):
            print(f"re-encodes of plie.mp4 {key}: n={len(enc[key])}, SEM {_sem(enc[key]):.2f} % leg length")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
