"""Write an Online-Retail-like transaction file of N lines, deterministic for a given seed.

    bench/.venv/bin/python bench/scale/generate.py --lines 10000000 --out bench/scale/out/10M.csv
        [--seed 7] [--source ../shared/data/online_retail.csv]

Same columns and formats as UCI Online Retail (InvoiceNo, StockCode, Description, Quantity,
InvoiceDate `YYYY-MM-DD HH:MM:SS`, UnitPrice, CustomerID, Country), drawn from what the real
file shows:

- items: the real catalogue (stock code, its most common description, its median unit price),
  with Zipf-like popularity: the item of popularity rank r (rank in the real file) is drawn
  with weight 1 / (r + 50)^zipf (Zipf–Mandelbrot; zipf 1.0 by default: a long tail whose head
  matches the real file, where the top item is on 0.44% of the lines);
- basket sizes: lines per invoice drawn from the real invoices' sizes (cancellations from the
  real cancellations' sizes); quantities from the real quantities of sold lines;
- customers: N / 125 of them (the real file's ratio), each with an activity weight drawn from
  the real invoices-per-customer distribution and a country drawn from the real customers'
  countries; ~25% of invoices (so of lines) have no customer id (guest orders, countries as in
  the real guest orders);
- ~2% of lines are cancellations: invoices `C` + number, negative quantities;
- a few dirty lines as in the real file: ~0.5% exact duplicate lines, ~0.2% zero prices;
- dates: invoices in order over `--days` days from 2010-12-01, between 07:00 and 20:59.

The file is streamed to disk in chunks (memory stays small whatever N). Nothing is random
outside the seeded generator, so the same arguments give the same bytes.
"""
import argparse
import os
import sys
import time
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


