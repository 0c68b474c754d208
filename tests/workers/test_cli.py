"""The command-line tool, as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from tests.workers.conftest import REPO_ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workers.analyze", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_ok_writes_json_and_keyframe(clips_dir: Path, tmp_path: Path, run_engine: Any) -> None:
    out_json, out_png = tmp_path / "r.json", tmp_path / "k.png"
    p = _cli(
        str(clips_dir / "tree_pose.mp4"),
        "--test",
        "stance",
        "--json",
        str(out_json),
        "--keyframe",
        str(out_png),
    )
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout)
    assert result["status"] == "ok" and result == json.loads(out_json.read_text())
    # deterministic across processes too: the same as this process's (cached) library run
    assert result == run_engine(clips_dir / "tree_pose.mp4", "stance").result
    img = cv2.imread(str(out_png))
    assert img is not None and img.shape[:2] == (338, 600)


def test_cli_clean_rejection_exits_zero(tmp_path: Path) -> None:
    bad = tmp_path / "x.mp4"
    bad.write_text("not a video")
    png = tmp_path / "k.png"
    p = _cli(str(bad), "--test", "plie", "--keyframe", str(png))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert (r["status"], r["reason"]) == ("rejected", "unreadable_video")
    assert not png.exists()


@pytest.mark.parametrize("args", [["x.mp4"], ["x.mp4", "--test", "jete"], []])
def test_cli_misuse_exits_nonzero(args: list[str]) -> None:
    p = _cli(*args)
    assert p.returncode == 2 and p.stdout == ""
