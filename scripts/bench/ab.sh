#!/bin/bash
# Whole-process A/B of two builds of diptych (issue 14's figures): runs the
# command with each binary once to warm the file cache, then N times each,
# alternating, and prints the median, minimum and maximum wall time and the
# largest peak RSS (/usr/bin/time's %M) of each.
#
#   OLD=path/to/old/diptych NEW=target/release/diptych \
#       scripts/bench/ab.sh N "label" ARGS...
#
# BEFORE="shell command" runs before every run, untimed (e.g. copying a
# fresh project for `import`).
#
# Build the old binary from a worktree into its own target folder, e.g.
# `git worktree add ../old REV && (cd ../old && CARGO_TARGET_DIR=../old-target
# cargo build --release)`.
set -u
N=$1; shift; L=$1; shift
OLD=${OLD:?the old binary}; NEW=${NEW:-target/release/diptych}
before() { if [ -n "${BEFORE:-}" ]; then eval "$BEFORE"; fi; }
before; $OLD "$@" >/dev/null 2>&1; before; $NEW "$@" >/dev/null 2>&1
for b in OLD NEW; do : > ${TMPDIR:-/tmp}/ab-$b.txt; done
for i in $(seq 1 $N); do
  for b in OLD NEW; do
    BIN=${!b}
    before
    /usr/bin/time -f "%e %M" -o ${TMPDIR:-/tmp}/ab-t.txt $BIN "$@" >/dev/null 2>/dev/null
    grep -v Command ${TMPDIR:-/tmp}/ab-t.txt >> ${TMPDIR:-/tmp}/ab-$b.txt
  done
done
for b in OLD NEW; do
  sort -n ${TMPDIR:-/tmp}/ab-$b.txt | awk -v b=$b -v l="$L" '{w[NR]=$1; if ($2>m) m=$2} END {printf "%-28s %s median %.2f s (%.2f-%.2f), peak %.0f MB\n", l, b, w[int((NR+1)/2)], w[1], w[NR], m/1024}'
done
