//! The per-customer lifetime summary (frequency, recency, T, monetary value).

use serde::{Deserialize, Serialize};

use super::ClvError;
pub(crate) use crate::table::format_day;
use crate::table::{NO_ID, Transactions};

/// 1970-01-05, the first Monday on or after the day-number origin (a Thursday).
const FIRST_MONDAY: i32 = 4;

/// The unit in which recency, T and the horizon are measured.
///
/// Purchases in the same *period* merge into one purchase (their amounts add up).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days; a period is a calendar day (`lifetimes`: `freq='D'`).
    #[default]
    Day,
    /// Weeks of 7 days with fractions; a period is still a calendar day, and day counts are
    /// divided by 7 (`lifetimes`: `freq='D', freq_multiplier=7`). This is the week of Fader,
    /// Hardie & Lee (2005) and reproduces their published CDNOW parameters.
    Week,
    /// Whole calendar weeks; a period is a Monday-to-Sunday week and dates are floored to its
    /// Monday (`lifetimes`: `freq='W'`, pandas' `W-SUN` periods). Coarser: recency and T are
    /// integers, and purchases in the same week merge.
    CalendarWeek,
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week | TimeUnit::CalendarWeek => 7.0,
        }
    }

    /// Units per month in the CLV sum, as `lifetimes`' `customer_lifetime_value` uses them
    /// (`'D'`: 30, `'W'`: 4.345).
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Day => 30.0,
            TimeUnit::Week | TimeUnit::CalendarWeek => 4.345,
        }
    }

    /// The period a day falls in, as the day number of the period's first day.
    fn period(self, day: i32) -> i32 {
        match self {
            TimeUnit::Day | TimeUnit::Week => day,
            TimeUnit::CalendarWeek => FIRST_MONDAY + (day - FIRST_MONDAY).div_euclid(7) * 7,
        }
    }
}

/// What "recency" means in a lifetime summary; carried in every result so that no reader
/// confuses it with RFM recency.
pub const RECENCY_DEFINITION: &str = "recency here is the time from a customer's first to \
    their last purchase (0 for one-time buyers), in the time unit; it is NOT RFM recency \
    (days from the last purchase to the reference date): a high value here is good";

/// One customer's lifetime summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// The customer (index into [`Transactions::customer_ids`]).
    pub customer: u32,
    /// Repeat purchase periods: purchase periods − 1.
    pub frequency: u32,
    /// First to last purchase period, in time units (not RFM recency).
    pub recency: f64,
    /// First purchase period to the observation-end period, in time units ("age", `T`).
    pub t: f64,
    /// Mean value of the repeat purchase periods (the first period excluded); 0 for one-time
    /// buyers.
    pub monetary_value: f64,
}

/// Lifetime summaries of all customers with a purchase on or before the observation end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifetimeSummary {
    /// The observation end as a day number (purchases after it are not used).
    pub observation_end: i32,
    /// The time unit of `recency` and `t`.
    pub time_unit: TimeUnit,
    /// One entry per customer, in order of customer id (first appearance in the file).
    pub customers: Vec<CustomerSummary>,
    /// Lines that went into the summary.
    pub lines_used: usize,
    /// Lines dated after the observation end (not used).
    pub lines_after_observation_end: usize,
    /// Lines without a customer id (not used).
    pub lines_without_customer: usize,
    /// Lines with a negative amount (returns kept under the "net" policy): not purchases,
    /// not used.
    pub negative_lines: usize,
}

