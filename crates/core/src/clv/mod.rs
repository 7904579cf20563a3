//! Customer lifetime value: the BG/NBD model of "buy till you die" repeat purchasing and the
//! Gamma-Gamma model of spend, as in the `lifetimes` Python package (0.11.3). The tests
//! reproduce the published CDNOW parameters (Fader, Hardie & Lee 2005) within 1 %, and
//! `lifetimes`' per-customer P(alive) and expected purchases within 1e-4 (measured: 2e-6).
//!
//! # What it does
//! [`analyse`] runs the whole chain on a cleaned [`Transactions`] table:
//!
//! 1. **Lifetime summary** ([`summarise`]): per customer, purchases are merged per period
//!    (a calendar day, or a Monday–Sunday week with [`TimeUnit::CalendarWeek`]); times are
//!    in days, in weeks of 7 days ([`TimeUnit::Week`], the paper's unit) or in whole calendar
//!    weeks (`lifetimes`' `freq='W'`); `frequency` = repeat purchase periods,
//!    `recency` = first → last purchase, `t` = first purchase → observation end,
//!    `monetary_value` = mean value of the repeat periods (0 for one-time buyers). Only
//!    purchases on or before the observation end (default: the last date in the data) are
//!    used. **This recency is not RFM recency** ([`RECENCY_DEFINITION`]): it grows with
//!    loyalty, while RFM recency grows with inactivity.
//! 2. **BG/NBD** ([`BgNbd::fit`]): maximum likelihood on log-parameters with BFGS and the
//!    analytic gradient, optional L2 penalizer as in `lifetimes`. Gives each customer's
//!    probability of being alive ([`BgNbd::p_alive`]) and expected purchases over the horizon
//!    ([`BgNbd::expected_purchases`]).
//! 3. **Gamma-Gamma** ([`GammaGamma::fit`]) on repeat customers whose mean repeat value is
//!    positive; the others are counted in the report and a warning names them. The model
//!    assumes spend per purchase is independent of purchase frequency: the Pearson
//!    correlation of the two over the fitted customers is reported, with a warning when
//!    `|corr|` reaches [`ClvOptions::correlation_threshold`] (default 0.3).
//! 4. **CLV** as `lifetimes`' `GammaGammaFitter.customer_lifetime_value`: over `clv_months`
//!    months (default 12), month `i` contributes
//!    `E[spend] · (E[purchases by month i] − E[purchases by month i−1]) / (1 + d)^i`, where
//!    `d` is the monthly discount rate (default 0.01), a month is 30 days or 4.345 weeks, and
//!    `E[spend]` is [`GammaGamma::expected_average_value`].
//!
//! The [`propensity`] submodule answers a related question without a model of dying:
//! the probability that each customer buys in the next N days (logistic regression on
//! RFM-style features, evaluated out of time).
//!
//! # Defaults
//! Observation end = last purchase date; time unit = day; horizon = 365 days; penalizers 0;
//! BFGS to a largest gradient component of 1e-9 (max. 1,000 iterations). Everything is
//! deterministic: there is no random start.
//!
//! # Complexity
//! `O(n log n)` for the summary (one sort of the lines), then `O(u)` per likelihood
//! evaluation, where `u` ≤ customers is the number of distinct `(frequency, recency, T)`;
//! predictions are computed once per distinct history. The full CDNOW set (69,659 lines,
//! 23,570 customers, 11,104 distinct histories) takes ~45 ms natively, about 19× faster than
//! `lifetimes` 0.11.3 on the same machine (`bash bench/run.sh --only clv`, `bench/results/clv.md`).
//!
//! # References
//! - P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "Counting your customers the easy way:
//!   an alternative to the Pareto/NBD model", *Marketing Science* 24(2).
//! - P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "RFM and CLV: using iso-value curves for
//!   customer base analysis", *Journal of Marketing Research* 42(4) (Gamma-Gamma).
//! - P. S. Fader, B. G. S. Hardie (2013), "The Gamma-Gamma model of monetary value" (note).
//! - C. Davidson-Pilon et al., `lifetimes` 0.11.3 (the reference implementation).
//!
//! # Example
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::clv::{self, ClvOptions, TimeUnit};
//!
//! let mut tx = Transactions::default();
//! // customer, day number, amount: a few customers with repeat purchases
//! for (c, d, a) in [("a", 0, 10.0), ("a", 30, 12.0), ("a", 61, 11.0), ("b", 3, 40.0),
//!                   ("b", 50, 35.0), ("c", 10, 5.0), ("d", 20, 25.0), ("d", 80, 30.0),
//!                   ("e", 5, 8.0), ("e", 7, 9.0), ("e", 90, 7.5), ("f", 40, 60.0)] {
//!     tx.push(Some(c), None, None, d, a);
//! }
//! let report = clv::analyse(&tx, &ClvOptions::new().time_unit(TimeUnit::Week)).unwrap();
//! assert_eq!(report.customers.len(), 6);
//! assert!(report.customers.iter().all(|c| (0.0..=1.0).contains(&c.p_alive)));
//! ```

