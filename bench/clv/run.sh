#!/usr/bin/env bash
# Side-by-side benchmark: segmint-core vs lifetimes 0.11.3 on CDNOW (issue 7).
#
# Work timed on both sides, from transactions already in memory: lifetime summary (weeks =
# days / 7, observation end = last date), BG/NBD fit, Gamma-Gamma fit, and per customer
# P(alive), expected purchases over 52 weeks and 12-month CLV at 1 %/month.
# The two sides alternate REPS times each; the medians go to bench/results/clv.md.
#
#   bench/clv/run.sh [FILE] [REPS]      (defaults: ../shared/data/cdnow_master.csv, 7)
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:-../shared/data/cdnow_master.csv}
REPS=${2:-7}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-clv}
[ -x bench/.venv-clv/bin/python ] || bench/clv/setup.sh
cargo build -q --profile native -p segmint-core --example clv_bench
RUST_BIN="$CARGO_TARGET_DIR/native/examples/clv_bench"
OUT=$(mktemp -d)
for i in $(seq 1 "$REPS"); do
  # one repetition per process on each side, alternating, so load from other work hits both
  "$RUST_BIN" "$FILE" 1 week >"$OUT/rust.$i.json"
  bench/.venv-clv/bin/python bench/clv/lifetimes_bench.py "$FILE" 1 >"$OUT/py.$i.json"
done
bench/.venv-clv/bin/python - "$OUT" "$REPS" "$FILE" <<'PY'
import glob, json, os, platform, statistics, subprocess, sys
out, reps, file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(side):
    runs = [json.load(open(p)) for p in sorted(glob.glob(f"{out}/{side}.*.json"))]
    return runs, [r["analyse_s"][0] for r in runs], [r["analyse_cpu_s"][0] for r in runs]
rust, rt, rc = load("rust")
py, pt, pc = load("py")
rm, pm = statistics.median(rt), statistics.median(pt)
rcm, pcm = statistics.median(rc), statistics.median(pc)
import lifetimes, pandas, numpy, scipy
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
r0, p0 = rust[-1], py[-1]
rows = "\n".join(
    f"| {k} | {r0['model' if k in 'r alpha a b'.split() else 'gamma_gamma'][k]:.6f} | "
    f"{p0['model' if k in 'r alpha a b'.split() else 'gamma_gamma'][k]:.6f} |"
    for k in ["r", "alpha", "a", "b", "p", "q", "v"])
md = f"""# CLV benchmark: segmint-core vs lifetimes 0.11.3

Made by `bench/clv/run.sh {file} {reps}`. Work timed on both sides, from transactions
already in memory: lifetime summary (weeks = days / 7, observation end = last date),
BG/NBD fit, Gamma-Gamma fit (repeat customers with positive mean value), and per customer
P(alive), expected purchases over 52 weeks and 12-month CLV at 1 %/month. One repetition per
process, the two sides alternating, {reps} repetitions each; medians.

Data: `{os.path.basename(file)}`, {r0['lines']} lines, {r0['customers']} customers.

| implementation | median wall (s) | median CPU (s) | all runs, wall (s) |
|---|---|---|---|
| segmint-core (`--profile native`, `examples/clv_bench.rs`) | {rm:.4f} | {rcm:.4f} | {', '.join(f'{t:.4f}' for t in rt)} |
| lifetimes {lifetimes.__version__} (pandas {pandas.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}) | {pm:.4f} | {pcm:.4f} | {', '.join(f'{t:.4f}' for t in pt)} |

**Speed-up: {pm / rm:.1f}× wall-clock, {pcm / rcm:.1f}× CPU time** (target ≥ 10×). CPU time
is this process's own (Rust: `/proc/thread-self/schedstat`; Python: `time.process_time()`,
all threads), so it is less disturbed by other work on a shared machine.

CSV load, not in the times above: segmint {statistics.median(r['load_s'] for r in rust):.4f} s,
pandas `read_csv` + `to_datetime` {statistics.median(r['load_s'] for r in py):.4f} s.

Both sides fit the same model:

| parameter | segmint-core | lifetimes |
|---|---|---|
{rows}

Total 12-month CLV: segmint {r0['total_clv']:.2f}, lifetimes {p0['total_clv']:.2f}.

Machine: {cpu}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (shared with
other builds while measured), {platform.system()} {platform.release()};
{rustc}; Python {platform.python_version()}.
"""
os.makedirs("bench/results", exist_ok=True)
open("bench/results/clv.md", "w").write(md)
print(md)
PY
rm -rf "$OUT"
