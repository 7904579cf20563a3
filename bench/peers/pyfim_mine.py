"""pyfim (Borgelt's C FP-growth) on a one-basket-per-line file:
`pyfim_mine.py FILE SUPPORT [--spectrum]`.

The support is turned into the same absolute count Segmint uses (ceil(SUPPORT x N), no binary
rounding) and passed as a negative `supp` (pyfim's absolute-count convention). Times only the
`fpgrowth` call (Python lists in, list of (itemset, count) out); prints
`{"seconds": ..., "count": itemsets}`. With `--spectrum`, pyfim only counts the itemsets (`report='#'`, a pattern
spectrum: no Python object per itemset), i.e. the C mining alone.
"""
import json
import sys
import time

from fim import fpgrowth


def min_count(support, n):
    c = max(1, int(-(-support * n // 1)))
    while c > 1 and (c - 1) / n >= support:
        c -= 1
    while c / n < support:
        c += 1
    return c


def main():
    path, support = sys.argv[1], float(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        baskets = [line.rstrip("\n").split(",") for line in f if line.strip()]
    count = min_count(support, len(baskets))
    start = time.perf_counter()
    if "--spectrum" in sys.argv:
        spectrum = fpgrowth(baskets, target="s", supp=-count, zmin=1, report="#")
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "count": int(sum(spectrum.values()))}))
    else:
        result = fpgrowth(baskets, target="s", supp=-count, zmin=1, report="a")
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "count": len(result)}))


if __name__ == "__main__":
    main()
