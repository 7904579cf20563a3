"""Side-by-side timing of whole commands on this machine.

Each job is a command line; it is run `--reps` times after one warm-up run. We record the
wall time of the whole process (start-up and output included) and its peak resident memory
(`ru_maxrss` from wait4). Peers written in Python also print their in-process time (after
imports) as the last line `{"seconds": …}`; both are reported. Ratios measured in the same
run are what to read: absolute times on a shared 2-core machine are noisy.
"""
import json
import os
import statistics
import subprocess
import time


def run_once(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
    inner = None
    for line in reversed(out.decode(errors="replace").strip().splitlines()):
        if line.startswith('{"seconds"'):
            inner = json.loads(line)["seconds"]
            break
    return wall, inner, usage.ru_maxrss * 1024


def measure(cmd, reps):
    run_once(cmd)  # warm the page cache and any lazy imports
    walls, inners, peaks = [], [], []
    for _ in range(reps):
        wall, inner, peak = run_once(cmd)
        walls.append(wall)
        peaks.append(peak)
        if inner is not None:
            inners.append(inner)
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "inner_median": statistics.median(inners) if inners else None,
        "peak_rss": max(peaks),
    }


def mib(n):
    return f"{n / 2**20:,.0f} MiB"


def table(title, rows, baseline):
    """rows: [(name, result)]; ratios are against the row named `baseline`."""
    base = dict(rows)[baseline]["median"]
    lines = [
        f"### {title}",
        "",
        "| tool | median (whole process) | min–max | in-process median | peak RSS | vs Segmint |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        inner = f"{r['inner_median']:.3f} s" if r["inner_median"] is not None else "—"
        lines.append(
            f"| {name} | {r['median']:.3f} s | {r['min']:.3f}–{r['max']:.3f} s | {inner} "
            f"| {mib(r['peak_rss'])} | {r['median'] / base:.1f}× |"
        )
    return "\n".join(lines) + "\n"
