//! Bootstrap intervals over customers (docs/definitions.md §4.10): how much the BG/NBD and
//! Gamma-Gamma parameters, each customer's expected purchases and CLV would move if the same
//! business had had a different draw of customers.
//!
//! # Steps
//! 1. **Seeds**: a generator seeded with [`IntervalOptions::seed`] (xoshiro256**, the same
//!    bits natively and in wasm) draws one 64-bit seed per resample, all before any work, so
//!    each resample depends only on its own seed: resamples can run in any order or in
//!    parallel and give the same intervals.
//! 2. **Resample** `b`: a generator seeded with seed `b` draws `n` customers with
//!    replacement (`n` = the customers of the summary; each draw uniform over `0..n`, by
//!    rejection so there is no modulo bias). A customer drawn `w` times counts `w` times.
//! 3. **Refit** BG/NBD on the resample, then Gamma-Gamma on the resample's repeat customers
//!    with a positive mean repeat value — the same maximum-likelihood fits as the report's,
//!    started from the report's optimum (a resample's optimum is near it, so a refit takes a
//!    handful of iterations). A resample whose fit fails (e.g. no repeat customer, Gamma-Gamma
//!    `q ≤ 1`) is counted in [`ClvIntervals::failed`] and left out; one that stops without
//!    meeting the convergence test is used and counted in [`ClvIntervals::not_converged`].
//! 4. **Predict** every customer of the data (not only those drawn: the customer's own
//!    history is known, the resample only changes the models) with the refitted models:
//!    expected purchases over the horizon and CLV, computed once per distinct history.
//! 5. **Intervals**: the 5th and 95th percentiles over the fitted resamples of each parameter,
//!    of each customer's expected purchases and of their CLV — a 90% percentile interval.
//!    Percentiles interpolate linearly between order statistics (numpy's default: the `p`
//!    percentile of sorted `v₀ ≤ … ≤ v_{m−1}` is `v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋)`,
//!    `h = p·(m − 1)`).
//!
//! # Cost
//! Per resample: `O(n)` to draw, two refits over the distinct histories (warm-started), and
//! the predictions (13 ₂F₁ evaluations per distinct `(frequency, T)` for a 12-month CLV);
//! memory: two values per distinct history and resample.
//!
//! # Reference
//! Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 13 (percentile
//! intervals). What is checked: a resample's weighted refit is exactly the fit of the data
//! with each customer repeated as often as drawn (`bgnbd` unit tests), the full-data fits reach
//! scipy's maximum (`tests/it/clv_optimum.rs`), and the intervals are seeded, contain the
//! point estimates and cancel on request (`tests/it/clv_intervals.rs`). No peer tool computes
//! these intervals, so there is no peer output to compare them with.

use serde::{Deserialize, Serialize};

use super::optimize::WarmStart;
use super::{
    Ages, BgNbd, ClvError, ClvOptions, CustomerSummary, GammaGamma, bgnbd, check_gamma_gamma,
    gamma_gamma, predict,
};
use crate::cluster::rng::Rng;

/// The most resamples [`ClvOptions::check`] accepts.
pub const MAX_RESAMPLES: u32 = 100_000;

/// The share of the resamples between an interval's ends.
pub const LEVEL: f64 = 0.90;

/// How many resamples, and the seed of their draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntervalOptions {
    /// Bootstrap resamples; 0 computes no intervals. Default 200.
    pub resamples: u32,
    /// Seed of the draws; the same data, options and seed give the same intervals. Default 0.
    pub seed: u64,
}

impl Default for IntervalOptions {
    fn default() -> Self {
        Self {
            resamples: 200,
            seed: 0,
        }
    }
}

/// A 90% bootstrap interval: the 5th and 95th percentiles over the resamples.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The 5th percentile.
    pub low: f64,
    /// The 95th percentile.
    pub high: f64,
}

/// Intervals of the BG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbdIntervals {
    /// Of `r`.
    pub r: Interval,
    /// Of `alpha` (in the report's time unit).
    pub alpha: Interval,
    /// Of `a`.
    pub a: Interval,
    /// Of `b`.
    pub b: Interval,
}

/// Intervals of the Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaIntervals {
    /// Of `p`.
    pub p: Interval,
    /// Of `q`.
    pub q: Interval,
    /// Of `v`.
    pub v: Interval,
}