def csv_field(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


class Catalogue:
    """What the generator draws from, learnt once from the real file."""

    def __init__(self, source, zipf):
        raw = pd.read_csv(source, dtype=str, keep_default_na=False)
        qty = pd.to_numeric(raw["Quantity"], errors="coerce")
        price = pd.to_numeric(raw["UnitPrice"], errors="coerce")
        cancel = raw["InvoiceNo"].str.startswith("C")
        sold = raw[~cancel & (qty > 0) & (price > 0)].assign(qty=qty, price=price)
        by_item = sold.groupby("StockCode")
        counts = by_item.size().sort_values(ascending=False, kind="stable")
        codes = counts.index.to_numpy()
        desc = by_item["Description"].agg(lambda s: s.value_counts().index[0])
        med_price = by_item["price"].median()
        self.item_text = [csv_field(c) + "," + csv_field(desc[c]) for c in codes]
        self.item_price = med_price[codes].to_numpy()
        ranks = np.arange(1, len(codes) + 1, dtype=np.float64)
        w = 1.0 / (ranks + 50.0)**zipf
        self.item_p = w / w.sum()
        self.basket_sizes = sold.groupby("InvoiceNo").size().to_numpy()
        self.cancel_sizes = raw[cancel].groupby("InvoiceNo").size().to_numpy()
        self.quantities = sold["qty"].to_numpy().astype(np.int64)
        with_id = sold[sold["CustomerID"] != ""]
        per_customer = with_id.groupby("CustomerID")
        self.customer_activity = per_customer["InvoiceNo"].nunique().to_numpy()
        self.customer_country = per_customer["Country"].first().to_numpy()
        guests = sold[sold["CustomerID"] == ""].drop_duplicates("InvoiceNo")["Country"]
        self.guest_country = guests.to_numpy()
        self.lines_per_customer = len(sold) / max(1, len(self.customer_activity))


def generate(out, lines, seed=7, source="../shared/data/online_retail.csv", zipf=1.0,
             missing=0.25, cancel=0.02, duplicates=0.005, zero_price=0.002, days=730,
             log=None):
    rng = np.random.default_rng(seed)
    cat = Catalogue(source, zipf)
    n_customers = max(10, int(lines / 125))
    activity = rng.choice(cat.customer_activity, n_customers).astype(np.float64)
    activity_p = activity / activity.sum()
    customer_country = [csv_field(c) for c in rng.choice(cat.customer_country, n_customers)]
    guest_country = [csv_field(c) for c in cat.guest_country]
    customer_ids = [str(12346 + i) for i in range(n_customers)]
    mean_size = cat.basket_sizes.mean()
    # cancellations are small invoices: pick the share of invoices that gives `cancel` of lines
    mc = cat.cancel_sizes.mean()
    cancel_invoices = cancel * mean_size / (mc * (1 - cancel) + cancel * mean_size)
    expected_invoices = max(1.0, lines / mean_size)
    start = datetime(2010, 12, 1)
    invoice_no = 536365
    written = 0
    invoice_index = 0
    chunk_invoices = 20000
    t0 = time.perf_counter()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        while written < lines:
            k = chunk_invoices
            is_cancel = rng.random(k) < cancel_invoices
            sizes = np.where(is_cancel, rng.choice(cat.cancel_sizes, k),
                             rng.choice(cat.basket_sizes, k))
            is_guest = (rng.random(k) < missing) & ~is_cancel
            who = rng.choice(n_customers, k, p=activity_p)
            guest_c = rng.integers(0, len(guest_country), k)
            # invoices advance evenly through the period; time of day 07:00–20:59
            day = np.minimum(((invoice_index + np.arange(k)) * days / expected_invoices)
                             .astype(np.int64), days - 1)
            second = rng.integers(7 * 3600, 21 * 3600, k) // 60 * 60
            total = int(sizes.sum())
            items = rng.choice(len(cat.item_p), total, p=cat.item_p)
            qty = rng.choice(cat.quantities, total)
            price = cat.item_price[items]
            tier = rng.random(total)
            price = np.where(tier < 0.1, np.round(price * 0.85, 2), price)
            price = np.where(rng.random(total) < zero_price, 0.0, price)
            dup = rng.random(total) < duplicates
            out_lines = []
            pos = 0
            for i in range(k):
                if written >= lines:
                    break
                size = int(sizes[i])
                if is_cancel[i]:
                    inv = f"C{invoice_no}"
                    sign = -1
                else:
                    inv = str(invoice_no)
                    sign = 1
                invoice_no += 1
                when = (start + timedelta(days=int(day[i]), seconds=int(second[i])))
                stamp = when.strftime("%Y-%m-%d %H:%M:%S")
                if is_guest[i]:
                    tail = "," + guest_country[guest_c[i]]
                else:
                    c = who[i]
                    tail = customer_ids[c] + "," + customer_country[c]
                for j in range(pos, pos + size):
                    line = (f"{inv},{cat.item_text[items[j]]},{sign * int(qty[j])},{stamp},"
                            f"{price[j]:g},{tail}\n")
                    out_lines.append(line)
                    written += 1
                    if dup[j] and written < lines:
                        out_lines.append(line)
                        written += 1
                    if written >= lines:
                        break
                pos += size
            invoice_index += k
            f.write("".join(out_lines))
            if log:
                log(f"{written:,} lines, {time.perf_counter() - t0:.0f} s")
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, required=True, help="data lines to write")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--source",
                    default=os.path.join(here, "..", "..", "..", "shared", "data",
                                         "online_retail.csv"))
    ap.add_argument("--zipf", type=float, default=1.0, help="item popularity exponent")
    ap.add_argument("--missing", type=float, default=0.25, help="share of guest invoices")
    ap.add_argument("--cancel", type=float, default=0.02, help="share of lines that are cancellations")
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    last = [0.0]

    def log(msg):
        if not a.quiet and time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            print(msg, file=sys.stderr, flush=True)

    n = generate(a.out, a.lines, a.seed, a.source, a.zipf, a.missing, a.cancel, days=a.days,
                 log=log)
    print(f"{n:,} lines written to {a.out} ({os.path.getsize(a.out) / 1e6:,.0f} MB)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
