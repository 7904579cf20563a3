//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b).

use serde::{Deserialize, Serialize};

use super::optimize::bfgs;
use super::special::{digamma, ln_gamma};
use super::{ClvError, FitInfo};

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

impl GammaGamma {
    /// Fit by maximum likelihood on `(frequency, mean repeat value)` pairs of repeat
    /// customers, with the objective of `lifetimes` 0.11.3 (`GammaGammaFitter`).
    ///
    /// # Steps
    /// Minimise the mean negative log-likelihood plus `penalizer · (p² + q² + v²)` over the
    /// log-parameters with BFGS and the analytic gradient, from `ln θ = 0.1`. Every pair must
    /// have `frequency > 0` and a positive, finite mean value (the caller filters; see
    /// [`analyse`](super::analyse)). The model assumes spend is independent of frequency: check
    /// their correlation ([`ClvReport::frequency_monetary_correlation`](super::ClvReport)).
    ///
    /// Errors: fewer than [`GAMMA_GAMMA_MIN_CUSTOMERS`] pairs, no convergence.
    pub fn fit(
        pairs: &[(u32, f64)],
        penalizer: f64,
        gtol: f64,
        max_iter: u32,
    ) -> Result<(GammaGamma, FitInfo), ClvError> {
        if pairs.len() < GAMMA_GAMMA_MIN_CUSTOMERS {
            return Err(ClvError::TooFewGammaGammaCustomers {
                found: pairs.len(),
                needed: GAMMA_GAMMA_MIN_CUSTOMERS,
            });
        }
        let mut data: Vec<Term> = pairs
            .iter()
            .map(|&(x, m)| {
                let x = f64::from(x);
                Term {
                    x,
                    ln_m: m.ln(),
                    ln_x: x.ln(),
                    xm: x * m,
                }
            })
            .collect();
        data.sort_by(|s, t| s.x.total_cmp(&t.x));
        let n = data.len() as f64;
        let objective = |theta: &[f64; 3], grad: &mut [f64; 3]| {
            let p = theta.map(f64::exp);
            let (ll, d) = log_likelihood(&data, p);
            for i in 0..3 {
                grad[i] = p[i] * (-d[i] / n + 2.0 * penalizer * p[i]);
            }
            -ll / n + penalizer * p.iter().map(|v| v * v).sum::<f64>()
        };
        let m = bfgs(objective, [0.1; 3], gtol, max_iter);
        if !m.converged {
            return Err(ClvError::NotConverged {
                model: "Gamma-Gamma",
                iterations: m.iterations,
                gradient: m.grad_max,
            });
        }
        let [p, q, v] = m.x.map(f64::exp);
        let model = GammaGamma { p, q, v };
        if !(p.is_finite() && q.is_finite() && v.is_finite()) {
            return Err(ClvError::Degenerate {
                model: "Gamma-Gamma",
                reason: format!("parameters out of range: {model:?}"),
            });
        }
        let (ll, _) = log_likelihood(&data, [p, q, v]);
        let info = FitInfo {
            customers: pairs.len(),
            mean_log_likelihood: ll / n,
            iterations: m.iterations,
            gradient_max: m.grad_max,
        };
        Ok((model, info))
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

fn log_likelihood(data: &[Term], [p, q, v]: [f64; 3]) -> (f64, [f64; 3]) {
    let (lg_q, dg_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
    let mut ll = 0.0;
    let mut d = [0.0; 3];
    // Terms are sorted by frequency; the Γ and ψ terms depend only on it.
    let mut cached_x = f64::NAN;
    let (mut lg_terms, mut dg_pxq, mut dg_px) = (0.0, 0.0, 0.0);
    for t in data {
        let px = p * t.x;
        if t.x != cached_x {
            cached_x = t.x;
            lg_terms = ln_gamma(px + q) - ln_gamma(px) - lg_q;
            dg_pxq = digamma(px + q);
            dg_px = digamma(px);
        }
        let ln_xmv = (t.xm + v).ln();
        ll += lg_terms + q * ln_v + (px - 1.0) * t.ln_m + px * t.ln_x - (px + q) * ln_xmv;
        d[0] += t.x * (dg_pxq - dg_px + t.ln_m + t.ln_x - ln_xmv);
        d[1] += dg_pxq - dg_q + ln_v - ln_xmv;
        d[2] += q / v - (px + q) / (t.xm + v);
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
        let (_, d) = log_likelihood(&data, p);
        for i in 0..3 {
            let (mut hi, mut lo) = (p, p);
            hi[i] += 1e-6;
            lo[i] -= 1e-6;
            let numeric = (log_likelihood(&data, hi).0 - log_likelihood(&data, lo).0) / 2e-6;
            assert!(
                (d[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                "{i}: {d:?} {numeric}"
            );
        }
    }
}
