"""pandas + pyfim doing what `segmint basket` does, file to frequent itemsets.

    python basket_from_table.py FILE SUPPORT

FILE is an Online Retail table. pandas reads it, drops exact duplicate rows, returns
(quantity < 0, amount < 0, invoice starting with C) and adjustments (unit price <= 0 or
amount = 0) as DESIGN §4 says (lines without customer id are kept for baskets), groups the
distinct stock codes of each invoice into a basket, and pyfim's fpgrowth (Borgelt's C) mines
every itemset with count >= ceil(SUPPORT x baskets). The last stdout line is
`{"seconds": in-process time after imports, "count": itemsets}`.
"""
import json
import sys
import time

import pandas as pd
from fim import fpgrowth

from pyfim_mine import min_count

path, support = sys.argv[1], float(sys.argv[2])
start = time.perf_counter()
raw = pd.read_csv(path, dtype=str, keep_default_na=False).drop_duplicates()
qty = pd.to_numeric(raw["Quantity"])
price = pd.to_numeric(raw["UnitPrice"])
amount = qty * price
bad = (qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C") | (price <= 0) | (amount == 0)
kept = raw.loc[~bad, ["InvoiceNo", "StockCode"]].drop_duplicates()
baskets = kept.groupby("InvoiceNo", sort=False)["StockCode"].agg(list).tolist()
del raw, kept
result = fpgrowth(baskets, target="s", supp=-min_count(support, len(baskets)), zmin=1,
                  report="a")
print(json.dumps({"seconds": time.perf_counter() - start, "count": len(result),
                  "baskets": len(baskets)}))