mod bgnbd;
mod errors;
mod gamma_gamma;
mod optimize;
pub mod propensity;
pub(crate) mod special;
mod summary;

pub use bgnbd::BgNbd;
pub use errors::ClvError;
pub use gamma_gamma::{GAMMA_GAMMA_MIN_CUSTOMERS, GammaGamma};
pub use summary::{CustomerSummary, LifetimeSummary, RECENCY_DEFINITION, TimeUnit, summarise};

use serde::{Deserialize, Serialize};

use crate::Transactions;
use summary::format_day;

/// Options of the lifetime-value analysis: a consuming builder, validated by
/// [`check`](Self::check) (which [`analyse`] calls).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvOptions {
    /// Last day (day number) whose purchases are used; `None`: the last date in the data.
    pub observation_end: Option<i32>,
    /// Time unit of recency, T and the model's α.
    pub time_unit: TimeUnit,
    /// Horizon of `expected_purchases`, in days (converted to the time unit).
    pub horizon_days: f64,
    /// Months of future purchases in the CLV.
    pub clv_months: u32,
    /// Monthly discount rate of the CLV.
    pub discount_rate: f64,
    /// L2 penalizer of the BG/NBD fit (on parameters with times scaled to max T = 1, as in
    /// `lifetimes`).
    pub penalizer: f64,
    /// L2 penalizer of the Gamma-Gamma fit.
    pub gamma_gamma_penalizer: f64,
    /// Warn when |corr(frequency, monetary value)| reaches this.
    pub correlation_threshold: f64,
    /// Convergence: largest gradient component of the mean negative log-likelihood.
    pub tolerance: f64,
    /// Most BFGS iterations per model.
    pub max_iter: u32,
    /// Also run the purchase-propensity analysis ([`propensity`]) with this window in days
    /// (`None`: not run). Its outcome is [`ClvReport::propensity`] or, when the data cannot
    /// support it (too short a history, one class), [`ClvReport::propensity_unavailable`].
    pub propensity_window_days: Option<u32>,
}

impl Default for ClvOptions {
    fn default() -> Self {
        Self {
            observation_end: None,
            time_unit: TimeUnit::Day,
            horizon_days: 365.0,
            clv_months: 12,
            discount_rate: 0.01,
            penalizer: 0.0,
            gamma_gamma_penalizer: 0.0,
            correlation_threshold: 0.3,
            tolerance: 1e-9,
            max_iter: 1000,
            propensity_window_days: None,
        }
    }
}

