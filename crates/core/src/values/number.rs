//! Numbers as exports write them: `1234.5`, `1,234.56`, `1.234,56`, `1 234,56`, `$1,234.56`,
//! `1.234,56 €`, `EUR 12`, `-3`, `(12.00)`, `12-`.

use serde::{Deserialize, Serialize};

/// Which character separates the integer part from the fraction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    /// `1,234.56` (thousands `,` `'` or space).
    #[default]
    Point,
    /// `1.234,56` (thousands `.` `'` or space).
    Comma,
}

/// The readings of one cell. `NaN` marks "not a number under this reading".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberCell {
    /// The value with a decimal point.
    pub point: f64,
    /// The value with a decimal comma.
    pub comma: f64,
}

impl NumberCell {
    /// Neither reading is a number.
    pub const BAD: NumberCell = NumberCell {
        point: f64::NAN,
        comma: f64::NAN,
    };

    /// The value under `sep`, if it is a number under that reading.
    pub fn get(self, sep: DecimalSeparator) -> Option<f64> {
        let v = match sep {
            DecimalSeparator::Point => self.point,
            DecimalSeparator::Comma => self.comma,
        };
        (!v.is_nan()).then_some(v)
    }
}

/// What a column's cells say about its decimal separator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberEvidence {
    /// Cells that are numbers only with a decimal point (`2.55`, `1,234.5`).
    pub point_only: u64,
    /// Cells that are numbers only with a decimal comma (`2,55`, `1.234,5`).
    pub comma_only: u64,
    /// Cells that are different numbers under each reading (`1,234`, `1.234`).
    pub ambiguous: u64,
}

impl NumberEvidence {
    /// Account for one cell.
    pub fn add(&mut self, cell: NumberCell) {
        match (cell.point.is_nan(), cell.comma.is_nan()) {
            (false, true) => self.point_only += 1,
            (true, false) => self.comma_only += 1,
            (false, false) if cell.point != cell.comma => self.ambiguous += 1,
            _ => {}
        }
    }

    /// Merge another column's (or chunk's) evidence.
    pub fn merge(&mut self, other: &NumberEvidence) {
        self.point_only += other.point_only;
        self.comma_only += other.comma_only;
        self.ambiguous += other.ambiguous;
    }

    /// The separator for the whole column: the reading more cells support only, the user's
    /// choice when given, and the point when nothing decides (then `ambiguous` cells, if
    /// any, are read as thousands separators and reported as a warning by the caller).
    pub fn decide(&self, user: Option<DecimalSeparator>) -> DecimalSeparator {
        if let Some(sep) = user {
            return sep;
        }
        if self.comma_only > self.point_only {
            DecimalSeparator::Comma
        } else {
            DecimalSeparator::Point
        }
    }
}

/// Both readings of `text`. An empty cell is [`NumberCell::BAD`]; callers check emptiness
/// first when they treat "missing" differently from "not a number".
pub fn parse_number(text: &str) -> NumberCell {
    if let Some(cell) = plain_untrimmed(text.as_bytes()) {
        return cell;
    }
    parse_number_general(text)
}

/// [`parse_number`] without its one-pass fast path.
fn parse_number_general(text: &str) -> NumberCell {
    let s = trim(text);
    // Fast path: plain `-12`, `2.55`, `0.5` — nearly every cell of a typical export.
    if is_plain(s.as_bytes()) {
        let Some(v) = fast_decimal(s.as_bytes()).or_else(|| s.parse::<f64>().ok()) else {
            return NumberCell::BAD;
        };
        let has_point = s.contains('.');
        return NumberCell {
            point: v,
            comma: if has_point { f64::NAN } else { v },
        };
    }
    let (negative, core) = match strip_sign_and_currency(s) {
        Some(x) => x,
        None => return NumberCell::BAD,
    };
    if let Some(v) = scientific(core) {
        let v = if negative { -v } else { v };
        return NumberCell { point: v, comma: v };
    }
    let sign = if negative { -1.0 } else { 1.0 };
    NumberCell {
        point: read_grouped(core, b'.').map_or(f64::NAN, |v| sign * v),
        comma: read_grouped(core, b',').map_or(f64::NAN, |v| sign * v),
    }
}

