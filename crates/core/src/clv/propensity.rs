//! Purchase propensity: the probability that each customer buys in the next `window_days`.
//!
//! # Steps
//! 1. Three dates, `window_days` (`H`, default 90) apart, ending at the last purchase date
//!    (or [`PropensityOptions::end`]): `t₁ = end − 2H`, `t₂ = end − H`, `end`.
//! 2. **Features** of every customer who bought on or before a date `e`: RFM-style recency
//!    (days from the last purchase to the day after `e`), frequency (distinct purchase days),
//!    monetary (sum of amounts) and tenure (days from the first purchase to `e`); each is
//!    `log1p`-transformed and z-scored with the training window's mean and population
//!    standard deviation. **Label**: whether the customer bought in `(e, e + H]`.
//! 3. **Out-of-time evaluation**: a logistic regression is fitted on features at `t₁` →
//!    labels in `(t₁, t₂]`, then applied to features at `t₂` and judged against the real
//!    purchases in `(t₂, end]`: AUC (Mann–Whitney, ties averaged), mean log-loss, and a
//!    calibration table (customers sorted by predicted probability, `calibration_bins`
//!    equal-count bins, mean prediction vs observed rate).
//! 4. **Scores**: the model is refitted on `t₂` → `(t₂, end]` and scores every customer with
//!    features at `end`: the probability of a purchase in the `H` days after the data.
//!
//! The logistic regression minimises the mean log-loss plus `l2/2 · ‖w‖²` (intercept not
//! penalised; default `l2` = 1e-4, enough to keep a perfectly separable window finite) by
//! Newton's method with a backtracking step, to a largest gradient component of 1e-10. It is
//! hand-written (five unknowns, a 5×5 solve per step, converging in under ten iterations)
//! rather than `linfa-logistic`, which would bring `ndarray` and `argmin` into the core and
//! the wasm bundle for no gain in accuracy. Returns a typed error when a window has only
//! buyers or only non-buyers, or the data span less than `2H + 1` days.
//!
//! Cost: `O(n log n)` for one sort of the lines, then `O(customers)` per Newton step.
//!
//! # Example
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::clv::propensity::{self, PropensityOptions};
//!
//! let mut tx = Transactions::default();
//! for c in 0..40 {
//!     let id = format!("c{c}");
//!     // even customers buy every 20 days; odd ones stop after their first purchase
//!     let days = if c % 2 == 0 { (0..18).map(|k| c + 20 * k).collect() } else { vec![c] };
//!     for d in days {
//!         tx.push(Some(&id), None, None, d, 10.0);
//!     }
//! }
//! let report = propensity::analyse(&tx, &PropensityOptions::new().window_days(90)).unwrap();
//! assert!(report.auc > 0.9);
//! ```

use serde::{Deserialize, Serialize};

use super::summary::format_day;
use crate::Transactions;
use crate::table::NO_ID;

/// Number of features.
const K: usize = 4;
/// Feature names, in the order of [`PropensityModel::weights`].
pub const FEATURES: [&str; K] = ["recency_days", "frequency", "monetary", "tenure_days"];

/// Options of the propensity analysis (a consuming builder; [`check`](Self::check)ed by
/// [`analyse`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PropensityOptions {
    /// Last day used (day number); `None`: the last purchase date.
    pub end: Option<i32>,
    /// Length of the prediction window, in days.
    pub window_days: u32,
    /// L2 penalty on the (standardised) feature weights.
    pub l2: f64,
    /// Bins of the calibration table.
    pub calibration_bins: u32,
    /// Most Newton iterations.
    pub max_iter: u32,
}

impl Default for PropensityOptions {
    fn default() -> Self {
        Self {
            end: None,
            window_days: 90,
            l2: 1e-4,
            calibration_bins: 10,
            max_iter: 100,
        }
    }
}

