//! Cleaning policies (docs/definitions.md §4.1) and the [`QualityReport`] that accounts for every row.
//!
//! Each data row of the file ends in exactly one of these places, checked in this order:
//!
//! 1. **rejected** `wrong_field_count`: the row has a different number of fields than the
//!    header (or the first record of a file without header);
//! 2. **duplicates**: the row is byte-for-byte equal, field by field, to an earlier row
//!    (the first copy stays). Under [`DuplicatesPolicy::Keep`] they are counted and kept;
//! 3. **rejected** `missing_date` / `bad_date` / `missing_number` / `bad_number`: a mapped
//!    date or number cell is empty or does not parse in the format decided for its column;
//! 4. **failed_payments**: the status says failed, declined, voided or cancelled;
//!    **not_won**: for CRM deals, the stage is anything but closed-won;
//! 5. **adjustments**: the line carries no sale price — unit_price ≤ 0 or amount = 0. This
//!    comes before returns, so a zero-priced line with a negative quantity (a stock write-off)
//!    is an adjustment, not a customer return;
//! 6. **returns**: quantity < 0, amount < 0, order_id is `C` followed by a digit (Online
//!    Retail cancellations), status "refunded", or a payment refunded in full. Under
//!    [`ReturnsPolicy::Exclude`] (default) they leave the table; under
//!    [`ReturnsPolicy::Net`] they stay with a negative (or reduced) amount;
//! 7. otherwise the row is **used**. A used row without customer id is kept (baskets use it)
//!    with customer [`crate::NO_ID`] and counted in `missing_customer_id`; customer analyses
//!    skip [`crate::NO_ID`]. So `missing_customer_id` is a part of `rows_used`, not an
//!    exclusion:
//!
//! ```text
//! rows_read = rows_used + duplicates (when removed) + failed_payments + not_won
//!           + adjustments + returns (when excluded) + Σ rejected
//! ```
//!
//! [`QualityReport::reconciles`] checks it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::roles::StatusVocabulary;

/// What happens to returns and cancellations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnsPolicy {
    /// Excluded from every analysis (counted).
    #[default]
    Exclude,
    /// Kept as negative amounts, netting the customer's value.
    Net,
}

impl std::str::FromStr for ReturnsPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exclude" => Ok(ReturnsPolicy::Exclude),
            "net" => Ok(ReturnsPolicy::Net),
            other => Err(format!("--returns must be exclude or net, not {other:?}")),
        }
    }
}

/// What happens to exact duplicate rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatesPolicy {
    /// Removed after the first copy (counted).
    #[default]
    Remove,
    /// Kept (still counted): for exports where two equal lines are two real purchases.
    Keep,
}

impl std::str::FromStr for DuplicatesPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "remove" => Ok(DuplicatesPolicy::Remove),
            "keep" => Ok(DuplicatesPolicy::Keep),
            other => Err(format!(
                "--duplicates must be remove or keep, not {other:?}"
            )),
        }
    }
}

/// Why a row was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// More or fewer fields than the header.
    WrongFieldCount,
    /// The order date is empty.
    MissingDate,
    /// The order date is not a date (in the order decided for the column).
    BadDate,
    /// A mapped number (quantity, price, amount) is empty.
    MissingNumber,
    /// A mapped number is not a number (in the decimal separator decided for the column).
    BadNumber,
    /// A line of a one-basket-per-line file with no item.
    EmptyBasket,
}

impl RejectReason {
    /// The snake_case key used in reports.
    pub fn name(self) -> &'static str {
        match self {
            RejectReason::WrongFieldCount => "wrong_field_count",
            RejectReason::MissingDate => "missing_date",
            RejectReason::BadDate => "bad_date",
            RejectReason::MissingNumber => "missing_number",
            RejectReason::BadNumber => "bad_number",
            RejectReason::EmptyBasket => "empty_basket",
        }
    }
}

/// Where a rejected row is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedLine {
    /// 1-based line in the file.
    pub line: u64,
    /// 1-based column, when one cell is to blame.
    pub column: Option<u64>,
    /// The offending cell (truncated to 60 characters), when one cell is to blame.
    pub value: Option<String>,
}

/// How many rejected rows per reason are listed by line.
pub const REJECTED_EXAMPLES: usize = 5;

