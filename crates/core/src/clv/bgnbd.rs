//! The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

use serde::{Deserialize, Serialize};

use super::optimize::{WarmStart, inverse_hessian, minimise};
use super::special::{digamma, hyp2f1, ln_gamma};
use super::{ClvError, CustomerSummary, FitControl, FitInfo};

/// Fitted BG/NBD parameters (docs/definitions.md §5 key `model`).
///
/// While alive, a customer buys as a Poisson process with rate `λ ~ Gamma(r, α)` (α in the
/// summary's time unit); after each purchase they drop out with probability
/// `p ~ Beta(a, b)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution, in time units.
    pub alpha: f64,
    /// Drop-out Beta parameter `a`.
    pub a: f64,
    /// Drop-out Beta parameter `b`.
    pub b: f64,
}

/// Customers with equal `(frequency, recency, T)` share a likelihood term. Recency and T are
/// indices into the distinct values of [`Data`]: there are far fewer distinct values than
/// groups, so their logarithms are computed once per evaluation.
struct Group {
    x: f64,
    tx: u32,
    t: u32,
}

/// The likelihood terms of a set of customers, each group weighted by how many customers it
/// stands for (a bootstrap resample only changes the weights).
pub(crate) struct Data {
    groups: Vec<Group>,
    tx_values: Vec<f64>,
    t_values: Vec<f64>,
    /// Per customer (in the order given), its group.
    pub(crate) group_of: Vec<u32>,
    /// Times were multiplied by this (1 / the largest T).
    pub(crate) scale: f64,
}

impl Data {
    /// Groups of equal `(frequency, recency·scale, T·scale)`, sorted by frequency.
    fn new(keys: &[(u32, f64, f64)], scale: f64) -> Data {
        let scaled: Vec<(u32, f64, f64)> = keys
            .iter()
            .map(|&(x, tx, t)| (x, tx * scale, t * scale))
            .collect();
        let mut order: Vec<usize> = (0..scaled.len()).collect();
        order.sort_by(|&i, &j| {
            let (p, q) = (scaled[i], scaled[j]);
            p.0.cmp(&q.0)
                .then(p.1.total_cmp(&q.1))
                .then(p.2.total_cmp(&q.2))
        });
        let distinct = |pick: fn(&(u32, f64, f64)) -> f64| {
            let mut v: Vec<f64> = scaled.iter().map(pick).collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        };
        let tx_values = distinct(|k| k.1);
        let t_values = distinct(|k| k.2);
        let index = |values: &[f64], v: f64| {
            values
                .binary_search_by(|p| p.total_cmp(&v))
                .expect("value is present") as u32
        };
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of = vec![0u32; scaled.len()];
        for i in order {
            let (x, tx, t) = scaled[i];
            let (x, tx, t) = (f64::from(x), index(&tx_values, tx), index(&t_values, t));
            match groups.last() {
                Some(g) if g.x == x && g.tx == tx && g.t == t => {}
                _ => groups.push(Group { x, tx, t }),
            }
            group_of[i] = (groups.len() - 1) as u32;
        }
        Data {
            groups,
            tx_values,
            t_values,
            group_of,
            scale,
        }
    }

    /// Each group's weight when customer `i` counts `weight(i)` times.
    pub(crate) fn weights(&self, weight: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut w = vec![0.0; self.groups.len()];
        for (i, &g) in self.group_of.iter().enumerate() {
            w[g as usize] += weight(i);
        }
        w
    }
}

/// The customers' `(frequency, recency, T)` and the BG/NBD likelihood data built from them:
/// what a fit, and every bootstrap refit, needs.
pub(crate) struct Prepared {
    pub(crate) data: Data,
    keys: Vec<(u32, f64, f64)>,
}

impl Prepared {
    /// Errors: no repeat customer, all `T = 0`.
    pub(crate) fn new(customers: &[CustomerSummary]) -> Result<Prepared, ClvError> {
        if customers.iter().all(|c| c.frequency == 0) {
            return Err(ClvError::NoRepeatCustomers {
                customers: customers.len(),
            });
        }
        let max_t = customers.iter().fold(0.0_f64, |m, c| m.max(c.t));
        if max_t <= 0.0 {
            return Err(ClvError::NoObservationTime);
        }
        let keys: Vec<(u32, f64, f64)> = customers
            .iter()
            .map(|c| (c.frequency, c.recency, c.t))
            .collect();
        Ok(Prepared {
            data: Data::new(&keys, 1.0 / max_t),
            keys,
        })
    }