impl PropensityOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Set the last day used.
    pub fn end(mut self, day: Option<i32>) -> Self {
        self.end = day;
        self
    }
    /// Set the window length in days.
    pub fn window_days(mut self, days: u32) -> Self {
        self.window_days = days;
        self
    }
    /// Set the L2 penalty.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }
    /// Set the number of calibration bins.
    pub fn calibration_bins(mut self, bins: u32) -> Self {
        self.calibration_bins = bins;
        self
    }
    /// Set the iteration limit.
    pub fn max_iter(mut self, n: u32) -> Self {
        self.max_iter = n;
        self
    }

    /// Validate every option.
    pub fn check(&self) -> Result<(), PropensityError> {
        let bad = |name, reason: &str| {
            Err(PropensityError::InvalidOption {
                name,
                reason: reason.into(),
            })
        };
        if self.window_days == 0 || self.window_days > 36_500 {
            return bad("window_days", "must be between 1 and 36500");
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return bad("l2", "must be a finite number ≥ 0");
        }
        if self.calibration_bins == 0 || self.calibration_bins > 100 {
            return bad("calibration_bins", "must be between 1 and 100");
        }
        if self.max_iter == 0 {
            return bad("max_iter", "must be at least 1");
        }
        Ok(())
    }
}

/// Why there is no propensity result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PropensityError {
    /// An option is out of range.
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A line's amount is NaN or infinite.
    #[error("line {line} (0-based index in the transaction table): amount is not a finite number")]
    NonFiniteAmount {
        /// 0-based line index.
        line: usize,
    },
    /// The data do not cover a training window, a test window and the history before them.
    #[error(
        "propensity needs purchases before {first_needed} (two {window_days}-day windows \
         before the end {end}); the first purchase is on {first_purchase}"
    )]
    NotEnoughHistory {
        /// Window length in days.
        window_days: u32,
        /// End of the data, `YYYY-MM-DD`.
        end: String,
        /// The training features' date, `YYYY-MM-DD`: some purchase must precede it.
        first_needed: String,
        /// First purchase date, `YYYY-MM-DD` (empty if there is none).
        first_purchase: String,
    },
    /// Everyone, or no one, bought in a window: nothing to learn or to judge.
    #[error(
        "in the {window} window {buyers} of {customers} customers bought: need both buyers and non-buyers"
    )]
    OneClass {
        /// `"training"` or `"test"`.
        window: &'static str,
        /// Buyers in the window.
        buyers: usize,
        /// Customers.
        customers: usize,
    },
    /// Newton's method did not converge.
    #[error("the logistic regression did not converge in {iterations} iterations; try a larger l2")]
    NotConverged {
        /// Iterations done.
        iterations: u32,
    },
}

/// A fitted logistic regression on standardised `log1p` features.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropensityModel {
    /// Feature names ([`FEATURES`]).
    pub features: Vec<String>,
    /// Mean of each `log1p` feature in the fitting window.
    pub means: [f64; K],
    /// Population standard deviation of each `log1p` feature (1 where it is 0).
    pub scales: [f64; K],
    /// Intercept.
    pub intercept: f64,
    /// Weight of each standardised feature.
    pub weights: [f64; K],
    /// Newton iterations.
    pub iterations: u32,
}

impl PropensityModel {
    /// Purchase probability for raw features (recency days, frequency, monetary, tenure days).
    pub fn predict(&self, raw: &[f64; K]) -> f64 {
        let z = self.intercept
            + (0..K)
                .map(|j| {
                    self.weights[j] * (raw[j].max(0.0).ln_1p() - self.means[j]) / self.scales[j]
                })
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// One calibration bin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Customers in the bin.
    pub customers: usize,
    /// Lowest predicted probability in the bin.
    pub min_predicted: f64,
    /// Highest predicted probability in the bin.
    pub max_predicted: f64,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Share of the bin's customers who actually bought.
    pub observed_rate: f64,
}

/// One window pair: features as of a date, labels over the following window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Features use purchases up to and including this date, `YYYY-MM-DD`.
    pub features_as_of: String,
    /// Labels: a purchase after `features_as_of` up to and including this date.
    pub labels_until: String,
    /// Customers with a purchase on or before `features_as_of`.
    pub customers: usize,
    /// Of them, customers who bought in the window.
    pub buyers: usize,
}

/// One customer's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerPropensity {
    /// The customer id as in the file.
    pub customer_id: String,
    /// Days from the last purchase to the day after the end.
    pub recency_days: u32,
    /// Distinct purchase days.
    pub frequency: u32,
    /// Sum of amounts.
    pub monetary: f64,
    /// Days from the first purchase to the end.
    pub tenure_days: u32,
    /// Probability of a purchase in the `window_days` after the end.
    pub probability: f64,
}

