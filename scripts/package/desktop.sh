#!/usr/bin/env bash
# Checks what makes Diptych install like a desktop app on Linux: the desktop
# entry, the AppStream metainfo, the project files' MIME type and the icon
# renders (packaging/linux/, assets/icon/). One line per check; exits 1 if
# any check fails.
# Usage: scripts/package/desktop.sh     (CI runs it as root on Debian 12)
# Installs what it needs with apt-get when it is missing: desktop-file-utils,
# appstream, shared-mime-info, libglib2.0-bin (gio), libxml2-utils (xmllint).
set -euo pipefail
cd "$(dirname "$0")/../.."

id=io.github.diptych.Diptych
mime=application/x-diptych-project
desktop=packaging/linux/$id.desktop
metainfo=packaging/linux/$id.metainfo.xml
mimexml=packaging/linux/$id.mime.xml

# --- tools -------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

need=()
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null || need+=(appstream)
command -v update-mime-database >/dev/null || need+=(shared-mime-info)
command -v gio >/dev/null || need+=(libglib2.0-bin)
command -v xmllint >/dev/null || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "desktop.sh: missing tools; as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } \
    >"$tmp/apt" 2>&1; then
    cat "$tmp/apt" >&2
    echo "desktop.sh: could not install ${need[*]}" >&2
    exit 1
  fi
fi

# --- checks ------------------------------------------------------------------
failures=0

ok() { echo "ok    $*"; }
bad() {
  echo "FAIL  $*"
  failures=$((failures + 1))
}
# Prints a tool's report indented, under a FAIL line.
show() { sed 's/^/        /' "$1"; }

# Desktop entry: no errors, no warnings (hints are advice, shown if any).
if desktop-file-validate "$desktop" >"$tmp/dfv" 2>&1 && ! grep -qE ': (error|warning): ' "$tmp/dfv"; then
  ok "desktop-file-validate $desktop"
  [ -s "$tmp/dfv" ] && show "$tmp/dfv"
else
  bad "desktop-file-validate $desktop"
  show "$tmp/dfv"
fi

# AppStream metainfo: no errors, no warnings. (Infos pass: appstream 0.16,
# Debian 12's, does not know AppStream 1.0's <developer> tag yet.)
if appstreamcli validate --no-net "$metainfo" >"$tmp/asv" 2>&1 && ! grep -qE '^[EW]: ' "$tmp/asv"; then
  ok "appstreamcli validate --no-net $metainfo ($(grep -o 'infos: [0-9]*' "$tmp/asv" || echo 'no issues'))"
else
  bad "appstreamcli validate --no-net $metainfo"
  show "$tmp/asv"
fi

# MIME type: well-formed XML, and a database update-mime-database accepts.
if xmllint --noout "$mimexml" 2>"$tmp/xml"; then
  ok "xmllint $mimexml"
else
  bad "xmllint $mimexml"
  show "$tmp/xml"
fi
# A scratch data directory that searches first, as /usr/share would be.
xdg() { XDG_DATA_DIRS="$tmp/data:/usr/share" XDG_DATA_HOME="$tmp/data" GIO_USE_VFS=local "$@"; }
mkdir -p "$tmp/data/mime/packages"
cp "$mimexml" "$tmp/data/mime/packages/$id.xml"
if xdg update-mime-database "$tmp/data/mime" >"$tmp/umd" 2>&1 && ! [ -s "$tmp/umd" ] &&
  grep -q "$mime" "$tmp/data/mime/types"; then
  ok "update-mime-database accepts $mimexml"
else
  bad "update-mime-database on $mimexml"
  show "$tmp/umd"
fi

# What a file manager sees, through that database: the sample project and a
# hand-edited one are projects, any other RON file is not.
printf '(name: "scene", entities: [])\n' >"$tmp/scene.ron"
printf '\357\273\277// hand-edited\n// notes\n(\n    format:"diptych-project",\n    version: 1,\n)\n' >"$tmp/edited.ron"
content_type() {
  xdg gio info -a standard::content-type "$1" 2>&1 | sed -n 's/^ *standard::content-type: //p'
}
for case in "projects/seeds.ron =" "$tmp/edited.ron =" "$tmp/scene.ron !="; do
  file=${case% *}
  want=${case##* }
  got=$(content_type "$file")
  name=${file#"$tmp/"}
  if { [ "$want" = "=" ] && [ "$got" = "$mime" ]; } || { [ "$want" = "!=" ] && [ -n "$got" ] && [ "$got" != "$mime" ]; }; then
    ok "gio: $name is $got"
  else
    bad "gio: $name is '${got:-?}', expected $want $mime"
  fi
done

# The three files name the same id, type and binary.
consistent=1
grep -qx "Icon=$id" "$desktop" || consistent=0
grep -qx "StartupWMClass=$id" "$desktop" || consistent=0
grep -qx "MimeType=$mime;" "$desktop" || consistent=0
grep -q "<id>$id</id>" "$metainfo" || consistent=0
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" || consistent=0
grep -q "<mediatype>$mime</mediatype>" "$metainfo" || consistent=0
grep -q "<mime-type type=\"$mime\">" "$mimexml" || consistent=0
if [ $consistent = 1 ]; then
  ok "desktop entry, metainfo and MIME type agree on $id and $mime"
else
  bad "desktop entry, metainfo and MIME type disagree on the id, the icon or the MIME type"
fi

# Icons: every hicolor size is a PNG of that many pixels (the width and the
# height are big-endian at bytes 16..23, after the signature and IHDR's head).
for size in 16 24 32 48 64 128 256 512; do
  png=assets/icon/hicolor/${size}x${size}/apps/$id.png
  if [ ! -f "$png" ]; then
    bad "$png is missing (scripts/icon.sh makes it)"
    continue
  fi
  read -r s1 s2 s3 s4 s5 s6 s7 s8 <<<"$(od -An -tu1 -N8 "$png" 2>/dev/null)"
  read -r w1 w2 w3 w4 h1 h2 h3 h4 <<<"$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null)"
  width=$(((w1 << 24) | (w2 << 16) | (w3 << 8) | w4))
  height=$(((h1 << 24) | (h2 << 16) | (h3 << 8) | h4))
  if [ "$s1 $s2 $s3 $s4 $s5 $s6 $s7 $s8" != "137 80 78 71 13 10 26 10" ]; then
    bad "$png is not a PNG"
  elif [ "$width" -ne "$size" ] || [ "$height" -ne "$size" ]; then
    bad "$png is ${width}x$height, not ${size}x$size"
  else
    ok "$png is ${width}x$height"
  fi
done
svg=assets/icon/$id.svg
if xmllint --noout "$svg" 2>/dev/null && cmp -s "$svg" "assets/icon/hicolor/scalable/apps/$id.svg"; then
  ok "$svg is well-formed and hicolor/scalable/apps has the same file"
else
  bad "$svg is not well-formed, or hicolor/scalable/apps/$id.svg differs (scripts/icon.sh)"
fi

if [ $failures -gt 0 ]; then
  echo "desktop.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "desktop.sh: all checks passed"
