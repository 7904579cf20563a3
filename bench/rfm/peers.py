"""The RFM table of DESIGN §4 computed by pandas or DuckDB, file to result.

Usage: python peers.py pandas|duckdb FILE
Prints the number of customers and, last, {"seconds": in-process time after imports}.
Same cleaning as segmint: exact duplicate rows dropped, returns / adjustments / missing
customer ids excluded, reference date = day after the latest kept order date.
"""
import json
import sys
import time

tool, path = sys.argv[1], sys.argv[2]
if tool == "pandas":
    import pandas as pd

    start = time.perf_counter()
    raw = pd.read_csv(path, dtype=str, keep_default_na=False).drop_duplicates()
    qty = pd.to_numeric(raw["Quantity"])
    price = pd.to_numeric(raw["UnitPrice"])
    amount = qty * price
    bad = (qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C") | (price <= 0) | (amount == 0)
    kept = raw[~bad & (raw["CustomerID"] != "")].assign(amount=amount)
    kept["day"] = pd.to_datetime(kept["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    ref = kept["day"].max() + pd.Timedelta(days=1)
    rfm = kept.groupby("CustomerID").agg(last=("day", "max"), frequency=("InvoiceNo", "nunique"), monetary=("amount", "sum"))
    rfm["recency_days"] = (ref - rfm["last"]).dt.days
    n = len(rfm)
elif tool == "duckdb":
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    n = con.execute(
        f"""
        WITH raw AS (SELECT DISTINCT * FROM read_csv('{path}', all_varchar = true, header = true)),
        typed AS (
            SELECT InvoiceNo, CustomerID, CAST(Quantity AS DOUBLE) AS qty, CAST(UnitPrice AS DOUBLE) AS price,
                   CAST(strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS DATE) AS day FROM raw),
        kept AS (
            SELECT *, qty * price AS amount FROM typed
            WHERE CustomerID IS NOT NULL AND CustomerID <> '' AND qty >= 0 AND price > 0
              AND qty * price > 0 AND NOT starts_with(InvoiceNo, 'C')),
        ref AS (SELECT max(day) + 1 AS ref FROM kept),
        rfm AS (
            SELECT CustomerID, (SELECT ref FROM ref) - max(day) AS recency_days,
                   count(DISTINCT InvoiceNo) AS frequency, sum(amount) AS monetary
            FROM kept GROUP BY CustomerID)
        SELECT count(*) FROM rfm
        """
    ).fetchone()[0]
else:
    raise SystemExit(f"unknown tool {tool}")
print(f"{n} customers")
print(json.dumps({"seconds": time.perf_counter() - start}))
