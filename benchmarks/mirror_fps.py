"""Live-pose frame rate of the mirror in headless Chromium (no GPU), one run, three set-ups.

The phone-side pipeline (static/js/mirror_pose.js with the vendored @mediapipe/pose) on Chromium's
fake camera playing a real clip, for MEASURE_S seconds each, interleaved in one run so the ratios
compare like with like on this shared machine:
  * one pass, WebGL inference (the package default; SwiftShader here, no GPU);
  * one pass, CPU inference (XNNPACK);
  * flip-symmetrised, two passes, CPU inference — what the mirror ships.
Prints frames/s and the ratios. The >= 15 fps target is for a mid-range phone, not this box.

Usage: python benchmarks/mirror_fps.py [--seconds 15] [--clip ../shared/clips/plie.mp4]
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "frontend_templates" / "static"
CHROMIUM = "/usr/bin/chromium"
POSE = "/vendor/mediapipe-pose/0.5.1675469404/"
PAGE = f"""<!doctype html><meta charset="utf-8"><video id="v" playsinline muted></video>
<script src="{POSE}pose.js"></script><script src="/js/mirror_formulas.js"></script>
<script src="/js/mirror_pose.js"></script><script src="/bench.js"></script>"""
SCRIPT = f"""window.bench = {{ frames: 0, fps: 0, error: null }};
var q = new URLSearchParams(location.search);
MirrorPose.start({{ video: document.getElementById("v"), base: "{POSE}", passes: +q.get("passes"),
  cpu: q.get("cpu") === "1", onFrame: function () {{ bench.frames++; }} }})
  .then(function (s) {{ setInterval(function () {{ bench.fps = s.fps; }}, 250); }},
        function (e) {{ bench.error = String(e); }});"""
SETUPS = [
    ("one pass, WebGL inference", 1, 0),
    ("one pass, CPU inference", 1, 1),
    ("two passes (shipped), CPU", 2, 1),
]


class Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = {"/bench.html": (PAGE, "text/html"), "/bench.js": (SCRIPT, "text/javascript")}.get(
            self.path.split("?")[0]
        )
        if body is None:
            return super().do_GET()
        data = body[0].encode()
        self.send_response(200)
        self.send_header("Content-Type", body[1])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clip", type=Path, default=ROOT.parent / "shared" / "clips" / "plie.mp4")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(STATIC)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bench.html"
    with tempfile.TemporaryDirectory() as tmp:
        y4m = Path(tmp) / "clip.y4m"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(args.clip), "-vf", "scale=640:-2", "-pix_fmt", "yuv420p",
             str(y4m)],
            check=True,
        )  # fmt: skip
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                 f"--use-file-for-fake-video-capture={y4m}"]  # fmt: skip
        results = {}
        with sync_playwright() as p:
            for name, passes, cpu in SETUPS:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=flags)
                page = browser.new_page()
                page.goto(f"{url}?passes={passes}&cpu={cpu}")
                started = time.monotonic()
                while time.monotonic() - started < 120 and not page.evaluate("bench.frames || bench.error"):
                    time.sleep(0.2)
                time.sleep(args.seconds)
                stats = page.evaluate("bench")
                browser.close()
                results[name] = stats["fps"]
                print(
                    f"{name:32s} {stats['fps']:6.2f} fps ({stats['frames']} frames){' ' + stats['error'] if stats['error'] else ''}"
                )
    server.shutdown()
    one_cpu = results[SETUPS[1][0]]
    print(f"CPU / WebGL inference (one pass): {one_cpu / max(results[SETUPS[0][0]], 1e-9):.1f}x")
    print(
        f"cost of flip symmetrisation (one pass / two passes, CPU): {one_cpu / max(results[SETUPS[2][0]], 1e-9):.2f}x"
    )


if __name__ == "__main__":
    main()
