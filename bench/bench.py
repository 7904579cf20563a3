"""The native benchmark suite: Segmint against the tools users would otherwise pick.

    bench/.venv/bin/python bench/bench.py [--quick] [--only JOB[,JOB…]] [--reps N] …

Normally started by `bash bench/run.sh`, which first installs the peers (bench/setup.sh) and
builds the binaries. Jobs (each writes bench/results/<job>.json and <job>.md):

  ingest   `segmint inspect` vs pandas read_csv + to_datetime vs DuckDB read_csv
  rfm      `segmint rfm` vs pandas vs DuckDB, file → RFM table
  cluster  choose-k sweep k = 2..=10, n_init 10, quality scores, vs scikit-learn
  basket   frequent itemsets at 0.01 / 0.005 / 0.002 vs pyfim (C) and mlxtend
  clv      BG/NBD + Gamma-Gamma + CLV vs lifetimes
  recommend item-item recommendations for every customer + the 30-day time split, vs
           implicit's CosineRecommender (quality: hit rate / precision@10; time)
  scale    generated Online-Retail-like files of 1M / 5M / 10M lines: inspect, rfm and
           baskets at a fixed support vs pandas / DuckDB / pandas + pyfim, with memory caps

Every comparison runs its tools interleaved (harness.py); ratios within a table come from the
same minutes. bench/summary.py turns the results into SUMMARY.md and the README section.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import harness  # noqa: E402
from harness import Tool  # noqa: E402

JOBS = ["ingest", "rfm", "cluster", "basket", "clv", "recommend", "scale"]
PEERS = HERE / "peers"


def log(msg):
    print(msg, flush=True)


def capture(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                              **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def versions(ctx):
    """The version of every tool the suite runs (empty when a tool is absent)."""
    rev = capture(["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"])
    dirty = capture(["git", "-C", str(ROOT), "status", "--porcelain", "--", "crates",
                     "Cargo.toml", "Cargo.lock"])
    own = (capture([ctx.segmint, "--version"]).split() or ["?"])[-1]
    v = {"segmint": f"{own} (git {rev}{' + uncommitted changes' if dirty else ''}, "
                    "`--profile native`)",
         "rustc": capture(["rustc", "--version"]).removeprefix("rustc ")}
    probe = ("import importlib.metadata as m, platform, json; out = {'python': "
             "platform.python_version()}\n"
             "for name in NAMES:\n"
             "    try: out[name] = m.version(name)\n"
             "    except Exception: pass\n"
             "print(json.dumps(out))")
    main = capture([ctx.py, "-c", probe.replace(
        "NAMES", repr(["numpy", "pandas", "duckdb", "scikit-learn", "mlxtend", "pyfim", "implicit"]))])
    clv = capture([ctx.py_clv, "-c", probe.replace(
        "NAMES", repr(["lifetimes", "pandas", "numpy", "scipy"]))]) if ctx.py_clv else ""
    main = json.loads(main) if main else {}
    clv = json.loads(clv) if clv else {}
    v["Python"] = main.get("python", "")
    for name in ["numpy", "pandas", "duckdb", "scikit-learn", "mlxtend", "pyfim", "implicit"]:
        v[name] = main.get(name, "")
    if clv:
        v["lifetimes"] = (f"{clv.get('lifetimes', '?')} (its own venv: pandas "
                          f"{clv.get('pandas', '?')}, numpy {clv.get('numpy', '?')}, scipy "
                          f"{clv.get('scipy', '?')})")
    v["node"] = capture(["node", "--version"]).removeprefix("v")
    chromium = capture(["chromium", "--version"]) \
        if shutil.which("chromium") else ""
    v["chromium"] = chromium.split(" built")[0].removeprefix("Chromium ")
    return v


class Context:
    def __init__(self, a):
        self.a = a
        self.quick = a.quick
        self.reps = a.reps or (1 if a.quick else 5)
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        self.segmint = str(target / "native" / "segmint")
        self.examples = target / "native" / "examples"
        self.py = sys.executable
        clv = HERE / ".venv-clv" / "bin" / "python"
        self.py_clv = str(clv) if clv.exists() else None
        self.data = Path(a.data)
        self.online_retail = str(Path(a.online_retail or self.data / "online_retail.csv"))
        self.cdnow = str(Path(a.cdnow or self.data / "cdnow_master.csv"))
        self.results = Path(a.results_dir)
        self.tmp = Path(tempfile.mkdtemp(prefix="segmint-bench-"))
        self.versions = versions(self)
        self.machine = harness.machine()
        self.command = "bash bench/run.sh" + (" --quick" if a.quick else "")

    def example(self, name):
        return str(self.examples / name)


def result(ctx, job, title, about, groups, load_before):
    return {
        "job": job, "title": title, "about": about, "groups": groups,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": ctx.machine, "versions": ctx.versions, "reps": ctx.reps,
        "quick": ctx.quick, "load_before": load_before, "load_after": harness.load_average(),
        "command": ctx.command + ("" if job == "all" else f" --only {job}"),
    }


def group(name, about, tools, reps, baseline, basis="wall", after=None):
    log(f"  {name}")
    return {"name": name, "about": about, "basis": basis, "baseline": baseline,
            "rows": harness.measure(tools, reps, log=log), "after": after}


def file_mb(path):
    return os.path.getsize(path) / 1e6


def line_count(path):
    with open(path, "rb") as f:
        return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 20), b"")) - 1


# ---------------------------------------------------------------- jobs


def job_ingest(ctx):
    f = ctx.online_retail
    tools = [
        Tool("Segmint `inspect --json`", [ctx.segmint, "inspect", f, "--json"], segmint=True),
        Tool("Segmint, one thread (the browser's path)", [ctx.segmint, "inspect", f, "--json"],
             env={"SEGMINT_SINGLE_THREAD": "1"}, segmint=True),
        Tool("pandas `read_csv` + `to_datetime`", [ctx.py, PEERS / "tabular.py", "pandas-ingest", f]),
        Tool("DuckDB `read_csv` → table", [ctx.py, PEERS / "tabular.py", "duckdb-ingest", f]),
    ]
    g = group(f"`{Path(f).name}` ({file_mb(f):.1f} MB, {line_count(f):,} lines)",
              "Segmint sniffs the dialect, maps the columns, parses every date and number, "
              "finds exact duplicates, applies the cleaning rules and writes the quality report "
              "as JSON. pandas reads the file and parses the order dates; DuckDB reads it with "
              "its type detection into an in-memory table. The peers' in-process time excludes "
              "interpreter start-up and imports; their whole-process time includes them.",
              tools, ctx.reps, tools[0].name)
    seg = g["rows"][0]
    if "peak_rss" in seg:
        g["after"] = (f"Segmint's peak RSS is {seg['peak_rss'] / 1e6 / file_mb(f):.2f}× the file "
                      "size (target ≤ 2×).")
    return ("Ingest: file → typed table", "One CSV file in, a typed table out.", [g])


def job_rfm(ctx):
    f = ctx.online_retail
    tools = [
        Tool("Segmint `rfm --json`", [ctx.segmint, "rfm", f, "--json"], segmint=True),
        Tool("DuckDB (SQL)", [ctx.py, PEERS / "tabular.py", "duckdb-rfm", f]),
        Tool("pandas", [ctx.py, PEERS / "tabular.py", "pandas-rfm", f]),
    ]
    g = group(f"`{Path(f).name}`",
              "File → per-customer recency / frequency / monetary with the cleaning of DESIGN §4 "
              "(duplicates, returns, adjustments and missing customer ids excluded). Segmint's "
              "process also scores, segments and writes the JSON; the peers stop at the table "
              "(bench/peers/tabular.py).", tools, ctx.reps, tools[0].name)
    return ("RFM: file → per-customer table", "The same RFM table from the same CSV.", [g])


def job_cluster(ctx):
    f = ctx.online_retail
    matrix = ctx.tmp / "matrix.csv"
    subprocess.run([ctx.example("cluster_sweep"), f, "--reps", "0", "--write-matrix",
                    str(matrix)], check=True)
    sweep = [PEERS / "sklearn_sweep.py", matrix]
    tools = [
        Tool("Segmint `cluster::sweep` (one thread)",
             [ctx.example("cluster_sweep"), f, "--reps", "1"], key="sweep_s",
             count_key="customers", segmint=True),
        Tool("scikit-learn, one thread", [ctx.py, *sweep], key="sweep_s",
             env={"OMP_NUM_THREADS": "1"}),
        Tool("scikit-learn, default threads (OpenMP)", [ctx.py, *sweep], key="sweep_s",
             timeout=ctx.a.timeout),
        Tool("Segmint CLI `cluster --k-range 2..10 --json`, file → clusters",
             [ctx.segmint, "cluster", f, "--k-range", "2..10", "--json"], segmint=True,
             note="whole process only"),
    ]
    g = group("k = 2..=10, n_init 10, with silhouette, Davies–Bouldin, Calinski–Harabasz",
              "Both sides cluster the same scaled matrix (recency_days, frequency, monetary → "
              "log1p → z-score of the customers of Online Retail; written by Segmint with 17 "
              "significant digits and read by scikit-learn): k-means++ init, n_init 10, "
              "max_iter 300, tol 1e-4, for every k, then the three quality scores "
              "(silhouette exact). In-process = that sweep alone. scikit-learn runs twice: with "
              "OMP_NUM_THREADS=1 (Segmint uses one thread) and with its default OpenMP "
              "threads, whose spinning team stalls when other work oversubscribes the cores. Segmint's example process "
              "also fits the nine k-means once more for its inertia report, and scikit-learn's "
              "process makes one small untimed fit first (lazy imports, thread pool), so "
              "compare the in-process column. The last row is the product path, file → "
              "clusters, whole process.", tools, ctx.reps, tools[0].name, basis="inner")
    seg, sk = g["rows"][0].get("last_output"), g["rows"][1].get("last_output")
    if seg and sk:
        rows = ["Inertia per k (same matrix; the two seed generators differ, so local optima "
                "may too):", "", "| k | Segmint | scikit-learn | difference |",
                "|---:|---:|---:|---:|"]
        for k, a, b in zip(range(2, 11), seg["inertia"], sk["inertia"]):
            rows.append(f"| {k} | {a:.3f} | {b:.3f} | {100 * (a - b) / b:+.3f}% |")
        g["after"] = "\n".join(rows)
    return ("Clustering: the choose-k sweep", "k-means sweep with quality scores.", [g])


def job_basket(ctx):
    baskets = ctx.tmp / "online_retail_baskets.csv"
    mine = ctx.example("basket_mine")
    subprocess.run([mine, ctx.online_retail, "0.01", "--export", str(baskets)], check=True,
                   stderr=subprocess.DEVNULL)
    n = line_count(baskets) + 1
    groups = []
    cap = 6 << 30
    for support in ["0.01", "0.005", "0.002"]:
        slow = support == "0.002"
        kept = [
            Tool("Segmint `mine` (Rust)", [mine, baskets, support, "--per-line"], segmint=True),
            Tool("pyfim fpgrowth (Borgelt's C)",
                 [ctx.py, PEERS / "pyfim_mine.py", baskets, support],
                 reps=min(ctx.reps, 3) if slow else None),
            Tool("mlxtend fpgrowth", [ctx.py, PEERS / "mlxtend_mine.py", baskets, support],
                 reps=min(ctx.reps, 2), warmup=False, timeout=ctx.a.mlxtend_timeout,
                 mem_cap=cap),
        ]
        groups.append(group(
            f"min_support {support}, all itemsets kept",
            f"{n:,} baskets (Online Retail invoices after the cleaning of DESIGN §4, exported "
            "by Segmint one per line; every tool mines that same file). In-process = the "
            "mining call (baskets in memory → every frequent itemset in memory); mlxtend's "
            "excludes its one-hot encoding. mlxtend runs at most "
            f"{min(ctx.reps, 2)} times, without warm-up, under a {ctx.a.mlxtend_timeout:.0f} s "
            f"time cap and a {cap >> 30} GiB address-space cap.",
            kept, ctx.reps, kept[0].name, basis="inner"))
        counted = [
            Tool("Segmint `mine_each`, count only",
                 [mine, baskets, support, "--per-line", "--count-only"], segmint=True),
            Tool("pyfim, pattern spectrum only",
                 [ctx.py, PEERS / "pyfim_mine.py", baskets, support, "--spectrum"]),
        ]
        groups.append(group(
            f"min_support {support}, mining alone (itemsets counted, not kept)",
            "Segmint streams the itemsets through a callback; pyfim returns a pattern "
            "spectrum: the mining without the cost of holding the output.",
            counted, ctx.reps, counted[0].name, basis="inner"))
    return ("Market baskets: frequent itemsets", "Segmint vs pyfim vs mlxtend.", groups)


def job_clv(ctx):
    f = ctx.cdnow
    if not ctx.py_clv:
        raise SystemExit("bench/.venv-clv is missing: run bash bench/setup.sh")
    tools = [
        Tool("Segmint `clv::analyse`", [ctx.example("clv_bench"), f, "1", "week"],
             key="analyse_median_s", count_key="customers", segmint=True),
        Tool("lifetimes", [ctx.py_clv, PEERS / "lifetimes_clv.py", f, "1"],
             key="analyse_median_s", count_key="customers"),
        Tool("Segmint CLI `clv --time-unit week --json`, file → CLV",
             [ctx.segmint, "clv", f, "--time-unit", "week", "--json"], segmint=True,
             note="whole process only"),
    ]
    g = group(f"`{Path(f).name}` ({line_count(f):,} purchases)",
              "From transactions in memory: lifetime summary (weeks = days / 7, observation end "
              "= last date), BG/NBD fit, Gamma-Gamma fit on repeat customers with a positive "
              "mean value, then per customer P(alive), expected purchases over 52 weeks and "
              "12-month CLV at 1 %/month. In-process = that analysis. The last row is the "
              "product path, file → CLV JSON (it also drops CDNOW's 255 exact duplicate rows, "
              "per DESIGN §4).", tools, ctx.reps, tools[0].name, basis="inner")
    seg, lt = g["rows"][0].get("last_output"), g["rows"][1].get("last_output")
    if seg and lt:
        rows = ["Both sides fit the same model:", "", "| parameter | Segmint | lifetimes |",
                "|---|---:|---:|"]
        for k in ["r", "alpha", "a", "b"]:
            rows.append(f"| {k} | {seg['model'][k]:.6f} | {lt['model'][k]:.6f} |")
        for k in ["p", "q", "v"]:
            rows.append(f"| {k} | {seg['gamma_gamma'][k]:.6f} | {lt['gamma_gamma'][k]:.6f} |")
        rows += ["", f"Total 12-month CLV: Segmint {seg['total_clv']:,.2f}, lifetimes "
                     f"{lt['total_clv']:,.2f}."]
        g["after"] = "\n".join(rows)
    return ("Lifetime value: BG/NBD + Gamma-Gamma", "Segmint vs lifetimes.", [g])


def job_recommend(ctx):
    f = ctx.online_retail
    split = ctx.tmp / "recommend_split"
    split.mkdir(exist_ok=True)
    bench = ctx.example("recommend_bench")
    subprocess.run([bench, f, "1", "--export-split", str(split)], check=True,
                   stdout=subprocess.DEVNULL)
    peer = [ctx.py, PEERS / "implicit_recommend.py", split, "3"]
    tools = [
        Tool("Segmint `ItemItem` (one thread, min_buyers 5)", [bench, f, "3"], segmint=True),
        Tool("Segmint `ItemItem` (one thread, min_buyers 1)", [bench, f, "3", "--min-buyers", "1"],
             segmint=True),
        Tool("implicit `CosineRecommender` (K = 20, its default; one thread)",
             [*peer, "--k", "20", "--threads", "1"]),
        Tool("implicit `CosineRecommender` (K = every item: the exact cosine; one thread)",
             [*peer, "--k", "0", "--threads", "1"], timeout=ctx.a.timeout),
        Tool("Segmint CLI `recommend --json`, file → every customer's top 10",
             [ctx.segmint, "recommend", f, "--json"], segmint=True, note="whole process only"),
    ]
    g = group("`online_retail.csv`: 4,338 customers, 3,665 products, top 10 each",
              "In-process = fit on every customer line + the top 10 of every customer, median of "
              "3 inside each process (Segmint: the cleaned table in memory; implicit: the same "
              "customer–product pairs, exported by Segmint, as a CSR matrix; already-bought "
              "products filtered). implicit keeps K neighbours per product (default 20); with "
              "K = every product its scores are DESIGN §4's cosine, as Segmint's with "
              "min_buyers 1. Quality (table below) comes from the same 30-day split on both "
              "sides: fit on the lines before 2011-11-09, then hit rate@10 and precision@10 on "
              "the new products each returning customer bought from then on.",
              tools, ctx.reps, tools[0].name, basis="inner")
    rows = ["Quality on the same split (1,295 evaluated customers; higher is better):", "",
            "| tool | hit rate@10 | precision@10 |", "|---|---:|---:|"]
    baseline = None
    for r in g["rows"]:
        out = r.get("last_output")
        if out and "hit_rate" in out:
            rows.append(f"| {r['tool']} | {out['hit_rate']:.4f} | {out['precision']:.4f} |")
            if "baseline_hit_rate" in out:
                baseline = out
    if baseline:
        rows.append(f"| bestsellers not yet bought (the baseline) | "
                    f"{baseline['baseline_hit_rate']:.4f} | {baseline['baseline_precision']:.4f} |")
    seg = g["rows"][0].get("last_output")
    if seg:
        rows += ["", f"Segmint, fit + all customers: {seg['seconds']:.3f} s wall, "
                     f"{seg['cpu_s']:.3f} s CPU (median of the 3 repetitions inside its last process, one thread)."]
    g["after"] = "\n".join(rows)
    return ("Recommendations: every customer's next best products",
            "Segmint vs implicit's CosineRecommender.", [g])


def job_scale(ctx):
    sizes = [int(float(s) * 1e6) for s in ctx.a.scale_sizes.split(",")]
    out_dir = Path(ctx.a.scale_dir)
    cap = int(ctx.a.mem_cap_gib * 2**30)
    env = {"DUCKDB_MEMORY_LIMIT": f"{int(ctx.a.mem_cap_gib * 0.75 * 1000)}MB"}
    # runs past a million lines take minutes each on a shared 2-core machine: one run each
    reps_for = lambda n: min(ctx.reps, 3) if n <= 1_000_000 else 1  # noqa: E731
    out_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(out_dir).free
    need = max(sizes) * 90
    if free < 2 * need:
        raise SystemExit(f"scale: {free / 1e9:.0f} GB free, need about {2 * need / 1e9:.0f} GB")
    stopped = {}  # tool name → the size where it stopped
    groups = []
    summary = {}
    generated = []
    for n in sizes:
        path = out_dir / f"retail_{n}.csv"
        meta = path.with_suffix(".meta")
        want = f"lines={n} seed={ctx.a.seed}"
        if not (path.exists() and meta.exists() and meta.read_text() == want):
            log(f"  generating {n:,} lines → {path}")
            t0 = time.perf_counter()
            subprocess.run([ctx.py, HERE / "scale" / "generate.py", "--lines", str(n), "--out",
                            path, "--seed", str(ctx.a.seed), "--source", ctx.online_retail,
                            "--quiet"], check=True)
            meta.write_text(want)
            log(f"  generated in {time.perf_counter() - t0:.0f} s")
        generated += [path, meta]
        label = f"{n / 1e6:g}M lines ({file_mb(path):,.0f} MB)"
        f = str(path)

        def tool(name, cmd, seg=False, tool_env=None):
            return Tool(name, cmd, segmint=seg, warmup=False, timeout=ctx.a.timeout,
                        mem_cap=cap, env=tool_env)

        tasks = [
            ("inspect", [
                tool("Segmint `inspect --json`", [ctx.segmint, "inspect", f, "--json"], True),
                tool("pandas `read_csv` + `to_datetime`",
                     [ctx.py, PEERS / "tabular.py", "pandas-ingest", f]),
                tool("DuckDB `read_csv` → table",
                     [ctx.py, PEERS / "tabular.py", "duckdb-ingest", f], tool_env=env)]),
            ("rfm", [
                tool("Segmint `rfm --json`", [ctx.segmint, "rfm", f, "--json"], True),
                tool("DuckDB (SQL)", [ctx.py, PEERS / "tabular.py", "duckdb-rfm", f],
                     tool_env=env),
                tool("pandas", [ctx.py, PEERS / "tabular.py", "pandas-rfm", f])]),
            (f"basket {ctx.a.scale_support}", [
                tool(f"Segmint `basket --min-support {ctx.a.scale_support} --json`",
                     [ctx.segmint, "basket", f, "--min-support", ctx.a.scale_support,
                      "--json", "--time-limit", str(ctx.a.timeout)], True),
                tool("pandas + pyfim",
                     [ctx.py, PEERS / "basket_from_table.py", f, ctx.a.scale_support])]),
        ]
        for task, tools in tasks:
            for t in tools:
                t.name_key = f"{task}: {t.name}"
            runnable = [t for t in tools if t.name_key not in stopped]
            g = group(f"{task}, {label}", "", runnable, reps_for(n), tools[0].name)
            for t in tools:
                if t.name_key in stopped:
                    g["rows"].append({"tool": t.name, "status": "skipped", "segmint": t.segmint,
                                      "detail": f"stopped at {stopped[t.name_key]}"})
            for r in g["rows"]:
                key = f"{task}: {r['tool']}"
                if r["status"] in ("timeout", "memory", "failed") and key not in stopped:
                    stopped[key] = f"{n / 1e6:g}M lines"
                summary.setdefault(task, {}).setdefault(r["tool"], {})[n] = r
            groups.append(g)
    rows = ["Across sizes (median whole-process time, peak RSS; — = did not run or stopped):",
            "", "| task | tool | " + " | ".join(f"{n / 1e6:g}M lines" for n in sizes) + " |",
            "|---|---|" + "---:|" * len(sizes)]
    for task, by_tool in summary.items():
        for name, by_size in by_tool.items():
            cells = []
            for n in sizes:
                r = by_size.get(n)
                if r is None or "wall" not in r:
                    cells.append(harness.stopped_text(r) if r else "—")
                else:
                    cells.append(f"{harness.seconds(r['wall']['median'])}, {harness.mib(r['peak_rss'])}")
            rows.append(f"| {task} | {name} | " + " | ".join(cells) + " |")
    groups[0]["about"] = (
        f"Files written by `bench/scale/generate.py` (seed {ctx.a.seed}): Online-Retail-like "
        "lines from the real item catalogue, ~25% without customer id, ~2% cancellation lines, "
        "Zipf-like item popularity, real basket sizes, quantities, prices and countries. Every "
        f"tool runs under a {ctx.a.mem_cap_gib:g} GiB address-space cap (RLIMIT_AS; DuckDB's "
        f"own memory_limit set to {env['DUCKDB_MEMORY_LIMIT']}) and a {ctx.a.timeout:.0f} s "
        f"time cap, {min(ctx.reps, 3)} run(s) per tool up to 1M lines and one run above, "
        "no warm-up; a tool that stops at one size is not "
        "run at the larger ones. The basket task is whole-process, file → frequent itemsets "
        "(Segmint's CLI also derives the association rules; the pandas + pyfim peer groups "
        "the cleaned lines into baskets with pandas and mines them with pyfim).")
    about = "Generated files of growing size, whole process, with peak memory."
    if not ctx.a.keep_scale:
        for p in generated:
            p.unlink(missing_ok=True)
    title = "Scale: " + ", ".join(f"{n / 1e6:g}M" for n in sizes) + " lines"
    return (title, about, groups, "\n".join(rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 repetition, smaller scale sizes")
    ap.add_argument("--only", default="", help="comma-separated jobs: " + ", ".join(JOBS))
    ap.add_argument("--reps", type=int, help="timed runs per tool (default 5, quick 1)")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--online-retail", help="default: DATA/online_retail.csv")
    ap.add_argument("--cdnow", help="default: DATA/cdnow_master.csv")
    ap.add_argument("--results-dir", default=str(HERE / "results"))
    ap.add_argument("--timeout", type=float, default=900, help="per-run time cap, seconds")
    ap.add_argument("--mlxtend-timeout", type=float)
    ap.add_argument("--scale-sizes", help="millions of lines, default 1,5,10 (quick: 0.2)")
    ap.add_argument("--scale-support", default="0.01")
    ap.add_argument("--mem-cap-gib", type=float, default=8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale-dir", default=str(HERE / "scale" / "out"),
                    help="where the generated files go (deleted after the run)")
    ap.add_argument("--keep-scale", action="store_true", help="keep the generated files")
    a = ap.parse_args()
    if a.mlxtend_timeout is None:
        a.mlxtend_timeout = 60 if a.quick else 300
    if a.scale_sizes is None:
        a.scale_sizes = "0.2" if a.quick else "1,5,10"
    only = [j for j in a.only.replace(" ", ",").split(",") if j and j != "browser"]
    for j in only:
        if j not in JOBS:
            raise SystemExit(f"unknown job {j!r}; jobs: {', '.join(JOBS)}, browser")
    if a.only and not only:
        return  # only the browser part was asked for (bench/run.sh runs it)
    ctx = Context(a)
    failed = []
    try:
        for job in (only or JOBS):
            load_before = harness.load_average()
            log(f"{job} (load average {harness.fmt_load(load_before)})")
            t0 = time.perf_counter()
            try:
                out = globals()[f"job_{job}"](ctx)
            except Exception:  # one broken job must not cost the others' results
                traceback.print_exc()
                failed.append(job)
                continue
            title, about, groups = out[:3]
            r = result(ctx, job, title, about, groups, load_before)
            if len(out) > 3:
                r["after"] = out[3]
            r["seconds"] = round(time.perf_counter() - t0, 1)
            harness.write_result(r, ctx.results)
            log(f"  → {ctx.results / job}.md ({r['seconds']:.0f} s)")
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    if failed:
        raise SystemExit(f"jobs that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
