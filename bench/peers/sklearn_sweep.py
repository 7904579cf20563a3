"""scikit-learn doing Segmint's choose-k sweep on the same matrix.

    python sklearn_sweep.py MATRIX.csv

MATRIX.csv is the scaled RFM matrix written by Segmint's
`cluster_sweep FILE --write-matrix MATRIX.csv` (header row, then one row per customer, 17
significant digits), so both sides cluster exactly the same numbers. One small untimed fit
first pays for sklearn's lazy imports and thread-pool start-up; then one timed sweep:
KMeans(n_clusters=k, n_init=10, random_state=0).fit for k = 2..=10 (`kmeans_s`), then
silhouette_score (exact, n < 10,000), davies_bouldin_score and calinski_harabasz_score of each
fit (`metrics_s`). Prints one JSON line with both, their sum `sweep_s`, the inertias and
silhouettes, and `count` (customers).
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

X = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
KMeans(n_clusters=2, n_init=1, random_state=0).fit(X[:200])
start = time.perf_counter()
fits = [KMeans(n_clusters=k, n_init=10, random_state=0).fit(X) for k in range(2, 11)]
kmeans_s = time.perf_counter() - start
start = time.perf_counter()
sil = []
for f in fits:
    sil.append(silhouette_score(X, f.labels_))
    davies_bouldin_score(X, f.labels_)
    calinski_harabasz_score(X, f.labels_)
metrics_s = time.perf_counter() - start
print(json.dumps({
    "customers": X.shape[0],
    "count": X.shape[0],
    "kmeans_s": round(kmeans_s, 6),
    "metrics_s": round(metrics_s, 6),
    "sweep_s": round(kmeans_s + metrics_s, 6),
    "inertia": [round(f.inertia_, 6) for f in fits],
    "silhouette": [round(s, 6) for s in sil],
}), flush=True)
