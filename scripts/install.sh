#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the pinned dependencies (skipped when nothing changed).
# mediapipe 0.10.9 goes in with --no-deps: its metadata pulls opencv-contrib and sounddevice we do not use.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-runtime}"
venv="${VENV:-.venv}"
python_bin="$(command -v python3.11 || command -v python3)"
if ! "$python_bin" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "studiohealth needs Python 3.11 (mediapipe 0.10.9 has wheels up to 3.11); found $("$python_bin" --version)" >&2
  exit 1
fi
[ -x "$venv/bin/python" ] || "$python_bin" -m venv "$venv"
reqs=requirements.txt
[ "$kind" = dev ] && reqs=requirements-dev.txt
stamp="$venv/.installed-$kind"
digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
  exit 0
fi
echo "==> installing Python dependencies ($reqs) into $venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$reqs"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r requirements-mediapipe.txt
echo "$digest" > "$stamp"