impl ClvOptions {
    /// The defaults (see the [module docs](self)).
    pub fn new() -> Self {
        Self::default()
    }
    /// Set the observation end (day number, see [`crate::table::days_from_civil`]).
    pub fn observation_end(mut self, day: Option<i32>) -> Self {
        self.observation_end = day;
        self
    }
    /// Set the time unit.
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }
    /// Set the horizon of expected purchases, in days.
    pub fn horizon_days(mut self, days: f64) -> Self {
        self.horizon_days = days;
        self
    }
    /// Set the CLV horizon in months.
    pub fn clv_months(mut self, months: u32) -> Self {
        self.clv_months = months;
        self
    }
    /// Set the monthly discount rate.
    pub fn discount_rate(mut self, rate: f64) -> Self {
        self.discount_rate = rate;
        self
    }
    /// Set the BG/NBD L2 penalizer.
    pub fn penalizer(mut self, coef: f64) -> Self {
        self.penalizer = coef;
        self
    }
    /// Set the Gamma-Gamma L2 penalizer.
    pub fn gamma_gamma_penalizer(mut self, coef: f64) -> Self {
        self.gamma_gamma_penalizer = coef;
        self
    }
    /// Set the correlation warning threshold.
    pub fn correlation_threshold(mut self, threshold: f64) -> Self {
        self.correlation_threshold = threshold;
        self
    }
    /// Set the convergence tolerance.
    pub fn tolerance(mut self, tol: f64) -> Self {
        self.tolerance = tol;
        self
    }
    /// Set the iteration limit.
    pub fn max_iter(mut self, n: u32) -> Self {
        self.max_iter = n;
        self
    }

    /// Validate every option.
    pub fn check(&self) -> Result<(), ClvError> {
        let bad = |name, reason: &str| {
            Err(ClvError::InvalidOption {
                name,
                reason: reason.into(),
            })
        };
        let finite_non_negative = |v: f64| v.is_finite() && v >= 0.0;
        if !finite_non_negative(self.horizon_days) {
            return bad("horizon_days", "must be a finite number ≥ 0");
        }
        if self.clv_months == 0 || self.clv_months > 1200 {
            return bad("clv_months", "must be between 1 and 1200");
        }
        if !finite_non_negative(self.discount_rate) {
            return bad("discount_rate", "must be a finite number ≥ 0 (per month)");
        }
        if !finite_non_negative(self.penalizer) {
            return bad("penalizer", "must be a finite number ≥ 0");
        }
        if !finite_non_negative(self.gamma_gamma_penalizer) {
            return bad("gamma_gamma_penalizer", "must be a finite number ≥ 0");
        }
        if !(self.correlation_threshold > 0.0 && self.correlation_threshold <= 1.0) {
            return bad("correlation_threshold", "must be in (0, 1]");
        }
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return bad("tolerance", "must be a finite number > 0");
        }
        if self.max_iter == 0 {
            return bad("max_iter", "must be at least 1");
        }
        Ok(())
    }
}

/// How a model fit went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitInfo {
    /// Customers the model was fitted on.
    pub customers: usize,
    /// Mean log-likelihood per customer at the optimum (without the penalty).
    pub mean_log_likelihood: f64,
    /// BFGS iterations.
    pub iterations: u32,
    /// Largest gradient component of the objective at the end.
    pub gradient_max: f64,
}

/// A caution about the result; `code` is stable, `message` is for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClvWarning {
    /// `frequency_monetary_correlation` or `gamma_gamma_excluded`.
    pub code: String,
    /// Plain-language explanation.
    pub message: String,
}

/// One customer's result (docs/definitions.md §5 `customers` entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerClv {
    /// The customer id as in the file.
    pub customer_id: String,
    /// Repeat purchase periods.
    pub frequency: u32,
    /// First → last purchase, in time units (NOT RFM recency).
    pub recency: f64,
    /// First purchase → observation end, in time units.
    pub t: f64,
    /// Mean value of repeat purchase periods (0 for one-time buyers).
    pub monetary_value: f64,
    /// Probability of being alive at the observation end.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Discounted expected value over `clv_months` months.
    pub clv: f64,
}

/// Counts that account for every customer and line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClvCounts {
    /// Customers with a purchase on or before the observation end.
    pub customers: usize,
    /// Of them, customers with at least one repeat purchase period.
    pub repeat_customers: usize,
    /// Repeat customers with a positive mean repeat value: the Gamma-Gamma fit set.
    pub gamma_gamma_customers: usize,
    /// Repeat customers left out of Gamma-Gamma (mean repeat value ≤ 0).
    pub gamma_gamma_excluded: usize,
    /// Lines used.
    pub lines_used: usize,
    /// Lines after the observation end.
    pub lines_after_observation_end: usize,
    /// Lines without customer id.
    pub lines_without_customer: usize,
    /// Lines with a negative amount (returns under the "net" policy).
    pub negative_lines: usize,
}

