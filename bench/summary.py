"""Turn bench/results/*.json into bench/results/SUMMARY.md and README.md's benchmark section.

    python3 bench/summary.py [--results-dir DIR] [--readme README.md] [--no-readme]

Only the standard library: it runs after every benchmark, whichever parts ran. The README
section is the text between `<!-- bench:begin -->` and `<!-- bench:end -->`; everything
outside the markers is left as it is.
"""
import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import basis_value, fmt_load, mib, seconds, stopped_text, was_busy  # noqa: E402

JOBS = ["ingest", "rfm", "cluster", "basket", "clv", "recommend", "scale"]
TARGETS = {
    "ingest": "≥ 3× faster than pandas, peak RSS ≤ 2× the file",
    "rfm": "faster than DuckDB, ≥ 5× pandas",
    "cluster": "at least as fast as scikit-learn",
    "basket": "≤ pyfim's time and memory, ≥ 50× mlxtend",
    "clv": "≥ 10× lifetimes",
    "recommend": "all customers well under a second; quality ≥ implicit's exact cosine",
    "scale": "less memory than the peers at every size",
}
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load(results):
    out = {}
    for job in JOBS:
        p = results / f"{job}.json"
        if p.exists():
            out[job] = json.loads(p.read_text())
    return out


def cell_time(row, basis):
    v = basis_value(row, basis)
    return f"{seconds(v)}, {mib(row['peak_rss'])}" if v is not None else "—"


def group_line(job, g, link):
    basis = g.get("basis", "wall")
    rows = g["rows"]
    base = next((r for r in rows if r["tool"] == g.get("baseline")), None)
    ok_base = base is not None and base.get("status") == "ok" and "wall" in base
    seg = cell_time(base, basis) if ok_base else (stopped_text(base) if base else "—")
    extra = [f"{r['tool']}: {cell_time(r, basis)}" for r in rows
             if r.get("segmint") and r is not base and "wall" in r and basis_value(r, basis)]
    if extra:
        seg += " (" + "; ".join(extra) + ")"
    peers, ratios = [], []
    for r in rows:
        if r.get("segmint"):
            continue
        if "wall" not in r:
            peers.append(f"{r['tool']}: {stopped_text(r)}")
            ratios.append(f"{r['tool']}: —")
            continue
        peers.append(f"{r['tool']}: {cell_time(r, basis)}")
        v, b = basis_value(r, basis), basis_value(base, basis) if ok_base else None
        ratios.append(f"{r['tool']}: **{v / b:.1f}×**" if v and b else f"{r['tool']}: —")
    kind = "in-process" if basis == "inner" else "whole process"
    return (f"| {job} — {g['name']} ({kind}) | {seg} | {'<br>'.join(peers)} | "
            f"{'<br>'.join(ratios)} | {TARGETS.get(job, '')} | [{job}.md]({link}{job}.md) |")


def table(results, link, compact):
    lines = ["| job | Segmint: median, peak RSS | peers: median, peak RSS | peer time ÷ "
             "Segmint's | target | details |", "|---|---|---|---|---|---|"]
    for job, r in results.items():
        for g in r["groups"]:
            if compact and "mining alone" in g["name"]:
                continue
            lines.append(group_line(job, g, link))
    return "\n".join(lines)


def conditions(results, browser):
    any_r = max(results.values(), key=lambda r: r["date"])
    m, v = any_r["machine"], dict(any_r["versions"])
    if browser:
        for key in ("node", "chromium"):
            v[key] = v.get(key) or ""
    dates = sorted({r["date"][:10] for r in results.values()})
    loads = ", ".join(f"{job} {fmt_load(r['load_before'])}" for job, r in results.items())
    busy = any(was_busy(r) for r in results.values())
    reps = sorted({r["reps"] for r in results.values()})
    text = [
        f"Measured {' to '.join(dates[:1] + dates[1:][-1:])} on {m['cpu']} ({m['cores']} cores, "
        f"{m['ram_gib']:.0f} GiB RAM, {m['os']}); {'/'.join(map(str, reps))} timed run(s) per "
        f"tool (median; min–max in each job's table). Load average before each job: {loads}."
        + (" Other builds were running on this shared machine during some jobs, so absolute "
           "times are inflated; the tools of one comparison ran interleaved in the same "
           "minutes, so read the ratios." if busy else ""),
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val) + ".",
    ]
    if any(r.get("quick") for r in results.values()):
        text += ["", "**Quick mode** (`--quick`): one repetition and small inputs — a smoke "
                     "run, not numbers to publish."]
    return "\n".join(text)


