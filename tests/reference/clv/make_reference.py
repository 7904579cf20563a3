"""Reference outputs for segmint-core's lifetime-value tests, made with lifetimes 0.11.3.

Run from the repository root with the venv made by bench/setup.sh:

    bench/.venv-clv/bin/python tests/reference/clv/make_reference.py ../shared/data/cdnow_sample.csv

Calibration data = every purchase on or before 1997-09-30, observation end 1997-09-30,
in three time units (segmint's `TimeUnit`):
  week           freq='D', freq_multiplier=7: days / 7 (Fader, Hardie & Lee 2005's weeks)
  calendar_week  freq='W': pandas weekly periods (Monday-start weeks), whole weeks
  day            freq='D'
Writes, next to this script, for each UNIT:
  cdnow_sample_UNIT.json  versions, options, BG/NBD and Gamma-Gamma parameters, counts
  cdnow_sample_UNIT.csv   per customer: summary, P(alive), expected purchases, CLV
"""

import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import lifetimes
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

OBSERVATION_END = "1997-09-30"
HORIZON_DAYS = 364.0  # expected purchases over the next 52 weeks
CLV_MONTHS = 12
DISCOUNT_RATE = 0.01  # monthly
PENALIZER = 0.01


UNITS = {
    # name: (freq, freq_multiplier, days per unit, CLV freq)
    "week": ("D", 7, 7.0, "W"),
    "calendar_week": ("W", 1, 7.0, "W"),
    "day": ("D", 1, 1.0, "D"),
}


def main(path):
    for unit in UNITS:
        run(path, unit)


def run(path, unit):
    freq, mult, days_per_unit, clv_freq = UNITS[unit]
    horizon = HORIZON_DAYS / days_per_unit
    here = os.path.dirname(os.path.abspath(__file__))
    tx = pd.read_csv(path, dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    tx = tx[tx["date"] <= pd.Timestamp(OBSERVATION_END)]
    summary = summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="dollar_value",
        observation_period_end=OBSERVATION_END, freq=freq, freq_multiplier=mult,
    )
    bgf = BetaGeoFitter(penalizer_coef=0.0)
    bgf.fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    ggf = GammaGammaFitter(penalizer_coef=0.0)
    ggf.fit(repeat["frequency"], repeat["monetary_value"])
    corr = float(repeat[["frequency", "monetary_value"]].corr().iloc[0, 1])

    out = summary.copy()
    out["p_alive"] = bgf.conditional_probability_alive(out["frequency"], out["recency"], out["T"])
    out["expected_purchases"] = bgf.conditional_expected_number_of_purchases_up_to_time(
        horizon, out["frequency"], out["recency"], out["T"])
    out["clv"] = ggf.customer_lifetime_value(
        bgf, out["frequency"], out["recency"], out["T"], out["monetary_value"],
        time=CLV_MONTHS, discount_rate=DISCOUNT_RATE, freq=clv_freq)
    out.index.name = "customer_id"
    out.to_csv(os.path.join(here, f"cdnow_sample_{unit}.csv"), float_format="%.12g")

    meta = {
        "generated_by": "tests/reference/clv/make_reference.py",
        "versions": {
            "python": sys.version.split()[0], "lifetimes": lifetimes.__version__,
            "pandas": pd.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        },
        "options": {
            "observation_end": OBSERVATION_END, "time_unit": unit, "freq": freq,
            "freq_multiplier": mult, "horizon": horizon, "horizon_days": HORIZON_DAYS,
            "clv_months": CLV_MONTHS, "discount_rate": DISCOUNT_RATE, "penalizer": 0.0,
        },
        "customers": int(len(summary)),
        "repeat_customers": int((summary["frequency"] > 0).sum()),
        "gamma_gamma_customers": int(len(repeat)),
        "frequency_monetary_correlation": corr,
        "model": {k: float(v) for k, v in bgf.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
    }
    # The same fits with an L2 penalizer (lifetimes applies it to BG/NBD parameters with
    # times scaled to max T = 1).
    bgf_pen = BetaGeoFitter(penalizer_coef=PENALIZER).fit(
        summary["frequency"], summary["recency"], summary["T"])
    ggf_pen = GammaGammaFitter(penalizer_coef=PENALIZER).fit(
        repeat["frequency"], repeat["monetary_value"])
    meta["penalized"] = {
        "penalizer": PENALIZER,
        "model": {k: float(v) for k, v in bgf_pen.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in ggf_pen.params_.items()},
    }
    with open(os.path.join(here, f"cdnow_sample_{unit}.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(unit, json.dumps(meta["model"]), json.dumps(meta["gamma_gamma"]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cdnow_sample.csv")