    /// Fit with customer `i` counted `weight(i)` times (1 for the data as it is, a bootstrap
    /// count for a resample), from the log-parameters `start` (in the data's scaled time).
    ///
    /// The penalty acts on parameters with times scaled so that the largest `T` *among the
    /// customers counted* is 1, as `lifetimes` would scale that data; rescaling times by `ρ`
    /// only multiplies α by `ρ` and shifts the log-likelihood by a constant, so the data's own
    /// scaling is reused with α's penalty weighted by `ρ²`.
    pub(crate) fn fit(
        &self,
        weight: impl Fn(usize) -> f64,
        penalizer: f64,
        control: FitControl,
        start: WarmStart<4>,
    ) -> Result<(BgNbd, FitInfo, [f64; 4]), ClvError> {
        let counted = self.counted(&weight)?;
        let m = minimise(
            self.objective(&counted, penalizer),
            start.x,
            control.tolerance(),
            start.inverse_hessian,
        );
        let (weights, total_w, repeats, scale) = (
            &counted.weights,
            counted.total,
            counted.repeats,
            self.data.scale,
        );
        let data = &self.data;
        let p = m.x.map(f64::exp);
        let model = BgNbd {
            r: p[0],
            alpha: p[1] / scale,
            a: p[2],
            b: p[3],
        };
        if m.failed(control.tolerance()) {
            return Err(ClvError::NotConverged {
                model: "BG/NBD",
                iterations: m.iterations,
                gradient: m.grad_norm,
            });
        }
        if !p.iter().all(|v| v.is_finite() && *v > 0.0) {
            return Err(ClvError::Degenerate {
                model: "BG/NBD",
                reason: format!("parameters out of range: {model:?}"),
            });
        }
        // Report the likelihood in the caller's time unit, without the penalty: rescaling
        // times by `s` shifts each customer's log-likelihood by −x·ln s.
        let (ll_scaled, _) = log_likelihood(data, weights, p);
        let ll = ll_scaled + repeats * scale.ln();
        let info = FitInfo {
            customers: total_w as usize,
            log_likelihood: ll,
            mean_log_likelihood: ll / total_w,
            iterations: m.iterations,
            converged: m.converged(),
            gradient_norm: m.grad_norm,
            gradient_max: m.grad_max,
            relative_change: m.relative_change,
        };
        Ok((model, info, m.x))
    }

    /// The weights of the groups and what the objective needs of them; errors when the
    /// customers counted have no repeat purchase or no observation time.
    fn counted(&self, weight: &impl Fn(usize) -> f64) -> Result<Counted, ClvError> {
        let weights = self.data.weights(weight);
        let (mut total, mut repeats, mut max_t, mut any_repeat) = (0.0, 0.0, 0.0_f64, false);
        for (i, &(x, _, t)) in self.keys.iter().enumerate() {
            let w = weight(i);
            if w > 0.0 {
                total += w;
                repeats += w * f64::from(x);
                max_t = max_t.max(t);
                any_repeat |= x > 0;
            }
        }
        if !any_repeat {
            return Err(ClvError::NoRepeatCustomers {
                customers: total as usize,
            });
        }
        if max_t <= 0.0 {
            return Err(ClvError::NoObservationTime);
        }
        // ρ = this data's scale ÷ the scale the groups were built with.
        let rho = 1.0 / (max_t * self.data.scale);
        Ok(Counted {
            weights,
            total,
            repeats,
            penalty_weight: [1.0, rho * rho, 1.0, 1.0],
        })
    }

