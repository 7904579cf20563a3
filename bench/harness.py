"""Side-by-side timing of whole commands: the measuring half of the benchmark suite.

A *tool* is one command line. The tools of a *group* (one comparison: the same input, the same
work) run interleaved — one run of each tool, then the next round — so that a burst of load
from other work on a shared machine hits every tool alike. Each tool gets one untimed warm-up
run (page cache, interpreter bytecode, lazy imports) unless told otherwise.

For every run we record the wall time of the whole process (start-up and output included)
and its peak resident memory (`ru_maxrss` from `wait4`). A tool may also print, as the LAST
line of its stdout, a JSON object such as `{"seconds": 0.31, "count": 4338}`: `seconds` is
its in-process time for the work alone (after imports and loading, as the tool documents),
`count` a result size used to check that the tools did the same work. A tool that runs past
its time limit is killed; a tool may run under an address-space limit (RLIMIT_AS), and a run
that fails for lack of memory is reported as such: where a tool stops is a result too.

Ratios are what to read: absolute times on a shared 2-core machine are noisy, but the tools of
a group ran in the same minutes.
"""

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import tempfile
import threading
import time

MEMORY_ERRORS = re.compile(
    r"MemoryError|memory allocation of \d+ bytes failed|Out of Memory|out of memory|"
    r"std::bad_alloc|Cannot allocate memory|Unable to allocate",
)


class Tool:
    """One command of a comparison.

    name     label in the tables
    cmd      argv
    env      extra environment variables
    key      which key of the last stdout line is the in-process time (default "seconds")
    count_key  which key of it is the result size (default "count"; without it, a bare
             integer on the line before is taken)
    reps     repetitions for this tool (default: the group's)
    warmup   run once untimed first
    timeout  seconds after which a run is killed and the tool reported as stopped
    mem_cap  address-space limit in bytes (RLIMIT_AS), None for none
    segmint  True for Segmint's own rows (the baseline of the ratios)
    """

    def __init__(self, name, cmd, env=None, key="seconds", count_key="count", reps=None,
                 warmup=True, timeout=None, mem_cap=None, segmint=False, note=None):
        self.name, self.cmd, self.env, self.key = name, [str(c) for c in cmd], env, key
        self.count_key = count_key
        self.reps, self.warmup, self.timeout, self.mem_cap = reps, warmup, timeout, mem_cap
        self.segmint, self.note = segmint, note


def run_once(tool):
    """One run of `tool`: a dict with status ("ok", "timeout", "memory", "failed"), wall,
    peak_rss (bytes), inner (seconds or None), count (or None) and, on failure, detail."""
    env = dict(os.environ, **(tool.env or {}))
    limit = tool.mem_cap

    def preexec():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(tool.cmd, stdout=subprocess.PIPE, stderr=err, env=env,
                                preexec_fn=preexec)
        killed = threading.Event()

        def kill():
            killed.set()
            proc.kill()

        timer = threading.Timer(tool.timeout, kill) if tool.timeout else None
        if timer:
            timer.start()
        # Keep only the tail: some tools print megabytes of JSON we do not need to hold.
        tail = b""
        while True:
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                break
            tail = (tail + chunk)[-8192:]
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.stdout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if timer:
            timer.cancel()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    run = {"status": "ok", "wall": wall, "peak_rss": usage.ru_maxrss * 1024, "inner": None,
           "count": None}
    if killed.is_set():
        run.update(status="timeout", detail=f"killed after {tool.timeout:.0f} s")
        return run
    if status != 0:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {status}"]
        kind = "memory" if MEMORY_ERRORS.search(stderr) or (
            limit and os.WIFSIGNALED(status) and os.WTERMSIG(status) in (6, 9, 11)) else "failed"
        run.update(status=kind, detail=last[0][:300])
        return run
    lines = tail.decode(errors="replace").strip().splitlines()
    if lines and lines[-1].startswith("{"):
        try:
            last = json.loads(lines[-1])
        except json.JSONDecodeError:
            last = None
        if isinstance(last, dict):
            run["inner"] = last.get(tool.key)
            run["count"] = last.get(tool.count_key)
            if run["count"] is None and len(lines) > 1 and lines[-2].strip().isdigit():
                run["count"] = int(lines[-2])
            run["last"] = last
    return run


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "all": [round(v, 6) for v in values]}


def measure(tools, reps, log=print):
    """Run the tools interleaved; return one result dict per tool, in order."""
    state = {t.name: {"runs": [], "stopped": None} for t in tools}

    def go(tool):
        s = state[tool.name]
        if s["stopped"]:
            return
        run = run_once(tool)
        if run["status"] != "ok":
            s["stopped"] = run
            log(f"    {tool.name}: {run['status']} ({run.get('detail', '')})")
            return
        return run

    for tool in tools:
        if tool.warmup:
            go(tool)
    rounds = max((t.reps if t.reps is not None else reps) for t in tools)
    for i in range(rounds):
        for tool in tools:
            if i < (tool.reps if tool.reps is not None else reps):
                run = go(tool)
                if run:
                    state[tool.name]["runs"].append(run)
    results = []
    for tool in tools:
        runs, stopped = state[tool.name]["runs"], state[tool.name]["stopped"]
        r = {"tool": tool.name, "cmd": " ".join(tool.cmd), "env": tool.env or {},
             "segmint": tool.segmint, "note": tool.note, "runs": len(runs),
             "status": "ok" if runs and not stopped else (stopped or {}).get("status", "failed"),
             "detail": (stopped or {}).get("detail"),
             "timeout": tool.timeout, "mem_cap": tool.mem_cap}
        if stopped and not runs:
            r["stopped_after"] = {"wall": stopped["wall"], "peak_rss": stopped["peak_rss"]}
        if runs:
            r["wall"] = spread([x["wall"] for x in runs])
            inner = [x["inner"] for x in runs if x["inner"] is not None]
            r["inner"] = spread(inner) if inner else None
            r["peak_rss"] = max(x["peak_rss"] for x in runs)
            counts = {x["count"] for x in runs}
            r["count"] = counts.pop() if len(counts) == 1 else sorted(counts, key=str)
            r["last_output"] = runs[-1].get("last")
        results.append(r)
        if runs:
            inner = f", in-process {r['inner']['median']:.3f} s" if r.get("inner") else ""
            log(f"    {tool.name}: {r['wall']['median']:.3f} s{inner}, {mib(r['peak_rss'])}"
                + ("" if r["status"] == "ok" else f" [{r['status']}]"))
    return results


