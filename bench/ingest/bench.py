#!/usr/bin/env python3
"""Run `segmint inspect --json` and pandas read_csv + to_datetime side by side on the same
file, several times each, under /usr/bin/time -v; write a markdown table.

Usage: bench/ingest/bench.py SEGMINT_BINARY PYTHON FILE REPS OUT.md
"""

import os
import platform
import re
import statistics
import subprocess
import sys

segmint, python, path, reps, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
here = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, env=None):
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True,
                       env=dict(os.environ, **(env or {})))
    err = p.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    parts = [float(x) for x in wall.split(":")]
    seconds = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    inproc = re.search(r"in_process_seconds=([0-9.]+)", err)
    user = float(re.search(r"User time \(seconds\): ([0-9.]+)", err).group(1))
    system = float(re.search(r"System time \(seconds\): ([0-9.]+)", err).group(1))
    return seconds, rss_kb, float(inproc.group(1)) if inproc else None, user + system


def summarise(name, samples):
    secs = [s[0] for s in samples]
    rss = [s[1] for s in samples]
    inproc = [s[2] for s in samples if s[2] is not None]
    return {
        "name": name,
        "median": statistics.median(secs),
        "min": min(secs),
        "max": max(secs),
        "rss_mb": max(rss) / 1024,
        "inproc": statistics.median(inproc) if inproc else None,
        "cpu": statistics.median([s[3] for s in samples]),
    }


def run_interleaved(tools):
    """Alternate the tools run by run, so a burst of load on this shared machine hits all."""
    for _, cmd, env in tools:
        timed(cmd, env)  # warm the page cache and the interpreter's bytecode cache
    samples = {name: [] for name, _, _ in tools}
    for _ in range(reps):
        for name, cmd, env in tools:
            samples[name].append(timed(cmd, env))
    return [summarise(name, samples[name]) for name, _, _ in tools]


size_mb = os.path.getsize(path) / 1e6
seg_cmd = [segmint, "inspect", path, "--json", "--records", "20"]
pan_cmd = [python, os.path.join(here, "pandas_ingest.py"), path]
seg, seg1, pan = run_interleaved([
    ("segmint inspect --json", seg_cmd, None),
    ("segmint inspect --json, one thread (the browser's path)", seg_cmd,
     {"SEGMINT_SINGLE_THREAD": "1"}),
    ("pandas read_csv + to_datetime", pan_cmd, None),
])
pandas_version = subprocess.run([python, "-c", "import pandas; print(pandas.__version__)"],
                                capture_output=True, text=True).stdout.strip()
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    cpu = platform.processor()

lines = [
    "# Ingest benchmark",
    "",
    f"`{os.path.basename(path)}` ({size_mb:.1f} MB, 541,909 data lines), {reps} runs each after one "
    "warm-up run, the tools alternating run by run, page cache warm. Wall time and peak RSS from `/usr/bin/time -v` for the whole "
    "process (interpreter start-up and `import pandas` included for pandas; its read + parse "
    "time alone is in the last column).",
    "",
    f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; {rustc} "
    f"(`--profile native`); Python {platform.python_version()}, pandas {pandas_version}.",
    "",
    "| tool | median wall (s) | min–max (s) | median CPU user+sys (s) | peak RSS (MB) | peak RSS / file size | pandas read+parse only (s) |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
for r in (seg, seg1, pan):
    inproc = f"{r['inproc']:.3f}" if r["inproc"] is not None else "–"
    lines.append(
        f"| {r['name']} | {r['median']:.3f} | {r['min']:.3f}–{r['max']:.3f} | {r['cpu']:.3f} | {r['rss_mb']:.1f} "
        f"| {r['rss_mb'] / size_mb:.2f}× | {inproc} |"
    )
speedup = pan["median"] / seg["median"]
speedup_inproc = pan["inproc"] / seg["median"] if pan["inproc"] else float("nan")
speedup1 = pan["median"] / seg1["median"]
load = os.getloadavg()
lines += [
    "",
    f"segmint is **{speedup:.1f}×** faster than the pandas process ({speedup1:.1f}× on one "
    f"thread; {speedup_inproc:.1f}× against pandas' read + parse alone, which excludes "
    "interpreter start-up and `import pandas`), and does more: sniffing, "
    "column mapping, value parsing of every date and number, duplicate detection, cleaning "
    "and the quality report. Targets: ≥ 3× faster, peak RSS ≤ 2× the file size "
    f"({2 * size_mb:.1f} MB).",
    "",
    f"CPU time (less sensitive to other jobs): segmint {seg['cpu']:.2f} s, one thread "
    f"{seg1['cpu']:.2f} s, pandas {pan['cpu']:.2f} s ({pan['cpu'] / seg1['cpu']:.1f}× more than "
    "segmint on one thread).",
    "",
    f"Load average while measuring: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other jobs "
    "were running on this 2-CPU machine; wall times are noisy, compare the medians).",
    "",
    "Reproduce: `bench/ingest/run.sh` (builds the native profile, sets up bench/.venv).",
    "",
]
with open(out, "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