def openmp_note(results):
    """scikit-learn's OpenMP team spins when the cores are oversubscribed: say so when its
    multi-threaded row is far slower than its one-thread row in the same run."""
    r = results.get("cluster")
    if not r:
        return ""
    rows = {x["tool"]: x for x in r["groups"][0]["rows"]}
    one = basis_value(rows.get("scikit-learn, one thread", {}), "inner")
    omp = basis_value(rows.get("scikit-learn, default threads (OpenMP)", {}), "inner")
    if one and omp and omp > 3 * one:
        return (f"scikit-learn with its default OpenMP threads took {omp / one:.0f}× its own "
                "one-thread time in this run: its spinning thread team stalls when the two "
                "cores are oversubscribed by other work; its one-thread row is the fair "
                "comparison here.")
    return ""


def stops(result):
    """Where each tool stopped in the scale job, in words."""
    stopped = [f"{r['tool']} ({g['name']}: {stopped_text(r)})" for g in result["groups"]
               for r in g["rows"] if r.get("status") not in ("ok", "skipped")]
    if not stopped:
        return ("No tool stopped: every one finished every size within the caps stated in "
                "[scale.md](scale.md); the differences are in time and peak memory.")
    return "Where tools stopped: " + "; ".join(stopped) + "."


def demote(md):
    return re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", md, flags=re.M)


def summary_md(results, results_dir):
    browser_md = results_dir / "browser.md"
    browser = (results_dir / "browser.json").exists()
    out = ["# Benchmarks: Segmint vs the tools users would otherwise pick", "",
           "Generated by `bash bench/run.sh` (bench/summary.py); do not edit by hand.", ""]
    if results:
        out += [conditions(results, browser), "", "## Native", "",
                "Ratio = the peer's median time ÷ Segmint's, in the column named by the row "
                "(whole process: start-up and output included; in-process: the work alone, "
                "as each job's page defines it).", "", table(results, "", compact=False), "",
                openmp_note(results), ""]
        for job, r in results.items():
            if r.get("after"):
                out += [f"### {r['title']}", "", r["after"], ""]
            if job == "scale":
                out += [stops(r), ""]
    else:
        out += ["No native results yet: run `bash bench/run.sh`.", ""]
    out += ["## In the browser", ""]
    if browser and browser_md.exists():
        out += ["From [browser.md](browser.md) (`node bench/browser/run.mjs`):", "",
                demote(browser_md.read_text().strip()), ""]
    else:
        out += ["Not measured in this run (`bench/browser/run.mjs` missing or not run).", ""]
    return "\n".join(out)


