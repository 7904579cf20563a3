"""mlxtend `fpgrowth` on a one-basket-per-line file: `mlxtend_mine.py FILE SUPPORT`.

One-hot encodes with `TransactionEncoder` (dense booleans, mlxtend's documented usage), then
times only the `fpgrowth` call; prints `{"seconds": ..., "count": itemsets}`.
"""
import json
import sys
import time

import pandas as pd
from mlxtend.frequent_patterns import fpgrowth
from mlxtend.preprocessing import TransactionEncoder


def main():
    path, support = sys.argv[1], float(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        baskets = [line.rstrip("\n").split(",") for line in f if line.strip()]
    te = TransactionEncoder()
    onehot = pd.DataFrame(te.fit(baskets).transform(baskets), columns=te.columns_)
    start = time.perf_counter()
    result = fpgrowth(onehot, min_support=support)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "count": len(result)}))


if __name__ == "__main__":
    main()
