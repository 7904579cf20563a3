#!/usr/bin/env python3
"""Independent pandas computation of the quality report of online_retail.csv.

Applies the cleaning rules of DESIGN §4 in the order segmint documents
(crates/core/src/clean/mod.rs), written from the definitions, not from the Rust code:

1. exact duplicate rows (raw text, every column) after the first copy;
2. rows whose Quantity/UnitPrice are not numbers or whose InvoiceDate is not a date;
3. adjustments: UnitPrice <= 0 or Quantity * UnitPrice == 0;
4. returns: Quantity < 0, or amount < 0, or InvoiceNo is "C" followed by a digit;
5. used: the rest; missing_customer_id = used rows with an empty CustomerID.

Usage: bench/.venv/bin/python bench/ingest/online_retail_reference.py \
           ../shared/data/online_retail.csv > tests/fixtures/reference/online_retail_quality.json
"""

import json
import sys

import pandas as pd


def main(path: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows_read = len(df)
    dup = df.duplicated(keep="first")
    d = df[~dup]
    qty = pd.to_numeric(d["Quantity"], errors="coerce")
    price = pd.to_numeric(d["UnitPrice"], errors="coerce")
    date = pd.to_datetime(d["InvoiceDate"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    bad_date = date.isna()
    bad_number = ~bad_date & (qty.isna() | price.isna())
    ok = ~bad_date & ~bad_number
    amount = qty * price
    adjustment = ok & ((price <= 0) | (amount == 0))
    cancel_prefix = d["InvoiceNo"].str.match(r"^C[0-9]")
    is_return = ok & ~adjustment & ((qty < 0) | (amount < 0) | cancel_prefix)
    used = ok & ~adjustment & ~is_return
    missing_customer = used & (d["CustomerID"].str.strip() == "")
    kept = d[used]
    kept_amount = amount[used]
    rejected = {}
    if bad_date.sum():
        rejected["bad_date"] = int(bad_date.sum())
    if bad_number.sum():
        rejected["bad_number"] = int(bad_number.sum())
    days = (date[used].dt.normalize() - pd.Timestamp("1970-01-01")).dt.days
    out = {
        "source": "pandas " + pd.__version__ + ", bench/ingest/online_retail_reference.py",
        "rows_read": rows_read,
        "rows_used": int(used.sum()),
        "duplicates": int(dup.sum()),
        "returns": int(is_return.sum()),
        "adjustments": int(adjustment.sum()),
        "missing_customer_id": int(missing_customer.sum()),
        "rejected": rejected,
        # Context, not part of the reconciliation.
        "cancellation_lines_in_file": int(df["InvoiceNo"].str.match(r"^C[0-9]").sum()),
        "missing_customer_id_in_file": int((df["CustomerID"].str.strip() == "").sum()),
        "used_customers": int(kept.loc[kept["CustomerID"].str.strip() != "", "CustomerID"].nunique()),
        "used_orders": int(kept["InvoiceNo"].nunique()),
        "used_products": int(kept["StockCode"].nunique()),
        "used_amount_sum": round(float(kept_amount.sum()), 2),
        "used_first_day": int(days.min()),
        "used_last_day": int(days.max()),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online_retail.csv")
