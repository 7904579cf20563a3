"""scikit-learn doing segmint's choose-k sweep on the same matrix.

Usage: python sklearn_sweep.py MATRIX.csv [REPS]
MATRIX.csv is the scaled RFM matrix written by
`cluster_sweep FILE --write-matrix MATRIX.csv` (header row, then one row per customer).
Per repetition prints one JSON line: kmeans_s (KMeans(n_clusters=k, n_init=10,
random_state=0).fit for k = 2..=10), metrics_s (silhouette_score — exact, n < 10,000 —,
davies_bouldin_score, calinski_harabasz_score of each fit), sweep_s (both) and the inertias.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

X = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
for _ in range(reps):
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
        "kmeans_s": round(kmeans_s, 6),
        "metrics_s": round(metrics_s, 6),
        "sweep_s": round(kmeans_s + metrics_s, 6),
        "inertia": [round(f.inertia_, 6) for f in fits],
        "silhouette": [round(s, 6) for s in sil],
    }), flush=True)
