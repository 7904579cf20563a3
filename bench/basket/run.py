"""Market-basket benchmark: Segmint vs pyfim (Borgelt's C FP-growth) vs mlxtend `fpgrowth`.

Identical baskets for all three: Segmint exports the cleaned Online Retail invoices (DESIGN §4
cleaning, one basket per line) and every tool mines that file. For each min_support we record
the whole-process wall time and peak RSS (harness.py) and each tool's in-process mining time
(Segmint: `mine()`; pyfim: the `fpgrowth` call; mlxtend: the `fpgrowth` call on a prepared
one-hot frame), median over the repetitions, and check that all tools report the same number of
itemsets. Writes bench/results/basket.md.

  cargo build --profile native -p segmint-core --example basket_mine
  bench/.venv/bin/python bench/basket/run.py [--reps 5] [--mlxtend-reps 2] [--mlxtend-timeout 300]
"""
import argparse
import os
import platform
import json
import resource
import threading
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from harness import mib  # noqa: E402

PY = str(ROOT / "bench/.venv/bin/python")
SUPPORTS = ["0.01", "0.005", "0.002"]


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def measure(cmd, reps, warm=True, timeout=None):
    """Median wall and in-process times, max peak RSS, and the itemset count; None when a run
    exceeds `timeout` seconds."""
    if warm and run_limited(cmd, timeout) is None:
        return None
    runs = []
    for _ in range(reps):
        run = run_limited(cmd, timeout)
        if run is None:
            return None
        runs.append(run)
    counts = {r["itemsets"] for r in runs}
    if len(counts) != 1:
        raise SystemExit(f"{' '.join(cmd)}: itemset counts differ between runs: {counts}")
    return {
        "median": statistics.median(r["wall"] for r in runs),
        "inner": statistics.median(r["seconds"] for r in runs),
        "inner_min": min(r["seconds"] for r in runs),
        "peak": max(r["peak"] for r in runs),
        "itemsets": counts.pop(),
    }


MEMORY_LIMIT = 6 << 30


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(cmd, timeout):
    """One run: wall time, in-process seconds, peak RSS (wait4) and itemset count."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            preexec_fn=limit_memory if timeout else None)
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer:
        timer.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if timer:
        timer.cancel()
    if timeout and status != 0:
        return None  # killed at the time limit, or out of the memory limit
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
    lines = out.decode().strip().splitlines()
    return {
        "wall": wall,
        "seconds": json.loads(lines[-1])["seconds"],
        "peak": usage.ru_maxrss * 1024,
        "itemsets": int(lines[-2]),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--mlxtend-reps", type=int, default=2)
    ap.add_argument("--mlxtend-timeout", type=float, default=300)
    args = ap.parse_args()
    ours = str(target_dir() / "native/examples/basket_mine")
    tmp = Path(tempfile.mkdtemp())
    baskets = str(tmp / "online_retail_baskets.csv")
    subprocess.run([ours, str(ROOT.parent / "shared/data/online_retail.csv"), "0.01",
                    "--export", baskets], check=True, stderr=subprocess.DEVNULL)
    n = sum(1 for _ in open(baskets))
    out = [
        "# Market baskets: Segmint vs pyfim vs mlxtend",
        "",
        f"Online Retail invoices after DESIGN §4 cleaning: {n} baskets, exported by Segmint",
        "(one per line) and mined by every tool from that same file. Median of the runs;",
        "in-process = the mining call only (baskets in memory → all frequent itemsets in",
        "memory); whole process = start-up, reading the file and building the input included.",
        "The count-only rows keep no itemsets (Segmint streams them through a callback; pyfim",
        "returns a pattern spectrum): the mining alone, without the cost of holding the output.",
        "Peak RSS: the largest `ru_maxrss` (wait4) over the runs of that tool and support.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, shared with other jobs "
        "(absolute times are noisy; ratios from the same run are what to read).",
        "",
        "| min_support | itemsets | tool | in-process median (min) | whole process | peak RSS "
        "| in-process vs Segmint (same mode) |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for support in SUPPORTS:
        rows = []
        r = measure([ours, baskets, support, "--per-line"], args.reps)
        rows.append(("Segmint `mine` (Rust)", r))
        rows.append(("pyfim 6.28 fpgrowth (C)",
                     measure([PY, str(HERE / "peer_pyfim.py"), baskets, support],
                             args.reps if support != "0.002" else 3)))
        rows.append(("Segmint `mine_each`, count only",
                     measure([ours, baskets, support, "--per-line", "--count-only"], args.reps)))
        rows.append(("pyfim, pattern spectrum only",
                     measure([PY, str(HERE / "peer_pyfim.py"), baskets, support, "--spectrum"],
                             args.reps)))
        ml = measure([PY, str(HERE / "peer_mlxtend.py"), baskets, support], args.mlxtend_reps,
                     warm=False, timeout=args.mlxtend_timeout)
        rows.append(("mlxtend 0.25.0 fpgrowth", ml))
        counts = sorted({res["itemsets"] for _, res in rows if res})
        if len(counts) != 1:
            print(f"WARNING: the tools disagree on the itemset count: {counts}", flush=True)
        for name, res in rows:
            # Count-only rows compare with Segmint's count-only run, the others with `mine`.
            base = (rows[2][1] if "only" in name else r)["inner"]
            if res is None:
                out.append(f"| {support} | — | {name} | did not finish within "
                           f"{args.mlxtend_timeout:.0f} s and {MEMORY_LIMIT >> 30} GiB "
                           "of address space | — | — | — |")
                continue
            out.append(
                f"| {support} | {res['itemsets']} | {name} | "
                f"{res['inner']:.3f} s ({res['inner_min']:.3f}) | {res['median']:.3f} s | "
                f"{mib(res['peak'])} | {res['inner'] / base:.1f}× |")
        print("\n".join(out[-len(rows):]), flush=True)
    out += ["", "mlxtend's in-process time excludes its one-hot encoding (TransactionEncoder).",
            "", "Command: `CARGO_TARGET_DIR=… cargo build --profile native -p segmint-core "
            "--example basket_mine && bench/.venv/bin/python bench/basket/run.py`", ""]
    (ROOT / "bench/results/basket.md").write_text("\n".join(out))


if __name__ == "__main__":
    main()
