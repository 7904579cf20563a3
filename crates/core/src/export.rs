//! CSV export that is safe to open in a spreadsheet.
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, TAB, CR, LF or NUL could be run as a
//! formula by Excel, LibreOffice or Google Sheets ("CSV injection"), so it is written with a
//! leading `'` and quoted. Numeric cells are written as numbers and never altered, even when
//! negative. Every cell that needs it is quoted per RFC 4180.

pub mod campaign;
pub mod contacts;
pub mod control;
pub mod crm;

/// One cell of an exported row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Text from the data or from us.
    Text(&'a str),
    /// A number, written with Rust's shortest round-trip formatting (`NaN`/infinite: empty).
    Number(f64),
    /// An integer.
    Int(i64),
}

const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// Append `cell` to `out`, escaped and formula-safe.
pub fn write_cell(out: &mut String, cell: Cell<'_>) {
    match cell {
        Cell::Number(v) if v.is_finite() => out.push_str(&v.to_string()),
        Cell::Number(_) => {}
        Cell::Int(v) => out.push_str(&v.to_string()),
        Cell::Text(text) => {
            let formula = text.starts_with(FORMULA_STARTS);
            let needs_quotes =
                formula || text.contains([',', '"', '\n', '\r']) || text.starts_with(' ');
            if !needs_quotes {
                out.push_str(text);
                return;
            }
            out.push('"');
            if formula {
                out.push('\'');
            }
            for c in text.chars() {
                if c == '"' {
                    out.push('"');
                }
                out.push(c);
            }
            out.push('"');
        }
    }
}

/// Append one row (cells joined by commas, then CRLF) to `out`.
pub fn write_row(out: &mut String, cells: &[Cell<'_>]) {
    for (i, &cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// A CSV document built row by row: a header, then rows, every cell formula-safe.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table(String);

impl Table {
    /// A table with this header row.
    pub fn new(header: &[&str]) -> Self {
        let mut out = String::new();
        let cells: Vec<Cell<'_>> = header.iter().map(|h| Cell::Text(h)).collect();
        write_row(&mut out, &cells);
        Self(out)
    }

    /// Append a row.
    pub fn row(&mut self, cells: &[Cell<'_>]) {
        write_row(&mut self.0, cells);
    }

    /// The CSV text so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The CSV text.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(c: Cell<'_>) -> String {
        let mut s = String::new();
        write_cell(&mut s, c);
        s
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(
            cell(Cell::Text("=HYPERLINK(\"x\")")),
            r#""'=HYPERLINK(""x"")""#
        );
        assert_eq!(cell(Cell::Text("+1")), r#""'+1""#);
        assert_eq!(cell(Cell::Text("-2+3")), r#""'-2+3""#);
        assert_eq!(cell(Cell::Text("@SUM(A1)")), r#""'@SUM(A1)""#);
        assert_eq!(cell(Cell::Text("\tx")), "\"'\tx\"");
        assert_eq!(cell(Cell::Text("\rx")), "\"'\rx\"");
        assert_eq!(cell(Cell::Text("\nx")), "\"'\nx\"");
        assert_eq!(cell(Cell::Text("\0x")), "\"'\0x\"");
    }

    #[test]
    fn numbers_and_plain_text_are_untouched() {
        assert_eq!(cell(Cell::Number(-12.5)), "-12.5");
        assert_eq!(cell(Cell::Int(-3)), "-3");
        assert_eq!(cell(Cell::Text("Champions")), "Champions");
        assert_eq!(cell(Cell::Text("a, b")), "\"a, b\"");
        assert_eq!(cell(Cell::Number(f64::NAN)), "");
    }
}
