"""pandas and DuckDB doing what `segmint inspect` and `segmint rfm` do, file to result.

    python tabular.py pandas-ingest|duckdb-ingest|pandas-rfm|duckdb-rfm FILE

The file is an Online Retail table (InvoiceNo, StockCode, Description, Quantity, InvoiceDate
`YYYY-MM-DD HH:MM:SS`, UnitPrice, CustomerID, Country). The last stdout line is
`{"seconds": in-process time after imports, "count": rows or customers}`.

- ingest: read the CSV into a typed table with the order date parsed (pandas `read_csv` +
  `to_datetime`; DuckDB `read_csv` with its type detection into a table).
- rfm: the RFM table of DESIGN §4 with Segmint's cleaning: exact duplicate rows dropped;
  returns (quantity < 0, amount < 0, invoice starting with C), adjustments (unit price <= 0 or
  amount = 0) and missing customer ids excluded; reference date = the day after the latest
  kept order date; recency in days, frequency = distinct invoices, monetary = sum of amounts.

DuckDB's memory limit is taken from DUCKDB_MEMORY_LIMIT when set (e.g. "6GB").
"""
import json
import os
import sys
import time

mode, path = sys.argv[1], sys.argv[2]


def duckdb_connect():
    import duckdb

    con = duckdb.connect()
    if os.environ.get("DUCKDB_MEMORY_LIMIT"):
        con.execute(f"SET memory_limit = '{os.environ['DUCKDB_MEMORY_LIMIT']}'")
    return con


def sql_path():
    return path.replace("'", "''")


if mode == "pandas-ingest":
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_csv(path)
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    n = len(df)
elif mode == "duckdb-ingest":
    import duckdb  # noqa: F401  (import before the clock, as for pandas)

    start = time.perf_counter()
    con = duckdb_connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sql_path()}')")
    n = con.execute("SELECT count(*) FROM t").fetchone()[0]
elif mode == "pandas-rfm":
    import pandas as pd

    start = time.perf_counter()
    raw = pd.read_csv(path, dtype=str, keep_default_na=False).drop_duplicates()
    qty = pd.to_numeric(raw["Quantity"])
    price = pd.to_numeric(raw["UnitPrice"])
    amount = qty * price
    bad = ((qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C") | (price <= 0)
           | (amount == 0))
    kept = raw[~bad & (raw["CustomerID"] != "")].assign(amount=amount)
    kept["day"] = pd.to_datetime(kept["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    ref = kept["day"].max() + pd.Timedelta(days=1)
    rfm = kept.groupby("CustomerID").agg(last=("day", "max"), frequency=("InvoiceNo", "nunique"),
                                         monetary=("amount", "sum"))
    rfm["recency_days"] = (ref - rfm["last"]).dt.days
    n = len(rfm)
elif mode == "duckdb-rfm":
    import duckdb  # noqa: F401

    start = time.perf_counter()
    con = duckdb_connect()
    n = con.execute(
        f"""
        WITH raw AS (SELECT DISTINCT * FROM read_csv('{sql_path()}', all_varchar = true, header = true)),
        typed AS (
            SELECT InvoiceNo, CustomerID, CAST(Quantity AS DOUBLE) AS qty,
                   CAST(UnitPrice AS DOUBLE) AS price,
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
    raise SystemExit(f"unknown mode {mode}")
print(json.dumps({"seconds": time.perf_counter() - start, "count": int(n)}))