def browser_table(b, rel):
    """The browser run in a few rows: Segmint's wasm against native and against the JS peers."""
    seg = {r["job"]: r for r in b["results"] if r["tool"] == "segmint-wasm"}
    peers = [r for r in b["results"] if r["tool"] not in ("segmint-wasm", "segmint-native")
             and r["job"] in seg]
    chromium = str(b.get("chromium", "")).split(" built")[0]
    out = [f"In the browser ({chromium}, headless, one session, `node bench/browser/run.mjs`; "
           f"full table, versions and scale in [browser.md]({rel}browser.md)):", "",
           "| job | Segmint wasm | wasm ÷ native (same run) | JS peer: median | peer ÷ Segmint wasm |",
           "|---|---|---|---|---|"]
    ratio = {r["job"]: r for r in b.get("wasm_vs_native", [])}
    for job, w in seg.items():
        rows = [p for p in peers if p["job"] == job] or [None]
        for i, p in enumerate(rows):
            first = i == 0
            wasm = f"{w['median_s']:.3f} s" if first else ""
            vs = f"{ratio[job]['ratio']:.2f}×" if first and job in ratio else ""
            if p is None:
                peer, pr = "", ""
            elif p.get("median_s") is None:
                peer, pr = f"{p['tool']} {p['version']}: did not finish", "—"
            else:
                peer = f"{p['tool']} {p['version']}: {p['median_s']:.3f} s"
                pr = f"**{p['median_s'] / w['median_s']:.2f}×**"
            out.append(f"| {job if first else ''} | {wasm} | {vs} | {peer} | {pr} |")
    ok = [r for r in b.get("scale", []) if r.get("wasm", {}).get("ok")]
    stop = [r for r in b.get("scale", []) if not r.get("wasm", {}).get("ok")]
    if ok:
        big = ok[-1]
        line = (f"Scale in the tab (streamed ingest + RFM): up to {big['lines']:,} lines "
                f"({big['file_bytes'] / 2**30:.2f} GiB) in {big['wasm']['seconds']:.0f} s with "
                f"{big['wasm']['wasm_memory_bytes'] / 2**30:.2f} GiB of wasm memory")
        if stop:
            line += (f"; at {stop[0]['lines']:,} lines it stops: wasm32 memory cannot grow past "
                     f"4 GiB")
        out += ["", line + "."]
    return "\n".join(out)


def readme_section(results, results_dir):
    if not results:
        return "No results yet: run `bash bench/run.sh`."
    browser = (results_dir / "browser.json").exists()
    rel = "bench/results/"
    out = [
        "Side by side on one machine, every comparison's tools run interleaved, several "
        "repetitions each; made by one command, `bash bench/run.sh` (installs the peers into "
        "`bench/.venv*` from pinned requirement files, builds `--profile native`, runs every "
        "job, rewrites this section). Full tables, commands and versions: "
        f"[SUMMARY.md]({rel}SUMMARY.md).", "",
        conditions(results, browser), "",
        table(results, rel, compact=True), "",
    ]
    if openmp_note(results):
        out += [openmp_note(results), ""]
    if "scale" in results:
        out += [stops(results["scale"]).replace("(scale.md)", f"({rel}scale.md)"), ""]
    if browser:
        b = json.loads((results_dir / "browser.json").read_text())
        limit = results_dir / "browser-scale-limit.json"
        if limit.exists():
            # Where the tab stops: `node bench/browser/run.mjs --scale --scale-only
            # --scale-lines 35000000 --tag scale-limit`.
            b["scale"] = b.get("scale", []) + json.loads(limit.read_text()).get("scale", [])
        out += [browser_table(b, rel), ""]
    minutes = sum(r.get("seconds", 0) for r in results.values()) / 60
    out += [
        f"Reproduce: `bash bench/run.sh` (everything; these jobs took {minutes:.0f} min), "
        "`bash bench/run.sh "
        "--only rfm,clv`, `bash bench/run.sh --quick` (smoke run). The harness's own test: "
        "`python3 bench/test_harness.py`.",
    ]
    return "\n".join(out)


def replace_section(text, body):
    if BEGIN not in text or END not in text:
        raise SystemExit(f"README has no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{body.strip()}\n{END}{tail}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results-dir", default=str(HERE / "results"))
    ap.add_argument("--readme", default=str(HERE.parent / "README.md"))
    ap.add_argument("--no-readme", action="store_true")
    a = ap.parse_args()
    results_dir = Path(a.results_dir)
    results = load(results_dir)
    os.makedirs(results_dir, exist_ok=True)
    (results_dir / "SUMMARY.md").write_text(summary_md(results, results_dir))
    print(f"wrote {results_dir / 'SUMMARY.md'}")
    if not a.no_readme:
        p = Path(a.readme)
        p.write_text(replace_section(p.read_text(), readme_section(results, results_dir)))
        print(f"updated {p} between {BEGIN} and {END}")


if __name__ == "__main__":
    main()
