//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b).

use serde::{Deserialize, Serialize};

use super::optimize::{WarmStart, inverse_hessian, minimise};
use super::special::{digamma, ln_gamma};
use super::{ClvError, FitControl, FitInfo};

/// Fewest customers Gamma-Gamma is fitted on; below this the three parameters are not
/// identified.
pub const GAMMA_GAMMA_MIN_CUSTOMERS: usize = 3;

/// Fitted Gamma-Gamma parameters (docs/definitions.md §5 key `gamma_gamma`).
///
/// A customer's purchase values are `Gamma(p, ν)`; their mean-spend scale `ν` varies across
/// customers as `Gamma(q, v)`. The population mean spend per purchase is `p·v/(q−1)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// Shape of the per-purchase value distribution.
    pub p: f64,
    /// Shape of the across-customer distribution of `ν`.
    pub q: f64,
    /// Scale of the across-customer distribution of `ν` (in money).
    pub v: f64,
}

/// The Gamma-Gamma likelihood terms of a set of `(frequency, mean value)` pairs: what a fit,
/// and every bootstrap refit, needs.
pub(crate) struct Prepared {
    terms: Vec<Term>,
    /// Per pair (in the order given), its term (terms are sorted by frequency).
    term_of: Vec<usize>,
}

impl Prepared {
    /// Every pair must have `frequency > 0` and a positive, finite mean value.
    pub(crate) fn new(pairs: &[(u32, f64)]) -> Prepared {
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_by_key(|&i| pairs[i].0);
        let mut term_of = vec![0; pairs.len()];
        let terms = order
            .iter()
            .enumerate()
            .map(|(at, &i)| {
                term_of[i] = at;
                let (x, m) = pairs[i];
                let x = f64::from(x);
                Term {
                    x,
                    ln_m: m.ln(),
                    ln_x: x.ln(),
                    xm: x * m,
                }
            })
            .collect();
        Prepared { terms, term_of }
    }

    /// Fit with pair `i` counted `weight(i)` times, from the log-parameters `start`.
    pub(crate) fn fit(
        &self,
        weight: impl Fn(usize) -> f64,
        penalizer: f64,
        control: FitControl,
        start: WarmStart<3>,
    ) -> Result<(GammaGamma, FitInfo, [f64; 3]), ClvError> {
        let weights = self.weights(&weight)?;
        let n: f64 = weights.iter().sum();
        let terms = &self.terms;
        let m = minimise(
            self.objective(&weights, penalizer),
            start.x,
            control.tolerance(),
            start.inverse_hessian,
        );
        let [p, q, v] = m.x.map(f64::exp);
        let model = GammaGamma { p, q, v };
        if m.failed(control.tolerance()) {
            return Err(ClvError::NotConverged {
                model: "Gamma-Gamma",
                iterations: m.iterations,
                gradient: m.grad_norm,
            });
        }
        if !(p.is_finite() && q.is_finite() && v.is_finite()) {
            return Err(ClvError::Degenerate {
                model: "Gamma-Gamma",
                reason: format!("parameters out of range: {model:?}"),
            });
        }
        let (ll, _) = log_likelihood(terms, &weights, [p, q, v]);
        let info = FitInfo {
            customers: n as usize,
            log_likelihood: ll,
            mean_log_likelihood: ll / n,
            iterations: m.iterations,
            converged: m.converged(),
            gradient_norm: m.grad_norm,
            gradient_max: m.grad_max,
            relative_change: m.relative_change,
        };
        Ok((model, info, m.x))
    }

    /// Each term's weight; an error when fewer than [`GAMMA_GAMMA_MIN_CUSTOMERS`] count.
    fn weights(&self, weight: &impl Fn(usize) -> f64) -> Result<Vec<f64>, ClvError> {
        let mut weights = vec![0.0; self.terms.len()];
        for (i, &t) in self.term_of.iter().enumerate() {
            weights[t] = weight(i);
        }
        let counted = weights.iter().filter(|&&w| w > 0.0).count();
        if counted < GAMMA_GAMMA_MIN_CUSTOMERS {
            return Err(ClvError::TooFewGammaGammaCustomers {
                found: counted,
                needed: GAMMA_GAMMA_MIN_CUSTOMERS,
            });
        }
        Ok(weights)
    }

    /// The mean penalised negative log-likelihood over the log-parameters, with its gradient.
    fn objective<'a>(
        &'a self,
        weights: &'a [f64],
        penalizer: f64,
    ) -> impl FnMut(&[f64; 3], &mut [f64; 3]) -> f64 + 'a {
        let n: f64 = weights.iter().sum();
        move |theta: &[f64; 3], grad: &mut [f64; 3]| {
            let p = theta.map(f64::exp);
            let (ll, d) = log_likelihood(&self.terms, weights, p);
            for i in 0..3 {
                grad[i] = p[i] * (-d[i] / n + 2.0 * penalizer * p[i]);
            }
            -ll / n + penalizer * p.iter().map(|v| v * v).sum::<f64>()
        }
    }

    /// A warm start at the log-parameters `x` of the fit to all pairs.
    pub(crate) fn warm_start(&self, penalizer: f64, x: [f64; 3]) -> WarmStart<3> {
        let inverse_hessian = self
            .weights(&|_| 1.0)
            .ok()
            .and_then(|w| inverse_hessian(self.objective(&w, penalizer), x));
        WarmStart { x, inverse_hessian }
    }
}

