#!/usr/bin/env bash
# Build the native CLI, set up the Python peers, run the RFM comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --profile native -p segmint-cli
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
bench/.venv/bin/pip install -q -r bench/rfm/requirements.txt
bench/.venv/bin/python bench/rfm/run.py "${1:-../shared/data/online_retail.csv}" "${2:-7}"
