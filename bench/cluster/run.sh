#!/usr/bin/env bash
# Side-by-side benchmark: segmint-core's choose-k sweep vs scikit-learn on the same matrix.
#
# Work timed on both sides, from the scaled RFM matrix already in memory (4,338 customers of
# UCI Online Retail: recency_days, frequency, monetary -> log1p -> z-score):
#   kmeans  = k-means for k = 2..=10, n_init 10, max_iter 300, tol 1e-4 (k-means++ seeding)
#   sweep   = kmeans + silhouette (exact), Davies-Bouldin, Calinski-Harabasz for every k
# The Rust example writes the matrix it clusters (17 significant digits) and sklearn reads
# that file, so both see the same numbers. PROCS processes per side, alternating, each doing
# 1 warm-up + REPS timed repetitions (the warm-up is dropped on both sides: sklearn's first
# fit in a process pays for lazy imports and thread-pool start-up). sklearn runs twice per
# round: default threads (OpenMP, both cores) and OMP_NUM_THREADS=1. Medians and minima go to
# bench/results/cluster.md.
#
#   bench/cluster/run.sh [FILE] [PROCS] [REPS]   (defaults: ../shared/data/online_retail.csv, 3, 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:-../shared/data/online_retail.csv}
PROCS=${2:-3}
REPS=${3:-5}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-cluster}
bench/.venv/bin/python -c "import sklearn" 2>/dev/null || bench/.venv/bin/pip install scikit-learn
cargo build -q --profile native -p segmint-core --example cluster_sweep
RUST_BIN="$CARGO_TARGET_DIR/native/examples/cluster_sweep"
OUT=$(mktemp -d)
"$RUST_BIN" "$FILE" --reps 0 --write-matrix "$OUT/matrix.csv"
for i in $(seq 1 "$PROCS"); do
  "$RUST_BIN" "$FILE" --reps $((REPS + 1)) | tail -n +2 >"$OUT/rust.$i.jsonl"
  bench/.venv/bin/python bench/cluster/sklearn_sweep.py "$OUT/matrix.csv" $((REPS + 1)) | tail -n +2 >"$OUT/py.$i.jsonl"
  # sklearn on one thread too: its OpenMP team spins badly when the 2 cores are oversubscribed.
  OMP_NUM_THREADS=1 bench/.venv/bin/python bench/cluster/sklearn_sweep.py "$OUT/matrix.csv" $((REPS + 1)) | tail -n +2 >"$OUT/py1.$i.jsonl"
done
bench/.venv/bin/python bench/cluster/summarise.py "$OUT" "$FILE" "$PROCS" "$REPS" >bench/results/cluster.md
cat bench/results/cluster.md
