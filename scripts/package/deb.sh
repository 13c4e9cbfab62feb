#!/usr/bin/env bash
# Builds the Debian package with cargo-deb and checks it as a user would get
# it: its contents (dpkg-deb --contents), then an install into a scratch
# root (dpkg --root) and the installed binary run from there (--version,
# stats on the sample project, the manual page, the bash completion).
# Usage: scripts/package/deb.sh     (CI runs it; installs cargo-deb if missing)
# Writes target/package/diptych_VERSION-1_ARCH.deb.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo_deb_version=3.8.0

if ! cargo deb --version 2>/dev/null | grep -q "$cargo_deb_version"; then
  echo "installing cargo-deb $cargo_deb_version"
  cargo install cargo-deb --locked --version "$cargo_deb_version" --quiet
fi

if ! command -v man >/dev/null; then
  echo "installing man-db (to read the installed manual page)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends man-db >/dev/null
fi

cargo build --release --locked --quiet
bin=target/release/diptych
out=target/package
rm -rf "$out"
mkdir -p "$out/man" "$out/completions"
# The manual pages and the completions come from the binary's own clap definitions.
"$bin" manpage --dir "$out/man" >/dev/null
"$bin" completions bash >"$out/completions/diptych"
"$bin" completions zsh >"$out/completions/_diptych"
"$bin" completions fish >"$out/completions/diptych.fish"
cargo deb --no-build --locked --quiet --output "$out/"
deb=$(ls "$out"/diptych_*.deb)
echo "built $deb ($(du -h "$deb" | cut -f1))"

fail() { echo "deb.sh: $*" >&2; exit 1; }

# Contents: every file the package must install.
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
expected=(
  /usr/bin/diptych
  /usr/share/applications/io.github.diptych.Diptych.desktop
  /usr/share/metainfo/io.github.diptych.Diptych.metainfo.xml
  /usr/share/mime/packages/io.github.diptych.Diptych.xml
  /usr/share/icons/hicolor/scalable/apps/io.github.diptych.Diptych.svg
  /usr/share/bash-completion/completions/diptych
  /usr/share/zsh/vendor-completions/_diptych
  /usr/share/fish/vendor_completions.d/diptych.fish
  /usr/share/doc/diptych/copyright
)
for size in 16 24 32 48 64 128 256 512; do
  expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/io.github.diptych.Diptych.png")
done
for page in "$out"/man/*.1; do
  expected+=("/usr/share/man/man1/$(basename "$page")")
done
[ -e "$out/man/diptych-export.1" ] || fail "no page per subcommand in $out/man"
for path in "${expected[@]}"; do
  # Manual pages may be compressed by cargo-deb (.gz).
  grep -qx -e "$path" -e "$path.gz" <<<"$contents" || fail "$deb lacks $path"
done
echo "contents: ${#expected[@]} expected files present"
dpkg-deb --field "$deb" Package Version Architecture Depends

# Install into a scratch root, as dpkg would on a user's machine (without
# the system's libraries: the window's dependencies are not there, so they
# are not checked here; the command line needs none of them).
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# (dpkg lists the dependencies it lets go; shown only when the install fails.)
dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root \
  --log=/dev/null -i "$deb" >"$root/dpkg.out" 2>&1 || { cat "$root/dpkg.out" >&2; fail "dpkg -i failed"; }
status=$(dpkg --root="$root" -s diptych | sed -n 's/^Status: //p')
[ "$status" = "install ok installed" ] || fail "dpkg says the package is '$status'"
installed="$root/usr/bin/diptych"

version=$("$installed" --version)
commit=$(git rev-parse --short=10 HEAD)
crate_version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
case "$version" in
  "diptych $crate_version (commit $commit, "*) echo "installed: $version" ;;
  *) fail "--version printed '$version', expected version $crate_version and commit $commit" ;;
esac
stats=$("$installed" stats projects/seeds.ron --json)
grep -q '"documents": *2' <<<"$stats" || fail "stats on the sample printed: $stats"
echo "installed binary: stats on projects/seeds.ron counts 2 documents"

for page in "$root"/usr/share/man/man1/diptych*.1*; do
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || true)
  [ -z "$warnings" ] || fail "man reports on $page: $warnings"
done
MANWIDTH=80 man -l "$root"/usr/share/man/man1/diptych.1* 2>/dev/null | grep -q "EXIT STATUS" ||
  fail "diptych.1 has no EXIT STATUS"
echo "manual pages render without warnings"
# The bash completion, sourced as bash-completion would, completes subcommands.
completed=$(bash -c '
  source "$1"
  COMP_WORDS=(diptych ex); COMP_CWORD=1; COMP_LINE="diptych ex"; COMP_POINT=${#COMP_LINE}
  _diptych diptych ex diptych
  printf "%s\n" "${COMPREPLY[@]}"' _ "$root/usr/share/bash-completion/completions/diptych")
grep -qx export <<<"$completed" || fail "bash completion of 'diptych ex' gave: $completed"
echo "bash completion: 'diptych ex<Tab>' completes to export"
echo "deb.sh: all checks passed"
