#!/usr/bin/env bash
# Takes a screenshot of the window on the sample project under Xvfb.
# Usage: scripts/screenshot.sh [OUT.png] [extra diptych args...]
# Needs: Xvfb and ImageMagick (apt-get install -y xvfb imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png}
shift || true
for tool in Xvfb import; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (apt-get install -y xvfb imagemagick)" >&2; exit 1; }
done
cargo build --release --quiet
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true' EXIT
sleep 1
DISPLAY=$display target/release/diptych "$@" >/dev/null 2>&1 &
app=$!
sleep "${SCREENSHOT_WAIT:-6}"
mkdir -p "$(dirname "$out")"
DISPLAY=$display import -window root "$out"
echo "wrote $out"
