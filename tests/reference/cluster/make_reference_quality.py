"""How good scikit-learn's k-means and Gaussian mixtures are on several data sets, over random
states: the bar for crates/core/tests/it/cluster_quality.rs ("at least as good as
scikit-learn's median").

Usage (from the repository root, the venv made by bench/setup.sh):
    bench/.venv/bin/python tests/reference/cluster/make_reference_quality.py [--dump DIR]

Data sets (features: recency_days, frequency, monetary -> log1p -> z-score with the
population standard deviation, docs/definitions.md section 4, unless said otherwise):
  online_retail        every customer of UCI Online Retail, from the pandas-made
                       tests/reference/rfm/online_retail_rfm.csv (4,338 customers).
  online_retail_s{1..5} random 20% customer samples of it: numpy default_rng(seed).choice
                       without replacement; the raw RFM values of the full data, scaled within
                       the sample. The sampled customer ids are stored.
  cdnow                the customers of ../shared/data/cdnow_master.csv, RFM computed here with
                       pandas under docs/definitions.md section 4's cleaning: exact duplicate rows dropped,
                       zero-value lines (adjustments) dropped; reference date = the day after
                       the last order; recency in whole days; frequency = distinct order dates
                       (the file has no order id); monetary = sum of dollar_value.
  blobs_grid9          synthetic: 9 Gaussian blobs (sd 1) on a 3 x 3 grid, 12 sd apart, 2-D,
                       1,350 points. Used as given (no log1p, no scaling).
  blobs_uneven7        synthetic: 7 blobs in 4-D, sizes 40..600, sd 0.5..2, centres at least
                       14 sd apart, 1,700 points. Used as given.
The blobs are written to blobs_*.csv (6 decimals; the file is the data) with the generating
blob of each point. At the true k their generating partition is the known optimum: every
point is nearer its own blob's mean than any other (checked here), so it is a fixed point of
Lloyd's algorithm, and no partition of blobs this far apart does better.

For every data set and k = 2..=10, over random_state = 0..19:
  kmeans  KMeans(n_clusters=k, n_init=10, random_state=s).inertia_  (sklearn's defaults
          otherwise: k-means++, max_iter 300, tol 1e-4, algorithm 'lloyd')
  gmm     GaussianMixture(n_components=k, random_state=s).score(X)  (defaults: full
          covariance, n_init 1, tol 1e-3, max_iter 100, reg_covar 1e-6, init 'kmeans');
          the mean log-likelihood per sample
stored sorted, with min / median / max. Also per data set: rows, and the column sums and
sums of squares of the matrix, so the Rust test can show it reads the same numbers.
Writes quality.json and blobs_*.csv next to this script; VERSIONS lists the tool versions.
"""
import json
import platform
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)

here = Path(__file__).resolve().parent
root = here.parents[2]
data = root.parent / "shared" / "data"
STATES = range(20)
KS = range(2, 11)
SAMPLE_SEEDS = [1, 2, 3, 4, 5]


def scale(raw):
    logged = np.log1p(raw)
    return (logged - logged.mean(axis=0)) / logged.std(axis=0, ddof=0)


def online_retail():
    rfm = pd.read_csv(root / "tests/reference/rfm/online_retail_rfm.csv", dtype={"customer_id": str})
    return rfm["customer_id"].to_numpy(), rfm[["recency_days", "frequency", "monetary"]].to_numpy(np.float64)


def cdnow_rfm():
    raw = pd.read_csv(data / "cdnow_master.csv", dtype=str, keep_default_na=False)
    raw = raw.drop_duplicates()
    value = pd.to_numeric(raw["dollar_value"])
    kept = raw[value != 0].copy()
    kept["value"] = value[kept.index]
    kept["day"] = pd.to_datetime(kept["date"], format="%Y%m%d")
    reference = kept["day"].max() + pd.Timedelta(days=1)
    g = kept.groupby("customer_id").agg(last=("day", "max"), frequency=("day", "nunique"), monetary=("value", "sum"))
    g["recency_days"] = (reference - g["last"]).dt.days
    return g[["recency_days", "frequency", "monetary"]].to_numpy(np.float64)