/// The fast path's result in one pass, for a cell with nothing around it: `-?digits(.digits)?`
/// with at most 15 digits that does not look grouped (exactly what [`is_plain`] and
/// [`fast_decimal`] accept together). `None`: take the general path.
#[inline]
fn plain_untrimmed(b: &[u8]) -> Option<NumberCell> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, body) = match b.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, b),
    };
    if body.is_empty() || body.len() > 15 + 1 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut point: Option<usize> = None;
    for (i, &c) in body.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let fraction = match point {
        Some(p) => {
            if digits > 3 && looks_grouped(body) {
                return None;
            }
            body.len() - p - 1
        }
        None => 0,
    };
    let v = mantissa as f64 / POW10[fraction];
    let v = if negative { -v } else { v };
    Some(NumberCell {
        point: v,
        comma: if point.is_some() { f64::NAN } else { v },
    })
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
}

/// `-?digits(.digits)?` with at most 15 digits: the mantissa and the power of ten are both
/// exact in an f64, so one division gives the correctly rounded value (Clinger's fast path),
/// the same as `str::parse`.
fn fast_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, b) = match b.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut fraction: Option<usize> = None;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                digits += 1;
                if let Some(f) = fraction.as_mut() {
                    *f += 1;
                }
            }
            b'.' if fraction.is_none() => fraction = Some(0),
            _ => return None,
        }
        if digits > 15 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    let v = mantissa as f64 / POW10[fraction.unwrap_or(0)];
    Some(if negative { -v } else { v })
}

/// `-?digits(.digits)?` with at least one digit, at most one point.
fn is_plain(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"-").unwrap_or(b);
    if b.is_empty() || b.len() > 30 {
        return false;
    }
    let mut points = 0;
    let mut digits = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => return false,
        }
    }
    digits > 0
        && points <= 1
        && !(points == 1 && b.iter().filter(|c| c.is_ascii_digit()).count() > 3 && looks_grouped(b))
}

/// `1.234` (a point followed by exactly three digits and nothing else) could be a German
/// thousand; it must go through the slow path so both readings are kept.
fn looks_grouped(b: &[u8]) -> bool {
    match b.iter().position(|&c| c == b'.') {
        Some(p) => p > 0 && p <= 3 && b.len() - p - 1 == 3 && b[0] != b'0',
        None => false,
    }
}

const SYMBOLS: [&str; 14] = [
    "US$", "NZ$", "HK$", "A$", "C$", "R$", "$", "€", "£", "¥", "₹", "₩", "₽", "¢",
];

/// Strips a sign (`-x`, `x-`, `(x)`, `+x`) and a currency (symbol or three-letter code,
/// before or after, with or without a space). `None` when what remains has no digit.
fn strip_sign_and_currency(s: &str) -> Option<(bool, &str)> {
    let mut s = s;
    let mut negative = false;
    for _ in 0..3 {
        let before = s;
        if let Some(rest) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            negative = !negative;
            s = rest;
        }
        if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
            negative = !negative;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        } else if let Some(rest) = s.strip_suffix('-') {
            negative = !negative;
            s = rest;
        }
        s = strip_currency(trim(s));
        if s == before {
            break;
        }
    }
    s.bytes()
        .any(|b| b.is_ascii_digit())
        .then_some((negative, s))
}

fn strip_currency(s: &str) -> &str {
    let mut s = s;
    for sym in SYMBOLS {
        if let Some(rest) = s.strip_prefix(sym) {
            s = trim(rest);
            break;
        }
    }
    for sym in SYMBOLS {
        if let Some(rest) = s.strip_suffix(sym) {
            s = trim(rest);
            break;
        }
    }
    let b = s.as_bytes();
    if b.len() > 3 && b[..3].iter().all(u8::is_ascii_uppercase) && !b[3].is_ascii_alphabetic() {
        s = trim(&s[3..]);
    }
    let b = s.as_bytes();
    let n = b.len();
    if n > 3 && b[n - 3..].iter().all(u8::is_ascii_uppercase) && !b[n - 4].is_ascii_alphabetic() {
        s = trim(&s[..n - 3]);
    }
    s
}

