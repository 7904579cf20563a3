//! RFM: recency, frequency and monetary value per customer, scored and segmented.
//!
//! Steps (docs/definitions.md §4.2):
//! 1. Per customer with an id: `recency_days` = whole days from the last order date to the
//!    reference date (default: the day after the latest order date in the data);
//!    `frequency` = distinct order ids (distinct order dates when the file has no order id);
//!    `monetary` = sum of line amounts (or the mean order value).
//! 2. Each metric is scored `1..=bins` (default 5), higher is better. The default rule gives
//!    equal values equal scores: `score(x) = 1 + floor(bins × (#customers strictly worse than
//!    x) / n)`, where worse means larger recency, smaller frequency, smaller monetary.
//!    Alternatives: equal-size bins (pandas `qcut` of `rank(method='first')`) and custom
//!    breakpoints. The threshold table (the value range behind every score) is always part of
//!    the result, with a warning when scores collapse (fewer distinct scores than bins).
//! 3. Segments come from a rule table, first match wins, "Other" otherwise ([`segment`]).
//!
//! Cost: one pass over the lines plus a sort per metric: `O(lines + n log n)` for `n`
//! customers.
//!
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::rfm::{RfmParams, analyse};
//! let mut t = Transactions::default();
//! t.push(Some("ann"), Some("o1"), None, 100, 30.0);
//! t.push(Some("ann"), Some("o2"), None, 110, 20.0);
//! t.push(Some("bob"), Some("o3"), None, 90, 5.0);
//! let report = analyse(&t, &RfmParams::default()).unwrap();
//! assert_eq!(report.reference_date, "1970-04-22"); // day 111
//! let ann = &report.customers[0];
//! assert_eq!((ann.recency_days, ann.frequency, ann.monetary), (1, 2, 50.0));
//! assert_eq!((ann.r, ann.f, ann.m), (3, 3, 3));
//! ```

mod score;
pub mod segment;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

pub use score::{Scoring, ThresholdRow, Thresholds};
pub use segment::{OTHER, Rule, RuleNote, SegmentRules, SegmentSummary};

pub(crate) use crate::table::format_day;
use crate::table::{NO_ID, Transactions};

/// How `monetary` is computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monetary {
    /// Sum of line amounts.
    #[default]
    Sum,
    /// Sum of line amounts divided by `frequency`.
    MeanOrder,
}

/// Parameters of an RFM analysis; `check()` runs before anything is computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmParams {
    /// Day number (since 1970-01-01) recency is measured to; `None`: the day after the latest
    /// order date.
    pub reference_day: Option<i32>,
    /// Number of scores per metric, 3..=10.
    pub bins: u8,
    /// How values become scores.
    pub scoring: Scoring,
    /// How monetary value is computed.
    pub monetary: Monetary,
    /// The segment rules.
    pub rules: SegmentRules,
    /// Also compute the segment [`migration`] from an earlier date to the reference date
    /// (`None`: not computed).
    #[serde(default)]
    pub migration: Option<MigrationParams>,
}

/// What [`RfmReport::migration`] compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationParams {
    /// The earlier date (day number): segments on the lines before it are compared with the
    /// segments at the reference date. `None`: 90 days before the reference date, or the
    /// middle of the customers' history when that is shorter than 180 days (so a short file
    /// still compares two halves instead of finding everyone "(new)").
    #[serde(default)]
    pub from_day: Option<i32>,
}

impl MigrationParams {
    /// The earlier date for data whose first customer order is on `first_day`, measured to
    /// `reference_day`.
    pub fn resolve(&self, first_day: i32, reference_day: i32) -> i32 {
        self.from_day.unwrap_or_else(|| {
            let span = reference_day - first_day;
            if span >= 180 {
                reference_day - 90
            } else {
                first_day + span / 2
            }
        })
    }
}

impl Default for RfmParams {
    fn default() -> Self {
        Self {
            reference_day: None,
            bins: 5,
            scoring: Scoring::TiesEqual,
            monetary: Monetary::Sum,
            rules: SegmentRules::rfm_package(),
            migration: None,
        }
    }
}

