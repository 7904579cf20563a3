//! Typed values from text cells: numbers and dates.
//!
//! A cell is never given a type on its own. Each cell is parsed into every reading it
//! admits (a number as decimal point *and* as decimal comma; a slashed date as day-first
//! *and* month-first), the column collects [`NumberEvidence`] / [`DateEvidence`] over all its
//! cells, and only then is one reading chosen for the whole column. A column whose cells all
//! admit both date orders is reported as ambiguous; the caller must ask the user.

mod date;
mod number;

pub use date::{DateCell, DateEvidence, DateFormatKind, DateOrder, DateOrderDecision, parse_date};
pub use number::{DecimalSeparator, NumberCell, NumberEvidence, parse_number};
