//! The typed, cleaned transaction table every analysis reads.
//!
//! Ingest turns a file into a [`Transactions`] table: one entry per kept line (after the
//! cleaning policies of docs/definitions.md §4.1), columnar, with ids interned to dense `u32`s and dates as
//! whole days since 1970-01-01. Analyses (RFM, clusters, baskets, lifetime value, cohorts)
//! take `&Transactions` and never see text.

use std::collections::HashMap;

/// Marks a missing id (no customer id on the line, no product, no order column).
pub const NO_ID: u32 = u32::MAX;

/// Strings interned to dense ids `0..len()`, in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interner {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 2^32 - 1 distinct ids");
        assert!(id != NO_ID, "fewer than 2^32 - 1 distinct ids");
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    /// The id of `name`, if interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The string for `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// How many distinct strings.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Cleaned transaction lines, columnar. All column vectors have the same length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transactions {
    /// Customer id strings.
    pub customer_ids: Interner,
    /// Order id strings.
    pub order_ids: Interner,
    /// Product ids (or names, when the file has no product id).
    pub products: Interner,
    /// Per line: the customer, or [`NO_ID`].
    pub customer: Vec<u32>,
    /// Per line: the order, or [`NO_ID`] when the file has no order id column.
    pub order: Vec<u32>,
    /// Per line: the product, or [`NO_ID`].
    pub product: Vec<u32>,
    /// Per line: the order date as whole days since 1970-01-01.
    pub day: Vec<i32>,
    /// Per line: the line amount (`amount`, or `quantity × unit_price`). Negative only for
    /// returns kept under the "net" returns policy.
    pub amount: Vec<f64>,
    /// Per product id: a name to show beside it — the most frequent `product_name` on the
    /// product's kept lines (ties: the first seen), empty when it has none. Empty when the
    /// file maps no separate product name (then the product ids are the names already).
    pub product_labels: Vec<String>,
}

impl Transactions {
    /// Number of lines.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// The display name of product `id` ([`Transactions::product_labels`]), if it has one.
    pub fn product_label(&self, id: u32) -> Option<&str> {
        self.product_labels
            .get(id as usize)
            .map(String::as_str)
            .filter(|l| !l.is_empty())
    }

    /// Append one line. `customer`, `order` and `product` are the raw id strings (`None` when
    /// missing).
    pub fn push(
        &mut self,
        customer: Option<&str>,
        order: Option<&str>,
        product: Option<&str>,
        day: i32,
        amount: f64,
    ) {
        self.customer
            .push(customer.map_or(NO_ID, |c| self.customer_ids.intern(c)));
        self.order
            .push(order.map_or(NO_ID, |o| self.order_ids.intern(o)));
        self.product
            .push(product.map_or(NO_ID, |p| self.products.intern(p)));
        self.day.push(day);
        self.amount.push(amount);
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 for a real calendar date of years 1..=9999, or `None` for a date
/// that does not exist (month 13, 31 April, 29 February of a common year, …).
pub fn checked_days_from_civil(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (d <= days[m as usize - 1]).then(|| days_from_civil(y, m, d))
}

/// The day number of a `YYYY-MM-DD` date (the format of [`format_day`]), or `None` for
/// anything else or a date that does not exist.
pub fn parse_day(text: &str) -> Option<i32> {
    let mut parts = text.trim().split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    checked_days_from_civil(y, m, d)
}

/// A day number as `YYYY-MM-DD`: the one date format of every report, export and view.
pub fn format_day(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The (year, month, day) of a day number from [`days_from_civil`].
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1899, 12, 30), -25_569);
        for d in -800_000..800_000 {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn interner_is_dense_and_stable() {
        let mut t = Transactions::default();
        t.push(Some("c1"), Some("o1"), Some("p1"), 10, 2.5);
        t.push(None, Some("o1"), Some("p2"), 10, 1.0);
        t.push(Some("c1"), Some("o2"), Some("p1"), 11, 4.0);
        assert_eq!(t.customer, vec![0, NO_ID, 0]);
        assert_eq!(t.order, vec![0, 0, 1]);
        assert_eq!(t.products.name(1), "p2");
        assert_eq!(t.len(), 3);
    }
}