/// The lifetime-value result (docs/definitions.md §5 `clv`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClvReport {
    /// The observation end, `YYYY-MM-DD`.
    pub observation_end: String,
    /// Time unit of recency, T, α and `horizon`.
    pub time_unit: TimeUnit,
    /// Horizon of `expected_purchases` in time units.
    pub horizon: f64,
    /// The same horizon in days.
    pub horizon_days: f64,
    /// Months in the CLV.
    pub clv_months: u32,
    /// Monthly discount rate of the CLV.
    pub discount_rate: f64,
    /// What `recency` means here (it is not RFM recency).
    pub recency_definition: String,
    /// BG/NBD parameters.
    pub model: BgNbd,
    /// Gamma-Gamma parameters.
    pub gamma_gamma: GammaGamma,
    /// BG/NBD fit diagnostics.
    pub model_fit: FitInfo,
    /// Gamma-Gamma fit diagnostics.
    pub gamma_gamma_fit: FitInfo,
    /// Pearson correlation of frequency and monetary value over the Gamma-Gamma customers
    /// (`null` when undefined, e.g. all equal).
    pub frequency_monetary_correlation: Option<f64>,
    /// Counts.
    pub counts: ClvCounts,
    /// Cautions.
    pub warnings: Vec<ClvWarning>,
    /// Per customer, in order of customer id.
    pub customers: Vec<CustomerClv>,
    /// Purchase propensity, when [`ClvOptions::propensity_window_days`] asked for it and the
    /// data support it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propensity: Option<propensity::PropensityReport>,
    /// Why the propensity asked for could not be computed, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propensity_unavailable: Option<String>,
}

