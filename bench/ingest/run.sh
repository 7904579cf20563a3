#!/usr/bin/env bash
# Ingest benchmark: `segmint inspect` vs pandas read_csv + to_datetime on online_retail.csv.
# Writes bench/results/ingest.md. Usage: bench/ingest/run.sh [FILE] [REPS]
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE="${1:-../shared/data/online_retail.csv}"
REPS="${2:-7}"
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --profile native -p segmint-cli
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q pandas
fi
mkdir -p bench/results
python3 bench/ingest/bench.py "$TARGET/native/segmint" bench/.venv/bin/python "$FILE" "$REPS" bench/results/ingest.md