# ---------------------------------------------------------------- formatting


def mib(n):
    return f"{n / 2**20:,.0f} MiB"


def seconds(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def span(s):
    return f"{seconds(s['median'])} ({s['min']:.3f}–{s['max']:.3f})"


def basis_value(row, basis):
    s = row.get(basis) if basis == "inner" else row.get("wall")
    return s["median"] if s else None


def ratio_text(row, base, basis):
    mine, theirs = basis_value(row, basis), basis_value(base, basis) if base else None
    if mine is None or not theirs:
        return "—"
    return f"{mine / theirs:.1f}×"


def stopped_text(row):
    what = {"timeout": "stopped: time limit", "memory": "stopped: out of memory",
            "failed": "failed", "skipped": "skipped"}.get(row["status"], row["status"])
    bits = [what]
    if row["status"] == "timeout" and row.get("timeout"):
        bits = [f"did not finish within {row['timeout']:.0f} s"]
    if row["status"] == "memory" and row.get("mem_cap"):
        bits = [f"out of memory under a {row['mem_cap'] / 2**30:.0f} GiB address-space cap"]
    if row["status"] == "skipped" and row.get("detail"):
        bits = [f"not run: {row['detail']}"]
    elif row.get("detail") and row["status"] != "timeout":
        bits.append(f"`{row['detail'][:120]}`")
    return "; ".join(bits)


def group_table(group):
    """Markdown table of one group; the ratio column is against the group's baseline tool."""
    basis = group.get("basis", "wall")
    base = next((r for r in group["rows"] if r["tool"] == group.get("baseline")), None)
    if base is not None and base["status"] != "ok":
        base = None
    head = ("| tool | whole process, median (min–max) | in-process, median (min–max) "
            "| peak RSS | result size | time ÷ Segmint's |")
    lines = [head, "|---|---:|---:|---:|---:|---:|"]
    for r in group["rows"]:
        if "wall" not in r:
            lines.append(f"| {r['tool']} | {stopped_text(r)} | — | — | — | — |")
            continue
        inner = span(r["inner"]) if r.get("inner") else "—"
        count = r.get("count")
        count = f"{count:,}" if isinstance(count, int) else ("—" if count is None else str(count))
        flag = "" if r["status"] == "ok" else f" ({stopped_text(r)} in a later run)"
        lines.append(f"| {r['tool']}{flag} | {span(r['wall'])} | {inner} | {mib(r['peak_rss'])} "
                     f"| {count} | {ratio_text(r, base, basis)} |")
    return "\n".join(lines)


def job_markdown(result):
    out = [f"# {result['title']}", "", result["about"].strip(), ""]
    for g in result["groups"]:
        basis = "in-process" if g.get("basis") == "inner" else "whole-process"
        out += [f"## {g['name']}", "", g.get("about", "").strip(), "",
                f"Ratios: {basis} median ÷ Segmint's ({g.get('baseline')}).", "",
                group_table(g), ""]
        if g.get("after"):
            out += [g["after"].strip(), ""]
        counts = {r["count"] for r in g["rows"] if isinstance(r.get("count"), int)}
        if len(counts) > 1:
            out += [f"**Warning**: the tools report different result sizes: {sorted(counts)}.",
                    ""]
    if result.get("after"):
        out += [result["after"].strip(), ""]
    out += environment_markdown(result)
    return "\n".join(out).replace("\n\n\n", "\n\n")


def environment_markdown(result):
    m, v = result["machine"], result["versions"]
    return [
        "## Conditions",
        "",
        f"Measured {result['date']} on {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.0f} GiB RAM, "
        f"{m['os']}. Load average before the job {fmt_load(result['load_before'])}, after "
        f"{fmt_load(result['load_after'])}{busy_note(result)}. {result['reps']} timed run(s) per "
        f"tool after one warm-up unless stated{' (quick mode)' if result.get('quick') else ''}.",
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val) + ".",
        "",
        f"Reproduce: `{result['command']}`.",
        "",
    ]


def fmt_load(load):
    return " / ".join(f"{x:.2f}" for x in load)


def was_busy(result):
    """Whether other work competed with a job: a 1-minute load above 3/4 of the cores when it
    started (the load after a job includes the job's own, so it does not count)."""
    return result["load_before"][0] > 0.75 * result["machine"]["cores"]


def busy_note(result):
    if was_busy(result):
        return " — other work was running on the machine, so absolute times are inflated; the " \
               "ratios within a table were measured in the same minutes"
    return ""


# ---------------------------------------------------------------- environment


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    ram = 0
    try:
        with open("/proc/meminfo") as f:
            ram = int(next(line.split()[1] for line in f if line.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram / 2**30,
            "os": f"{platform.system()} {platform.release()}"}


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def write_result(result, results_dir):
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, result["job"])
    with open(path + ".json", "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    with open(path + ".md", "w") as f:
        f.write(job_markdown(result))