/// Run the lifetime-value analysis: summary, BG/NBD, Gamma-Gamma, per-customer P(alive),
/// expected purchases and CLV. See the [module docs](self) for the method.
pub fn analyse(tx: &Transactions, options: &ClvOptions) -> Result<ClvReport, ClvError> {
    options.check()?;
    let summary = summarise(tx, options.observation_end, options.time_unit)?;
    let unit = options.time_unit;
    let (model, model_fit) = BgNbd::fit(
        &summary.customers,
        options.penalizer,
        options.tolerance,
        options.max_iter,
    )?;

    let pairs: Vec<(u32, f64)> = summary
        .customers
        .iter()
        .filter(|c| c.frequency > 0 && c.monetary_value > 0.0)
        .map(|c| (c.frequency, c.monetary_value))
        .collect();
    let repeat_customers = summary.customers.iter().filter(|c| c.frequency > 0).count();
    let excluded = repeat_customers - pairs.len();
    let (gamma_gamma, gamma_gamma_fit) = GammaGamma::fit(
        &pairs,
        options.gamma_gamma_penalizer,
        options.tolerance,
        options.max_iter,
    )?;
    if gamma_gamma.q <= 1.0 {
        return Err(ClvError::Degenerate {
            model: "Gamma-Gamma",
            reason: format!(
                "q = {:.4} ≤ 1, so the population mean spend is infinite; try a \
                 gamma_gamma_penalizer",
                gamma_gamma.q
            ),
        });
    }

    let mut warnings = Vec::new();
    let corr = pearson(&pairs);
    if let Some(c) = corr.filter(|c| c.abs() >= options.correlation_threshold) {
        warnings.push(ClvWarning {
            code: "frequency_monetary_correlation".into(),
            message: format!(
                "frequency and mean repeat value are correlated (r = {c:.3}); Gamma-Gamma \
                 assumes they are independent, so its spend estimates (and the CLV) may be biased"
            ),
        });
    }
    if excluded > 0 {
        warnings.push(ClvWarning {
            code: "gamma_gamma_excluded".into(),
            message: format!(
                "{excluded} repeat customers with a mean repeat value ≤ 0 were left out of the \
                 Gamma-Gamma fit"
            ),
        });
    }

    let horizon = options.horizon_days / unit.days();
    let per_month = unit.per_month();
    // The ₂F₁ part of the expected purchases depends only on (frequency, T): compute it once
    // per distinct pair (a few thousand on CDNOW), for the horizon and for every CLV month.
    let numerators = per_frequency_and_age(&summary.customers, |x, t| {
        let expected = model.expected_numerator(horizon, x, t);
        let mut discounted = 0.0;
        let mut previous = 0.0;
        for month in 1..=options.clv_months {
            let cumulative = model.expected_numerator(f64::from(month) * per_month, x, t);
            discounted +=
                (cumulative - previous) / (1.0 + options.discount_rate).powf(f64::from(month));
            previous = cumulative;
        }
        [expected, discounted]
    });
    let mut customers = Vec::with_capacity(summary.customers.len());
    for (c, [expected, discounted]) in summary.customers.iter().zip(numerators) {
        let denominator = model.expected_denominator(c.frequency, c.recency, c.t);
        let (expected, discounted) = (expected / denominator, discounted / denominator);
        let p_alive = model.p_alive(c.frequency, c.recency, c.t);
        if !(p_alive.is_finite() && expected.is_finite() && discounted.is_finite()) {
            return Err(ClvError::Degenerate {
                model: "BG/NBD",
                reason: format!("predictions undefined for {model:?}"),
            });
        }
        let spend = gamma_gamma.expected_average_value(c.frequency, c.monetary_value);
        customers.push(CustomerClv {
            customer_id: tx.customer_ids.name(c.customer).to_owned(),
            frequency: c.frequency,
            recency: c.recency,
            t: c.t,
            monetary_value: c.monetary_value,
            p_alive,
            expected_purchases: expected,
            clv: spend * discounted,
        });
    }

    let (propensity, propensity_unavailable) = match options.propensity_window_days {
        None => (None, None),
        Some(days) => {
            let p = propensity::PropensityOptions::new()
                .end(Some(summary.observation_end))
                .window_days(days);
            match propensity::analyse(tx, &p) {
                Ok(report) => (Some(report), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
    };
    Ok(ClvReport {
        observation_end: format_day(summary.observation_end),
        time_unit: unit,
        horizon,
        horizon_days: options.horizon_days,
        clv_months: options.clv_months,
        discount_rate: options.discount_rate,
        recency_definition: RECENCY_DEFINITION.to_owned(),
        model,
        gamma_gamma,
        model_fit,
        gamma_gamma_fit,
        frequency_monetary_correlation: corr,
        counts: ClvCounts {
            customers: summary.customers.len(),
            repeat_customers,
            gamma_gamma_customers: pairs.len(),
            gamma_gamma_excluded: excluded,
            lines_used: summary.lines_used,
            lines_after_observation_end: summary.lines_after_observation_end,
            lines_without_customer: summary.lines_without_customer,
            negative_lines: summary.negative_lines,
        },
        warnings,
        customers,
        propensity,
        propensity_unavailable,
    })
}

/// Evaluate `f` once per distinct `(frequency, T)` and spread the results back.
fn per_frequency_and_age<const K: usize>(
    customers: &[CustomerSummary],
    mut f: impl FnMut(u32, f64) -> [f64; K],
) -> Vec<[f64; K]> {
    let mut order: Vec<usize> = (0..customers.len()).collect();
    let key = |i: usize| (customers[i].frequency, customers[i].t);
    order.sort_unstable_by(|&i, &j| {
        let (p, q) = (key(i), key(j));
        p.0.cmp(&q.0).then(p.1.total_cmp(&q.1))
    });
    let mut out = vec![[0.0; K]; customers.len()];
    let mut last: Option<((u32, f64), [f64; K])> = None;
    for i in order {
        let k = key(i);
        let value = match last {
            Some((lk, v)) if lk == k => v,
            _ => {
                let v = f(k.0, k.1);
                last = Some((k, v));
                v
            }
        };
        out[i] = value;
    }
    out
}

/// Pearson correlation of frequency and value; `None` if undefined.
fn pearson(pairs: &[(u32, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let mx = pairs.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        let (dx, dy) = (f64::from(x) - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some(r)
}
