//! The key numbers of a file at a glance (docs/definitions.md §4.11): customers, orders,
//! revenue, average order value, repeat-customer rate and revenue from customers at risk, each
//! with its change against the previous period of equal length; revenue and active customers
//! by month; the RFM segment mix; the top products.
//!
//! # Steps
//! 1. The lines are the kept lines with a customer id (the same ones RFM reads); a return
//!    kept under the "net" policy counts with its negative amount.
//! 2. A window `[lo, hi]` of days has `customers` (distinct customers with a line in it),
//!    `orders` (distinct (customer, order) pairs, or (customer, day) without an order id: the
//!    sum of RFM frequencies), `revenue` (sum of amounts), `average_order_value` (revenue /
//!    orders) and `repeat_rate` (share of its customers with at least 2 orders in it).
//! 3. Each key number's `value` is that of the whole file; `revenue_at_risk` is a stock, not
//!    a flow: the revenue of the customers whose RFM segment, scored on the lines up to the
//!    last day with the reference date the day after, is one of [`AT_RISK_SEGMENTS`].
//! 4. The comparison period: the longest of 365, 90 and 30 days such that the file covers two
//!    of them (last − first + 1 ≥ 2 × length). `current` is the last such period (ending on
//!    the last day), `previous` the one just before it; for `revenue_at_risk` they are its
//!    value as of the end of each period. `change` = current / previous − 1 (none when
//!    previous is 0). A file shorter than 60 days has no comparison.
//!
//! Cost: `O(n)` per window plus one RFM scoring per period end.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::Transactions;
use crate::rfm::{self, RfmError, RfmParams, format_day};
use crate::table::{NO_ID, civil_from_days, days_from_civil};

/// The segments whose customers' revenue is "at risk": big spenders or frequent buyers who
/// have not bought for long (the names of the rule tables in `rfm::SegmentRules`).
pub const AT_RISK_SEGMENTS: [&str; 3] = ["At Risk", "Can't Lose Them", "Can't Lose"];

/// The comparison period lengths tried, longest first (days).
pub const PERIOD_LENGTHS: [i32; 3] = [365, 90, 30];

/// Options of the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverviewOptions {
    /// The RFM scoring and rule table behind the segment mix and the customers at risk.
    pub rfm: RfmParams,
    /// How many products to list.
    pub top_products: usize,
}

impl Default for OverviewOptions {
    fn default() -> Self {
        Self {
            rfm: RfmParams::default(),
            top_products: 10,
        }
    }
}

/// One key number: its value over the whole file, and its change between the two periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyNumber {
    /// Over the whole file (`revenue_at_risk`: as of the last day).
    pub value: f64,
    /// In the current period; `None` without a comparison, or when undefined (no order).
    pub current: Option<f64>,
    /// In the previous period.
    pub previous: Option<f64>,
    /// `current / previous − 1`; `None` when either is missing or `previous` is 0.
    pub change: Option<f64>,
}

/// The two periods compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// Length of each period in days.
    pub days: i32,
    /// First day of the current period, `YYYY-MM-DD`.
    pub current_start: String,
    /// Last day of the current period (the file's last day).
    pub current_end: String,
    /// First day of the previous period.
    pub previous_start: String,
    /// Last day of the previous period.
    pub previous_end: String,
}

/// One calendar month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Sum of amounts.
    pub revenue: f64,
    /// Customers with a line in the month.
    pub customers: u64,
    /// Orders in the month.
    pub orders: u64,
    /// Whether the file covers the whole month (the first and last months may be partial).
    pub complete: bool,
}

/// One RFM segment's share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentShare {
    /// The segment name.
    pub name: String,
    /// Customers in it.
    pub customers: u64,
    /// Share of all customers.
    pub share: f64,
    /// Revenue of its customers.
    pub revenue: f64,
    /// Share of all revenue.
    pub revenue_share: f64,
    /// Whether it counts towards `revenue_at_risk`.
    pub at_risk: bool,
}

/// One of the top products.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    /// The product id (or name, when the file has no product id).
    pub product_id: String,
    /// Its display name, when the file has one besides the id.
    pub name: Option<String>,
    /// Sum of amounts of its lines.
    pub revenue: f64,
    /// Orders containing it.
    pub orders: u64,
    /// Customers who bought it.
    pub customers: u64,
}

/// The overview of a file. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// First day with a customer line, `YYYY-MM-DD`.
    pub first_date: String,
    /// Last day with a customer line.
    pub last_date: String,
    /// The periods compared, when the file covers two.
    pub comparison: Option<Comparison>,
    /// Distinct customers.
    pub customers: KeyNumber,
    /// Orders.
    pub orders: KeyNumber,
    /// Revenue.
    pub revenue: KeyNumber,
    /// Revenue / orders.
    pub average_order_value: KeyNumber,
    /// Share of customers with at least two orders.
    pub repeat_rate: KeyNumber,
    /// Revenue of the customers in [`AT_RISK_SEGMENTS`].
    pub revenue_at_risk: KeyNumber,
    /// Calendar months, oldest first, from the first to the last (empty months included).
    pub months: Vec<MonthRow>,
    /// RFM segments in rule order, then "Other", empty ones left out.
    pub segments: Vec<SegmentShare>,
    /// Products by revenue, highest first (ties: product id ascending).
    pub top_products: Vec<ProductRow>,
}

