"""The maximum-likelihood optimum of BG/NBD and Gamma-Gamma on several data sets, found by
scipy's optimisers independently of segmint (and of lifetimes' own fitter): the reference of
crates/core/tests/it/clv_optimum.rs.

Run from the repository root with the venv made by bench/setup.sh:

    bench/.venv-clv/bin/python tests/reference/clv/make_optimum_reference.py

Data sets (per-customer summary by lifetimes.utils.summary_data_from_transaction_data, as
lifetimes defines frequency, recency, T and monetary_value):
  cdnow_sample_week    ../shared/data/cdnow_sample.csv, purchases up to 1997-09-30, weeks
                       (freq='D', freq_multiplier=7): the paper's calibration set
  cdnow_master_day_1998_01_31
                       ../shared/data/cdnow_master.csv, purchases up to 1998-01-31, days: the
                       held-out case of issue 20
  cdnow_master_day     cdnow_master.csv, every purchase (to 1998-06-30), days
  cdnow_master_week    cdnow_master.csv, every purchase, weeks
  online_retail_day    ../shared/data/online_retail.csv under docs/definitions.md section 4's cleaning
                       (exact duplicate rows, returns, adjustments and lines without customer
                       id dropped, as tests/reference/rfm/make_reference.py does; line amount =
                       Quantity x UnitPrice), days to the last date
The CDNOW files are read as they are (every line a purchase, as lifetimes reads them).

Objective: the mean negative log-likelihood of lifetimes 0.11.3 (BetaGeoFitter: times scaled
so that the largest T is 1; GammaGammaFitter on repeat customers with monetary_value > 0),
written out here in numpy/scipy.special, over log-parameters, no penalizer. Optimisers, each
from the starts (0.1, 0.1, ...) (lifetimes' start), (0, 0, ...) and (1, -1, 1, ...):
  Nelder-Mead   scipy.optimize.minimize(method='Nelder-Mead', xatol=1e-12, fatol=1e-15,
                maxiter/maxfev 200,000), restarted from its own result until it stops moving
                (at most 5 times)
  L-BFGS-B      method='L-BFGS-B' with the analytic gradient written here (checked against
                central differences), gtol=1e-13, ftol=1e-16, maxiter 100,000
Stored per data set and model: every run's parameters and log-likelihood (summed over the
customers, in the data set's time unit), and the best. Also the summary's counts and sums so
the Rust test can show it fitted the same customers.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import scipy.optimize as opt
from scipy.special import gammaln, psi

import lifetimes
from lifetimes.utils import summary_data_from_transaction_data

here = Path(__file__).resolve().parent
root = here.parents[2]
data = root.parent / "shared" / "data"


def cdnow(name, end=None):
    tx = pd.read_csv(data / name, dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    if end is not None:
        tx = tx[tx["date"] <= pd.Timestamp(end)]
    return tx.rename(columns={"dollar_value": "amount"})[["customer_id", "date", "amount"]]


def online_retail():
    raw = pd.read_csv(data / "online_retail.csv", dtype=str, keep_default_na=False)
    raw = raw.drop_duplicates()
    qty = pd.to_numeric(raw["Quantity"])
    price = pd.to_numeric(raw["UnitPrice"])
    amount = qty * price
    returns = (qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C")
    adjustments = (price <= 0) | (amount == 0)
    has_customer = raw["CustomerID"].str.strip() != ""
    kept = raw[~returns & ~adjustments & has_customer].copy()
    kept["amount"] = amount[kept.index]
    kept["date"] = pd.to_datetime(kept["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    return kept.rename(columns={"CustomerID": "customer_id"})[["customer_id", "date", "amount"]]


def summary(tx, mult):
    end = tx["date"].max()
    return summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=end, freq="D", freq_multiplier=mult,
    )


def bgnbd_objective(x, tx, T):
    def f(theta):
        r, alpha, a, b = np.exp(theta)
        A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        A3 = -(r + x) * np.log(alpha + T)
        A4 = np.log(a) - np.log(b + np.where(x == 0, 1, x) - 1) - (r + x) * np.log(tx + alpha)
        m = np.maximum(A3, A4)
        e3, e4 = np.exp(A3 - m), np.exp(A4 - m) * (x > 0)
        ll = A1 + A2 + np.log(e3 + e4) + m
        w3, w4 = e3 / (e3 + e4), e4 / (e3 + e4)
        d_r = psi(r + x) - psi(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)
        d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx))
        d_a = psi(a + b) - psi(a + b + x) + w4 / a
        d_b = psi(a + b) + psi(b + x) - psi(b) - psi(a + b + x) - np.where(x > 0, w4 / (b + np.where(x == 0, 1, x) - 1), 0.0)
        n = len(x)
        grad = -np.array([d_r.sum() * r, d_alpha.sum() * alpha, d_a.sum() * a, d_b.sum() * b]) / n
        return -ll.sum() / n, grad
    return f


def gg_objective(x, m):
    def f(theta):
        p, q, v = np.exp(theta)
        px = p * x
        ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(x * m + v)
        d_p = x * (psi(px + q) - psi(px) + np.log(m) + np.log(x) - np.log(x * m + v))
        d_q = psi(px + q) - psi(q) + np.log(v) - np.log(x * m + v)
        d_v = q / v - (px + q) / (x * m + v)
        n = len(x)
        grad = -np.array([d_p.sum() * p, d_q.sum() * q, d_v.sum() * v]) / n
        return -ll.sum() / n, grad
    return f


def check_gradient(f, theta):
    _, g = f(theta)
    for i in range(len(theta)):
        h = np.zeros_like(theta)
        h[i] = 1e-6
        num = (f(theta + h)[0] - f(theta - h)[0]) / 2e-6
        assert abs(num - g[i]) < 1e-6 * (1 + abs(num)), (i, num, g[i])


def optimise(f, dim):
    starts = {"lifetimes (0.1)": np.full(dim, 0.1), "zero": np.zeros(dim), "alternating": np.array([1.0, -1.0] * 2)[:dim]}
    check_gradient(f, starts["lifetimes (0.1)"])
    runs = []
    for name, x0 in starts.items():
        x = x0
        for _ in range(6):
            res = opt.minimize(lambda t: f(t)[0], x, method="Nelder-Mead",
                               options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 200000, "maxfev": 200000})
            moved = np.max(np.abs(res.x - x))
            x = res.x
            if moved < 1e-13:
                break
        runs.append(("Nelder-Mead", name, x))
        res = opt.minimize(f, x0, jac=True, method="L-BFGS-B",
                           options={"gtol": 1e-13, "ftol": 1e-16, "maxiter": 100000, "maxfun": 100000})
        runs.append(("L-BFGS-B", name, res.x))
    return runs


def main():
    sets = {
        "cdnow_sample_week": (cdnow("cdnow_sample.csv", "1997-09-30"), 7, "week"),
        "cdnow_master_day_1998_01_31": (cdnow("cdnow_master.csv", "1998-01-31"), 1, "day"),
        "cdnow_master_day": (cdnow("cdnow_master.csv"), 1, "day"),
        "cdnow_master_week": (cdnow("cdnow_master.csv"), 7, "week"),
        "online_retail_day": (online_retail(), 1, "day"),
    }
    out = {
        "generated_by": "tests/reference/clv/make_optimum_reference.py",
        "versions": {"python": sys.version.split()[0], "scipy": scipy.__version__, "numpy": np.__version__,
                     "pandas": pd.__version__, "lifetimes (summary only)": lifetimes.__version__},
        "data_sets": {},
    }
    for name, (tx, mult, unit) in sets.items():
        s = summary(tx, mult)
        x, tx_, T = s["frequency"].to_numpy(float), s["recency"].to_numpy(float), s["T"].to_numpy(float)
        scale = 1.0 / T.max()
        f = bgnbd_objective(x, tx_ * scale, T * scale)
        n = len(x)
        bg_runs = []
        for method, start, theta in optimise(f, 4):
            r, alpha, a, b = np.exp(theta)
            ll = -f(theta)[0] * n + x.sum() * np.log(scale)
            bg_runs.append({"optimiser": method, "start": start, "r": r, "alpha": alpha / scale, "a": a, "b": b, "log_likelihood": ll})
        rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
        gx, gm = rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy(float)
        g = gg_objective(gx, gm)
        gg_runs = []
        for method, start, theta in optimise(g, 3):
            p, q, v = np.exp(theta)
            gg_runs.append({"optimiser": method, "start": start, "p": p, "q": q, "v": v, "log_likelihood": -g(theta)[0] * len(gx)})
        best = lambda runs: max(runs, key=lambda r: r["log_likelihood"])
        out["data_sets"][name] = {
            "time_unit": unit,
            "observation_end": str(tx["date"].max().date()),
            "customers": n,
            "sum_frequency": float(x.sum()),
            "sum_recency": float(tx_.sum()),
            "sum_t": float(T.sum()),
            "gamma_gamma_customers": int(len(gx)),
            "sum_monetary_value": float(gm.sum()),
            "bg_nbd": {"best": best(bg_runs), "runs": bg_runs},
            "gamma_gamma": {"best": best(gg_runs), "runs": gg_runs},
        }
        spread = lambda runs, key: max(r[key] for r in runs) - min(r[key] for r in runs)
        print(name, n, "BG/NBD best", best(bg_runs), "LL spread", spread(bg_runs, "log_likelihood"))
        print("   Gamma-Gamma best", best(gg_runs), "LL spread", spread(gg_runs, "log_likelihood"), flush=True)
    (here / "optimum.json").write_text(json.dumps(out, indent=1, default=float) + "\n")


if __name__ == "__main__":
    main()
