"""lifetimes doing what Segmint's `clv_bench` example does (the CLV job of bench/bench.py).

Same work as `cargo run --profile native -p segmint-core --example clv_bench`: from transactions already in memory,
summary (weeks = days / 7, observation end = last date) + BG/NBD fit + Gamma-Gamma fit on
repeat customers with positive mean value + per-customer P(alive), expected purchases over
52 weeks and 12-month CLV at 1 %/month. Prints one JSON object.

    bench/.venv-clv/bin/python bench/peers/lifetimes_clv.py FILE [REPS]
"""

import json
import statistics
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

warnings.simplefilter("ignore")


def analyse(tx):
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="dollar_value", freq="D", freq_multiplier=7)
    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(s["frequency"], s["recency"], s["T"])
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(rep["frequency"], rep["monetary_value"])
    p_alive = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(
        52.0, s["frequency"], s["recency"], s["T"])
    clv = ggf.customer_lifetime_value(
        bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"],
        time=12, discount_rate=0.01, freq="W")
    return s, bgf, ggf, p_alive, expected, clv


def main(path, reps):
    t0 = time.perf_counter()
    tx = pd.read_csv(path, dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    load_s = time.perf_counter() - t0
    times, cpu_times = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        s, bgf, ggf, _, _, clv = analyse(tx)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    print(json.dumps({
        "implementation": "lifetimes",
        "file": path, "lines": len(tx), "customers": len(s),
        "load_s": load_s, "analyse_s": times, "analyse_median_s": statistics.median(times),
        "analyse_cpu_s": cpu_times, "analyse_cpu_median_s": statistics.median(cpu_times),
        "model": {k: float(v) for k, v in bgf.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
        "total_clv": float(clv.sum()),
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