/// Why there is no overview.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OverviewError {
    /// No line has a customer id.
    #[error("no line has a customer id")]
    NoCustomers,
    /// The RFM options are invalid.
    #[error(transparent)]
    Rfm(#[from] RfmError),
}

/// The flow numbers of one window of days.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Window {
    customers: f64,
    orders: f64,
    revenue: f64,
    average_order_value: Option<f64>,
    repeat_rate: Option<f64>,
}

fn purchase(t: &Transactions, i: usize) -> u32 {
    if t.order[i] == NO_ID {
        t.day[i] as u32
    } else {
        t.order[i]
    }
}

fn window(t: &Transactions, lo: i32, hi: i32) -> Window {
    let mut orders: HashSet<(u32, u32)> = HashSet::new();
    let mut revenue = 0.0;
    for i in 0..t.len() {
        if t.customer[i] == NO_ID || t.day[i] < lo || t.day[i] > hi {
            continue;
        }
        revenue += t.amount[i];
        orders.insert((t.customer[i], purchase(t, i)));
    }
    let mut per_customer = vec![0u32; t.customer_ids.len()];
    for &(c, _) in &orders {
        per_customer[c as usize] += 1;
    }
    let customers = per_customer.iter().filter(|&&n| n > 0).count();
    let repeaters = per_customer.iter().filter(|&&n| n >= 2).count();
    let n_orders = orders.len();
    Window {
        customers: customers as f64,
        orders: n_orders as f64,
        revenue,
        average_order_value: (n_orders > 0).then(|| revenue / n_orders as f64),
        repeat_rate: (customers > 0).then(|| repeaters as f64 / customers as f64),
    }
}

/// Revenue of the at-risk customers as of `day` (lines up to it, reference the day after),
/// and the segment of each customer then.
fn at_risk_as_of(
    t: &Transactions,
    params: &RfmParams,
    day: i32,
) -> (f64, rfm::Metrics, Vec<String>) {
    let metrics = rfm::metrics(t, day + 1, params.monetary, Some(day + 1));
    let (scores, _) = rfm::score(&metrics, params);
    let names: Vec<String> = scores
        .iter()
        .map(|&s| params.rules.classify(s, params.bins).to_owned())
        .collect();
    let revenue = names
        .iter()
        .zip(&metrics.revenue)
        .filter(|(n, _)| AT_RISK_SEGMENTS.contains(&n.as_str()))
        .map(|(_, r)| r)
        .sum();
    (revenue, metrics, names)
}

fn key(value: f64, current: Option<f64>, previous: Option<f64>) -> KeyNumber {
    let change = match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => Some(c / p - 1.0),
        _ => None,
    };
    KeyNumber {
        value,
        current,
        previous,
        change,
    }
}

/// Month number `year·12 + month − 1`.
fn month_of(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i32 - 1
}

