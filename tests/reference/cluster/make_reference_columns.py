"""Reference for clustering with customer columns from a second file
(crates/core/tests/it/cluster_columns.rs), from scikit-learn.

Usage (from the repository root, with scikit-learn 1.9.1, numpy 2.4.6, pandas 3.1.1):
    python tests/reference/cluster/make_reference_columns.py

1. tests/fixtures/online_retail_customers.csv: a CRM-style file of per-customer attributes for
   the 4,338 customers of UCI Online Retail (ids from tests/reference/rfm/online_retail_rfm.csv)
   plus two CRM customers who never ordered:
   - tenure_days: days from the customer's first order line to the RFM reference date (the day
     after the last dated line of the file), from the raw file, every line with a customer id;
   - distinct_products: distinct StockCodes on the customer's lines with Quantity > 0;
   - country: the customer's first line's country (text: not a clustering feature).
   Rows are in descending customer id order, so nothing can depend on the file's row order.
2. columns.json: KMeans(n_clusters=k, n_init=10, random_state=0) inertia for k = 2..=6 on the
   matrix [recency_days, frequency, monetary, tenure_days] -> log1p -> z-score (population std)
   plus distinct_products -> min-max, the RFM values from online_retail_rfm.csv.
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans

here = Path(__file__).resolve().parent
root = here.parents[2]

raw = pd.read_csv(
    root.parent / "shared/data/online_retail.csv",
    dtype={"CustomerID": str, "InvoiceNo": str, "StockCode": str},
    encoding="utf-8",
)
raw["day"] = pd.to_datetime(raw["InvoiceDate"]).dt.normalize()
reference = raw["day"].max() + pd.Timedelta(days=1)
known = raw[raw["CustomerID"].notna()]

rfm = pd.read_csv(root / "tests/reference/rfm/online_retail_rfm.csv", dtype={"customer_id": str})
first = known.groupby("CustomerID")["day"].min()
tenure = (reference - first).dt.days
products = known[known["Quantity"] > 0].groupby("CustomerID")["StockCode"].nunique()
country = known.groupby("CustomerID")["Country"].first()

out = pd.DataFrame({"customer_id": rfm["customer_id"]})
out["tenure_days"] = out["customer_id"].map(tenure).astype(int)
out["distinct_products"] = out["customer_id"].map(products).fillna(0).astype(int)
out["country"] = out["customer_id"].map(country)
crm_only = pd.DataFrame(
    {
        "customer_id": ["CRM-0001", "CRM-0002"],
        "tenure_days": [12, 400],
        "distinct_products": [0, 0],
        "country": ["France", "Norway"],
    }
)
out = pd.concat([out, crm_only]).sort_values("customer_id", ascending=False)
out.to_csv(root / "tests/fixtures/online_retail_customers.csv", index=False)

logged = np.log1p(
    np.column_stack(
        [
            rfm[["recency_days", "frequency", "monetary"]].to_numpy(dtype=np.float64),
            rfm["customer_id"].map(tenure).to_numpy(dtype=np.float64),
        ]
    )
)
scaled = (logged - logged.mean(axis=0)) / logged.std(axis=0, ddof=0)
dp = rfm["customer_id"].map(products).fillna(0).to_numpy(dtype=np.float64)
X = np.column_stack([scaled, (dp - dp.min()) / (dp.max() - dp.min())])

sweep = []
for k in range(2, 7):
    km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    sweep.append({"k": k, "inertia": float(km.inertia_)})
    print(sweep[-1])

(here / "columns.json").write_text(
    json.dumps(
        {
            "versions": {
                "scikit-learn": sklearn.__version__,
                "numpy": np.__version__,
                "pandas": pd.__version__,
            },
            "tolerance": "inertia at most 0.1% above sklearn's",
            "features": [
                "recency_days log1p zscore",
                "frequency log1p zscore",
                "monetary log1p zscore",
                "tenure_days log1p zscore",
                "distinct_products min_max",
            ],
            "customers": int(len(rfm)),
            "sweep": sweep,
        },
        indent=2,
    )
    + "\n"
)
