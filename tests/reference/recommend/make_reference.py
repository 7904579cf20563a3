"""Dense reference of the recommendations (DESIGN §4) for crates/core/tests/it/recommend_reference.rs.

Everything is computed here independently of Segmint, with numpy and pandas, the slow and
obvious way: the whole customer x item matrix dense, X^T X for the co-purchase counts, the
full similarity matrix, every customer's score of every candidate (X @ S), then a sort of
each row. Cleaning as in DESIGN §4 (and tests/reference/rfm/make_reference.py): exact
duplicate rows dropped; returns (Quantity < 0, amount < 0, InvoiceNo starting with "C") and
adjustments (UnitPrice <= 0 or amount == 0) dropped; item = StockCode; customer lines =
lines with a CustomerID. Product descriptions (for the content similarity) = the most
frequent Description of the product's kept lines (with or without customer; ties: the first
seen); TF-IDF = scikit-learn's TfidfVectorizer (smooth_idf, l2) with the tokenizer of
crates/core/src/recommend/content.rs ported to Python.

Outputs (floats written with repr, i.e. round-trip exact):
  top10.csv       customer_id,rank,product_id,score,bestseller — every customer's top 10 by
                  score desc, buyers desc, id byte order asc; rows past rank 10 are scored
                  items tied with the 10th within 1e-9 (so a test can accept either order at
                  the cut); customers with fewer than 10 scored items get bestseller rows.
  evaluation.json the time split with a 30-day holdout and N = 10.
  audience.csv    product_id,rank,customer_id,score — the 100 best of three products.
  similar.csv     product_id,method,rank,other,similarity — 10 per product, co-purchase for
                  three warm products, content for three with fewer than 5 buyers.
  VERSIONS

Run from the repository root (any venv with numpy, pandas, scikit-learn):
  .venv-ref/bin/python tests/reference/recommend/make_reference.py
"""
import json
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent
TOP, MIN_BUYERS, HOLDOUT = 10, 5, 30
TIE = 1e-9


def is_cjk(c):
    o = ord(c)
    return (0x3040 <= o <= 0x309F or 0x30A0 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF
            or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x2A6DF)


def tokenize(text):
    tokens, word, cjk = [], [], []

    def flush_cjk():
        if len(cjk) == 1:
            tokens.append(cjk[0])
        elif len(cjk) > 1:
            tokens.extend(a + b for a, b in zip(cjk, cjk[1:]))
        cjk.clear()

    for c in text.lower():
        if c.isalnum():
            if is_cjk(c):
                if word:
                    tokens.append("".join(word))
                    word.clear()
                cjk.append(c)
            else:
                flush_cjk()
                word.append(c)
        else:
            flush_cjk()
            if word:
                tokens.append("".join(word))
                word.clear()
    flush_cjk()
    if word:
        tokens.append("".join(word))
    return tokens


