//! Dates as exports write them, to whole days since 1970-01-01 ([`days_from_civil`](crate::table::days_from_civil)).
//!
//! Recognised (an optional time of day, `T` or space separated, with optional seconds,
//! fraction, `AM`/`PM`, `Z`, `UTC` or a `±HH:MM`/`±HHMM` offset, may follow any of them):
//! - ISO 8601 and other year-first forms: `2011-12-09`, `2011/12/09`, `2011.12.09`,
//!   `2011-12-09T12:50:00+01:00`, `2011-12-09 12:50:00 -0500`;
//! - `YYYYMMDD` (`19970101`);
//! - day/month or month/day with a four- or two-digit year: `09/12/2011`, `12/9/11`,
//!   `9.12.2011`, `09-12-2011` (two-digit years are 1970–2069);
//! - month names: `9 Dec 2011`, `09-Dec-2011`, `Dec 9, 2011`, `December 9 2011`;
//! - Excel serial day numbers in the 1900 date system (`40886`, `40886.53`), including its
//!   phantom 29 February 1900 (serial 60), which is rejected because that day never existed.
//!
//! The day is the calendar date as written: an offset says which zone the time is in, it does
//! not move the date (a shop's "2011-12-09 23:30 -0500" is its 9 December).

use serde::{Deserialize, Serialize};

use crate::table::checked_days_from_civil as civil;

/// Which of a slashed date's first two numbers is the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `dd/mm/yyyy` (most of the world).
    DayFirst,
    /// `mm/dd/yyyy` (United States).
    MonthFirst,
}

/// The format family a cell was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormatKind {
    /// Year first (ISO 8601 and friends).
    YearFirst,
    /// `YYYYMMDD`.
    Compact,
    /// `a/b/yyyy`, where the column decides which is the day.
    Slashed,
    /// A month name.
    MonthName,
    /// An Excel serial day number.
    ExcelSerial,
}

/// The readings of one date cell: the day number when the first number is the day, and when
/// it is the month. Both are equal for formats without that ambiguity; `None` where a reading
/// is not a valid date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateCell {
    /// Day number reading `a/b` as day/month.
    pub day_first: Option<i32>,
    /// Day number reading `a/b` as month/day.
    pub month_first: Option<i32>,
    /// What the cell looked like, when it looked like a date at all.
    pub kind: Option<DateFormatKind>,
}

impl DateCell {
    /// A cell that is no date.
    pub const BAD: DateCell = DateCell {
        day_first: None,
        month_first: None,
        kind: None,
    };

    fn exact(day: i32, kind: DateFormatKind) -> Self {
        Self {
            day_first: Some(day),
            month_first: Some(day),
            kind: Some(kind),
        }
    }

    /// The day under `order`.
    pub fn get(self, order: DateOrder) -> Option<i32> {
        match order {
            DateOrder::DayFirst => self.day_first,
            DateOrder::MonthFirst => self.month_first,
        }
    }
}

/// What a column's cells say about its date order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateEvidence {
    /// Cells valid only as day/month (`25/12/2011`).
    pub day_first_only: u64,
    /// Cells valid only as month/day (`12/25/2011`).
    pub month_first_only: u64,
    /// Cells valid both ways with different results (`05/12/2011`).
    pub ambiguous: u64,
    /// The first ambiguous cell's 1-based line, for the question put to the user.
    pub first_ambiguous_line: Option<u64>,
}

/// The column's date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "order")]
pub enum DateOrderDecision {
    /// No cell needs an order (ISO dates, or every `a/b` has `a == b`).
    NotNeeded,
    /// The data decides: some cells are only valid one way.
    Detected(DateOrder),
    /// The user chose (option `date_order` / `--date-order`).
    UserChosen(DateOrder),
    /// Every slashed cell is valid both ways: the user must say which.
    Ambiguous,
}

impl DateOrderDecision {
    /// The order to read cells with, unless the question is open.
    pub fn order(self) -> Option<DateOrder> {
        match self {
            DateOrderDecision::NotNeeded => Some(DateOrder::DayFirst),
            DateOrderDecision::Detected(o) | DateOrderDecision::UserChosen(o) => Some(o),
            DateOrderDecision::Ambiguous => None,
        }
    }
}

impl DateEvidence {
    /// Account for one cell found on `line`.
    pub fn add(&mut self, cell: DateCell, line: u64) {
        match (cell.day_first, cell.month_first) {
            (Some(_), None) => self.day_first_only += 1,
            (None, Some(_)) => self.month_first_only += 1,
            (Some(a), Some(b)) if a != b => {
                self.ambiguous += 1;
                self.first_ambiguous_line.get_or_insert(line);
            }
            _ => {}
        }
    }

