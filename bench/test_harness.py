"""Tests of the benchmark machinery itself (not of Segmint): `python3 bench/test_harness.py`.

The measuring core (harness.py) is tested with small Python commands: timings, in-process
times and result sizes are read back, a time limit, a memory cap and a failure are reported
as such, and the tools of a group run interleaved. With bench/.venv present, the scale
generator is checked for determinism and for the shares it promises; with the native build
present too, a quick end-to-end run of bench.py (ingest and rfm on a generated 20,000-line
file) and summary.py into a temporary directory checks the files they write and that the
README section between the markers is replaced and nothing else. Not part of scripts/run.sh
(it takes about a minute).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import harness  # noqa: E402
from harness import Tool  # noqa: E402

PY = sys.executable
VENV = HERE / ".venv" / "bin" / "python"
SEGMINT = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "native" / "segmint"
SOURCE = ROOT.parent / "shared" / "data" / "online_retail.csv"


def quiet(_msg):
    pass


class Measure(unittest.TestCase):
    def test_reads_in_process_time_count_and_memory(self):
        cmd = [PY, "-c", "import json; x = bytearray(50 << 20); "
               "print('noise'); print(json.dumps({'seconds': 0.25, 'count': 7}))"]
        [r] = harness.measure([Tool("t", cmd)], 3, log=quiet)
        self.assertEqual(r["status"], "ok")
        self.assertEqual(r["runs"], 3)
        self.assertEqual(r["inner"]["median"], 0.25)
        self.assertEqual(r["count"], 7)
        self.assertEqual(len(r["wall"]["all"]), 3)
        self.assertTrue(r["wall"]["min"] <= r["wall"]["median"] <= r["wall"]["max"])
        self.assertGreater(r["peak_rss"], 50 << 20)

    def test_bare_count_line_and_other_key(self):
        cmd = [PY, "-c", "print(42); print('{\"sweep_s\": 1.5}')"]
        [r] = harness.measure([Tool("t", cmd, key="sweep_s")], 1, log=quiet)
        self.assertEqual((r["inner"]["median"], r["count"]), (1.5, 42))

    def test_time_limit_stops_the_tool(self):
        tool = Tool("slow", [PY, "-c", "import time; time.sleep(30)"], timeout=0.5,
                    warmup=False)
        [r] = harness.measure([tool], 3, log=quiet)
        self.assertEqual(r["status"], "timeout")
        self.assertNotIn("wall", r)
        self.assertIn("did not finish within", harness.stopped_text(r))

    def test_memory_cap_is_reported_as_memory(self):
        tool = Tool("hungry", [PY, "-c", "x = bytearray(3 << 30)"], mem_cap=1 << 30,
                    warmup=False)
        [r] = harness.measure([tool], 1, log=quiet)
        self.assertEqual(r["status"], "memory")
        self.assertIn("out of memory", harness.stopped_text(r))

    def test_failure_is_reported(self):
        [r] = harness.measure([Tool("bad", [PY, "-c", "raise SystemExit(3)"])], 2, log=quiet)
        self.assertEqual(r["status"], "failed")

    def test_tools_alternate_run_by_run(self):
        with tempfile.TemporaryDirectory() as d:
            trace = Path(d) / "trace"
            tools = [Tool(n, [PY, "-c", f"open({str(trace)!r}, 'a').write('{n}')"])
                     for n in "ab"]
            harness.measure(tools, 3, log=quiet)
            self.assertEqual(trace.read_text(), "ab" + "ab" * 3)

    def test_table_ratio_is_against_segmint(self):
        rows = [{"tool": "S", "status": "ok", "segmint": True, "wall": harness.spread([1.0]),
                 "inner": None, "peak_rss": 1 << 20, "count": 1},
                {"tool": "P", "status": "ok", "wall": harness.spread([2.5, 3.5]),
                 "inner": None, "peak_rss": 2 << 20, "count": 1}]
        md = harness.group_table({"rows": rows, "baseline": "S", "basis": "wall"})
        self.assertIn("| P | 3.000 s (2.500–3.500) | — | 2 MiB | 1 | 3.0× |", md)


@unittest.skipUnless(VENV.exists() and SOURCE.exists(), "needs bench/.venv and shared data")
class Generator(unittest.TestCase):
    def generate(self, out, seed):
        subprocess.run([str(VENV), str(HERE / "scale" / "generate.py"), "--lines", "20000",
                        "--out", str(out), "--seed", str(seed), "--quiet"], check=True)
        return out.read_bytes()

    def test_deterministic_and_shaped_like_online_retail(self):
        with tempfile.TemporaryDirectory() as d:
            a = self.generate(Path(d) / "a.csv", 1)
            self.assertEqual(a, self.generate(Path(d) / "b.csv", 1))
            self.assertNotEqual(a, self.generate(Path(d) / "c.csv", 2))
            rows = list(csv.reader(a.decode().splitlines()))
        self.assertEqual(rows[0], ["InvoiceNo", "StockCode", "Description", "Quantity",
                                   "InvoiceDate", "UnitPrice", "CustomerID", "Country"])
        data = rows[1:]
        self.assertEqual(len(data), 20000)
        self.assertTrue(all(len(r) == 8 for r in data))
        missing = sum(r[6] == "" for r in data) / len(data)
        cancelled = [r for r in data if r[0].startswith("C")]
        self.assertTrue(0.15 < missing < 0.35, missing)
        self.assertTrue(0.008 < len(cancelled) / len(data) < 0.04, len(cancelled))
        self.assertTrue(all(int(r[3]) < 0 for r in cancelled))
        items = {}
        for r in data:
            items[r[1]] = items.get(r[1], 0) + 1
        top = sorted(items.values(), reverse=True)
        # long tail: many items, the top one far above the median one
        self.assertGreater(len(top), 1000)
        self.assertGreater(top[0], 10 * top[len(top) // 2])


@unittest.skipUnless(VENV.exists() and SEGMINT.exists() and SOURCE.exists(),
                     "needs bench/.venv and `cargo build --profile native -p segmint-cli`")
class EndToEnd(unittest.TestCase):
    def test_quick_run_writes_results_summary_and_readme_section(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            data = d / "tiny.csv"
            subprocess.run([str(VENV), str(HERE / "scale" / "generate.py"), "--lines",
                            "20000", "--out", str(data), "--quiet"], check=True)
            results = d / "results"
            subprocess.run([str(VENV), str(HERE / "bench.py"), "--quick", "--only",
                            "ingest,rfm", "--online-retail", str(data), "--results-dir",
                            str(results)], check=True, stdout=subprocess.DEVNULL)
            readme = d / "README.md"
            readme.write_text("# x\n\n## Benchmarks\n\n<!-- bench:begin -->\nold\n"
                              "<!-- bench:end -->\n\n## After\nkept\n")
            subprocess.run([PY, str(HERE / "summary.py"), "--results-dir", str(results),
                            "--readme", str(readme)], check=True, stdout=subprocess.DEVNULL)
            rfm = json.loads((results / "rfm.json").read_text())
            rows = {r["tool"]: r for r in rfm["groups"][0]["rows"]}
            self.assertEqual(set(rows), {"Segmint `rfm --json`", "DuckDB (SQL)", "pandas"})
            self.assertTrue(all(r["status"] == "ok" for r in rows.values()), rows)
            # both peers computed the same number of customers from the same file
            self.assertEqual(rows["DuckDB (SQL)"]["count"], rows["pandas"]["count"])
            self.assertGreater(rows["pandas"]["count"], 50)
            self.assertIn("pandas", rfm["versions"])
            self.assertIn("| pandas |", (results / "rfm.md").read_text())
            summary = (results / "SUMMARY.md").read_text()
            self.assertIn("rfm — ", summary)
            self.assertIn("ingest — ", summary)
            text = readme.read_text()
            self.assertNotIn("\nold\n", text)
            self.assertTrue(text.startswith("# x\n\n## Benchmarks\n\n<!-- bench:begin -->\n"))
            self.assertTrue(text.endswith("<!-- bench:end -->\n\n## After\nkept\n"))
            self.assertIn("Quick mode", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