/// The propensity result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropensityReport {
    /// Last day used, `YYYY-MM-DD`.
    pub end: String,
    /// Window length in days.
    pub window_days: u32,
    /// The training window pair of the evaluation.
    pub training: Window,
    /// The test window pair of the evaluation (also the final model's fitting window).
    pub test: Window,
    /// Area under the ROC curve on the test window (0.5 = chance).
    pub auc: f64,
    /// Mean log-loss on the test window.
    pub log_loss: f64,
    /// Share of buyers in the test window (what a constant prediction would say).
    pub base_rate: f64,
    /// Calibration of the evaluated model on the test window, lowest predictions first.
    pub calibration: Vec<CalibrationBin>,
    /// The final model (fitted on the test window), which made `customers`' scores.
    pub model: PropensityModel,
    /// Every customer with a purchase on or before the end, in order of customer id.
    pub customers: Vec<CustomerPropensity>,
}

/// Per-customer features as of a date and the label of the following window.
struct Rows {
    customer: Vec<u32>,
    raw: Vec<[f64; K]>,
    label: Vec<bool>,
}

/// Features at `as_of`, labels over `(as_of, as_of + window]`; `lines` sorted by customer, day.
fn rows(lines: &[(u32, i32, f64)], as_of: i32, window: i32) -> Rows {
    let mut out = Rows {
        customer: Vec::new(),
        raw: Vec::new(),
        label: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        let c = lines[i].0;
        let (mut first, mut last, mut days, mut money, mut bought) =
            (i32::MAX, 0, 0u32, 0.0, false);
        let mut previous_day = i32::MIN;
        while i < lines.len() && lines[i].0 == c {
            let (_, d, a) = lines[i];
            if d <= as_of {
                first = first.min(d);
                last = d;
                money += a;
                if d != previous_day {
                    days += 1;
                    previous_day = d;
                }
            } else if d <= as_of + window {
                bought = true;
            }
            i += 1;
        }
        if days > 0 {
            out.customer.push(c);
            out.raw.push([
                f64::from(as_of + 1 - last),
                f64::from(days),
                money,
                f64::from(as_of - first),
            ]);
            out.label.push(bought);
        }
    }
    out
}

/// Run the propensity analysis. See the [module docs](self).
pub fn analyse(
    tx: &Transactions,
    options: &PropensityOptions,
) -> Result<PropensityReport, PropensityError> {
    options.check()?;
    let mut lines = Vec::with_capacity(tx.len());
    for (i, ((&c, &d), &a)) in tx.customer.iter().zip(&tx.day).zip(&tx.amount).enumerate() {
        if !a.is_finite() {
            return Err(PropensityError::NonFiniteAmount { line: i });
        }
        if c != NO_ID && a >= 0.0 {
            lines.push((c, d, a));
        }
    }
    let latest = lines.iter().map(|l| l.1).max();
    let end = options.end.or(latest).unwrap_or(0);
    lines.retain(|l| l.1 <= end);
    lines.sort_by_key(|l| (l.0, l.1));
    let h = options.window_days as i32;
    let (t1, t2) = (end - 2 * h, end - h);
    let first = lines.iter().map(|l| l.1).min();
    if first.is_none_or(|f| f > t1) {
        return Err(PropensityError::NotEnoughHistory {
            window_days: options.window_days,
            end: format_day(end),
            first_needed: format_day(t1),
            first_purchase: first.map(format_day).unwrap_or_default(),
        });
    }
    let train = rows(&lines, t1, h);
    let test = rows(&lines, t2, h);
    let window = |name: &'static str, r: &Rows, as_of: i32| {
        let buyers = r.label.iter().filter(|&&b| b).count();
        if buyers == 0 || buyers == r.label.len() {
            return Err(PropensityError::OneClass {
                window: name,
                buyers,
                customers: r.label.len(),
            });
        }
        Ok(Window {
            features_as_of: format_day(as_of),
            labels_until: format_day(as_of + h),
            customers: r.label.len(),
            buyers,
        })
    };
    let training = window("training", &train, t1)?;
    let testing = window("test", &test, t2)?;

    let evaluated = fit(&train, options)?;
    let predicted: Vec<f64> = test.raw.iter().map(|x| evaluated.predict(x)).collect();
    let auc = auc(&predicted, &test.label);
    let log_loss = predicted
        .iter()
        .zip(&test.label)
        .map(|(&p, &y)| -(if y { p } else { 1.0 - p }).max(1e-300).ln())
        .sum::<f64>()
        / predicted.len() as f64;
    let calibration = calibration(&predicted, &test.label, options.calibration_bins as usize);

    let model = fit(&test, options)?;
    let now = rows(&lines, end, 0);
    let customers = now
        .customer
        .iter()
        .zip(&now.raw)
        .map(|(&c, raw)| CustomerPropensity {
            customer_id: tx.customer_ids.name(c).to_owned(),
            recency_days: raw[0] as u32,
            frequency: raw[1] as u32,
            monetary: raw[2],
            tenure_days: raw[3] as u32,
            probability: model.predict(raw),
        })
        .collect();
    Ok(PropensityReport {
        end: format_day(end),
        window_days: options.window_days,
        base_rate: testing.buyers as f64 / testing.customers as f64,
        training,
        test: testing,
        auc,
        log_loss,
        calibration,
        model,
        customers,
    })
}