    /// The mean penalised negative log-likelihood over the log-parameters, with its gradient.
    fn objective<'a>(
        &'a self,
        counted: &'a Counted,
        penalizer: f64,
    ) -> impl FnMut(&[f64; 4], &mut [f64; 4]) -> f64 + 'a {
        move |theta: &[f64; 4], grad: &mut [f64; 4]| {
            let p = theta.map(f64::exp);
            let (ll, dll) = log_likelihood(&self.data, &counted.weights, p);
            let mut penalty = 0.0;
            for i in 0..4 {
                let pw = counted.penalty_weight[i];
                grad[i] = p[i] * (-dll[i] / counted.total + 2.0 * penalizer * pw * p[i]);
                penalty += pw * p[i] * p[i];
            }
            -ll / counted.total + penalizer * penalty
        }
    }

    /// A warm start at the log-parameters `x` of the fit to all customers: `x` and the
    /// curvature there.
    pub(crate) fn warm_start(&self, penalizer: f64, x: [f64; 4]) -> WarmStart<4> {
        let inverse_hessian = self
            .counted(&|_| 1.0)
            .ok()
            .and_then(|c| inverse_hessian(self.objective(&c, penalizer), x));
        WarmStart { x, inverse_hessian }
    }
}

/// Group weights and their totals for one set of counted customers.
struct Counted {
    weights: Vec<f64>,
    total: f64,
    repeats: f64,
    /// α's penalty is rescaled to the counted customers' largest T (see [`Prepared::fit`]).
    penalty_weight: [f64; 4],
}

/// `lifetimes`' starting point: every log-parameter 0.1.
pub(crate) const START: WarmStart<4> = WarmStart {
    x: [0.1; 4],
    inverse_hessian: None,
};

impl BgNbd {
    /// Fit by maximum likelihood, exactly the objective of `lifetimes` 0.11.3
    /// (`BetaGeoFitter`).
    ///
    /// # Steps
    /// 1. Times are rescaled so that the largest `T` is 1 (as `lifetimes` does; it keeps the
    ///    optimisation well conditioned and defines what the penalizer acts on).
    /// 2. Customers with the same `(frequency, recency, T)` are merged into one weighted term
    ///    — on CDNOW in weeks 2,357 customers become about 1,000 terms; the objective is
    ///    unchanged.
    /// 3. Minimise the mean negative log-likelihood plus `penalizer · (r² + α² + a² + b²)`
    ///    over the *log*-parameters (so all stay positive) from `ln θ = 0.1` (`lifetimes`'
    ///    start): BFGS with the analytic gradient, then Newton steps, until the gradient norm
    ///    is at most `control.gradient_norm` and the last step changed the objective by at
    ///    most `control.relative_change` of itself ([`FitControl`]).
    /// 4. Scale α back to the original time unit.
    ///
    /// The [`FitInfo`] says whether it converged; a fit that stopped because no step could
    /// improve it any more is returned with `converged: false` (the report warns).
    ///
    /// Errors: no customers, no repeat customers (a and b are then not identified), all
    /// `T = 0`, parameters running off to 0 or ∞ (no maximum exists), or `max_iter`
    /// iterations without converging.
    pub fn fit(
        customers: &[CustomerSummary],
        penalizer: f64,
        control: FitControl,
    ) -> Result<(BgNbd, FitInfo), ClvError> {
        let prepared = Prepared::new(customers)?;
        prepared
            .fit(|_| 1.0, penalizer, control, START)
            .map(|(m, info, _)| (m, info))
    }