/// Why an RFM analysis cannot run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RfmError {
    /// `bins` outside 3..=10.
    #[error("bins must be between 3 and 10, not {0}")]
    Bins(u8),
    /// Custom breakpoints of the wrong count or order.
    #[error(
        "{metric} breakpoints must be {expected} increasing numbers (one fewer than bins), \
         got {got:?}"
    )]
    Breakpoints {
        /// Which metric.
        metric: &'static str,
        /// How many were expected.
        expected: usize,
        /// What was given.
        got: Vec<f64>,
    },
    /// A segment rule is malformed.
    #[error("segment rule {name:?}: {problem}")]
    Rule {
        /// The rule's name.
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// No line has a customer id.
    #[error(
        "no line has a customer id, so there are no customers to score; map the customer id \
         column (--map customer_id=COLUMN)"
    )]
    NoCustomers,
    /// A migration whose second date is not after its first.
    #[error("the second date ({to}) of a segment migration must be after the first ({from})")]
    MigrationOrder {
        /// The first date.
        from: String,
        /// The second date.
        to: String,
    },
    /// The reference date is before a customer's last order.
    #[error(
        "the reference date {reference} is before the last order date {last}; choose a \
         reference date on or after {last}"
    )]
    ReferenceTooEarly {
        /// The reference date asked for.
        reference: String,
        /// The latest order date in the data.
        last: String,
    },
}

impl RfmParams {
    /// Validate the parameters.
    pub fn check(&self) -> Result<(), RfmError> {
        if !(3..=10).contains(&self.bins) {
            return Err(RfmError::Bins(self.bins));
        }
        self.scoring.check(self.bins)?;
        self.rules.check()
    }
}

/// One scored customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerRfm {
    /// The customer id as in the file.
    pub customer_id: String,
    /// Days from the last order to the reference date.
    pub recency_days: i64,
    /// Distinct orders (or order dates).
    pub frequency: u64,
    /// Sum of line amounts (or mean order value).
    pub monetary: f64,
    /// Recency score, 1..=bins, higher is more recent.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
    /// The segment name.
    pub segment: String,
}

/// The result of [`analyse`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmReport {
    /// The reference date, `YYYY-MM-DD`.
    pub reference_date: String,
    /// The number of scores per metric.
    pub bins: u8,
    /// One row per customer, in order of first appearance in the file.
    pub customers: Vec<CustomerRfm>,
    /// One row per segment of the rule table (in rule order, then "Other"), empty ones too.
    pub segments: Vec<SegmentSummary>,
    /// The value range behind each score of each metric.
    pub thresholds: Thresholds,
    /// Plain-language warnings (collapsed bins, …).
    pub warnings: Vec<String>,
    /// How customers moved between segments, when [`RfmParams::migration`] asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<Migration>,
}

/// The scored customers (all, or one segment's) as a campaign-ready, formula-safe CSV.
pub fn members_csv(report: &RfmReport, segment: Option<&str>) -> crate::export::Table {
    use crate::export::{Cell, Table};
    let mut csv = Table::new(&[
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "segment",
    ]);
    let members = report
        .customers
        .iter()
        .filter(|c| segment.is_none_or(|s| c.segment == s));
    for c in members {
        csv.row(&[
            Cell::Text(&c.customer_id),
            Cell::Int(c.recency_days),
            Cell::Int(c.frequency as i64),
            Cell::Number(c.monetary),
            Cell::Int(i64::from(c.r)),
            Cell::Int(i64::from(c.f)),
            Cell::Int(i64::from(c.m)),
            Cell::Text(&c.segment),
        ]);
    }
    csv
}

/// Raw per-customer metrics before scoring; `customer` indexes `Transactions::customer_ids`.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Customer ids (dense, as interned).
    pub customer: Vec<u32>,
    /// Recency in days.
    pub recency: Vec<i64>,
    /// Frequency.
    pub frequency: Vec<u64>,
    /// Monetary value.
    pub monetary: Vec<f64>,
    /// Revenue (sum of line amounts), whatever `Monetary` says.
    pub revenue: Vec<f64>,
}

