#!/usr/bin/env bash
# The one command: regenerate every benchmark table, SUMMARY.md and the README section.
#
#   bash bench/run.sh [--quick] [--only JOB[,JOB…]] [other bench/bench.py options]
#
# JOB: ingest rfm cluster basket clv recommend scale browser (default: all). --quick: one repetition,
# a 200k-line scale file, shorter caps (a smoke run, not numbers to publish).
# Steps: peers into bench/.venv* (bench/setup.sh, idempotent) → `cargo build --profile
# native` of the CLI and the three timing examples → bench/bench.py (native jobs, scale) →
# `node bench/browser/run.mjs` when it exists (its exit status is this script's) →
# bench/summary.py (bench/results/SUMMARY.md and README.md between the bench markers).
set -euo pipefail
cd "$(dirname "$0")/.."

only="" quick=""
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="${2:-}"; shift ;;
    --only=*) only="${1#--only=}" ;;
    --quick) quick=1 ;;
  esac
  shift
done
wants() { [ -z "$only" ] || [[ ",${only// /,}," == *",$1,"* ]]; }
native=""
for job in ingest rfm cluster basket clv recommend scale; do wants "$job" && native=1; done

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$native" ]; then
  bash bench/setup.sh
  cargo build --profile native -p segmint-cli
  cargo build --profile native -p segmint-core --example cluster_sweep --example clv_bench --example basket_mine --example recommend_bench
  bench/.venv/bin/python bench/bench.py "${args[@]}"
fi

status=0
if wants browser; then
  if [ -f bench/browser/run.mjs ]; then
    if [ -n "$quick" ]; then
      BENCH_QUICK=1 node bench/browser/run.mjs || status=$?
    else
      # The kernels and peers plus how far the tab goes (1M..30M lines), then the size where it
      # stops (35M lines: wasm32 memory cannot grow past 4 GiB), which summary.py merges in.
      node bench/browser/run.mjs --scale || status=$?
      node bench/browser/run.mjs --no-build --scale --scale-only --scale-lines 35000000 \
        --tag scale-limit || status=$?
    fi
  else
    echo "notice: bench/browser/run.mjs not found; skipping the in-browser benchmarks" >&2
  fi
fi

python3 bench/summary.py
exit "$status"
