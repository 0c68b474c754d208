#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium (browser tests), poppler (PDF → PNG/text),
# ffmpeg (building test clips), WeasyPrint's Pango. Installed only when missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium chromium-driver)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v ffprobe >/dev/null || missing+=(ffmpeg)
ldconfig -p | grep -c libpango-1.0 >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list | grep -ci dejavu >/dev/null || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
