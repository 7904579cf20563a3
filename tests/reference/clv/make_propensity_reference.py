"""Independent reference for segmint-core's purchase propensity (clv::propensity), in
pandas + numpy, written from the definitions in the rustdoc, not from the Rust code.

    bench/.venv-clv/bin/python tests/reference/clv/make_propensity_reference.py ../shared/data/cdnow_master.csv

Windows of H = 90 days ending at the last purchase date: features at t1 = end - 2H with
labels in (t1, t1 + H] train the evaluated model; it is judged on features at t2 = end - H
and purchases in (t2, end]. Features: recency days (to the day after the date), distinct
purchase days, sum of amounts, tenure days; log1p, z-scored with the training window's mean
and population std. Logistic regression: mean log-loss + l2/2 |w|^2 (no intercept penalty),
by Newton's method. Final model refitted on the t2 window. Writes cdnow_master_propensity.json.
"""

import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
from scipy.stats import rankdata

H = 90
L2 = 1e-4
BINS = 10


def features(tx, as_of):
    past = tx[tx["day"] <= as_of]
    g = past.groupby("customer_id")
    f = pd.DataFrame({
        "recency_days": as_of + 1 - g["day"].max(),
        "frequency": g["day"].nunique(),
        "monetary": g["amount"].sum(),
        "tenure_days": as_of - g["day"].min(),
    })
    future = tx[(tx["day"] > as_of) & (tx["day"] <= as_of + H)]["customer_id"].unique()
    f["label"] = f.index.isin(future)
    return f


def fit(f):
    x = np.log1p(f[["recency_days", "frequency", "monetary", "tenure_days"]].to_numpy(float))
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    X = np.c_[np.ones(len(x)), (x - means) / scales]
    y = f["label"].to_numpy(float)
    pen = np.r_[0.0, np.full(4, L2)]
    w = np.zeros(5)
    for _ in range(100):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) / len(y) + pen * w
        if np.abs(g).max() < 1e-12:
            break
        hess = (X.T * (p * (1 - p))) @ X / len(y) + np.diag(pen)
        w = w - np.linalg.solve(hess, g)
    return {"intercept": w[0], "weights": w[1:].tolist(), "means": means.tolist(),
            "scales": scales.tolist()}


def predict(model, f):
    x = np.log1p(f[["recency_days", "frequency", "monetary", "tenure_days"]].to_numpy(float))
    z = model["intercept"] + ((x - model["means"]) / model["scales"]) @ np.array(model["weights"])
    return 1 / (1 + np.exp(-z))


def day_text(day):
    return str((pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(day))).date())


def main(path):
    tx = pd.read_csv(path, dtype={"customer_id": str, "date": str})
    tx["day"] = (pd.to_datetime(tx["date"], format="%Y%m%d") - pd.Timestamp("1970-01-01")).dt.days
    tx["amount"] = tx["dollar_value"]
    tx = tx[tx["amount"] >= 0]
    end = int(tx["day"].max())
    t1, t2 = end - 2 * H, end - H
    train, test = features(tx, t1), features(tx, t2)
    evaluated = fit(train)
    p = predict(evaluated, test)
    y = test["label"].to_numpy()
    pos, neg = y.sum(), (~y).sum()
    auc = (rankdata(p)[y].sum() - pos * (pos + 1) / 2) / (pos * neg)
    log_loss = float(-np.mean(np.where(y, np.log(p), np.log(1 - p))))
    order = np.argsort(p, kind="stable")
    n = len(order)
    calibration = []
    for b in range(BINS):
        part = order[b * n // BINS:(b + 1) * n // BINS]
        calibration.append({"customers": int(len(part)), "mean_predicted": float(p[part].mean()),
                            "observed_rate": float(y[part].mean())})
    window = lambda f, d: {"features_as_of": day_text(d), "customers": int(len(f)),
                           "buyers": int(f["label"].sum())}
    out = {
        "generated_by": "tests/reference/clv/make_propensity_reference.py",
        "versions": {"python": sys.version.split()[0], "pandas": pd.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "window_days": H, "l2": L2, "end": day_text(end),
        "training": window(train, t1), "test": window(test, t2),
        "auc": float(auc), "log_loss": log_loss, "calibration": calibration,
        "model": fit(test),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cdnow_master_propensity.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps({k: out[k] for k in ["auc", "log_loss", "training", "test"]}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cdnow_master.csv")