    /// Probability that a customer with this history is still alive at the end of
    /// observation (`lifetimes`' `conditional_probability_alive`); 1 for one-time buyers,
    /// who by the model's assumption cannot have dropped out before their first repeat.
    pub fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        if frequency == 0 {
            return 1.0;
        }
        let x = f64::from(frequency);
        let log_div = (self.r + x) * ((self.alpha + t) / (self.alpha + recency)).ln()
            + (self.a / (self.b + x - 1.0)).ln();
        1.0 / (1.0 + log_div.exp())
    }

    /// Expected number of purchases in the next `horizon` time units for a customer with this
    /// history (`lifetimes`' `conditional_expected_number_of_purchases_up_to_time`, eq. 10 of
    /// Fader, Hardie & Lee 2005). NaN only when the model is degenerate (`a = 1`, or
    /// `a + b + x − 1` is 0 or a negative integer).
    pub fn expected_purchases(&self, horizon: f64, frequency: u32, recency: f64, t: f64) -> f64 {
        self.expected_numerator(horizon, frequency, t)
            / self.expected_denominator(frequency, recency, t)
    }

    /// The numerator of [`expected_purchases`](Self::expected_purchases): it holds the
    /// expensive ₂F₁ and does not depend on recency, so it can be shared by every customer
    /// with the same frequency and T.
    pub(crate) fn expected_numerator(&self, horizon: f64, frequency: u32, t: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(frequency);
        let z = horizon / (alpha + t + horizon);
        let (sign, ln_hyp) = hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let first = (a + b + x - 1.0) / (a - 1.0);
        let ln_rest = ln_hyp + (r + x) * ((alpha + t) / (alpha + t + horizon)).ln();
        // 1 − ₂F₁·(…)^(r+x), without cancellation for short horizons.
        let second = if sign > 0.0 {
            -ln_rest.exp_m1()
        } else {
            1.0 + ln_rest.exp()
        };
        first * second
    }

    /// The denominator of [`expected_purchases`](Self::expected_purchases).
    pub(crate) fn expected_denominator(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(frequency);
        if frequency > 0 {
            1.0 + (a / (b + x - 1.0)) * ((alpha + t) / (alpha + recency)).powf(r + x)
        } else {
            1.0
        }
    }
}

