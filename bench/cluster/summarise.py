"""Turn the JSON lines of bench/cluster/run.sh into bench/results/cluster.md (stdout)."""
import glob
import json
import platform
import statistics
import subprocess
import sys

out, file, procs, reps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def load(side):
    runs = []
    for path in sorted(glob.glob(f"{out}/{side}.*.jsonl")):
        runs += [json.loads(line) for line in open(path) if line.strip()]
    return runs


rust, py, py1 = load("rust"), load("py"), load("py1")


def med(runs, key):
    return statistics.median(r[key] for r in runs)


import numpy
import sklearn

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
load_avg = open("/proc/loadavg").read().split()[:3]
fmt = lambda xs: ", ".join(f"{x:.3f}" for x in xs)
lines = [
    f"# Clustering benchmark: segmint-core vs scikit-learn {sklearn.__version__}",
    "",
    f"Made by `bench/cluster/run.sh {file} {procs} {reps}`: {procs} processes per side, alternating,",
    f"each 1 warm-up (dropped) + {reps} timed repetitions; medians (and minima) over all {len(rust)} timed runs per side.",
    "sklearn runs twice per round: with its default OpenMP threads (both cores) and with",
    "`OMP_NUM_THREADS=1` (segmint uses one thread). On this shared, oversubscribed machine the",
    "OpenMP runs sometimes stall for seconds (spinning team threads), so read the minima too.",
    "Both sides cluster the same matrix (written by the Rust example, read by sklearn): the",
    f"{rust[0]['customers']} customers of UCI Online Retail, recency_days / frequency / monetary → log1p → z-score.",
    "",
    "- **k-means**: k = 2..=10, `n_init` 10, `max_iter` 300, `tol` 1e-4, k-means++ seeding",
    "  (segmint: `KMeansParams::new(k).n_init(10).seed(0)`; sklearn:",
    "  `KMeans(n_clusters=k, n_init=10, random_state=0)`, Lloyd, OpenMP threads on both cores).",
    "- **sweep**: k-means plus silhouette (exact), Davies–Bouldin and Calinski–Harabasz for",
    "  every k (segmint: `cluster::sweep`, one thread; sklearn: `sklearn.metrics`).",
    "",
    "| step | segmint-core median (min) s | sklearn 2 threads median (min) s | sklearn 1 thread median (min) s | speed-up vs 2 threads / 1 thread (medians) |",
    "|---|---|---|---|---|",
]
mn = lambda runs, key: min(r[key] for r in runs)
for key, name in [("kmeans_s", "k-means, k = 2..=10"), ("metrics_s", "quality scores"), ("sweep_s", "whole sweep")]:
    r, p, p1 = med(rust, key), med(py, key), med(py1, key)
    lines.append(
        f"| {name} | {r:.3f} ({mn(rust, key):.3f}) | {p:.3f} ({mn(py, key):.3f}) | {p1:.3f} ({mn(py1, key):.3f}) "
        f"| {p / r:.2f}× / {p1 / r:.2f}× |"
    )
lines += [
    "",
    "All runs (s):",
    "",
    f"- segmint k-means: {fmt(r['kmeans_s'] for r in rust)}",
    f"- sklearn k-means: {fmt(r['kmeans_s'] for r in py)}",
    f"- segmint sweep: {fmt(r['sweep_s'] for r in rust)}",
    f"- sklearn sweep: {fmt(r['sweep_s'] for r in py)}",
    f"- sklearn 1-thread k-means: {fmt(r['kmeans_s'] for r in py1)}",
    f"- sklearn 1-thread sweep: {fmt(r['sweep_s'] for r in py1)}",
    "",
    "Inertia per k (same matrix; different seeds' generators, so local optima can differ):",
    "",
    "| k | segmint-core | scikit-learn | difference |",
    "|---|---|---|---|",
]
for k, a, b in zip(range(2, 11), rust[0]["inertia"], py[0]["inertia"]):
    lines.append(f"| {k} | {a:.3f} | {b:.3f} | {100 * (a - b) / b:+.3f}% |")
lines += [
    "",
    f"Machine: {cpu}, {len(open('/proc/cpuinfo').read().split('processor')) - 1} CPUs (shared with other builds while measured;",
    f"load average at the end {' '.join(load_avg)}), Linux {platform.release()}; {rustc}, `--profile native`;",
    f"Python {platform.python_version()}, numpy {numpy.__version__}, scikit-learn {sklearn.__version__}.",
    "",
]
print("\n".join(lines))