/// The bootstrap's outcome for the parameters (each customer's intervals are in their
/// [`CustomerClv`](super::CustomerClv)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClvIntervals {
    /// Resamples drawn.
    pub resamples: u32,
    /// Resamples whose two fits succeeded: the intervals are over these.
    pub fitted: u32,
    /// Resamples left out because a fit failed.
    pub failed: u32,
    /// Of the fitted, those whose optimiser stopped without meeting the convergence test.
    pub not_converged: u32,
    /// The seed of the draws.
    pub seed: u64,
    /// The share of the resamples inside each interval (0.90).
    pub level: f64,
    /// BG/NBD parameter intervals.
    pub model: BgNbdIntervals,
    /// Gamma-Gamma parameter intervals.
    pub gamma_gamma: GammaGammaIntervals,
}

/// What the report's fits leave for the bootstrap.
pub(super) struct Fitted<'a> {
    pub summary: &'a [CustomerSummary],
    pub bg_data: &'a bgnbd::Prepared,
    pub bg_start: WarmStart<4>,
    pub gg_data: &'a gamma_gamma::Prepared,
    /// Gamma-Gamma's customers, as indices into `summary`, in the order of `gg_data`.
    pub gg_customers: &'a [usize],
    pub gg_start: WarmStart<3>,
}

/// One resample's refitted models and its predictions per distinct history.
struct Sample {
    model: BgNbd,
    gamma_gamma: GammaGamma,
    converged: bool,
    /// Per distinct history: expected purchases and CLV.
    predictions: Vec<[f64; 2]>,
}

/// Customers with the same history get the same predictions: computed once per history.
struct Histories {
    /// One summary per distinct history.
    unique: Vec<CustomerSummary>,
    ages: Ages,
    /// Per customer, its history.
    of: Vec<u32>,
}

impl Histories {
    fn new(customers: &[CustomerSummary]) -> Histories {
        let key = |c: &CustomerSummary| {
            (
                c.frequency,
                c.recency.to_bits(),
                c.t.to_bits(),
                c.monetary_value.to_bits(),
            )
        };
        let mut order: Vec<usize> = (0..customers.len()).collect();
        order.sort_unstable_by_key(|&i| key(&customers[i]));
        let mut unique: Vec<CustomerSummary> = Vec::new();
        let mut of = vec![0u32; customers.len()];
        for i in order {
            if unique.last().is_none_or(|u| key(u) != key(&customers[i])) {
                unique.push(customers[i].clone());
            }
            of[i] = (unique.len() - 1) as u32;
        }
        let ages = Ages::new(&unique);
        Histories { unique, ages, of }
    }
}

/// The seed of every resample, drawn before any work so that each resample stands alone.
pub fn resample_seeds(seed: u64, resamples: u32) -> Vec<u64> {
    let mut master = Rng::new(seed);
    (0..resamples).map(|_| master.next_u64()).collect()
}

/// How often each of `n` customers is drawn in the resample of `seed`.
pub fn resample_counts(seed: u64, n: usize) -> Vec<u32> {
    let mut counts = vec![0u32; n];
    let mut rng = Rng::new(seed);
    for _ in 0..n {
        counts[rng.below(n)] += 1;
    }
    counts
}

/// One resample, from its seed alone: draw, refit, predict.
fn resample(
    fitted: &Fitted<'_>,
    histories: &Histories,
    options: &ClvOptions,
    seed: u64,
) -> Result<Sample, ClvError> {
    let counts = resample_counts(seed, fitted.summary.len());
    let control = options.fit_control();
    let (model, bg_info, _) = fitted.bg_data.fit(
        |i| f64::from(counts[i]),
        options.penalizer,
        control,
        fitted.bg_start,
    )?;
    let (gamma_gamma, gg_info, _) = fitted.gg_data.fit(
        |j| f64::from(counts[fitted.gg_customers[j]]),
        options.gamma_gamma_penalizer,
        control,
        fitted.gg_start,
    )?;
    check_gamma_gamma(&gamma_gamma)?;
    let predictions = predict(
        &model,
        &gamma_gamma,
        &histories.unique,
        &histories.ages,
        options,
    )?
    .into_iter()
    .map(|p| [p.expected_purchases, p.clv])
    .collect();
    Ok(Sample {
        model,
        gamma_gamma,
        converged: bg_info.converged && gg_info.converged,
        predictions,
    })
}