/// Where every row of the file went. See the [module docs](self) for the order of checks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    /// Data rows read (the header excluded).
    pub rows_read: u64,
    /// Rows in the cleaned table (including rows without customer id, and returns under the
    /// net policy).
    pub rows_used: u64,
    /// Exact duplicate rows (removed, or kept under `duplicates_policy` = keep).
    pub duplicates: u64,
    /// The duplicates policy applied.
    pub duplicates_policy: DuplicatesPolicy,
    /// Return/cancellation lines (excluded or netted per `returns_policy`).
    pub returns: u64,
    /// The returns policy applied.
    pub returns_policy: ReturnsPolicy,
    /// Lines without a sale price (unit_price ≤ 0 or amount = 0), excluded.
    pub adjustments: u64,
    /// Failed, declined, voided or cancelled payments, excluded.
    pub failed_payments: u64,
    /// CRM deals that are open or lost, excluded.
    pub not_won: u64,
    /// Used rows without customer id: kept for baskets, skipped by customer analyses.
    pub missing_customer_id: u64,
    /// Rejected rows by reason (`wrong_field_count`, `bad_date`, …).
    pub rejected: BTreeMap<String, u64>,
    /// The first [`REJECTED_EXAMPLES`] rejected rows per reason.
    pub rejected_lines: BTreeMap<String, Vec<RejectedLine>>,
}

impl QualityReport {
    /// All rejected rows.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    /// Rows excluded by a policy.
    pub fn excluded_total(&self) -> u64 {
        let returns = if self.returns_policy == ReturnsPolicy::Exclude {
            self.returns
        } else {
            0
        };
        self.failed_payments + self.not_won + self.adjustments + returns
    }

    /// Duplicate rows removed.
    pub fn duplicates_removed(&self) -> u64 {
        if self.duplicates_policy == DuplicatesPolicy::Remove {
            self.duplicates
        } else {
            0
        }
    }

    /// Whether every row is accounted for exactly once.
    pub fn reconciles(&self) -> bool {
        self.rows_read
            == self.rows_used
                + self.duplicates_removed()
                + self.excluded_total()
                + self.rejected_total()
    }

    pub(crate) fn reject(
        &mut self,
        reason: RejectReason,
        line: u64,
        column: Option<usize>,
        value: Option<&str>,
    ) {
        *self.rejected.entry(reason.name().to_owned()).or_insert(0) += 1;
        let lines = self
            .rejected_lines
            .entry(reason.name().to_owned())
            .or_default();
        // Rows rejected while streaming and rows rejected once a column's format is decided
        // arrive in two runs; keep the first lines of both together.
        let at = lines.partition_point(|l| l.line < line);
        if at < REJECTED_EXAMPLES {
            lines.insert(
                at,
                RejectedLine {
                    line,
                    column: column.map(|c| c as u64 + 1),
                    value: value.map(|v| v.chars().take(60).collect()),
                },
            );
            lines.truncate(REJECTED_EXAMPLES);
        }
    }
}

/// What a status cell means for cleaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StatusClass {
    /// A sale (or no status).
    Ok,
    /// Failed, declined, voided, cancelled: excluded.
    Failed,
    /// Refunded in full: a return.
    Refunded,
    /// A CRM deal that is open or lost: excluded.
    NotWon,
}

/// Classify a status cell.
pub(crate) fn classify_status(text: &str, vocabulary: StatusVocabulary) -> StatusClass {
    let mut buf = [0u8; 32];
    let mut n = 0;
    for b in text.trim().bytes() {
        if b.is_ascii_alphanumeric() && n < buf.len() {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    let word = &buf[..n];
    match vocabulary {
        StatusVocabulary::DealStage => match word {
            b"closedwon" | b"won" => StatusClass::Ok,
            _ => StatusClass::NotWon,
        },
        StatusVocabulary::Payment => {
            let word = word
                .strip_prefix(b"wc")
                .filter(|_| text.trim().starts_with("wc-"))
                .unwrap_or(word);
            match word {
                b"failed" | b"failure" | b"declined" | b"blocked" | b"voided" | b"void"
                | b"canceled" | b"cancelled" | b"expired" | b"paymentfailed" => StatusClass::Failed,
                b"refunded" | b"fullyrefunded" => StatusClass::Refunded,
                _ => StatusClass::Ok,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        use StatusClass::*;
        let p = StatusVocabulary::Payment;
        assert_eq!(classify_status("Failed", p), Failed);
        assert_eq!(classify_status("voided", p), Failed);
        assert_eq!(classify_status("wc-cancelled", p), Failed);
        assert_eq!(classify_status("Refunded", p), Refunded);
        assert_eq!(classify_status("partially_refunded", p), Ok);
        assert_eq!(classify_status("paid", p), Ok);
        assert_eq!(classify_status("", p), Ok);
        let d = StatusVocabulary::DealStage;
        assert_eq!(classify_status("Closed Won", d), Ok);
        assert_eq!(classify_status("closedwon", d), Ok);
        assert_eq!(classify_status("Closed Lost", d), NotWon);
        assert_eq!(classify_status("Negotiation/Review", d), NotWon);
    }
}
