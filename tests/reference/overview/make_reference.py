"""Independent reference for `segmint summary` (docs/definitions.md §4.11), computed with pandas.

Cleaning as docs/definitions.md §4.1 with its defaults, written out here: exact duplicate rows
(as text) are dropped; returns (quantity < 0, amount < 0, or an invoice starting with "C"),
adjustments (unit price <= 0 or amount == 0) and lines without a customer id are excluded.
Then, per §4.11: key numbers over the whole file and over the last P days and the P days
before them (P = the longest of 365, 90, 30 with last - first + 1 >= 2P); revenue at risk =
revenue of customers whose RFM segment (§4.2: ties-equal scores out of 5, the R `rfm`
10-segment rules, first match wins) is At Risk or Can't Lose Them, as of a day D on the lines
up to D with reference D + 1; months; segment mix; top 10 products by revenue.

Run: bench/.venv-ref/bin/python tests/reference/overview/make_reference.py FILE OUT.json
"""
import json
import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
raw = pd.read_csv(src, dtype=str, keep_default_na=False)
raw = raw.drop_duplicates()
qty = pd.to_numeric(raw["Quantity"])
price = pd.to_numeric(raw["UnitPrice"])
amount = qty * price
returns = (qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C")
adjustments = (price <= 0) | (amount == 0)
has_customer = raw["CustomerID"].str.strip() != ""
kept = raw[~returns & ~adjustments & has_customer].copy()
kept["amount"] = amount[kept.index]
kept["day"] = pd.to_datetime(kept["InvoiceDate"], format="ISO8601").dt.normalize()
first, last = kept["day"].min(), kept["day"].max()
DAY = pd.Timedelta(days=1)


def window(lines):
    orders = lines.groupby("CustomerID")["InvoiceNo"].nunique()
    n_orders = int(orders.sum())
    revenue = float(lines["amount"].sum())
    customers = len(orders)
    return {
        "customers": float(customers),
        "orders": float(n_orders),
        "revenue": revenue,
        "average_order_value": revenue / n_orders if n_orders else None,
        "repeat_rate": float((orders >= 2).sum()) / customers if customers else None,
    }


# The R `rfm` package's ten segments (name, r, f, m inclusive ranges), first match wins.
RULES = [
    ("Champions", (5, 5), (5, 5), (5, 5)),
    ("Potential Loyalist", (3, 5), (3, 5), (2, 5)),
    ("Loyal Customers", (2, 4), (2, 4), (2, 4)),
    ("Promising", (3, 4), (1, 3), (3, 5)),
    ("New Customers", (4, 5), (1, 3), (1, 5)),
    ("Can't Lose Them", (1, 2), (3, 4), (4, 5)),
    ("At Risk", (1, 2), (2, 5), (4, 5)),
    ("Need Attention", (1, 3), (3, 5), (3, 5)),
    ("About To Sleep", (2, 3), (1, 3), (1, 4)),
    ("Lost", (1, 1), (1, 5), (1, 5)),
]
AT_RISK = {"At Risk", "Can't Lose Them"}


def segments_as_of(day):
    lines = kept[kept["day"] <= day]
    g = lines.groupby("CustomerID").agg(
        last=("day", "max"), frequency=("InvoiceNo", "nunique"), monetary=("amount", "sum")
    )
    g["recency"] = (day + DAY - g["last"]).dt.days
    n = len(g)
    worse_r = g["recency"].rank(method="min", ascending=False) - 1
    worse_f = g["frequency"].rank(method="min", ascending=True) - 1
    worse_m = g["monetary"].rank(method="min", ascending=True) - 1
    g["r"] = (1 + np.floor(5 * worse_r / n)).astype(int)
    g["f"] = (1 + np.floor(5 * worse_f / n)).astype(int)
    g["m"] = (1 + np.floor(5 * worse_m / n)).astype(int)

    def classify(row):
        for name, r, f, m in RULES:
            if r[0] <= row.r <= r[1] and f[0] <= row.f <= f[1] and m[0] <= row.m <= m[1]:
                return name
        return "Other"

    g["segment"] = g.apply(classify, axis=1)
    return g


def at_risk(g):
    return float(g.loc[g["segment"].isin(AT_RISK), "monetary"].sum())


span = (last - first).days + 1
period = next((p for p in (365, 90, 30) if span >= 2 * p), None)
whole = window(kept)
now = segments_as_of(last)
result = {
    "first_date": str(first.date()),
    "last_date": str(last.date()),
    "period_days": period,
}
if period:
    cur = window(kept[kept["day"] > last - period * DAY])
    prev = window(kept[(kept["day"] <= last - period * DAY) & (kept["day"] > last - 2 * period * DAY)])
    risk_before = at_risk(segments_as_of(last - period * DAY))
else:
    cur = prev = None
for key in ["customers", "orders", "revenue", "average_order_value", "repeat_rate"]:
    result[key] = {
        "value": whole[key],
        "current": cur[key] if cur else None,
        "previous": prev[key] if prev else None,
    }
result["revenue_at_risk"] = {
    "value": at_risk(now),
    "current": at_risk(now) if period else None,
    "previous": risk_before if period else None,
}
kept["month"] = kept["day"].dt.strftime("%Y-%m")
months = kept.groupby("month").agg(
    revenue=("amount", "sum"), customers=("CustomerID", "nunique"),
)
months["orders"] = kept.groupby("month").apply(
    lambda m: m[["CustomerID", "InvoiceNo"]].drop_duplicates().shape[0], include_groups=False
)
result["months"] = [
    {"month": m, "revenue": float(r.revenue), "customers": int(r.customers), "orders": int(r.orders)}
    for m, r in months.iterrows()
]
seg = now.groupby("segment").agg(customers=("segment", "size"), revenue=("monetary", "sum"))
result["segments"] = {
    name: {"customers": int(r.customers), "revenue": float(r.revenue)} for name, r in seg.iterrows()
}
prod = kept.groupby("StockCode").agg(
    revenue=("amount", "sum"), customers=("CustomerID", "nunique")
)
prod["orders"] = kept[["StockCode", "CustomerID", "InvoiceNo"]].drop_duplicates().groupby("StockCode").size()
prod = prod.reset_index().sort_values(["revenue", "StockCode"], ascending=[False, True]).head(10)
result["top_products"] = [
    {"product_id": r.StockCode, "revenue": float(r.revenue), "orders": int(r.orders), "customers": int(r.customers)}
    for r in prod.itertuples()
]
result["generator"] = {
    "pandas": pd.__version__,
    "numpy": np.__version__,
    "python": sys.version.split()[0],
    "tolerance": "counts exact; money and rates 1e-9 relative",
}
with open(out, "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
print(f"{src}: {len(now)} customers, {first.date()}..{last.date()}, period {period}")
