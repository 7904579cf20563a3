//! One workbook cell as Segmint reads it: the typed value and the text it shows.

#[cfg(feature = "workbook")]
use calamine::{CellErrorType, DataRef};

#[cfg(feature = "workbook")]
use crate::table::checked_days_from_civil;

/// A cell's value, typed as the workbook stores it.
///
/// Numbers keep Excel's precision of 15 significant digits (what Excel shows, compares and
/// saves as CSV): a cached formula result such as `15.299999999999999` is the `15.3` a person
/// sees. Date cells carry the calendar day (days since 1970-01-01, as
/// [`Transactions::day`](crate::Transactions)) and the time of day; both date systems (1900
/// and 1904) are resolved by the reader.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value (also a formula whose result was never saved).
    Empty,
    /// Text, as stored (not trimmed).
    Text(String),
    /// A number (whole numbers are exact: an id `13085` reads as `13085`).
    Number(f64),
    /// A date or date-time cell.
    Date {
        /// Days since 1970-01-01.
        day: i32,
        /// Seconds since midnight.
        seconds: u32,
    },
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// An error value such as `#DIV/0!` or `#N/A`, or a date cell outside the calendar.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing a person would see.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// Whether the cell is text (including blank text).
    pub fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_))
    }

    /// The cell as text, as a CSV saved from the workbook would hold it: whole numbers
    /// without a decimal point, other numbers in the shortest form that reads back to the
    /// same value (always with a `.` decimal point, never a thousands separator), dates as
    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, booleans as `TRUE`/`FALSE`, errors as shown
    /// (`#N/A`).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Append [`text`](Self::text) to `out`.
    pub fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Empty => Ok(()),
            Cell::Text(t) => {
                out.push_str(t);
                Ok(())
            }
            Cell::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
                // `-0` is shown as `0`.
                write!(out, "{}", *v as i64)
            }
            Cell::Number(v) => write!(out, "{v}"),
            Cell::Date { day, seconds } => {
                let (y, m, d) = crate::table::civil_from_days(*day);
                if *seconds == 0 {
                    write!(out, "{y:04}-{m:02}-{d:02}")
                } else {
                    let (hh, mm, ss) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
                    write!(out, "{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
                }
            }
            Cell::Bool(true) => {
                out.push_str("TRUE");
                Ok(())
            }
            Cell::Bool(false) => {
                out.push_str("FALSE");
                Ok(())
            }
            Cell::Error(e) => {
                out.push_str(e);
                Ok(())
            }
        };
    }

    #[cfg(feature = "workbook")]
    /// Convert calamine's value. `ods_dates` parses OpenDocument's ISO 8601 date strings.
    pub(crate) fn from_data(value: &DataRef<'_>) -> Cell {
        match value {
            DataRef::Empty => Cell::Empty,
            DataRef::String(s) => Cell::Text(s.clone()),
            DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
            DataRef::Int(i) => Cell::Number(excel_precision(*i as f64)),
            DataRef::Float(f) => Cell::Number(excel_precision(*f)),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(dt) if dt.is_datetime() => {
                let serial = dt.as_f64();
                // Excel's calendar runs from serial 0 to 9999-12-31 (serial 2,958,465).
                if !(0.0..2_958_466.0).contains(&serial) {
                    return Cell::Error(format!("#DATE({serial})"));
                }
                let (y, m, d, hh, mm, ss, _ms) = dt.to_ymd_hms_milli();
                if (y, m, d) == (1900, 2, 29) {
                    // Serial 60 of the 1900 system: a day that never existed.
                    return Cell::Error("#DATE(1900-02-29)".to_owned());
                }
                match checked_days_from_civil(i32::from(y), u32::from(m), u32::from(d)) {
                    Some(day) => Cell::Date {
                        day,
                        seconds: u32::from(hh) * 3600 + u32::from(mm) * 60 + u32::from(ss),
                    },
                    None => Cell::Error(format!("#DATE({serial})")),
                }
            }
            // A duration ([h]:mm:ss): shown as it reads, not a calendar day.
            DataRef::DateTime(dt) => Cell::Text(duration_text(dt.as_f64())),
            DataRef::DateTimeIso(s) => iso_cell(s),
            DataRef::DurationIso(s) => Cell::Text(s.clone()),
            DataRef::Error(e) => Cell::Error(error_text(e).to_owned()),
        }
    }
}