/// The lifetime summary of every customer, as `lifetimes`' `summary_data_from_transaction_data`
/// defines it.
///
/// # Steps
/// 1. Keep lines with a customer id, a non-negative amount, and a date on or before
///    `observation_end` (default: the latest date of a line with a customer id).
/// 2. Map each date to its period ([`TimeUnit`]); sum the amounts of each customer's
///    purchases per period: several purchases in one period are one purchase.
/// 3. Per customer: `frequency` = periods − 1; `recency` = last − first period;
///    `t` = observation-end period − first period (both divided by the unit's length);
///    `monetary_value` = mean of the period sums except the first (0 when there is none).
///
/// One deliberate difference: with [`TimeUnit::CalendarWeek`] `lifetimes` also keeps
/// purchases made after the observation end but in the same calendar week; we never use a
/// purchase after the observation end (it would leak the future into a calibration). On data
/// cut at the observation end the two agree exactly.
///
/// `recency` is *not* RFM recency: see [`RECENCY_DEFINITION`].
///
/// Cost: one pass over the lines plus a sort of the kept lines, `O(n log n)`.
pub fn summarise(
    tx: &Transactions,
    observation_end: Option<i32>,
    time_unit: TimeUnit,
) -> Result<LifetimeSummary, ClvError> {
    let mut lines_without_customer = 0;
    let mut negative_lines = 0;
    let mut latest = i32::MIN;
    for (i, ((&c, &d), &a)) in tx.customer.iter().zip(&tx.day).zip(&tx.amount).enumerate() {
        if !a.is_finite() {
            return Err(ClvError::NonFiniteAmount { line: i });
        }
        if c == NO_ID {
            lines_without_customer += 1;
        } else if a < 0.0 {
            negative_lines += 1;
        } else {
            latest = latest.max(d);
        }
    }
    let end = observation_end.unwrap_or(latest);
    let end_text = format_day(end);
    if latest == i32::MIN {
        return Err(ClvError::NoCustomers {
            observation_end: end_text,
        });
    }
    let mut lines: Vec<(u32, i32, f64)> = Vec::with_capacity(tx.len());
    let mut lines_after = 0;
    for ((&c, &d), &a) in tx.customer.iter().zip(&tx.day).zip(&tx.amount) {
        if c == NO_ID || a < 0.0 {
            continue;
        }
        if d > end {
            lines_after += 1;
            continue;
        }
        lines.push((c, time_unit.period(d), a));
    }
    if lines.is_empty() {
        return Err(ClvError::NoCustomers {
            observation_end: end_text,
        });
    }
    // A stable sort keeps the file order of same-period amounts, so sums are reproducible.
    lines.sort_by_key(|&(c, p, _)| (c, p));
    let end_period = time_unit.period(end);
    let scale = 1.0 / time_unit.days();
    let mut customers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let customer = lines[i].0;
        let first = lines[i].1;
        let mut last = first;
        let mut periods = 0u32;
        let mut repeat_value = 0.0;
        while i < lines.len() && lines[i].0 == customer {
            let period = lines[i].1;
            let mut value = 0.0;
            while i < lines.len() && lines[i].0 == customer && lines[i].1 == period {
                value += lines[i].2;
                i += 1;
            }
            if periods > 0 {
                repeat_value += value;
            }
            periods += 1;
            last = period;
        }
        let frequency = periods - 1;
        customers.push(CustomerSummary {
            customer,
            frequency,
            recency: f64::from(last - first) * scale,
            t: f64::from(end_period - first) * scale,
            monetary_value: if frequency > 0 {
                repeat_value / f64::from(frequency)
            } else {
                0.0
            },
        });
    }
    Ok(LifetimeSummary {
        observation_end: end,
        time_unit,
        customers,
        lines_used: lines.len(),
        lines_after_observation_end: lines_after,
        lines_without_customer,
        negative_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::days_from_civil;

    #[test]
    fn calendar_weeks_start_on_monday() {
        let monday = days_from_civil(1997, 9, 29);
        for d in 0..7 {
            assert_eq!(TimeUnit::CalendarWeek.period(monday + d), monday);
        }
        assert_eq!(TimeUnit::CalendarWeek.period(monday - 1), monday - 7);
        assert_eq!(
            TimeUnit::CalendarWeek.period(-10),
            days_from_civil(1969, 12, 22)
        );
    }
}