/// Run the bootstrap; `progress(done)` after each resample may cancel. Returns the parameter
/// intervals and, per customer of `fitted.summary`, the intervals of expected purchases and
/// CLV.
pub(super) fn run(
    fitted: &Fitted<'_>,
    options: &ClvOptions,
    progress: &mut dyn FnMut(u64) -> std::ops::ControlFlow<()>,
) -> Result<(ClvIntervals, Vec<(Interval, Interval)>), ClvError> {
    let histories = Histories::new(fitted.summary);
    let seeds = resample_seeds(options.intervals.seed, options.intervals.resamples);
    let mut params: Vec<[f64; 7]> = Vec::with_capacity(seeds.len());
    // Per history, its values over the fitted resamples (contiguous, to sort in place).
    let h = histories.unique.len();
    let mut expected: Vec<Vec<f64>> = vec![Vec::with_capacity(seeds.len()); h];
    let mut clv: Vec<Vec<f64>> = vec![Vec::with_capacity(seeds.len()); h];
    let (mut failed, mut not_converged) = (0u32, 0u32);
    // The resamples run in parallel (crate::par) in rounds of a few per thread, so that a
    // cancel is seen between rounds; their outcomes are taken in resample order, as one thread
    // would take them, so that the percentiles are the same to the bit.
    let round = 4 * crate::par::threads();
    let mut outcomes = Vec::new().into_iter();
    for (b, _) in seeds.iter().enumerate() {
        if outcomes.len() == 0 {
            let next = &seeds[b..(b + round).min(seeds.len())];
            outcomes = crate::par::map(next.len(), |i| {
                resample(fitted, &histories, options, next[i])
            })
            .into_iter();
        }
        match outcomes.next().expect("a round covers the next resample") {
            Ok(sample) => {
                let (m, g) = (sample.model, sample.gamma_gamma);
                params.push([m.r, m.alpha, m.a, m.b, g.p, g.q, g.v]);
                not_converged += u32::from(!sample.converged);
                for (k, [e, c]) in sample.predictions.into_iter().enumerate() {
                    expected[k].push(e);
                    clv[k].push(c);
                }
            }
            Err(_) => failed += 1,
        }
        if progress(b as u64 + 1).is_break() {
            return Err(ClvError::Cancelled);
        }
    }
    if params.is_empty() {
        return Err(ClvError::NoResampleFitted {
            resamples: options.intervals.resamples,
        });
    }
    let column = |j: usize| -> Interval {
        let mut v: Vec<f64> = params.iter().map(|p| p[j]).collect();
        interval(&mut v)
    };
    let intervals = ClvIntervals {
        resamples: options.intervals.resamples,
        fitted: params.len() as u32,
        failed,
        not_converged,
        seed: options.intervals.seed,
        level: LEVEL,
        model: BgNbdIntervals {
            r: column(0),
            alpha: column(1),
            a: column(2),
            b: column(3),
        },
        gamma_gamma: GammaGammaIntervals {
            p: column(4),
            q: column(5),
            v: column(6),
        },
    };
    let per_history: Vec<(Interval, Interval)> = expected
        .iter_mut()
        .zip(clv.iter_mut())
        .map(|(e, c)| (interval(e), interval(c)))
        .collect();
    let per_customer = histories
        .of
        .iter()
        .map(|&k| per_history[k as usize])
        .collect();
    Ok((intervals, per_customer))
}

/// The 5th and 95th percentiles of `values` (sorted in place; not empty).
fn interval(values: &mut [f64]) -> Interval {
    values.sort_by(f64::total_cmp);
    Interval {
        low: percentile(values, 0.5 - LEVEL / 2.0),
        high: percentile(values, 0.5 + LEVEL / 2.0),
    }
}

/// numpy's default ("linear") percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let h = p * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_numpys_linear_ones() {
        // numpy.percentile([1, 2, 3, 4, 10], [5, 95]) = [1.2, 8.8]
        let mut v = [10.0, 1.0, 3.0, 2.0, 4.0];
        let i = interval(&mut v);
        assert!(
            (i.low - 1.2).abs() < 1e-12 && (i.high - 8.8).abs() < 1e-12,
            "{i:?}"
        );
        let mut one = [5.0];
        assert_eq!(
            interval(&mut one),
            Interval {
                low: 5.0,
                high: 5.0
            }
        );
    }

    #[test]
    fn resamples_draw_n_customers_and_depend_on_their_seed_only() {
        let seeds = resample_seeds(7, 4);
        assert_eq!(seeds.len(), 4);
        assert_eq!(resample_seeds(7, 2), seeds[..2]);
        let counts = resample_counts(seeds[1], 50);
        assert_eq!(counts.iter().sum::<u32>(), 50);
        assert_eq!(counts, resample_counts(seeds[1], 50));
        assert_ne!(counts, resample_counts(seeds[2], 50));
    }
}
