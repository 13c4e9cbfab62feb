#!/bin/bash
# Time to the first article and peak memory of the real window, as a user
# opens a project (issue 14): runs `diptych --annotator bench PROJECT` under
# Xvfb, takes a screenshot of the screen about every 0.1-0.5 s and reads the
# process's VmHWM, VmRSS, RssAnon and RssFile with each, then prints the peak and the time of
# the first screenshot whose left reader shows text (the loading screen
# leaves that part of the window empty).
#
#   scripts/bench/window_open.sh BINARY PROJECT OUTDIR [SECONDS]
#
# Make the projects with `cargo run --release --example make_scale -- DIR
# ARTICLES ANNOTATIONS`. Needs Xvfb, xwd and ImageMagick's convert. The
# screen is 1600 x 1000 and the window opens at its default size, so the
# left reader's text lies at x 265-455, y 150-650. Every process it starts
# is stopped by its pid.
set -u
BIN=$1
PROJECT=$2
OUT=$3
SECONDS_TO_RUN=${4:-30}
DISPLAY_NUMBER=:98

rm -rf "$OUT"
mkdir -p "$OUT/home"
Xvfb $DISPLAY_NUMBER -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
sleep 1
START=$(date +%s.%N)
DISPLAY=$DISPLAY_NUMBER HOME=$OUT/home XDG_DATA_HOME=$OUT/home/data \
    XDG_CONFIG_HOME=$OUT/home/config "$BIN" --annotator bench "$PROJECT" \
    >"$OUT/app.log" 2>&1 &
APP=$!
END=$(echo "$START + $SECONDS_TO_RUN" | bc)
while (($(echo "$(date +%s.%N) < $END" | bc))); do
    T=$(echo "$(date +%s.%N) - $START" | bc)
    DISPLAY=$DISPLAY_NUMBER xwd -root -silent >"$OUT/shot-$(printf %07.3f "$T").xwd" 2>/dev/null
    echo "$(grep -E "VmHWM|VmRSS|RssAnon|RssFile" /proc/$APP/status | tr -s ' \t\n' ' ') t=$T" >>"$OUT/rss.log"
    sleep 0.05
done
echo "peak: $(grep VmHWM /proc/$APP/status | tr -s ' \t' ' '), now: $(grep VmRSS /proc/$APP/status | tr -s ' \t' ' ')"
kill $APP
sleep 0.5
kill $XVFB
wait $APP $XVFB 2>/dev/null
cd "$OUT" || exit 1
for f in shot-*.xwd; do
    N=$(convert "$f" -crop 190x500+265+150 +repage -colorspace gray -threshold 50% \
        -format '%[fx:int(mean*w*h)]' info:)
    if [ "$N" -gt 500 ]; then
        echo "first article on screen in the screenshot taken at ${f:5:7} s"
        exit 0
    fi
done
echo "no article on screen within $SECONDS_TO_RUN s"