/// Per-customer recency, frequency and monetary value over the lines with `day < until`
/// (all lines when `until` is `None`), measured to `reference_day`.
pub fn metrics(
    t: &Transactions,
    reference_day: i32,
    monetary: Monetary,
    until: Option<i32>,
) -> Metrics {
    let n = t.customer_ids.len();
    let mut last = vec![i32::MIN; n];
    let mut revenue = vec![0.0f64; n];
    // (customer, order) or (customer, day) pairs: the distinct purchases.
    let mut purchases: HashSet<(u32, u32)> = HashSet::new();
    for i in 0..t.len() {
        let c = t.customer[i];
        if c == NO_ID || until.is_some_and(|u| t.day[i] >= u) {
            continue;
        }
        let ci = c as usize;
        last[ci] = last[ci].max(t.day[i]);
        revenue[ci] += t.amount[i];
        let purchase = if t.order[i] == NO_ID {
            t.day[i] as u32
        } else {
            t.order[i]
        };
        purchases.insert((c, purchase));
    }
    let mut frequency = vec![0u64; n];
    for &(c, _) in &purchases {
        frequency[c as usize] += 1;
    }
    let mut out = Metrics {
        customer: Vec::new(),
        recency: Vec::new(),
        frequency: Vec::new(),
        monetary: Vec::new(),
        revenue: Vec::new(),
    };
    for c in 0..n {
        if last[c] == i32::MIN {
            continue;
        }
        out.customer.push(c as u32);
        out.recency
            .push(i64::from(reference_day) - i64::from(last[c]));
        out.frequency.push(frequency[c]);
        out.monetary.push(match monetary {
            Monetary::Sum => revenue[c],
            Monetary::MeanOrder => revenue[c] / frequency[c] as f64,
        });
        out.revenue.push(revenue[c]);
    }
    out
}

/// Scored customers of a [`Metrics`] table: `(r, f, m)` per customer and the thresholds.
pub fn score(metrics: &Metrics, params: &RfmParams) -> (Vec<[u8; 3]>, Thresholds) {
    let recency: Vec<f64> = metrics.recency.iter().map(|&r| r as f64).collect();
    let frequency: Vec<f64> = metrics.frequency.iter().map(|&f| f as f64).collect();
    let r = params
        .scoring
        .scores(&recency, params.bins, score::Direction::LowerIsBetter, 0);
    let f = params
        .scoring
        .scores(&frequency, params.bins, score::Direction::HigherIsBetter, 1);
    let m = params.scoring.scores(
        &metrics.monetary,
        params.bins,
        score::Direction::HigherIsBetter,
        2,
    );
    let thresholds = Thresholds {
        recency_days: score::threshold_rows(&recency, &r, params.bins),
        frequency: score::threshold_rows(&frequency, &f, params.bins),
        monetary: score::threshold_rows(&metrics.monetary, &m, params.bins),
    };
    let scores = (0..r.len()).map(|i| [r[i], f[i], m[i]]).collect();
    (scores, thresholds)
}