/// Standardise the rows' features and fit the logistic regression.
fn fit(r: &Rows, options: &PropensityOptions) -> Result<PropensityModel, PropensityError> {
    let n = r.raw.len() as f64;
    let logged: Vec<[f64; K]> = r
        .raw
        .iter()
        .map(|x| x.map(|v| v.max(0.0).ln_1p()))
        .collect();
    let mut means = [0.0; K];
    let mut scales = [0.0; K];
    for j in 0..K {
        means[j] = logged.iter().map(|x| x[j]).sum::<f64>() / n;
        let var = logged
            .iter()
            .map(|x| (x[j] - means[j]).powi(2))
            .sum::<f64>()
            / n;
        scales[j] = if var > 0.0 { var.sqrt() } else { 1.0 };
    }
    let x: Vec<[f64; K + 1]> = logged
        .iter()
        .map(|v| {
            let mut row = [1.0; K + 1];
            for j in 0..K {
                row[j + 1] = (v[j] - means[j]) / scales[j];
            }
            row
        })
        .collect();
    let (w, iterations) = logistic_regression(&x, &r.label, options.l2, options.max_iter).ok_or(
        PropensityError::NotConverged {
            iterations: options.max_iter,
        },
    )?;
    let mut weights = [0.0; K];
    weights.copy_from_slice(&w[1..]);
    Ok(PropensityModel {
        features: FEATURES.iter().map(|s| (*s).to_owned()).collect(),
        means,
        scales,
        intercept: w[0],
        weights,
        iterations,
    })
}

/// `ln(1 + eᶻ)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// Mean log-loss + `l2/2 · ‖w[1..]‖²`, its gradient and Hessian.
#[allow(clippy::type_complexity)]
fn objective<const P: usize>(
    x: &[[f64; P]],
    y: &[bool],
    l2: f64,
    w: &[f64; P],
) -> (f64, [f64; P], [[f64; P]; P]) {
    let n = x.len() as f64;
    let mut f = 0.0;
    let mut g = [0.0; P];
    let mut h = [[0.0; P]; P];
    for (row, &label) in x.iter().zip(y) {
        let z: f64 = (0..P).map(|j| row[j] * w[j]).sum();
        // −log p = softplus(−z), −log(1 − p) = softplus(z)
        f += if label { softplus(-z) } else { softplus(z) };
        let p = 1.0 / (1.0 + (-z).exp());
        let r = p - if label { 1.0 } else { 0.0 };
        let s = p * (1.0 - p);
        for i in 0..P {
            g[i] += r * row[i];
            for j in 0..=i {
                h[i][j] += s * row[i] * row[j];
            }
        }
    }
    f /= n;
    g = g.map(|v| v / n);
    // Only the lower triangle was accumulated: scale it and mirror it.
    let lower = h;
    for (i, row) in h.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = if j <= i { lower[i][j] } else { lower[j][i] } / n;
        }
    }
    for i in 1..P {
        f += 0.5 * l2 * w[i] * w[i];
        g[i] += l2 * w[i];
        h[i][i] += l2;
    }
    (f, g, h)
}