/// `v` rounded to 15 significant digits, Excel's precision.
#[cfg(feature = "workbook")]
pub(crate) fn excel_precision(v: f64) -> f64 {
    if !v.is_finite() || (v.fract() == 0.0 && v.abs() < 1e15) {
        return v;
    }
    // Most numbers have a few decimals: when `v` is the double nearest to k / 10^6 for an
    // integer k below 10^15, that decimal has at most 15 significant digits and rounding
    // gives `v` back. (Division is correctly rounded, so the test is exact.)
    let k = (v * 1e6).round();
    if k.abs() < 1e15 && k / 1e6 == v {
        return v;
    }
    format!("{v:.14e}").parse().unwrap_or(v)
}

#[cfg(feature = "workbook")]
fn duration_text(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

/// An OpenDocument date (`2010-12-01`, `2010-12-01T08:26:00`, with fraction or zone).
#[cfg(feature = "workbook")]
fn iso_cell(s: &str) -> Cell {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let date = (|| {
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let day = checked_days_from_civil(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
        let seconds = if b.len() >= 16 && b[10] == b'T' && b[13] == b':' {
            let ss = if b.len() >= 19 && b[16] == b':' {
                digits(17..19)?
            } else {
                0
            };
            digits(11..13)? * 3600 + digits(14..16)? * 60 + ss
        } else {
            0
        };
        Some(Cell::Date { day, seconds })
    })();
    // A time of day alone (`PT08H26M00S` arrives as a duration) or anything else is text.
    date.unwrap_or_else(|| Cell::Text(s.to_owned()))
}

#[cfg(feature = "workbook")]
fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}

/// The spreadsheet name of 0-based column `column`: `A`, …, `Z`, `AA`, ….
pub fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference as Excel writes it in a formula: `Sheet1!C14`, `'Q1 orders'!C14`
/// (quoted when the name is not a plain word, with `'` doubled). `row` is 1-based, `column`
/// 0-based.
pub fn cell_ref(sheet: &str, row: u64, column: u32) -> String {
    let plain = !sheet.is_empty()
        && sheet
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    let letters = column_letters(column);
    if plain {
        format!("{sheet}!{letters}{row}")
    } else {
        format!("'{}'!{letters}{row}", sheet.replace('\'', "''"))
    }
}

#[cfg(all(test, feature = "workbook"))]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_in_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn references_quote_names_that_need_it() {
        assert_eq!(cell_ref("Sheet1", 14, 2), "Sheet1!C14");
        assert_eq!(cell_ref("Q1 orders", 3, 0), "'Q1 orders'!A3");
        assert_eq!(cell_ref("Bob's", 3, 0), "'Bob''s'!A3");
        assert_eq!(cell_ref("2024", 3, 0), "'2024'!A3");
    }

    #[test]
    fn numbers_read_as_a_person_sees_them() {
        assert_eq!(Cell::Number(13085.0).text(), "13085");
        assert_eq!(Cell::Number(-0.0).text(), "0");
        assert_eq!(Cell::Number(2.55).text(), "2.55");
        assert_eq!(excel_precision(5.1 * 3.0), 15.3);
        assert_eq!(excel_precision("1.0000000000000002".parse().unwrap()), 1.0);
        assert_eq!(excel_precision(0.1 + 0.2), 0.3);
        assert_eq!(Cell::Number(1e20).text(), "100000000000000000000");
    }

    #[test]
    fn ods_dates_are_days() {
        let day = checked_days_from_civil(2010, 12, 1).unwrap();
        assert_eq!(
            iso_cell("2010-12-01T08:26:00"),
            Cell::Date {
                day,
                seconds: 8 * 3600 + 26 * 60
            }
        );
        assert_eq!(iso_cell("2010-12-01"), Cell::Date { day, seconds: 0 });
        assert_eq!(iso_cell("2010-13-01"), Cell::Text("2010-13-01".into()));
        assert_eq!(
            Cell::Date {
                day,
                seconds: 8 * 3600 + 26 * 60
            }
            .text(),
            "2010-12-01 08:26:00"
        );
    }
}
