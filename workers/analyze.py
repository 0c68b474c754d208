"""CLI: python -m workers.analyze CLIP --test plie|stance [--mirrored] [--json OUT] [--keyframe OUT.jpg]

Prints the result JSON. Exit 0 for a result and for a clean rejection; 2 for misuse (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workers.engine import analyse
from workers.result import TESTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers.analyze", description=__doc__.splitlines()[0])
    parser.add_argument("clip", type=Path)
    parser.add_argument("--test", required=True, choices=TESTS)
    parser.add_argument(
        "--mirrored", action="store_true", help="front-camera (selfie) clip: flip before analysis"
    )
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the JSON here")
    parser.add_argument("--keyframe", type=Path, help="write the key-frame JPEG here (if one was measured)")
    args = parser.parse_args(argv)

    out = analyse(args.clip, test=args.test, mirrored=args.mirrored)
    text = json.dumps(out.result, indent=2, sort_keys=True, ensure_ascii=False)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    if args.keyframe and out.keyframe_jpeg is not None:
        args.keyframe.write_bytes(out.keyframe_jpeg)
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
