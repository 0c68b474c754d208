"""Fixtures for the pose-engine tests. Plain Python: nothing here needs Django.

Engine runs on the shared clips are cached per session, so each clip is analysed once however
many tests look at it (the suite has to stay within a few minutes on 2 cores).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIPS_DIR = REPO_ROOT.parent / "shared" / "clips"

RunEngine = Callable[..., "object"]


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    if not (CLIPS_DIR / "plie.mp4").is_file():
        pytest.skip(f"shared clips not found at {CLIPS_DIR} (expected ../shared/clips next to the repo)")
    return CLIPS_DIR


@pytest.fixture(scope="session")
def run_engine() -> Callable[..., object]:
    """run_engine(path, test, mirrored=False) -> EngineOutput, cached per (path, test, mirrored)."""
    from workers.engine import analyse

    cache: dict[tuple[str, str, bool], object] = {}

    def run(path: Path, test: str, mirrored: bool = False) -> object:
        key = (str(path), test, mirrored)
        if key not in cache:
            cache[key] = analyse(path, test=test, mirrored=mirrored)
        return cache[key]

    return run


@pytest.fixture(scope="session")
def derived_clips(tmp_path_factory: pytest.TempPathFactory, clips_dir: Path) -> Callable[[str, str], Path]:
    """derived_clips(clip, transform) -> path of a re-encoded copy, written once per session."""
    from tests.workers.videotools import write_transformed

    out_dir = tmp_path_factory.mktemp("derived")
    cache: dict[tuple[str, str], Path] = {}

    def make(clip: str, transform: str) -> Path:
        key = (clip, transform)
        if key not in cache:
            cache[key] = write_transformed(
                clips_dir / clip, out_dir / f"{Path(clip).stem}_{transform}.avi", transform
            )
        return cache[key]

    return make
