//! The time-split evaluation of DESIGN §4: is a suggestion worth more than a bestseller?

use serde::{Deserialize, Serialize};

use super::matrix::PurchaseMatrix;
use super::model::ItemItem;
use super::{RecommendError, RecommendParams};
use crate::rfm::format_day;
use crate::table::{NO_ID, Transactions};

/// The user-facing sentences of the evaluation, in one place for translation.
mod text {
    pub const SUMMARY: &str =
        "Suggestions were right for {model}% of returning customers; bestsellers for {baseline}%.";
    pub const NO_TRAINING: &str = "No customer line is older than {cutoff} (the last {days} days are held out); shorten the holdout (--holdout-days) or use a longer history.";
    pub const NO_TEST: &str = "No customer with an earlier purchase bought a new product on or after {cutoff}; lengthen the holdout (--holdout-days) to have something to test on.";
}

/// Why a holdout cannot be evaluated, with what its sentence names: typed, so that a host
/// (the app, in each language) can word it itself; `Display` is the command line's sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Unevaluable {
    /// No customer line before the cutoff: nothing to learn from.
    NoTraining {
        /// First day held out (`YYYY-MM-DD`).
        cutoff: String,
        /// Days held out.
        holdout_days: u32,
    },
    /// Nobody with an earlier purchase bought a new product from the cutoff on: nothing to
    /// test on.
    NoTest {
        /// First day held out (`YYYY-MM-DD`).
        cutoff: String,
        /// Days held out.
        holdout_days: u32,
    },
}

impl std::fmt::Display for Unevaluable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (template, cutoff, days) = match self {
            Unevaluable::NoTraining {
                cutoff,
                holdout_days,
            } => (text::NO_TRAINING, cutoff, holdout_days),
            Unevaluable::NoTest {
                cutoff,
                holdout_days,
            } => (text::NO_TEST, cutoff, holdout_days),
        };
        f.write_str(
            &template
                .replace("{cutoff}", cutoff)
                .replace("{days}", &days.to_string()),
        )
    }
}

/// hit rate and precision at N of the suggestions and of the bestsellers baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// First day held out (`YYYY-MM-DD`); the model saw only the lines before it.
    pub cutoff: String,
    /// Days held out.
    pub holdout_days: u32,
    /// N.
    pub top_n: usize,
    /// Evaluated customers: a training history and at least one new item on or after the
    /// cutoff.
    pub customers: usize,
    /// Share of them with at least one hit in their top N.
    pub hit_rate: f64,
    /// Mean of hits / N.
    pub precision: f64,
    /// The same for the N training-period bestsellers each customer had not bought.
    pub baseline_hit_rate: f64,
    /// The baseline's precision.
    pub baseline_precision: f64,
    /// The result in words.
    pub summary: String,
}

/// Fit on everything before `latest day − holdout_days`, test on what each customer bought
/// new from then on (see the [module docs](super)).
pub fn evaluate(
    t: &Transactions,
    params: &RecommendParams,
    holdout_days: u32,
) -> Result<Evaluation, RecommendError> {
    params.clone().holdout_days(Some(holdout_days)).check()?;
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .ok_or(RecommendError::NoCustomers)?;
    let cutoff = last - holdout_days as i32;
    let day = format_day(cutoff);
    let model = ItemItem::fit_window(t, params, Some(i32::MIN..cutoff))?;
    if model.matrix().pairs() == 0 {
        return Err(RecommendError::NoHoldout(Unevaluable::NoTraining {
            cutoff: day,
            holdout_days,
        }));
    }
    let test = PurchaseMatrix::from_lines(t, Some(cutoff..i32::MAX));
    let n = params.top_n;
    // Customers are scored in parallel (crate::par); the counts are integers, summed after.
    let scored = crate::par::map_with(
        test.customers(),
        || (model.scratch(), Vec::new()),
        |(scratch, list), c| {
            let c = c as u32;
            let history = model.matrix().bought(c);
            if history.is_empty() {
                return None;
            }
            let new: Vec<u32> = test
                .bought(c)
                .iter()
                .copied()
                .filter(|i| history.binary_search(i).is_err())
                .collect();
            if new.is_empty() {
                return None;
            }
            model.recommend_into(c, scratch, list);
            let found = list
                .iter()
                .filter(|r| new.binary_search(&r.item).is_ok())
                .count();
            let base = model
                .bestsellers_for(c, n)
                .into_iter()
                .filter(|b| new.binary_search(b).is_ok())
                .count();
            Some((found, base))
        },
    );
    let (mut evaluated, mut hit, mut hits, mut base_hit, mut base_hits) = (0usize, 0, 0, 0, 0);
    for (found, base) in scored.into_iter().flatten() {
        evaluated += 1;
        hits += found;
        hit += usize::from(found > 0);
        base_hits += base;
        base_hit += usize::from(base > 0);
    }
    if evaluated == 0 {
        return Err(RecommendError::NoHoldout(Unevaluable::NoTest {
            cutoff: day,
            holdout_days,
        }));
    }
    let share = |k: usize| k as f64 / evaluated as f64;
    let (hit_rate, baseline_hit_rate) = (share(hit), share(base_hit));
    let percent = |v: f64| format!("{:.0}", v * 100.0);
    Ok(Evaluation {
        cutoff: format_day(cutoff),
        holdout_days,
        top_n: n,
        customers: evaluated,
        hit_rate,
        precision: hits as f64 / (evaluated * n) as f64,
        baseline_hit_rate,
        baseline_precision: base_hits as f64 / (evaluated * n) as f64,
        summary: text::SUMMARY
            .replace("{model}", &percent(hit_rate))
            .replace("{baseline}", &percent(baseline_hit_rate)),
    })
}
