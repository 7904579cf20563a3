"""Reference values for the Gaussian mixture and DBSCAN tests of
crates/core/tests/it/cluster_reference.rs, from scikit-learn.

Usage (from the repository root):
    bench/.venv/bin/python tests/reference/cluster/make_reference_gmm_dbscan.py

The matrix is the one make_reference.py uses: the scaled RFM features of UCI Online Retail
(default cleaning), recomputed independently from tests/reference/rfm/online_retail_rfm.csv
(log1p, then z-score with the population standard deviation), rows in that file's order
(its customer_id column). The Rust test puts its own matrix into this row order by customer
id before comparing.

1. Gaussian mixture, same start (exact EM check). For k = 2..=6, the labels of
   KMeans(n_clusters=k, n_init=1, random_state=0) are stored (one digit per customer); from
   them, as GaussianMixture's 'kmeans' init does, one-hot responsibilities give the starting
   weights/means/covariances (sklearn's own _estimate_gaussian_parameters), passed as
   weights_init / means_init / precisions_init to
   GaussianMixture(n_components=k, covariance_type=full|diag, n_init=1, max_iter=100,
   tol=1e-3, reg_covar=1e-6). Stored: score (mean log-likelihood per sample), bic, aic,
   lower_bound_, n_iter_. The EM from the same start must agree to 1e-6 (score) with the same
   number of iterations.
2. Gaussian mixture, end to end. GaussianMixture(n_components=k, covariance_type=full|diag,
   n_init=10, random_state=0) for k = 2..=6: score, bic, aic, n_parameters. The two
   implementations draw different random starts, so they may end in different local optima:
   measured over random_state 0..4, sklearn's own best-of-10 score varies by up to 6e-4 nats
   (full, k = 4). Tolerance: |segmint - sklearn| <= 2e-3 nats per sample on the score, so
   |BIC difference| <= 2 * n * 2e-3 (about 17); n_parameters exactly.
3. DBSCAN labels for a few (eps, min_samples) pairs (noise = -1). sklearn grows clusters in
   row order from the first unlabelled core point, and a border point (not core, within eps
   of a core point of two clusters) joins the first cluster that reaches it, so labels depend
   on row order; segmint does the same, so on rows in the same order the labels must be
   identical (cluster numbers included). `ambiguous_border_points` counts the border points
   within eps of core points of more than one cluster, where the order matters.
Writes gmm_dbscan.json next to this script.
"""
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import DBSCAN, KMeans
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters
from sklearn.neighbors import NearestNeighbors

here = Path(__file__).resolve().parent
root = here.parents[2]

rfm = pd.read_csv(root / "tests/reference/rfm/online_retail_rfm.csv", dtype={"customer_id": str})
raw = rfm[["recency_days", "frequency", "monetary"]].to_numpy(dtype=np.float64)
logged = np.log1p(raw)
X = (logged - logged.mean(axis=0)) / logged.std(axis=0, ddof=0)
n = X.shape[0]
REG = 1e-6

same_start = []
end_to_end = []
kmeans_labels = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=1, random_state=0).fit(X).labels_
    kmeans_labels[str(k)] = "".join(str(int(v)) for v in labels)
    resp = np.zeros((n, k))
    resp[np.arange(n), labels] = 1.0
    for ct in ["full", "diag"]:
        nk, means, cov = _estimate_gaussian_parameters(X, resp, REG, ct)
        precisions = np.linalg.inv(cov) if ct == "full" else 1.0 / cov
        gm = GaussianMixture(
            n_components=k,
            covariance_type=ct,
            n_init=1,
            max_iter=100,
            tol=1e-3,
            reg_covar=REG,
            weights_init=nk / n,
            means_init=means,
            precisions_init=precisions,
            init_params="random_from_data",
            random_state=0,
        ).fit(X)
        same_start.append(
            {
                "k": k,
                "covariance": ct,
                "score": float(gm.score(X)),
                "bic": float(gm.bic(X)),
                "aic": float(gm.aic(X)),
                "lower_bound": float(gm.lower_bound_),
                "n_iter": int(gm.n_iter_),
                "converged": bool(gm.converged_),
            }
        )
        gm = GaussianMixture(n_components=k, covariance_type=ct, n_init=10, random_state=0).fit(X)
        score = float(gm.score(X))
        bic = float(gm.bic(X))
        end_to_end.append(
            {
                "k": k,
                "covariance": ct,
                "score": score,
                "bic": bic,
                "aic": float(gm.aic(X)),
                "n_parameters": int(round((bic + 2 * score * n) / np.log(n))),
                "n_iter": int(gm.n_iter_),
            }
        )
        print(same_start[-1]["k"], ct, same_start[-1]["score"], end_to_end[-1], flush=True)

dbscan = []
for eps, ms in [(0.2, 10), (0.3, 5), (0.5, 5)]:
    model = DBSCAN(eps=eps, min_samples=ms).fit(X)
    labels = model.labels_
    core = np.zeros(n, dtype=bool)
    core[model.core_sample_indices_] = True
    neighbours = NearestNeighbors(radius=eps).fit(X).radius_neighbors(X, return_distance=False)
    ambiguous = sum(
        1
        for i in range(n)
        if not core[i] and len({int(labels[j]) for j in neighbours[i] if core[j]}) > 1
    )
    dbscan.append(
        {
            "eps": eps,
            "min_samples": ms,
            "clusters": int(labels.max() + 1),
            "noise": int((labels == -1).sum()),
            "core_points": int(core.sum()),
            "ambiguous_border_points": ambiguous,
            "labels": [int(v) for v in labels],
        }
    )
    print(eps, ms, dbscan[-1]["clusters"], dbscan[-1]["noise"], ambiguous, flush=True)

versions = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scikit-learn": sklearn.__version__,
}
out = {
    "versions": versions,
    "customers": n,
    "customer_ids": list(rfm["customer_id"]),
    "features": "recency_days, frequency, monetary -> log1p -> z-score (ddof=0)",
    "tolerances": {
        "gmm_same_start_score": 1e-6,
        "gmm_same_start_n_iter": "equal",
        "gmm_end_to_end_score": 2e-3,
        "dbscan": "identical labels on rows in the same order",
    },
    "kmeans_labels": kmeans_labels,
    "gmm_same_start": same_start,
    "gmm_end_to_end": end_to_end,
    "dbscan": dbscan,
}
(here / "gmm_dbscan.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
