#!/usr/bin/env bash
# Checks that the code, tests included, builds for Windows
# (x86_64-pc-windows-gnu): `cargo check`, which runs the C build scripts
# (mimalloc, blake3) with the MinGW cross compiler but links nothing.
# Usage: scripts/package/cross.sh   (CI runs it; installs the rustup target
# and Debian's gcc-mingw-w64-x86-64 when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
target=x86_64-pc-windows-gnu

if ! rustup target list --installed | grep -qx "$target"; then
  echo "installing the rustup target $target"
  rustup target add "$target" >/dev/null
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  echo "installing gcc-mingw-w64-x86-64 (the C build scripts' compiler)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 >/dev/null
fi
cargo check --locked --quiet --target "$target" --all-targets
echo "cross.sh: the library, the binary, the tests and the benches build for $target"
