"""Reference frequent itemsets and rules for tests/basket_reference.rs, from mlxtend.

Baskets are built here independently of Segmint, with the DESIGN §4 cleaning:
- groceries.csv: one basket per line, items comma-separated and trimmed, empty fields and
  empty lines dropped, repeated items counted once;
- online_retail.csv: exact duplicate rows dropped; returns (Quantity < 0, amount < 0, or
  InvoiceNo starting with "C") and adjustments (UnitPrice <= 0 or amount == 0, amount =
  Quantity x UnitPrice) dropped; rows without CustomerID kept; one basket per InvoiceNo,
  items = distinct StockCode.

Then mlxtend `fpgrowth` (dense one-hot from `TransactionEncoder`) gives the frequent
itemsets and `association_rules` the rules with every metric. Outputs, sorted canonically
(items sorted within an itemset, rows sorted by their item lists), one file per case:
  <case>_itemsets.csv  items|joined,count
  <case>_rules.csv     antecedent,consequent,support,confidence,lift,leverage,conviction,
                       zhangs_metric,jaccard,certainty,kulczynski  (floats as Python repr;
                       infinite conviction as "inf")
Run from the repository root:
  bench/.venv/bin/python tests/reference/basket/make_reference.py
"""
import json
import math
import platform
import sys
from pathlib import Path

import mlxtend
import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth
from mlxtend.preprocessing import TransactionEncoder

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent
METRICS = ["support", "confidence", "lift", "leverage", "conviction",
           "zhangs_metric", "jaccard", "certainty", "kulczynski"]


def groceries():
    baskets = []
    for line in (DATA / "groceries.csv").read_text(encoding="utf-8").splitlines():
        items = sorted({f.strip() for f in line.split(",") if f.strip()})
        if items:
            baskets.append(items)
    return baskets


def online_retail():
    df = pd.read_csv(DATA / "online_retail.csv", dtype=str, keep_default_na=False)
    df = df.drop_duplicates()
    q = pd.to_numeric(df["Quantity"])
    p = pd.to_numeric(df["UnitPrice"])
    amount = q * p
    returns = (q < 0) | (amount < 0) | df["InvoiceNo"].str.startswith("C")
    adjustments = (p <= 0) | (amount == 0)
    kept = df[~returns & ~adjustments]
    return [sorted(set(g)) for _, g in kept.groupby("InvoiceNo", sort=True)["StockCode"]]


def key(items):
    return "|".join(sorted(items))


def number(x):
    return "inf" if math.isinf(x) else repr(float(x))


def run(case, baskets, min_support, rules_min_confidence):
    for b in baskets:
        for item in b:
            assert "|" not in item and "," not in item, item
    n = len(baskets)
    te = TransactionEncoder()
    onehot = pd.DataFrame(te.fit(baskets).transform(baskets), columns=te.columns_)
    freq = fpgrowth(onehot, min_support=min_support, use_colnames=True)
    rows = sorted((key(s), int(round(sup * n))) for s, sup in zip(freq["itemsets"], freq["support"]))
    with open(OUT / f"{case}_itemsets.csv", "w") as f:
        f.write("items,count\n")
        for items, count in rows:
            f.write(f"{items},{count}\n")
    rules = association_rules(freq, num_itemsets=n, metric="confidence",
                              min_threshold=rules_min_confidence)
    lines = sorted(
        ",".join([key(r["antecedents"]), key(r["consequents"])] + [number(r[m]) for m in METRICS])
        for _, r in rules.iterrows()
    )
    with open(OUT / f"{case}_rules.csv", "w") as f:
        f.write("antecedent,consequent," + ",".join(METRICS) + "\n")
        for line in lines:
            f.write(line + "\n")
    print(f"{case}: {n} baskets, {len(rows)} itemsets, {len(lines)} rules", file=sys.stderr)
    return {"case": case, "transactions": n, "min_support": min_support,
            "itemsets": len(rows), "rules": len(lines),
            "rules_min_confidence": rules_min_confidence}


def main():
    cases = []
    g = groceries()
    cases.append(run("groceries_0.01", g, 0.01, 0.0))
    cases.append(run("groceries_0.005", g, 0.005, 0.0))
    r = online_retail()
    cases.append(run("online_retail_0.01", r, 0.01, 0.0))
    cases.append(run("online_retail_0.005", r, 0.005, 0.8))
    meta = {
        "python": platform.python_version(),
        "mlxtend": mlxtend.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    (OUT / "versions.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
