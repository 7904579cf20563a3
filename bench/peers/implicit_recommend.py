"""implicit's CosineRecommender doing what Segmint's `recommend_bench` example does (the
recommend job of bench/bench.py), on the pairs Segmint exported (same cleaning, same split).

    python bench/peers/implicit_recommend.py DIR [REPS] [--k K] [--threads T]

DIR holds all.csv, train.csv, test.csv (customer_id,product_id pairs from
`recommend_bench FILE --export-split DIR`). Timed in process, as the median of REPS: fit on
all.csv + the top 10 of every customer (`recommend` in one batch, already-bought items
filtered). Quality: fit on train.csv, top 10 of every customer with a training history and
at least one new item in test.csv, hit rate@10 and precision@10 with DESIGN §4's definitions.
--k: neighbours kept per item (implicit's default 20; 0 = every item, the exact cosine of
DESIGN §4 without its min_buyers threshold). Prints one JSON object.
"""
import argparse
import json
import statistics
import time

import implicit
import numpy as np
import pandas as pd
import scipy.sparse as sp
from implicit.nearest_neighbours import CosineRecommender

N = 10


def matrix(pairs, users, items):
    u = pairs["customer_id"].map(users).to_numpy()
    i = pairs["product_id"].map(items).to_numpy()
    return sp.csr_matrix((np.ones(len(u), dtype=np.float32), (u, i)), shape=(len(users), len(items)))


def fit(ui, k, threads):
    model = CosineRecommender(K=k or ui.shape[1], num_threads=threads)
    model.fit(ui, show_progress=False)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("reps", nargs="?", type=int, default=5)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    read = lambda n: pd.read_csv(f"{a.dir}/{n}", dtype=str, keep_default_na=False)  # noqa: E731
    every, train, test = read("all.csv"), read("train.csv"), read("test.csv")
    users = {c: k for k, c in enumerate(sorted(set(every["customer_id"])))}
    items = {p: k for k, p in enumerate(sorted(set(every["product_id"])))}
    full = matrix(every, users, items)
    everyone = np.arange(full.shape[0])
    times = []
    for _ in range(max(a.reps, 1)):
        t0 = time.perf_counter()
        model = fit(full, a.k, a.threads)
        model.recommend(everyone, full[everyone], N=N, filter_already_liked_items=True)
        times.append(time.perf_counter() - t0)

    tr = matrix(train, users, items)
    model = fit(tr, a.k, a.threads)
    history = train.groupby("customer_id")["product_id"].agg(set)
    new = test.groupby("customer_id")["product_id"].agg(set)
    evaluated = [c for c in history.index if len(new.get(c, set()) - history[c]) > 0]
    rows = np.array([users[c] for c in evaluated])
    ids, _ = model.recommend(rows, tr[rows], N=N, filter_already_liked_items=True)
    names = {k: p for p, k in items.items()}
    hits = hit = 0
    for c, rec in zip(evaluated, ids):
        fresh = new[c] - history[c]
        found = sum(names[int(i)] in fresh for i in rec if i >= 0)
        hits += found
        hit += found > 0
    print(json.dumps({
        "implementation": f"implicit {implicit.__version__} CosineRecommender(K={a.k or 'all'})",
        "customers": len(users), "count": len(users), "seconds": statistics.median(times),
        "all_s": times, "evaluated": len(evaluated), "hit_rate": hit / len(evaluated),
        "precision": hits / (len(evaluated) * N),
    }))


if __name__ == "__main__":
    main()
