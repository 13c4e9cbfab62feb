#!/usr/bin/env bash
# Regenerates the PNG renders of the application icon from its SVG sources:
#   assets/icon/io.github.diptych.Diptych.svg      -> 32, 48, 64, 128, 256, 512 px and hicolor/scalable
#   assets/icon/io.github.diptych.Diptych-24.svg   -> 24 px (the same design fitted to the pixel grid)
#   assets/icon/io.github.diptych.Diptych-16.svg   -> 16 px (idem)
# into assets/icon/hicolor/NxN/apps/io.github.diptych.Diptych.png, the freedesktop
# hicolor layout, so a package copies assets/icon/hicolor into /usr/share/icons/hicolor.
# Needs rsvg-convert (Debian: librsvg2-bin). Same inputs and rsvg version, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

ID=io.github.diptych.Diptych
SRC=assets/icon
OUT=$SRC/hicolor

command -v rsvg-convert >/dev/null || {
  echo "icon.sh: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2
  exit 1
}

for size in 16 24 32 48 64 128 256 512; do
  svg=$SRC/$ID.svg
  [ -f "$SRC/$ID-$size.svg" ] && svg=$SRC/$ID-$size.svg
  mkdir -p "$OUT/${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" --format png \
    --output "$OUT/${size}x${size}/apps/$ID.png" "$svg"
  echo "$OUT/${size}x${size}/apps/$ID.png  <- $svg"
done

mkdir -p "$OUT/scalable/apps"
cp "$SRC/$ID.svg" "$OUT/scalable/apps/$ID.svg"
echo "$OUT/scalable/apps/$ID.svg  <- $SRC/$ID.svg"