/// The latest order date of any customer line, if any.
fn last_customer_day(t: &Transactions) -> Option<i32> {
    (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
}

/// The earliest order date of any customer line, if any.
fn first_customer_day(t: &Transactions) -> Option<i32> {
    (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .min()
}

/// Score and segment every customer of `t`.
pub fn analyse(t: &Transactions, params: &RfmParams) -> Result<RfmReport, RfmError> {
    params.check()?;
    let last = last_customer_day(t).ok_or(RfmError::NoCustomers)?;
    let reference_day = params.reference_day.unwrap_or(last + 1);
    if reference_day < last {
        return Err(RfmError::ReferenceTooEarly {
            reference: format_day(reference_day),
            last: format_day(last),
        });
    }
    let metrics = metrics(t, reference_day, params.monetary, None);
    let (scores, thresholds) = score(&metrics, params);
    let names: Vec<&str> = scores
        .iter()
        .map(|&s| params.rules.classify(s, params.bins))
        .collect();
    let customers = (0..metrics.customer.len())
        .map(|i| CustomerRfm {
            customer_id: t.customer_ids.name(metrics.customer[i]).to_owned(),
            recency_days: metrics.recency[i],
            frequency: metrics.frequency[i],
            monetary: metrics.monetary[i],
            r: scores[i][0],
            f: scores[i][1],
            m: scores[i][2],
            segment: names[i].to_owned(),
        })
        .collect();
    let segments = segment::summarise(&params.rules, &metrics, &names);
    let mut warnings = Vec::new();
    for (metric, rows) in [
        ("recency", &thresholds.recency_days),
        ("frequency", &thresholds.frequency),
        ("monetary", &thresholds.monetary),
    ] {
        let used = rows.iter().filter(|r| r.customers > 0).count();
        if used < params.bins as usize {
            warnings.push(format!(
                "{metric} uses only {used} of {} scores: too many customers share the same \
                 values (for frequency, usually most customers bought once). Consider fewer \
                 bins or custom breakpoints.",
                params.bins
            ));
        }
    }
    let migration = match params.migration {
        None => None,
        Some(m) => {
            let first = first_customer_day(t).unwrap_or(last);
            Some(self::migration(
                t,
                params,
                m.resolve(first, reference_day),
                reference_day,
            )?)
        }
    };
    Ok(RfmReport {
        reference_date: format_day(reference_day),
        bins: params.bins,
        customers,
        segments,
        thresholds,
        warnings,
        migration,
    })
}

/// Whether a report rests on enough data to act on, in plain words (empty when it does).
///
/// Three checks, each a warning a marketer can act on: fewer than 100 customers (quintile
/// scores of a handful of people are noise); fewer than 30 customers, or under 5%, who bought
/// more than once (frequency scores and lifetime value learn from repeat purchases); and every
/// customer's last order within 90 days of the reference date (the file covers too short a
/// stretch for recency to separate lapsed from active customers, and for cohorts).
pub fn sufficiency_warnings(report: &RfmReport) -> Vec<String> {
    let n = report.customers.len();
    let mut warnings = Vec::new();
    if n < 100 {
        warnings.push(format!(
            "only {n} customers: scores and segments are rough with so few"
        ));
    }
    let repeat = report.customers.iter().filter(|c| c.frequency > 1).count();
    if repeat < 30 || (repeat as f64) < 0.05 * n as f64 {
        warnings.push(format!(
            "only {repeat} of {n} customers bought more than once: frequency scores and \
             lifetime value have little to learn from"
        ));
    }
    let span = report
        .customers
        .iter()
        .map(|c| c.recency_days)
        .max()
        .unwrap_or(0);
    if span < 90 {
        warnings.push(format!(
            "every customer's last order is within {span} days of the reference date: the file \
             covers too short a time for recency to tell lapsed from active customers (several \
             months are needed)"
        ));
    }
    warnings
}

/// Segment migration between two reference dates: each customer's segment computed on the
/// lines before `from_day` and on the lines before `to_day`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// The first reference date.
    pub from_date: String,
    /// The second reference date.
    pub to_date: String,
    /// Row and column labels: the segment names, then "Other", then "(new)" (a customer with
    /// no purchase before the first date; rows only).
    pub segments: Vec<String>,
    /// `counts[from][to]`: customers moving from segment `from` to segment `to`.
    pub counts: Vec<Vec<u64>>,
}

/// Who moved from which segment to which between `from_day` and `to_day`.
pub fn migration(
    t: &Transactions,
    params: &RfmParams,
    from_day: i32,
    to_day: i32,
) -> Result<Migration, RfmError> {
    params.check()?;
    if from_day >= to_day {
        return Err(RfmError::MigrationOrder {
            from: format_day(from_day),
            to: format_day(to_day),
        });
    }
    let mut labels: Vec<String> = params.rules.rules.iter().map(|r| r.name.clone()).collect();
    labels.push(segment::OTHER.to_owned());
    let new_row = labels.len();
    labels.push("(new)".to_owned());
    let index = |name: &str| labels.iter().position(|l| l == name).unwrap_or(new_row - 1);
    let segments_at = |day: i32| -> Vec<Option<usize>> {
        let m = metrics(t, day, params.monetary, Some(day));
        let (scores, _) = score(&m, params);
        let mut at = vec![None; t.customer_ids.len()];
        for (i, &c) in m.customer.iter().enumerate() {
            at[c as usize] = Some(index(params.rules.classify(scores[i], params.bins)));
        }
        at
    };
    let before = segments_at(from_day);
    let after = segments_at(to_day);
    let mut counts = vec![vec![0u64; new_row]; labels.len()];
    for (b, a) in before.iter().zip(&after) {
        if let Some(a) = a {
            counts[b.unwrap_or(new_row)][*a] += 1;
        }
    }
    Ok(Migration {
        from_date: format_day(from_day),
        to_date: format_day(to_day),
        segments: labels,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Transactions {
        let mut t = Transactions::default();
        // ann: bought early and late; bob: early only; cy: late only (new).
        for (c, o, d, a) in [
            ("ann", "o1", 0, 10.0),
            ("ann", "o2", 150, 20.0),
            ("ann", "o3", 199, 20.0),
            ("bob", "o4", 10, 5.0),
            ("cy", "o5", 190, 50.0),
        ] {
            t.push(Some(c), Some(o), None, d, a);
        }
        t
    }

    #[test]
    fn sufficiency_names_what_is_missing() {
        // Three customers, one repeat buyer, last orders 1 to 190 days before the reference.
        let report = analyse(&table(), &RfmParams::default()).unwrap();
        let w = sufficiency_warnings(&report);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("only 3 customers"), "{w:?}");
        assert!(
            w[1].starts_with("only 1 of 3 customers bought more than once"),
            "{w:?}"
        );
        // 150 customers, 40 of them repeat, over a year: nothing to warn about.
        let mut t = Transactions::default();
        for i in 0..150 {
            let c = format!("c{i}");
            t.push(Some(&c), Some(&format!("a{i}")), None, i * 2, 10.0);
            if i < 40 {
                t.push(Some(&c), Some(&format!("b{i}")), None, 300 + i, 10.0);
            }
        }
        let report = analyse(&t, &RfmParams::default()).unwrap();
        assert_eq!(sufficiency_warnings(&report), Vec::<String>::new());
        // The same customers all within 30 days: the short history is named.
        let mut t = Transactions::default();
        for i in 0..150 {
            let c = format!("c{i}");
            t.push(Some(&c), Some(&format!("a{i}")), None, i % 30, 10.0);
            if i < 40 {
                t.push(Some(&c), Some(&format!("b{i}")), None, 29, 10.0);
            }
        }
        let report = analyse(&t, &RfmParams::default()).unwrap();
        let w = sufficiency_warnings(&report);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("every customer's last order is within 30 days"),
            "{w:?}"
        );
    }

    #[test]
    fn the_report_carries_the_migration_it_was_asked_for() {
        let t = table();
        let plain = analyse(&t, &RfmParams::default()).unwrap();
        assert!(plain.migration.is_none());
        let params = RfmParams {
            migration: Some(MigrationParams::default()),
            ..RfmParams::default()
        };
        let report = analyse(&t, &params).unwrap();
        let m = report.migration.as_ref().unwrap();
        // History of 200 days (≥ 180): 90 days before the reference date 200.
        assert_eq!(m.from_date, format_day(110));
        assert_eq!(m.to_date, report.reference_date);
        assert_eq!(*m.segments.last().unwrap(), "(new)");
        // Each column total is the segment's size at the reference date.
        for (j, s) in report.segments.iter().enumerate() {
            let moved: u64 = m.counts.iter().map(|row| row[j]).sum();
            assert_eq!(moved, s.customers, "{}", s.name);
        }
        // cy had no purchase before day 110.
        let new: u64 = m.counts.last().unwrap().iter().sum();
        assert_eq!(new, 1);
        // Same numbers as the stand-alone function.
        assert_eq!(*m, migration(&t, &params, 110, 200).unwrap());
    }

    #[test]
    fn a_short_history_compares_its_two_halves() {
        let p = MigrationParams::default();
        assert_eq!(p.resolve(0, 10), 5);
        assert_eq!(p.resolve(0, 200), 110);
        assert_eq!(MigrationParams { from_day: Some(3) }.resolve(0, 10), 3);
    }
}
