"""`segmint rfm --json` vs pandas and DuckDB computing the same RFM table from the same CSV.

Usage: bench/.venv/bin/python bench/rfm/run.py [FILE] [REPS]
Needs `cargo build --profile native -p segmint-cli` first (bench/rfm/run.sh does both) and
pandas + duckdb in bench/.venv. Writes bench/results/rfm.md.
"""
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import harness  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FILE = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "../shared/data/online_retail.csv")
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
SEGMINT = str(TARGET / "native" / "segmint")
PY = sys.executable
PEERS = str(Path(__file__).with_name("peers.py"))

import duckdb  # noqa: E402
import pandas  # noqa: E402

jobs = [
    ("segmint rfm --json", [SEGMINT, "rfm", FILE, "--json"]),
    ("DuckDB (Python)", [PY, PEERS, "duckdb", FILE]),
    ("pandas", [PY, PEERS, "pandas", FILE]),
]
rows = [(name, harness.measure(cmd, REPS)) for name, cmd in jobs]
load = " ".join(f"{x:.2f}" for x in os.getloadavg())
text = harness.table("RFM: file to per-customer recency/frequency/monetary table", rows, "segmint rfm --json")
text += (
    f"\nFile: `{Path(FILE).name}`, {REPS} runs per tool after a warm-up. Segmint's whole process "
    "includes ingest, cleaning, scoring, segments and writing the JSON; the peers' in-process time "
    "excludes Python start-up and imports (their whole-process time includes it).\n\n"
    f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average at the end {load}; "
    f"Python {platform.python_version()}, pandas {pandas.__version__}, duckdb {duckdb.__version__}.\n\n"
    "Reproduce: `bench/rfm/run.sh`.\n"
)
out = ROOT / "bench" / "results" / "rfm.md"
out.write_text(text)
print(text)