/// Weighted log-likelihood and its gradient with respect to `(r, α, a, b)`.
fn log_likelihood(data: &Data, weights: &[f64], p: [f64; 4]) -> (f64, [f64; 4]) {
    let [r, alpha, a, b] = p;
    let (ln_alpha, lg_r, lg_ab, lg_b) = (alpha.ln(), ln_gamma(r), ln_gamma(a + b), ln_gamma(b));
    let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
    let ln_a = a.ln();
    let logs = |values: &[f64]| -> Vec<(f64, f64)> {
        values
            .iter()
            .map(|v| ((alpha + v).ln(), 1.0 / (alpha + v)))
            .collect()
    };
    let (t_logs, tx_logs) = (logs(&data.t_values), logs(&data.tx_values));
    let mut ll = 0.0;
    let mut d = [0.0; 4];
    // Groups are sorted by frequency: the Γ and ψ terms depend only on it, so they are
    // computed once per distinct frequency (a few dozen) instead of once per group.
    let mut cached_x = f64::NAN;
    let (mut lg_terms, mut dg_rx, mut dg_bx, mut dg_abx, mut ln_drop) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (g, &w) in data.groups.iter().zip(weights) {
        if w == 0.0 {
            continue;
        }
        let x = g.x;
        if x != cached_x {
            cached_x = x;
            lg_terms =
                ln_gamma(r + x) - lg_r + lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x);
            dg_rx = digamma(r + x);
            dg_bx = digamma(b + x);
            dg_abx = digamma(a + b + x);
            ln_drop = ln_a - (b + x - 1.0).max(f64::MIN_POSITIVE).ln();
        }
        let (ln_at, inv_at) = t_logs[g.t as usize];
        let a3 = -(r + x) * ln_at;
        let (lse, w3, w4, ln_atx, inv_atx) = if x > 0.0 {
            let (ln_atx, inv_atx) = tx_logs[g.tx as usize];
            let a4 = ln_drop - (r + x) * ln_atx;
            // log(e^a3 + e^a4) and the two shares with one exp and one log1p.
            let e = (-(a3 - a4).abs()).exp();
            let (big, small) = (1.0 / (1.0 + e), e / (1.0 + e));
            let (w3, w4) = if a3 >= a4 { (big, small) } else { (small, big) };
            (a3.max(a4) + e.ln_1p(), w3, w4, ln_atx, inv_atx)
        } else {
            (a3, 1.0, 0.0, 0.0, 0.0)
        };
        ll += w * (lg_terms + r * ln_alpha + lse);
        d[0] += w * (dg_rx - dg_r + ln_alpha - w3 * ln_at - w4 * ln_atx);
        d[1] += w * (r / alpha - (r + x) * (w3 * inv_at + w4 * inv_atx));
        d[2] += w * (dg_ab - dg_abx + w4 / a);
        let dump = if x > 0.0 { w4 / (b + x - 1.0) } else { 0.0 };
        d[3] += w * (dg_ab + dg_bx - dg_b - dg_abx - dump);
    }
    (ll, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let keys = [
            (0, 0.0, 0.9),
            (0, 0.0, 0.9),
            (0, 0.0, 0.9),
            (1, 0.2, 0.8),
            (4, 0.7, 1.0),
            (4, 0.7, 1.0),
        ];
        let data = Data::new(&keys, 1.0);
        assert_eq!(data.groups.len(), 3);
        assert_eq!(data.group_of, vec![0, 0, 0, 1, 2, 2]);
        // Weights as a bootstrap resample gives them, one group left out.
        let w = data.weights(|i| [2.0, 0.0, 1.0, 0.0, 1.0, 3.0][i]);
        assert_eq!(w, vec![3.0, 0.0, 4.0]);
        let p = [0.3, 0.5, 0.8, 2.4];
        let (_, d) = log_likelihood(&data, &w, p);
        for i in 0..4 {
            let (mut hi, mut lo) = (p, p);
            hi[i] += 1e-6;
            lo[i] -= 1e-6;
            let numeric =
                (log_likelihood(&data, &w, hi).0 - log_likelihood(&data, &w, lo).0) / 2e-6;
            assert!(
                (d[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                "{i}: {d:?} {numeric}"
            );
        }
    }

    fn customers(rows: &[(u32, f64, f64)]) -> Vec<CustomerSummary> {
        rows.iter()
            .enumerate()
            .map(|(i, &(frequency, recency, t))| CustomerSummary {
                customer: i as u32,
                frequency,
                recency,
                t,
                monetary_value: 0.0,
            })
            .collect()
    }

    #[test]
    fn reported_likelihood_is_in_the_callers_time_unit() {
        let customers = customers(&[(0, 0.0, 30.0), (2, 10.0, 35.0), (5, 20.0, 21.0)]);
        let (m, info) = BgNbd::fit(&customers, 0.01, FitControl::default()).unwrap();
        let keys: Vec<_> = customers
            .iter()
            .map(|c| (c.frequency, c.recency, c.t))
            .collect();
        let data = Data::new(&keys, 1.0);
        let (ll, _) = log_likelihood(&data, &[1.0; 3], [m.r, m.alpha, m.a, m.b]);
        assert!((info.log_likelihood - ll).abs() < 1e-12 * ll.abs());
        assert!((info.mean_log_likelihood - ll / 3.0).abs() < 1e-12);
    }

    #[test]
    fn counting_customers_twice_is_duplicating_them() {
        // A resample's weights must fit exactly what the duplicated data fits, penalty included
        // (the duplicated data's largest T is not the full data's: α's penalty is rescaled).
        // 40 varied histories (some buy often, then stop: drop-out evidence, so the maximum
        // is inside), the customer with the largest T left out of the resample.
        let base: Vec<(u32, f64, f64)> = (0..40u32)
            .map(|i| {
                let t = 30.0 + f64::from(i % 11);
                let x = i % 7;
                let recency = if x == 0 {
                    0.0
                } else {
                    t * f64::from((i * 13) % 31) / 31.0
                };
                (x, recency, if i == 39 { 60.0 } else { t })
            })
            .collect();
        let weight: Vec<f64> = (0..40)
            .map(|i| if i == 39 { 0.0 } else { f64::from(i % 3) })
            .collect();
        let mut expanded = Vec::new();
        for (row, &w) in base.iter().zip(&weight) {
            for _ in 0..w as usize {
                expanded.push(*row);
            }
        }
        let control = FitControl::default();
        let (direct, direct_info) = BgNbd::fit(&customers(&expanded), 0.05, control).unwrap();
        let prepared = Prepared::new(&customers(&base)).unwrap();
        let (weighted, info, _) = prepared.fit(|i| weight[i], 0.05, control, START).unwrap();
        for (a, b) in [
            (direct.r, weighted.r),
            (direct.alpha, weighted.alpha),
            (direct.a, weighted.a),
            (direct.b, weighted.b),
        ] {
            assert!((a - b).abs() < 1e-7 * a, "{direct:?} {weighted:?}");
        }
        assert!((direct_info.log_likelihood - info.log_likelihood).abs() < 1e-9);
        assert_eq!(info.customers, expanded.len());
    }
}