    /// The order for the whole column. Evidence both ways (a column mixing `25/12` and
    /// `12/25`) goes with the majority; the minority's cells then fail to parse and are
    /// rejected with their line numbers, never silently reinterpreted.
    pub fn decide(&self, user: Option<DateOrder>) -> DateOrderDecision {
        if let Some(o) = user {
            return DateOrderDecision::UserChosen(o);
        }
        match (self.day_first_only, self.month_first_only) {
            (0, 0) if self.ambiguous == 0 => DateOrderDecision::NotNeeded,
            (0, 0) => DateOrderDecision::Ambiguous,
            (d, m) if d >= m => DateOrderDecision::Detected(DateOrder::DayFirst),
            _ => DateOrderDecision::Detected(DateOrder::MonthFirst),
        }
    }
}

/// Every reading of `text` as a date.
pub fn parse_date(text: &str) -> DateCell {
    // Most cells have nothing to trim: try the commonest shapes before trimming.
    if let Some(cell) = iso_fast(text.as_bytes()) {
        return cell;
    }
    parse_date_general(text)
}

/// [`parse_date`] without its fast path.
fn parse_date_general(text: &str) -> DateCell {
    let s = text.trim().as_bytes();
    if s.is_empty() || s.len() > 64 {
        return DateCell::BAD;
    }
    let mut p = Cursor { s, i: 0 };
    let Some(first) = p.number(9) else {
        return month_name_first(&mut p);
    };
    let first_len = p.i;
    // Bare digits: YYYYMMDD or an Excel serial.
    if p.at_end() || (p.peek() == Some(b'.') && first_len <= 7 && p.rest_is_fraction()) {
        if first_len == 8 {
            let (y, m, d) = (first / 10_000, first / 100 % 100, first % 100);
            return civil(y as i32, m, d).map_or(DateCell::BAD, |day| {
                DateCell::exact(day, DateFormatKind::Compact)
            });
        }
        if first_len <= 7 {
            return excel_serial(first);
        }
        return DateCell::BAD;
    }
    let Some(sep) = p.next() else {
        return DateCell::BAD;
    };
    if !matches!(sep, b'-' | b'/' | b'.' | b' ') {
        return DateCell::BAD;
    }
    if first_len == 4 {
        // Year first.
        let Some(m) = p.number(2) else {
            return DateCell::BAD;
        };
        if p.next() != Some(sep) {
            return DateCell::BAD;
        }
        let Some(d) = p.number(2) else {
            return DateCell::BAD;
        };
        if !time_of_day(&mut p) {
            return DateCell::BAD;
        }
        return civil(first as i32, m, d).map_or(DateCell::BAD, |day| {
            DateCell::exact(day, DateFormatKind::YearFirst)
        });
    }
    if first_len > 2 {
        return DateCell::BAD;
    }
    // `9 Dec 2011`, `09-Dec-2011`.
    if p.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        let Some(m) = p.month_name() else {
            return DateCell::BAD;
        };
        if !matches!(p.next(), Some(b'-' | b' ' | b'/' | b'.')) {
            return DateCell::BAD;
        }
        let Some(y) = p.year() else {
            return DateCell::BAD;
        };
        if !time_of_day(&mut p) {
            return DateCell::BAD;
        }
        return civil(y, m, first).map_or(DateCell::BAD, |day| {
            DateCell::exact(day, DateFormatKind::MonthName)
        });
    }
    let Some(second) = p.number(2) else {
        return DateCell::BAD;
    };
    if p.next() != Some(sep) {
        return DateCell::BAD;
    }
    let Some(y) = p.year() else {
        return DateCell::BAD;
    };
    if !time_of_day(&mut p) {
        return DateCell::BAD;
    }
    let day_first = civil(y, second, first);
    let month_first = civil(y, first, second);
    if day_first.is_none() && month_first.is_none() {
        return DateCell::BAD;
    }
    DateCell {
        day_first,
        month_first,
        kind: Some(DateFormatKind::Slashed),
    }
}

/// The commonest shapes, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (space or
/// `T`), read directly; the result is what the general path gives. `None`: not one of them.
#[inline]
fn iso_fast(s: &[u8]) -> Option<DateCell> {
    if !matches!(s.len(), 10 | 16 | 19) || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let d2 = |i: usize| -> Option<u32> {
        let (a, b) = (s[i].wrapping_sub(b'0'), s[i + 1].wrapping_sub(b'0'));
        (a < 10 && b < 10).then(|| u32::from(a) * 10 + u32::from(b))
    };
    let y = d2(0)? * 100 + d2(2)?;
    let (m, d) = (d2(5)?, d2(8)?);
    if s.len() > 10 {
        if !matches!(s[10], b' ' | b'T') || s[13] != b':' {
            return None;
        }
        let (h, min) = (d2(11)?, d2(14)?);
        let sec = if s.len() == 19 {
            if s[16] != b':' {
                return None;
            }
            d2(17)?
        } else {
            0
        };
        if h > 24 || min > 59 || sec > 60 {
            return Some(DateCell::BAD);
        }
    }
    Some(civil(y as i32, m, d).map_or(DateCell::BAD, |day| {
        DateCell::exact(day, DateFormatKind::YearFirst)
    }))
}