fn scientific(s: &str) -> Option<f64> {
    if !s.bytes().any(|b| b == b'e' || b == b'E') {
        return None;
    }
    let ok = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads `s` with `decimal` as the decimal separator and the other of `.`/`,`, an apostrophe
/// or a space as thousands separators, which must group the integer part by three.
fn read_grouped(s: &str, decimal: u8) -> Option<f64> {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut groups = 0usize;
    let mut group_len = 0usize;
    let mut seen_decimal = false;
    let mut digits = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => {
                if n >= buf.len() {
                    return None;
                }
                buf[n] = c as u8;
                n += 1;
                digits += 1;
                if !seen_decimal {
                    group_len += 1;
                }
                continue;
            }
            _ if c as u32 == u32::from(decimal) => {
                if seen_decimal {
                    return None;
                }
                seen_decimal = true;
                if groups > 0 && group_len != 3 {
                    return None;
                }
                if n >= buf.len() {
                    return None;
                }
                buf[n] = b'.';
                n += 1;
                continue;
            }
            '.' | ',' | '\'' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => {}
            _ => return None,
        }
        if seen_decimal {
            return None;
        }
        if groups == 0 {
            if group_len == 0 || group_len > 3 {
                return None;
            }
        } else if group_len != 3 {
            return None;
        }
        groups += 1;
        group_len = 0;
    }
    if groups > 0 && !seen_decimal && group_len != 3 {
        return None;
    }
    if digits == 0 {
        return None;
    }
    std::str::from_utf8(&buf[..n]).ok()?.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(s: &str) -> (Option<f64>, Option<f64>) {
        let c = parse_number(s);
        (
            c.get(DecimalSeparator::Point),
            c.get(DecimalSeparator::Comma),
        )
    }

    #[test]
    fn readings() {
        assert_eq!(both("2.55"), (Some(2.55), None));
        assert_eq!(both("12"), (Some(12.0), Some(12.0)));
        assert_eq!(both("1,234"), (Some(1234.0), Some(1.234)));
        assert_eq!(both("1.234"), (Some(1.234), Some(1234.0)));
        assert_eq!(both("0.234"), (Some(0.234), None));
        assert_eq!(both("1,234.56"), (Some(1234.56), None));
        assert_eq!(both("1.234,56"), (None, Some(1234.56)));
        assert_eq!(both("1 234,56"), (None, Some(1234.56)));
        assert_eq!(both("$1,234.56"), (Some(1234.56), None));
        assert_eq!(both("1.234,56 €"), (None, Some(1234.56)));
        assert_eq!(both("EUR 12,50"), (None, Some(12.5)));
        assert_eq!(both("USD 12,500.00"), (Some(12500.0), None));
        assert_eq!(both("(12.00)"), (Some(-12.0), None));
        assert_eq!(both("-$5.10"), (Some(-5.1), None));
        assert_eq!(both("$-5.10"), (Some(-5.1), None));
        assert_eq!(both("12-"), (Some(-12.0), Some(-12.0)));
        assert_eq!(both("1e3"), (Some(1000.0), Some(1000.0)));
        assert_eq!(both(""), (None, None));
        assert_eq!(both("abc"), (None, None));
        assert_eq!(both("12abc"), (None, None));
        assert_eq!(both("1,23,456"), (None, None));
        assert_eq!(both("inf"), (None, None));
        assert_eq!(both("NaN"), (None, None));
    }

    #[test]
    fn fast_path_matches_std() {
        for s in [
            "2.55",
            "0.1",
            "-3.39",
            "123456.789012345",
            "1.",
            "7",
            "0.000001",
            "-0",
            "8.1",
        ] {
            assert_eq!(
                fast_decimal(s.as_bytes()),
                Some(s.parse::<f64>().unwrap()),
                "{s}"
            );
        }
        assert_eq!(fast_decimal(b"1234567890123456"), None);
        assert_eq!(fast_decimal(b"."), None);
    }

    #[test]
    fn column_decides() {
        let mut e = NumberEvidence::default();
        for s in ["1,5", "2", "1.234,5", "1.234"] {
            e.add(parse_number(s));
        }
        assert_eq!(e.decide(None), DecimalSeparator::Comma);
        let mut e = NumberEvidence::default();
        for s in ["1,234", "2"] {
            e.add(parse_number(s));
        }
        assert_eq!(e.ambiguous, 1);
        assert_eq!(e.decide(None), DecimalSeparator::Point);
    }

    #[test]
    fn one_pass_fast_path_agrees_with_the_general_parser() {
        let cells = [
            "0",
            "-0",
            "7",
            "-12",
            "2.55",
            "0.5",
            ".5",
            "5.",
            "-.5",
            "1.234",
            "0.234",
            "12.345",
            "1234.5",
            "1.2345",
            "123456789012345",
            "1234567890123456",
            "12345678901234.5",
            "1.23.4",
            "-",
            ".",
            "",
            "1,234",
            " 2.55",
            "2.55 ",
            "+3",
            "1e5",
            "--1",
            "00012",
        ];
        for c in cells {
            let (a, b) = (parse_number(c), parse_number_general(c));
            assert_eq!(
                (a.point.to_bits(), a.comma.to_bits()),
                (b.point.to_bits(), b.comma.to_bits()),
                "{c:?}"
            );
        }
    }
}