def load():
    raw = pd.read_csv(DATA / "online_retail.csv", dtype=str, keep_default_na=False)
    raw = raw.drop_duplicates()
    qty = pd.to_numeric(raw["Quantity"])
    price = pd.to_numeric(raw["UnitPrice"])
    amount = qty * price
    returns = (qty < 0) | (amount < 0) | raw["InvoiceNo"].str.startswith("C")
    adjustments = (price <= 0) | (amount == 0)
    kept = raw[~returns & ~adjustments].copy()
    kept["item"] = kept["StockCode"].str.strip()
    kept["customer"] = kept["CustomerID"].str.strip()
    kept["day"] = pd.to_datetime(kept["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    kept["pos"] = np.arange(len(kept))
    return kept


class Model:
    """The definition, dense: items = every item a customer bought in `lines`."""

    def __init__(self, lines, items, name_rank):
        self.items = items  # all item ids (sorted by byte order)
        self.index = {p: k for k, p in enumerate(items)}
        self.name_rank = name_rank
        customers = sorted(lines["customer"].unique())
        self.customers = customers
        self.cindex = {c: k for k, c in enumerate(customers)}
        pairs = lines[["customer", "item"]].drop_duplicates()
        X = np.zeros((len(customers), len(items)))
        X[pairs["customer"].map(self.cindex).to_numpy(), pairs["item"].map(self.index).to_numpy()] = 1.0
        self.X = X
        N = X.T @ X
        self.buyers = np.diag(N).copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            S = N / np.sqrt(np.outer(self.buyers, self.buyers))
        S[~np.isfinite(S)] = 0.0
        np.fill_diagonal(S, 0.0)
        self.cand = np.flatnonzero(self.buyers >= MIN_BUYERS)
        self.S = S
        self.scores = X @ S[:, self.cand]  # customers x candidates
        order = np.lexsort((name_rank, -self.buyers))
        self.bestsellers = [int(i) for i in order if self.buyers[i] > 0]

    def ranked(self, c):
        """(item, score) of customer c's scored candidates, best first."""
        row = self.scores[c]
        keep = (row > 0) & (self.X[c, self.cand] == 0)
        idx = self.cand[keep]
        sc = row[keep]
        order = np.lexsort((self.name_rank[idx], -self.buyers[idx], -sc))
        return [(int(idx[k]), float(sc[k])) for k in order]

    def top(self, c, n=TOP):
        scored = self.ranked(c)[:n]
        listed = {i for i, _ in scored}
        fill = [b for b in self.bestsellers if self.X[c, b] == 0 and b not in listed]
        return scored, fill[: n - len(scored)]


def main():
    kept = load()
    items = sorted(kept.loc[kept["item"] != "", "item"].unique(), key=lambda s: s.encode())
    name_rank = np.arange(len(items))
    lines = kept[(kept["customer"] != "") & (kept["item"] != "")]
    model = Model(lines, items, name_rank)

    rows = ["customer_id,rank,product_id,score,bestseller"]
    for cid in model.customers:
        c = model.cindex[cid]
        ranked = model.ranked(c)
        scored, fill = model.top(c)
        extra = []
        if len(ranked) > TOP:
            cut = ranked[TOP - 1][1]
            extra = [r for r in ranked[TOP:] if r[1] >= cut - TIE]
        for k, (i, s) in enumerate(scored + extra):
            rows.append(f"{cid},{k + 1},{items[i]},{s!r},false")
        for k, i in enumerate(fill):
            rows.append(f"{cid},{len(scored) + k + 1},{items[i]},0.0,true")
    (OUT / "top10.csv").write_text("\n".join(rows) + "\n")

    # Audience of three products: every customer who has not bought it, score > 0.
    rows = ["product_id,rank,customer_id,score"]
    popular = [int(i) for i in np.argsort(-model.buyers, kind="stable")]
    audience_products = [items[popular[0]], items[popular[50]], items[popular[500]]]
    for p in audience_products:
        j = model.index[p]
        col = model.X @ model.S[:, j]
        members = [(model.customers[c], float(col[c])) for c in range(len(model.customers))
                   if model.X[c, j] == 0 and col[c] > 0]
        members.sort(key=lambda m: (-m[1], m[0].encode()))
        for k, (cid, s) in enumerate(members[:100]):
            rows.append(f"{p},{k + 1},{cid},{s!r}")
    (OUT / "audience.csv").write_text("\n".join(rows) + "\n")

    # Similar products: co-purchase for warm products, TF-IDF for cold ones.
    labelled = kept[(kept["item"] != "") & (kept["Description"].str.strip() != "")]
    counts = labelled.groupby(["item", "Description"]).agg(n=("pos", "size"), first=("pos", "min"))
    counts = counts.reset_index().sort_values(["item", "n", "first"], ascending=[True, False, True])
    label = counts.drop_duplicates("item").set_index("item")["Description"]
    docs = [label.get(p) for p in items]
    has_text = [d is not None for d in docs]
    vec = TfidfVectorizer(analyzer=tokenize, lowercase=False, smooth_idf=True, norm="l2")
    T = vec.fit_transform([d for d in docs if d is not None])
    doc_row = np.cumsum(has_text) - 1
    rows = ["product_id,method,rank,other,similarity"]
    warm = [items[popular[3]], items[popular[200]], items[popular[1000]]]
    cold = [p for p in items if 0 < model.buyers[model.index[p]] < MIN_BUYERS and label.get(p)][:3]
    for p in warm:
        j = model.index[p]
        sims = model.S[j, model.cand]
        keep = sims > 0
        idx, sc = model.cand[keep], sims[keep]
        order = np.lexsort((name_rank[idx], -model.buyers[idx], -sc))[:10]
        for k, o in enumerate(order):
            rows.append(f"{p},co_purchase,{k + 1},{items[idx[o]]},{float(sc[o])!r}")
    for p in cold:
        j = model.index[p]
        cos = (T @ T[doc_row[j]].T).toarray().ravel()
        cand = [(items[i], float(cos[doc_row[i]]), model.buyers[i]) for i in range(len(items))
                if has_text[i] and i != j and cos[doc_row[i]] > 0]
        cand.sort(key=lambda r: (-r[1], -r[2], r[0].encode()))
        for k, (o, s, _) in enumerate(cand[:10]):
            rows.append(f"{p},content,{k + 1},{o},{s!r}")
    (OUT / "similar.csv").write_text("\n".join(rows) + "\n")

    # Time split.
    last = lines["day"].max()
    cutoff = last - pd.Timedelta(days=HOLDOUT)
    train = Model(lines[lines["day"] < cutoff], items, name_rank)
    test = lines[lines["day"] >= cutoff].groupby("customer")["item"].agg(set)
    evaluated = hits = hit = base_hits = base_hit = 0
    for cid in train.customers:
        c = train.cindex[cid]
        history = {items[i] for i in np.flatnonzero(train.X[c])}
        new = test.get(cid, set()) - history
        if not new:
            continue
        evaluated += 1
        scored, fill = train.top(c)
        found = sum(items[i] in new for i, _ in scored) + sum(items[i] in new for i in fill)
        hits += found
        hit += found > 0
        base = [b for b in train.bestsellers if train.X[c, b] == 0][:TOP]
        b = sum(items[i] in new for i in base)
        base_hits += b
        base_hit += b > 0
    evaluation = {
        "cutoff": str(cutoff.date()), "customers": evaluated,
        "hit_rate": hit / evaluated, "precision": hits / (evaluated * TOP),
        "baseline_hit_rate": base_hit / evaluated,
        "baseline_precision": base_hits / (evaluated * TOP),
        "hits": hits, "customers_hit": hit, "baseline_hits": base_hits,
        "baseline_customers_hit": base_hit,
    }
    (OUT / "evaluation.json").write_text(json.dumps(evaluation, indent=1) + "\n")
    (OUT / "VERSIONS").write_text(
        f"python {platform.python_version()}\nnumpy {np.__version__}\npandas {pd.__version__}\n"
        f"scikit-learn {sklearn.__version__}\n"
        f"customers {len(model.customers)}\nitems {len(items)}\ncandidates {len(model.cand)}\n"
        "tolerance: scores and similarities 1e-9 absolute; lists equal up to ties (within "
        "1e-9) at the cut; bestseller fills and evaluation counts exact\n")
    print(json.dumps(evaluation))


if __name__ == "__main__":
    sys.exit(main())
