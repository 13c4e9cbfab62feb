#!/usr/bin/env bash
# Takes the README's screenshots of the window on the sample project under
# Xvfb, 1400 × 900: two panes (dark theme, an annotation selected), the find
# bar, Compare mode with the words that differ, and the light theme.
# Usage: scripts/screenshot.sh [OUT_DIR]   (default docs/)
# Needs: Xvfb, ImageMagick and xdotool (apt-get install -y xvfb imagemagick xdotool).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
for tool in Xvfb import xdotool; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (apt-get install -y xvfb imagemagick xdotool)" >&2; exit 1; }
done
cargo build --release --quiet
display=:$((90 + RANDOM % 9))
export DISPLAY=$display
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
home=$(mktemp -d)
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$home"' EXIT
sleep 1
# A name on the command line: the first run would otherwise ask who annotates.
HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config \
  target/release/diptych --annotator analyst >/dev/null 2>&1 &
app=$!
sleep "${SCREENSHOT_WAIT:-8}"
window=$(xdotool search --name Diptych | head -1)
xdotool windowsize "$window" 1400 900 windowmove "$window" 0 0 windowfocus "$window"
sleep 2
mkdir -p "$out"
shot() { sleep "${2:-1}"; import -window root -crop 1400x900+0+0 "$out/$1"; echo "wrote $out/$1"; }
# The first reader gets the keyboard; Tab selects its first annotation.
xdotool mousemove 400 300 click 1; sleep 1
xdotool key Tab
shot screenshot.png
xdotool key ctrl+f; sleep 1
xdotool type --delay 80 'government'; sleep 1
xdotool key Return
shot screenshot-find.png
xdotool key Escape; sleep 1
xdotool key ctrl+k; sleep 2
xdotool mousemove 400 500
for _ in $(seq 1 16); do xdotool click 5; sleep 0.1; done
xdotool mousemove 1300 890
shot screenshot-compare.png 2
xdotool key ctrl+k; sleep 1
xdotool key ctrl+shift+d
shot screenshot-light.png 2