/// `Dec 9, 2011`, `December 9 2011`.
fn month_name_first(p: &mut Cursor<'_>) -> DateCell {
    let Some(m) = p.month_name() else {
        return DateCell::BAD;
    };
    if !matches!(p.next(), Some(b' ' | b'-' | b'.')) {
        return DateCell::BAD;
    }
    p.skip_spaces();
    let Some(d) = p.number(2) else {
        return DateCell::BAD;
    };
    if p.peek() == Some(b',') {
        p.i += 1;
    }
    if !matches!(p.next(), Some(b' ' | b'-')) {
        return DateCell::BAD;
    }
    p.skip_spaces();
    let Some(y) = p.year() else {
        return DateCell::BAD;
    };
    if !time_of_day(p) {
        return DateCell::BAD;
    }
    civil(y, m, d).map_or(DateCell::BAD, |day| {
        DateCell::exact(day, DateFormatKind::MonthName)
    })
}

/// Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that
/// never existed (Lotus 1-2-3's leap-year bug, kept by Excel). From serial 61 (1900-03-01) on,
/// day = serial − 25 569; below 60 there is one day fewer to skip.
fn excel_serial(serial: u32) -> DateCell {
    let day = match serial {
        0 | 60 => return DateCell::BAD,
        1..=59 => serial as i32 - 25_568,
        61..=2_958_465 => serial as i32 - 25_569,
        _ => return DateCell::BAD,
    };
    DateCell::exact(day, DateFormatKind::ExcelSerial)
}

/// An optional time of day and zone after the date; `false` if something else follows.
fn time_of_day(p: &mut Cursor<'_>) -> bool {
    if p.at_end() {
        return true;
    }
    if !matches!(p.next(), Some(b'T' | b' ')) {
        return false;
    }
    p.skip_spaces();
    let Some(h) = p.number(2) else { return false };
    if p.next() != Some(b':') {
        return false;
    }
    let Some(min) = p.number(2) else { return false };
    let mut sec = 0;
    if p.peek() == Some(b':') {
        p.i += 1;
        let Some(s) = p.number(2) else { return false };
        sec = s;
        if matches!(p.peek(), Some(b'.' | b',')) {
            p.i += 1;
            if p.number(9).is_none() {
                return false;
            }
        }
    }
    if h > 24 || min > 59 || sec > 60 {
        return false;
    }
    p.skip_spaces();
    let mut rest = &p.s[p.i..];
    for ampm in [&b"AM"[..], b"PM", b"A.M.", b"P.M."] {
        if rest.len() >= ampm.len() && rest[..ampm.len()].eq_ignore_ascii_case(ampm) {
            if h == 0 || h > 12 {
                return false;
            }
            rest = &rest[ampm.len()..];
            while rest.first() == Some(&b' ') {
                rest = &rest[1..];
            }
            break;
        }
    }
    zone(rest)
}