/// `lifetimes`' starting point: every log-parameter 0.1.
pub(crate) const START: WarmStart<3> = WarmStart {
    x: [0.1; 3],
    inverse_hessian: None,
};

impl GammaGamma {
    /// Fit by maximum likelihood on `(frequency, mean repeat value)` pairs of repeat
    /// customers, with the objective of `lifetimes` 0.11.3 (`GammaGammaFitter`).
    ///
    /// # Steps
    /// Minimise the mean negative log-likelihood plus `penalizer · (p² + q² + v²)` over the
    /// log-parameters from `ln θ = 0.1`: BFGS with the analytic gradient, then Newton steps,
    /// until the gradient norm and the relative change of the objective are within
    /// [`FitControl`]'s tolerances. Every pair must have `frequency > 0` and a positive,
    /// finite mean value (the caller filters; see [`analyse`](super::analyse)). The model
    /// assumes spend is independent of frequency: check their correlation
    /// ([`ClvReport::frequency_monetary_correlation`](super::ClvReport)).
    ///
    /// The [`FitInfo`] says whether it converged. Errors: fewer than
    /// [`GAMMA_GAMMA_MIN_CUSTOMERS`] pairs, parameters running off, `max_iter` iterations
    /// without converging.
    pub fn fit(
        pairs: &[(u32, f64)],
        penalizer: f64,
        control: FitControl,
    ) -> Result<(GammaGamma, FitInfo), ClvError> {
        Prepared::new(pairs)
            .fit(|_| 1.0, penalizer, control, START)
            .map(|(m, info, _)| (m, info))
    }

    /// Population mean spend per purchase, `p·v/(q−1)`; infinite (∞) when `q ≤ 1`.
    pub fn population_mean(&self) -> f64 {
        if self.q <= 1.0 {
            f64::INFINITY
        } else {
            self.p * self.v / (self.q - 1.0)
        }
    }

    /// Expected spend per future purchase of a customer with `frequency` repeat purchases of
    /// mean value `monetary_value` (`lifetimes`' `conditional_expected_average_profit`): a
    /// credibility-weighted blend of the population mean and the customer's own mean, with
    /// weight `p·x/(p·x+q−1)` on the latter. One-time buyers get the population mean.
    pub fn expected_average_value(&self, frequency: u32, monetary_value: f64) -> f64 {
        let px = self.p * f64::from(frequency);
        let weight = px / (px + self.q - 1.0);
        (1.0 - weight) * self.population_mean() + weight * monetary_value
    }
}

struct Term {
    x: f64,
    ln_m: f64,
    ln_x: f64,
    xm: f64,
}

fn log_likelihood(data: &[Term], weights: &[f64], [p, q, v]: [f64; 3]) -> (f64, [f64; 3]) {
    let (lg_q, dg_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
    let mut ll = 0.0;
    let mut d = [0.0; 3];
    // Terms are sorted by frequency; the Γ and ψ terms depend only on it.
    let mut cached_x = f64::NAN;
    let (mut lg_terms, mut dg_pxq, mut dg_px) = (0.0, 0.0, 0.0);
    for (t, &w) in data.iter().zip(weights) {
        if w == 0.0 {
            continue;
        }
        let px = p * t.x;
        if t.x != cached_x {
            cached_x = t.x;
            lg_terms = ln_gamma(px + q) - ln_gamma(px) - lg_q;
            dg_pxq = digamma(px + q);
            dg_px = digamma(px);
        }
        let ln_xmv = (t.xm + v).ln();
        ll += w * (lg_terms + q * ln_v + (px - 1.0) * t.ln_m + px * t.ln_x - (px + q) * ln_xmv);
        d[0] += w * t.x * (dg_pxq - dg_px + t.ln_m + t.ln_x - ln_xmv);
        d[1] += w * (dg_pxq - dg_q + ln_v - ln_xmv);
        d[2] += w * (q / v - (px + q) / (t.xm + v));
    }
    (ll, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let data: Vec<Term> = [(1u32, 20.0), (3, 35.5), (7, 12.25)]
            .iter()
            .map(|&(x, m)| {
                let x = f64::from(x);
                Term {
                    x,
                    ln_m: f64::ln(m),
                    ln_x: x.ln(),
                    xm: x * m,
                }
            })
            .collect();
        let p = [6.2, 3.7, 15.4];
        let w = [1.0, 0.0, 2.0];
        let (_, d) = log_likelihood(&data, &w, p);
        for i in 0..3 {
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
}
