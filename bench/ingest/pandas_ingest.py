#!/usr/bin/env python3
"""The pandas peer of `segmint inspect`: read_csv + to_datetime of the order date column.

Prints the seconds spent after `import pandas` (read + parse) on stderr, so the harness can
report both the whole process and the in-process time.
"""

import sys
import time

import pandas as pd

path = sys.argv[1]
t0 = time.perf_counter()
df = pd.read_csv(path)
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
elapsed = time.perf_counter() - t0
print(f"rows={len(df)} in_process_seconds={elapsed:.4f}", file=sys.stderr)
