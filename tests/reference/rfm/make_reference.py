"""Independent RFM reference for ../shared/data/online_retail.csv, computed with pandas.

Follows DESIGN §4 literally: exact duplicate rows (as text) are dropped; returns (quantity < 0,
amount < 0, or an invoice starting with "C"), adjustments (unit price <= 0 or amount == 0) and
lines without a customer id are excluded; reference date = the day after the latest order
date of the kept lines; recency = whole days from a customer's last order date; frequency =
distinct invoices; monetary = sum of quantity x unit price.

Run: bench/.venv/bin/python tests/reference/rfm/make_reference.py ../shared/data/online_retail.csv
"""
import sys
from pathlib import Path

import pandas as pd

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online_retail.csv"
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
kept["day"] = pd.to_datetime(kept["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
reference = kept["day"].max() + pd.Timedelta(days=1)
rfm = kept.groupby("CustomerID").agg(
    last=("day", "max"), frequency=("InvoiceNo", "nunique"), monetary=("amount", "sum")
)
rfm["recency_days"] = (reference - rfm["last"]).dt.days
out = rfm.reset_index().rename(columns={"CustomerID": "customer_id"})
out = out[["customer_id", "recency_days", "frequency", "monetary"]].sort_values("customer_id")
here = Path(__file__).parent
out.to_csv(here / "online_retail_rfm.csv", index=False, float_format="%.10f")
(here / "VERSIONS").write_text(
    f"pandas {pd.__version__}\npython {sys.version.split()[0]}\n"
    f"reference_date {reference.date()}\ncustomers {len(out)}\n"
    "tolerance: recency and frequency exact; monetary 1e-6 relative\n"
)
print(f"{len(out)} customers, reference date {reference.date()}")
