#!/usr/bin/env bash
# Consumer checks: export the sample project and the export fixture to every
# format, then load each export with the tools people use (pandas, pyarrow,
# spaCy, jsonschema) and check what they see (check_exports.py); then check
# `diptych agree` against scikit-learn, statsmodels and krippendorff
# (agreement.py).
#
# Usage: bash scripts/consumers/run.sh        (CI runs it from .ci/run)
# Makes a venv in target/consumers-venv (kept between runs) and writes the
# exports to target/consumers/. Exits non-zero when any check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=target/consumers-venv
PACKAGES=("pandas>=2,<4" "pyarrow>=14" "spacy>=3.7,<4" "jsonschema>=4" "duckdb>=1" "polars>=1"
    "scikit-learn>=1.3" "statsmodels>=0.14" "krippendorff>=0.6")
if ! "$VENV/bin/python" -c "import pandas, pyarrow, spacy, jsonschema, duckdb, polars, sklearn, statsmodels, krippendorff" 2>/dev/null; then
    echo "== consumers: python3 -m venv $VENV; pip install ${PACKAGES[*]}"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGES[@]}"
fi
"$VENV/bin/python" - <<'PY'
from importlib.metadata import version
print(", ".join(f"{p} {version(p)}" for p in ("pandas", "pyarrow", "spacy", "jsonschema", "duckdb", "polars",
                                              "scikit-learn", "statsmodels", "krippendorff")))
PY

cargo build --quiet --bin diptych
BIN=target/debug/diptych
OUT=target/consumers
rm -rf "$OUT"
mkdir -p "$OUT"

export_all() {
    local project=$1 dir=$OUT/$2
    mkdir -p "$dir"
    local all=(--include-suggestions)
    "$BIN" export "$project" --format jsonl -o "$dir/out.jsonl" "${all[@]}"
    "$BIN" export "$project" --format pairs -o "$dir/pairs.jsonl" "${all[@]}"
    "$BIN" export "$project" --format csv -o "$dir/spans.csv" "${all[@]}"
    "$BIN" export "$project" --format label-studio -o "$dir/tasks.json" "${all[@]}"
    "$BIN" export "$project" --format doccano -o "$dir/doccano.jsonl" "${all[@]}"
    "$BIN" export "$project" --format doccano --relations -o "$dir/doccano-relations.jsonl" "${all[@]}"
    "$BIN" export "$project" --format spacy -o "$dir/spacy.jsonl" "${all[@]}" --json > "$dir/spacy.report.json"
    "$BIN" export "$project" --format brat -o "$dir/brat" "${all[@]}"
    "$BIN" export "$project" --format conll -o "$dir/tags.conll" "${all[@]}"
    "$BIN" export "$project" --format w3c -o "$dir/annotations.jsonld" "${all[@]}"
    "$BIN" export "$project" --format parquet -o "$dir/spans.parquet" "${all[@]}"
}

# Export warnings (links a format cannot hold, spans off token boundaries)
# are expected here; the checks below decide.
export_all projects/seeds.ron seeds > "$OUT/export.log" 2>&1
export_all tests/data/export-fixture/fixture.ron fixture >> "$OUT/export.log" 2>&1
echo "exported both projects to every format in $OUT/seeds and $OUT/fixture (log: $OUT/export.log)"

"$VENV/bin/python" scripts/consumers/check_exports.py "$OUT/seeds" "$OUT/fixture"

# `diptych agree` against scikit-learn, statsmodels and krippendorff.
"$VENV/bin/python" scripts/consumers/agreement.py "$BIN" "$OUT"
