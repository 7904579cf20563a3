"""Campaign-lift reference for crates/core/tests/it/lift_reference.rs, computed with scipy.

Writes a seeded synthetic campaign (numpy 2026 seed): treatment.csv (a HubSpot-format import
file as `segmint export` writes it), control.csv (the same format, the held-out group),
next_orders.csv (the orders after the campaign, Online Retail columns, with one return and
one cancelled invoice that must not count, and a few orders before the --since day), then
the lift statistics with scipy, independently of Segmint:
- conversion: Wald 95% interval with scipy.stats.norm.ppf(0.975); pooled two-proportion
  z-test, two-sided p-value 2 * norm.sf(|z|);
- revenue per customer: scipy.stats.ttest_ind(equal_var=False) (Welch): statistic, p-value,
  df, and its confidence_interval(0.95).
Cases: all orders, and --since 2012-01-10. Output: expected.json, VERSIONS.

Run from the repository root: .venv-ref/bin/python tests/reference/lift/make_reference.py
"""
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
from scipy import stats

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(2026)

treated = [f"T{i:04d}" for i in range(400)]
held = [f"C{i:03d}" for i in range(60)]
header = "Segmint Customer ID,Segmint Segment,Segmint Cluster,Segmint CLV Tier,Segmint Churn Risk Tier,Segmint Next Best Products"
for name, ids in [("treatment.csv", treated), ("control.csv", held)]:
    rows = [header] + [f"{c},Champions,1,high,low,22382 LUNCH BAG" for c in ids]
    (OUT / name).write_text("\r\n".join(rows) + "\r\n")

lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"]
invoice = 600000
for ids, rate in [(treated, 0.18), (held, 0.10)]:
    for c in ids:
        if rng.random() < rate:
            for _ in range(int(rng.integers(1, 4))):
                invoice += 1
                day = int(rng.integers(1, 28))
                qty = int(rng.integers(1, 12))
                price = float(rng.choice([0.85, 1.25, 2.95, 4.95, 12.75]))
                lines.append(f"{invoice},22382,LUNCH BAG,{qty},2012-01-{day:02d} 10:00:00,{price},{c},UK")
# A customer of neither group, a return and a cancellation of a converted customer.
lines.append("699001,22382,LUNCH BAG,3,2012-01-05 10:00:00,2.95,X999,UK")
buyer = lines[1].split(",")[6]
lines.append(f"699002,22382,LUNCH BAG,-2,2012-01-06 10:00:00,2.95,{buyer},UK")
lines.append(f"C699003,22382,LUNCH BAG,-1,2012-01-06 10:00:00,2.95,{buyer},UK")
(OUT / "next_orders.csv").write_text("\n".join(lines) + "\n")


def measure(since):
    o = pd.read_csv(OUT / "next_orders.csv", dtype=str)
    qty, price = pd.to_numeric(o["Quantity"]), pd.to_numeric(o["UnitPrice"])
    o["amount"] = qty * price
    o["day"] = pd.to_datetime(o["InvoiceDate"]).dt.normalize()
    kept = o[(qty > 0) & ~o["InvoiceNo"].str.startswith("C") & (price > 0)]
    if since:
        kept = kept[kept["day"] >= pd.Timestamp(since)]
    revenue = kept.groupby("CustomerID")["amount"].sum()
    rt = np.array([revenue.get(c, 0.0) for c in treated])
    rc = np.array([revenue.get(c, 0.0) for c in held])
    xt, xc = int((rt > 0).sum()), int((rc > 0).sum())
    nt, nc = len(rt), len(rc)
    pt, pc = xt / nt, xc / nc
    d = pt - pc
    z975 = stats.norm.ppf(0.975)
    se = np.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
    pooled = (xt + xc) / (nt + nc)
    z = d / np.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc))
    w = stats.ttest_ind(rt, rc, equal_var=False)
    ci = w.confidence_interval(0.95)
    return {
        "since": since,
        "treatment": {"customers": nt, "converted": xt, "revenue": float(rt.sum()),
                      "revenue_per_customer": float(rt.mean()), "revenue_sd": float(rt.std(ddof=1))},
        "control": {"customers": nc, "converted": xc, "revenue": float(rc.sum()),
                    "revenue_per_customer": float(rc.mean()), "revenue_sd": float(rc.std(ddof=1))},
        "conversion": {"difference": d, "low": float(d - z975 * se), "high": float(d + z975 * se),
                       "statistic": float(z), "p_value": float(2 * stats.norm.sf(abs(z)))},
        "revenue_per_customer": {"difference": float(rt.mean() - rc.mean()), "low": float(ci.low),
                                 "high": float(ci.high), "statistic": float(w.statistic),
                                 "p_value": float(w.pvalue), "df": float(w.df)},
    }


cases = [measure(None), measure("2012-01-10")]
(OUT / "expected.json").write_text(json.dumps(cases, indent=1) + "\n")
(OUT / "VERSIONS").write_text(
    f"python {platform.python_version()}\nscipy {scipy.__version__}\nnumpy {np.__version__}\n"
    f"pandas {pd.__version__}\ntolerance: counts exact; statistics 1e-9 relative\n")
print(json.dumps(cases[0]["conversion"]), json.dumps(cases[0]["revenue_per_customer"]))