/// Newton's method with step halving; `None` if not converged. Column 0 is the intercept.
pub(crate) fn logistic_regression<const P: usize>(
    x: &[[f64; P]],
    y: &[bool],
    l2: f64,
    max_iter: u32,
) -> Option<([f64; P], u32)> {
    let mut w = [0.0; P];
    let (mut f, mut g, mut h) = objective(x, y, l2, &w);
    for iteration in 0..max_iter {
        if g.iter().all(|v| v.abs() < 1e-10) {
            return Some((w, iteration));
        }
        let step = solve(h, g)?;
        let mut t = 1.0;
        loop {
            let mut trial = w;
            for j in 0..P {
                trial[j] -= t * step[j];
            }
            let (ft, gt, ht) = objective(x, y, l2, &trial);
            if ft <= f + 1e-12 * f.abs() || t < 1e-10 {
                (w, f, g, h) = (trial, ft, gt, ht);
                break;
            }
            t *= 0.5;
        }
    }
    g.iter().all(|v| v.abs() < 1e-7).then_some((w, max_iter))
}

/// Solve `a · x = b` by Gaussian elimination with partial pivoting; `None` if singular.
fn solve<const P: usize>(mut a: [[f64; P]; P], mut b: [f64; P]) -> Option<[f64; P]> {
    for col in 0..P {
        let pivot = (col..P).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..P {
            let factor = a[row][col] / pivot_row[col];
            for (v, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *v -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; P];
    for row in (0..P).rev() {
        let s: f64 = (row + 1..P).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// Area under the ROC curve: the Mann–Whitney statistic with average ranks for ties.
pub(crate) fn auc(score: &[f64], label: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&i, &j| score[i].total_cmp(&score[j]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && score[order[j + 1]] == score[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += rank * order[i..=j].iter().filter(|&&k| label[k]).count() as f64;
        i = j + 1;
    }
    let pos = label.iter().filter(|&&b| b).count() as f64;
    let neg = label.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

/// Equal-count bins of customers sorted by prediction.
fn calibration(predicted: &[f64], label: &[bool], bins: usize) -> Vec<CalibrationBin> {
    let mut order: Vec<usize> = (0..predicted.len()).collect();
    order.sort_by(|&i, &j| predicted[i].total_cmp(&predicted[j]));
    let n = order.len();
    let bins = bins.min(n).max(1);
    (0..bins)
        .map(|b| {
            let part = &order[b * n / bins..(b + 1) * n / bins];
            let m = part.len() as f64;
            CalibrationBin {
                customers: part.len(),
                min_predicted: predicted[part[0]],
                max_predicted: predicted[part[part.len() - 1]],
                mean_predicted: part.iter().map(|&i| predicted[i]).sum::<f64>() / m,
                observed_rate: part.iter().filter(|&&i| label[i]).count() as f64 / m,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_by_hand() {
        assert_eq!(auc(&[0.1, 0.2, 0.3, 0.4], &[false, false, true, true]), 1.0);
        assert_eq!(auc(&[0.4, 0.3, 0.2, 0.1], &[false, false, true, true]), 0.0);
        // one tie between a positive and a negative counts one half
        assert_eq!(
            auc(&[0.1, 0.5, 0.5, 0.9], &[false, false, true, true]),
            0.875
        );
    }

    #[test]
    fn newton_reaches_the_stationary_point() {
        let x: Vec<[f64; 2]> = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
            .iter()
            .map(|&v| [1.0, v])
            .collect();
        let y = [false, false, true, false, true, false, true, true];
        let (w, it) = logistic_regression(&x, &y, 0.0, 100).unwrap();
        let (_, g, _) = objective(&x, &y, 0.0, &w);
        assert!(
            g.iter().all(|v| v.abs() < 1e-10) && it < 20,
            "{w:?} {g:?} {it}"
        );
        // numpy 2.4.6 Newton iterations on the same log-loss (gradient 7e-18); scipy's BFGS
        // stops 3e-8 away.
        assert!((w[0] - 0.297_042_180_099_289_1).abs() < 1e-12, "{w:?}");
        assert!((w[1] - 1.188_168_720_397_156).abs() < 1e-12, "{w:?}");
        // Perfectly separable data stay finite with the penalty.
        let sep = [false, false, false, false, true, true, true, true];
        let (w, _) = logistic_regression(&x, &sep, 1e-4, 100).unwrap();
        assert!(w.iter().all(|v| v.is_finite()) && w[1] > 5.0);
    }
}