fn month_start(month: i32) -> i32 {
    days_from_civil(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
}

fn months(t: &Transactions, first: i32, last: i32) -> Vec<MonthRow> {
    let (m0, m1) = (month_of(first), month_of(last));
    let span = (m1 - m0 + 1) as usize;
    let mut revenue = vec![0.0; span];
    let mut customers: HashSet<(usize, u32)> = HashSet::new();
    let mut orders: HashSet<(usize, u32, u32)> = HashSet::new();
    for i in 0..t.len() {
        if t.customer[i] == NO_ID {
            continue;
        }
        let k = (month_of(t.day[i]) - m0) as usize;
        revenue[k] += t.amount[i];
        customers.insert((k, t.customer[i]));
        orders.insert((k, t.customer[i], purchase(t, i)));
    }
    let mut n_customers = vec![0u64; span];
    for &(k, _) in &customers {
        n_customers[k] += 1;
    }
    let mut n_orders = vec![0u64; span];
    for &(k, _, _) in &orders {
        n_orders[k] += 1;
    }
    (0..span)
        .map(|k| {
            let m = m0 + k as i32;
            let start = month_start(m);
            let end = month_start(m + 1) - 1;
            MonthRow {
                month: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
                revenue: revenue[k],
                customers: n_customers[k],
                orders: n_orders[k],
                complete: start >= first && end <= last,
            }
        })
        .collect()
}

fn top_products(t: &Transactions, n: usize) -> Vec<ProductRow> {
    let products = t.products.len();
    let mut revenue = vec![0.0; products];
    let mut orders: HashSet<(u32, u32, u32)> = HashSet::new();
    let mut buyers: HashSet<(u32, u32)> = HashSet::new();
    for i in 0..t.len() {
        let p = t.product[i];
        if t.customer[i] == NO_ID || p == NO_ID {
            continue;
        }
        revenue[p as usize] += t.amount[i];
        orders.insert((p, t.customer[i], purchase(t, i)));
        buyers.insert((p, t.customer[i]));
    }
    let mut n_orders = vec![0u64; products];
    for &(p, _, _) in &orders {
        n_orders[p as usize] += 1;
    }
    let mut n_buyers = vec![0u64; products];
    for &(p, _) in &buyers {
        n_buyers[p as usize] += 1;
    }
    let mut ids: Vec<u32> = (0..products as u32)
        .filter(|&p| n_orders[p as usize] > 0)
        .collect();
    ids.sort_by(|&a, &b| {
        revenue[b as usize]
            .total_cmp(&revenue[a as usize])
            .then_with(|| t.products.name(a).cmp(t.products.name(b)))
    });
    ids.truncate(n);
    ids.into_iter()
        .map(|p| ProductRow {
            product_id: t.products.name(p).to_owned(),
            name: t.product_label(p).map(str::to_owned),
            revenue: revenue[p as usize],
            orders: n_orders[p as usize],
            customers: n_buyers[p as usize],
        })
        .collect()
}

/// The comparison period length for a file covering `first..=last`, if any.
pub fn period_length(first: i32, last: i32) -> Option<i32> {
    PERIOD_LENGTHS
        .into_iter()
        .find(|&days| last - first + 1 >= 2 * days)
}

/// The overview of `t`. See the [module docs](self).
pub fn analyse(t: &Transactions, options: &OverviewOptions) -> Result<Overview, OverviewError> {
    options.rfm.check()?;
    let days = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i]);
    let (first, last) = days
        .fold(None, |acc: Option<(i32, i32)>, d| {
            Some(acc.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
        })
        .ok_or(OverviewError::NoCustomers)?;
    let whole = window(t, first, last);
    let (risk, metrics, names) = at_risk_as_of(t, &options.rfm, last);
    let period = period_length(first, last);
    let (current, previous, risk_before) = match period {
        Some(p) => (
            Some(window(t, last - p + 1, last)),
            Some(window(t, last - 2 * p + 1, last - p)),
            Some(at_risk_as_of(t, &options.rfm, last - p).0),
        ),
        None => (None, None, None),
    };
    let pick = |w: Option<Window>, f: fn(&Window) -> Option<f64>| w.as_ref().and_then(f);
    let number = |value: Option<f64>, f: fn(&Window) -> Option<f64>| {
        key(value.unwrap_or(0.0), pick(current, f), pick(previous, f))
    };

    let total_customers = metrics.customer.len() as f64;
    let total_revenue: f64 = metrics.revenue.iter().sum();
    let mut segments: Vec<SegmentShare> = Vec::new();
    let order: Vec<&str> = options
        .rfm
        .rules
        .rules
        .iter()
        .map(|r| r.name.as_str())
        .chain([rfm::OTHER])
        .collect();
    for name in order {
        let (n, revenue) = names
            .iter()
            .zip(&metrics.revenue)
            .filter(|(s, _)| s.as_str() == name)
            .fold((0u64, 0.0), |(n, r), (_, x)| (n + 1, r + x));
        if n == 0 {
            continue;
        }
        segments.push(SegmentShare {
            name: name.to_owned(),
            customers: n,
            share: n as f64 / total_customers,
            revenue,
            revenue_share: if total_revenue != 0.0 {
                revenue / total_revenue
            } else {
                0.0
            },
            at_risk: AT_RISK_SEGMENTS.contains(&name),
        });
    }

    Ok(Overview {
        first_date: format_day(first),
        last_date: format_day(last),
        comparison: period.map(|p| Comparison {
            days: p,
            current_start: format_day(last - p + 1),
            current_end: format_day(last),
            previous_start: format_day(last - 2 * p + 1),
            previous_end: format_day(last - p),
        }),
        customers: number(Some(whole.customers), |w| Some(w.customers)),
        orders: number(Some(whole.orders), |w| Some(w.orders)),
        revenue: number(Some(whole.revenue), |w| Some(w.revenue)),
        average_order_value: number(whole.average_order_value, |w| w.average_order_value),
        repeat_rate: number(whole.repeat_rate, |w| w.repeat_rate),
        revenue_at_risk: key(risk, period.map(|_| risk), risk_before),
        months: months(t, first, last),
        segments,
        top_products: top_products(t, options.top_products),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_is_the_longest_the_file_covers_twice() {
        assert_eq!(period_length(0, 729), Some(365));
        assert_eq!(period_length(0, 728), Some(90));
        assert_eq!(period_length(0, 373), Some(90));
        assert_eq!(period_length(0, 59), Some(30));
        assert_eq!(period_length(0, 58), None);
    }

    #[test]
    fn change_is_relative_and_undefined_from_zero() {
        assert_eq!(key(1.0, Some(3.0), Some(2.0)).change, Some(0.5));
        assert_eq!(key(1.0, Some(3.0), Some(0.0)).change, None);
        assert_eq!(key(1.0, None, None).change, None);
    }
}
