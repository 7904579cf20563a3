//! Retention cohorts: customers grouped by the month of their first purchase, and the share
//! of each cohort that bought again 1, 2, … months later.
//!
//! # Steps
//! 1. Keep lines with a customer id and a non-negative amount (a return kept under the "net"
//!    policy is not a purchase; the CLV summary uses the same rule) dated on or before `end`
//!    (default: the last such date).
//! 2. A customer's cohort is the calendar month of their first purchase; `months_since` of a
//!    purchase is the number of calendar months from the cohort month to the purchase month
//!    (so a purchase on 31 January by a customer who started on 30 January is month 1).
//! 3. A cell `(cohort, k)` counts the cohort's customers with at least one purchase in month
//!    `cohort + k`; `share` = that count / cohort size (month 0 is always 1).
//! 4. **Completeness**: a cell is complete when its whole calendar month lies on or before
//!    `end`; a cohort is complete when its own first month is (otherwise more customers may
//!    still join it). The last, partly observed month is reported but marked, so that a
//!    half-month is never compared with whole months.
//!
//! Cells run from month 0 to the month containing `end`; cohorts are listed oldest first and
//! months with no new customer have no row. Cost: `O(n log n)` (one sort of the
//! (customer, month) pairs).
//!
//! # Example
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::cohort::{self, CohortOptions};
//! use segmint_core::table::days_from_civil;
//!
//! let mut tx = Transactions::default();
//! tx.push(Some("a"), None, None, days_from_civil(2024, 1, 5), 10.0);
//! tx.push(Some("a"), None, None, days_from_civil(2024, 2, 9), 12.0);
//! tx.push(Some("b"), None, None, days_from_civil(2024, 1, 20), 8.0);
//! tx.push(Some("c"), None, None, days_from_civil(2024, 2, 14), 5.0);
//! let report = cohort::analyse(&tx, &CohortOptions::new()).unwrap();
//! assert_eq!(report.cohorts[0].cohort, "2024-01");
//! assert_eq!(report.cohorts[0].cells[1].share, 0.5); // a came back in February
//! assert!(!report.cohorts[0].cells[1].complete); // February is observed only to the 14th
//! ```

use serde::{Deserialize, Serialize};

use crate::Transactions;
use crate::table::{NO_ID, civil_from_days, days_from_civil};

/// Options of the cohort analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CohortOptions {
    /// Last day (day number) whose purchases are used; `None`: the last purchase date.
    pub end: Option<i32>,
}

impl CohortOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Set the end of observation (day number).
    pub fn end(mut self, day: Option<i32>) -> Self {
        self.end = day;
        self
    }
}

/// Why there is no cohort table.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CohortError {
    /// No line has a customer id and a non-negative amount on or before the end.
    #[error("no customer purchase on or before the end of observation")]
    NoPurchases,
}

/// One cell: a cohort's activity `months_since` months after its first month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortCell {
    /// Months since the cohort month (0 = the first month).
    pub months_since: u32,
    /// The calendar month, `YYYY-MM`.
    pub month: String,
    /// Cohort customers with a purchase in that month.
    pub customers: usize,
    /// `customers` / cohort size.
    pub share: f64,
    /// Whether the whole month is observed.
    pub complete: bool,
}

/// One cohort's row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// First-purchase month, `YYYY-MM`.
    pub cohort: String,
    /// Customers whose first purchase is in that month.
    pub size: usize,
    /// Whether the cohort's first month is fully observed (no customer can still join).
    pub complete: bool,
    /// Months 0, 1, … up to the month containing the end.
    pub cells: Vec<CohortCell>,
}

/// The cohort retention table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortReport {
    /// Last day used, `YYYY-MM-DD`.
    pub end: String,
    /// Customers in all cohorts.
    pub customers: usize,
    /// Lines used.
    pub lines_used: usize,
    /// Lines without a customer id, with a negative amount, or after the end (not used).
    pub lines_skipped: usize,
    /// Cohorts, oldest first.
    pub cohorts: Vec<Cohort>,
}

/// Month number `year·12 + month − 1`.
fn month_of(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i32 - 1
}

fn month_label(month: i32) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// Day number of the last day of a month number.
fn last_day_of(month: i32) -> i32 {
    let next = month + 1;
    days_from_civil(next.div_euclid(12), next.rem_euclid(12) as u32 + 1, 1) - 1
}

/// Build the cohort retention table. See the [module docs](self).
pub fn analyse(tx: &Transactions, options: &CohortOptions) -> Result<CohortReport, CohortError> {
    let is_purchase = |i: usize| tx.customer[i] != NO_ID && tx.amount[i] >= 0.0;
    let latest = (0..tx.len())
        .filter(|&i| is_purchase(i))
        .map(|i| tx.day[i])
        .max();
    let end = options.end.or(latest).ok_or(CohortError::NoPurchases)?;
    let mut pairs: Vec<(u32, i32)> = (0..tx.len())
        .filter(|&i| is_purchase(i) && tx.day[i] <= end)
        .map(|i| (tx.customer[i], month_of(tx.day[i])))
        .collect();
    let lines_used = pairs.len();
    if pairs.is_empty() {
        return Err(CohortError::NoPurchases);
    }
    pairs.sort_unstable();
    pairs.dedup();
    let end_month = month_of(end);
    let month_complete = |m: i32| last_day_of(m) <= end;

    // (cohort month, months since) per active customer-month.
    let mut active: Vec<(i32, u32)> = Vec::with_capacity(pairs.len());
    let mut i = 0;
    while i < pairs.len() {
        let customer = pairs[i].0;
        let first = pairs[i].1;
        while i < pairs.len() && pairs[i].0 == customer {
            active.push((first, (pairs[i].1 - first) as u32));
            i += 1;
        }
    }
    active.sort_unstable();
    let mut cohorts = Vec::new();
    let mut customers = 0;
    let mut j = 0;
    while j < active.len() {
        let cohort = active[j].0;
        let span = (end_month - cohort) as usize + 1;
        let mut counts = vec![0usize; span];
        while j < active.len() && active[j].0 == cohort {
            counts[active[j].1 as usize] += 1;
            j += 1;
        }
        let size = counts[0];
        customers += size;
        let cells = counts
            .iter()
            .enumerate()
            .map(|(k, &n)| {
                let month = cohort + k as i32;
                CohortCell {
                    months_since: k as u32,
                    month: month_label(month),
                    customers: n,
                    share: n as f64 / size as f64,
                    complete: month_complete(month),
                }
            })
            .collect();
        cohorts.push(Cohort {
            cohort: month_label(cohort),
            size,
            complete: month_complete(cohort),
            cells,
        });
    }
    let (y, m, d) = civil_from_days(end);
    Ok(CohortReport {
        end: format!("{y:04}-{m:02}-{d:02}"),
        customers,
        lines_used,
        lines_skipped: tx.len() - lines_used,
        cohorts,
    })
}