fn zone(rest: &[u8]) -> bool {
    match rest {
        b"" | b"Z" | b"UTC" | b"GMT" => true,
        [b'+' | b'-', h1, h2] => h1.is_ascii_digit() && h2.is_ascii_digit(),
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    /// 1..=`max` ASCII digits.
    fn number(&mut self, max: usize) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.i - start == max {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
            self.i += 1;
        }
        (self.i > start).then_some(v)
    }

    fn year(&mut self) -> Option<i32> {
        let start = self.i;
        let v = self.number(4)?;
        match self.i - start {
            4 => Some(v as i32),
            2 => Some(if v >= 70 {
                1900 + v as i32
            } else {
                2000 + v as i32
            }),
            _ => None,
        }
    }

    fn rest_is_fraction(&self) -> bool {
        let rest = &self.s[self.i + 1..];
        !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
    }

    fn month_name(&mut self) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let word = &self.s[start..self.i];
        if word.len() < 3 {
            return None;
        }
        const MONTHS: [&[u8]; 12] = [
            b"january",
            b"february",
            b"march",
            b"april",
            b"may",
            b"june",
            b"july",
            b"august",
            b"september",
            b"october",
            b"november",
            b"december",
        ];
        let found = MONTHS.iter().position(|m| {
            (m.len() >= word.len() && m[..word.len()].eq_ignore_ascii_case(word))
                || (word.eq_ignore_ascii_case(b"sept") && m.starts_with(b"sep"))
        })?;
        if self.peek() == Some(b'.') {
            self.i += 1;
        }
        Some(found as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::days_from_civil;

    fn day(y: i32, m: u32, d: u32) -> Option<i32> {
        Some(days_from_civil(y, m, d))
    }

    #[test]
    fn formats() {
        let ex = |s: &str| {
            let c = parse_date(s);
            assert_eq!(c.day_first, c.month_first, "{s}");
            c.day_first
        };
        assert_eq!(ex("2011-12-09"), day(2011, 12, 9));
        assert_eq!(ex("2010-12-01 08:26:00"), day(2010, 12, 1));
        assert_eq!(ex("2011-12-09T23:30:00-05:00"), day(2011, 12, 9));
        assert_eq!(ex("2011-12-09T23:30:00.123Z"), day(2011, 12, 9));
        assert_eq!(ex("2024-01-05 14:32:10 -0500"), day(2024, 1, 5));
        assert_eq!(ex("2011/12/09"), day(2011, 12, 9));
        assert_eq!(ex("19970101"), day(1997, 1, 1));
        assert_eq!(ex("9 Dec 2011"), day(2011, 12, 9));
        assert_eq!(ex("09-Dec-2011"), day(2011, 12, 9));
        assert_eq!(ex("Dec 9, 2011"), day(2011, 12, 9));
        assert_eq!(ex("September 9 2011 10:00 PM"), day(2011, 9, 9));
        assert_eq!(ex("2011-02-29"), None);
        assert_eq!(ex("2011-13-01"), None);
        assert_eq!(ex("2011-12-09 25:00"), None);
        assert_eq!(ex("2011-12-09x"), None);
        assert_eq!(ex("hello"), None);
        assert_eq!(ex(""), None);
    }

    #[test]
    fn excel_1900_system() {
        let ex = |s: &str| parse_date(s).day_first;
        assert_eq!(ex("1"), day(1900, 1, 1));
        assert_eq!(ex("59"), day(1900, 2, 28));
        assert_eq!(ex("60"), None, "1900-02-29 never existed");
        assert_eq!(ex("61"), day(1900, 3, 1));
        assert_eq!(ex("25569"), day(1970, 1, 1));
        assert_eq!(ex("40886"), day(2011, 12, 9));
        assert_eq!(ex("40886.75"), day(2011, 12, 9));
        assert_eq!(ex("0"), None);
    }

    #[test]
    fn slashed_keeps_both_readings() {
        let c = parse_date("05/12/2011");
        assert_eq!(c.day_first, day(2011, 12, 5));
        assert_eq!(c.month_first, day(2011, 5, 12));
        let c = parse_date("25/12/2011 10:00");
        assert_eq!((c.day_first, c.month_first), (day(2011, 12, 25), None));
        let c = parse_date("12/25/11 1:05 PM");
        assert_eq!((c.day_first, c.month_first), (None, day(2011, 12, 25)));
    }

    #[test]
    fn column_decides_or_asks() {
        let mut e = DateEvidence::default();
        e.add(parse_date("05/12/2011"), 2);
        assert_eq!(e.decide(None), DateOrderDecision::Ambiguous);
        assert_eq!(e.first_ambiguous_line, Some(2));
        assert_eq!(
            e.decide(Some(DateOrder::MonthFirst)),
            DateOrderDecision::UserChosen(DateOrder::MonthFirst)
        );
        e.add(parse_date("13/12/2011"), 3);
        assert_eq!(
            e.decide(None),
            DateOrderDecision::Detected(DateOrder::DayFirst)
        );
        let mut e = DateEvidence::default();
        e.add(parse_date("2011-12-05"), 2);
        e.add(parse_date("05/05/2011"), 3);
        assert_eq!(e.decide(None), DateOrderDecision::NotNeeded);
    }

    #[test]
    fn iso_fast_path_agrees_with_the_general_parser() {
        let mut cells = Vec::new();
        for date in [
            "2011-12-09",
            "2012-02-29",
            "2011-02-29",
            "0000-01-01",
            "2011-13-01",
        ] {
            cells.push(date.to_owned());
            for time in [
                "00:00", "23:59", "24:00", "12:60", "25:00", "1a:00", "00:00:00", "12:50:60",
                "12:50:61", "12:5:00", "12:50 ", "12:50PM",
            ] {
                cells.push(format!("{date} {time}"));
                cells.push(format!("{date}T{time}"));
                cells.push(format!("{date}x{time}"));
            }
        }
        cells.extend(
            [
                "2011/12/09",
                "2011-1-09",
                "201-12-090",
                " 2011-12-09",
                "2011-12-09 ",
                "20111209",
            ]
            .map(String::from),
        );
        for c in &cells {
            assert_eq!(parse_date(c), parse_date_general(c), "{c:?}");
        }
    }
}