def blobs(name, centres, sizes, sds, seed):
    rng = np.random.default_rng(seed)
    pts, lab = [], []
    for b, (c, n, sd) in enumerate(zip(centres, sizes, sds)):
        pts.append(np.asarray(c, float) + rng.normal(scale=sd, size=(n, len(c))))
        lab += [b] * n
    x = np.round(np.vstack(pts), 6)
    lab = np.array(lab)
    d = x.shape[1]
    with open(here / f"{name}.csv", "w") as f:
        f.write(",".join(f"x{j}" for j in range(d)) + ",blob\n")
        for row, l in zip(x, lab):
            f.write(",".join(f"{v:.6f}" for v in row) + f",{l}\n")
    x = np.loadtxt(here / f"{name}.csv", delimiter=",", skiprows=1)
    lab = x[:, -1].astype(int)
    x = x[:, :-1]
    k = len(sizes)
    means = np.array([x[lab == b].mean(axis=0) for b in range(k)])
    dist = ((x[:, None, :] - means[None]) ** 2).sum(axis=2)
    assert (dist.argmin(axis=1) == lab).all(), f"{name}: a point is nearer another blob's mean"
    optimum = float(((x - means[lab]) ** 2).sum())
    return x, k, optimum


def summary(values):
    v = sorted(float(a) for a in values)
    return {"min": v[0], "median": float(np.median(v)), "max": v[-1], "all": v}


def quality(x):
    out = {}
    for k in KS:
        inertia = [KMeans(n_clusters=k, n_init=10, random_state=s).fit(x).inertia_ for s in STATES]
        score = [GaussianMixture(n_components=k, random_state=s).fit(x).score(x) for s in STATES]
        out[str(k)] = {"kmeans_inertia": summary(inertia), "gmm_score": summary(score)}
        print(f"  k={k} inertia median {np.median(inertia):.6f}  gmm median {np.median(score):.6f}", flush=True)
    return out


def main():
    dump = Path(sys.argv[sys.argv.index("--dump") + 1]) if "--dump" in sys.argv else None
    sets = {}
    ids, raw = online_retail()
    sets["online_retail"] = ({"source": "tests/reference/rfm/online_retail_rfm.csv", "scaling": "log1p, z-score"}, scale(raw))
    for seed in SAMPLE_SEEDS:
        pick = np.sort(np.random.default_rng(seed).choice(len(ids), len(ids) // 5, replace=False))
        meta = {
            "source": "online_retail, a 20% customer sample",
            "scaling": "log1p, z-score within the sample",
            "sample_seed": seed,
            "customer_ids": [str(i) for i in ids[pick]],
        }
        sets[f"online_retail_s{seed}"] = (meta, scale(raw[pick]))
    sets["cdnow"] = ({"source": "../shared/data/cdnow_master.csv", "scaling": "log1p, z-score"}, scale(cdnow_rfm()))
    grid = [(12.0 * i, 12.0 * j) for i in range(3) for j in range(3)]
    x, k, opt = blobs("blobs_grid9", grid, [150] * 9, [1.0] * 9, 20261203)
    sets["blobs_grid9"] = ({"source": "blobs_grid9.csv", "scaling": "none", "true_k": k, "optimum_inertia": opt}, x)
    centres = [(0, 0, 0, 0), (30, 0, 0, 0), (0, 30, 0, 0), (0, 0, 30, 0), (0, 0, 0, 30), (30, 30, 0, 0), (0, 30, 30, 30)]
    x, k, opt = blobs("blobs_uneven7", centres, [600, 300, 250, 200, 180, 130, 40], [2.0, 1.5, 1.0, 1.2, 0.5, 2.0, 0.8], 20261204)
    sets["blobs_uneven7"] = ({"source": "blobs_uneven7.csv", "scaling": "none", "true_k": k, "optimum_inertia": opt}, x)

    out = {
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "kmeans": "KMeans(n_clusters=k, n_init=10, random_state=s), s = 0..19",
        "gmm": "GaussianMixture(n_components=k, random_state=s).score(X), s = 0..19",
        "data_sets": {},
    }
    for name, (meta, x) in sets.items():
        print(name, x.shape, flush=True)
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            np.savetxt(dump / f"{name}.csv", x, delimiter=",", fmt="%.17g")
        out["data_sets"][name] = {
            **meta,
            "rows": int(x.shape[0]),
            "column_sums": [float(v) for v in x.sum(axis=0)],
            "column_sums_of_squares": [float(v) for v in (x**2).sum(axis=0)],
            "k": quality(x),
        }
    (here / "quality.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
