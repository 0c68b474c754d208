"""Upload-check and analysis timings on the shared clips (run by hand; no assertions on time in tests).

    python benchmarks/screenings_pipeline.py [../shared/clips]

Prints, per clip: the bounded probe (child process) latency, i.e. what an upload waits for before
the clip is stored, and the engine wall time of one analysis (what a video worker spends).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenings.probe import probe_bounded  # noqa: E402

CLIPS = [
    ("sumo_squat_frontal_woman.mp4", "plie"),
    ("squat_frontal_woman.mp4", "plie"),
    ("tree_pose.mp4", "stance"),
    ("plie.mp4", "plie"),
]


def main(root: Path) -> None:
    from workers.engine import analyse

    analyse(root / CLIPS[0][0], test=CLIPS[0][1])  # warm-up: model load is per worker child
    for name, test in CLIPS:
        probes = []
        for _ in range(3):
            t = time.perf_counter()
            probe = probe_bounded(root / name)
            probes.append(time.perf_counter() - t)
        t = time.perf_counter()
        out = analyse(root / name, test=test)
        engine_s = time.perf_counter() - t
        print(
            f"{name:32s} {probe.duration_s:5.1f}s clip  probe {statistics.median(probes):.2f}s  "
            f"engine {engine_s:5.1f}s  ({out.result['status']})"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "clips")
