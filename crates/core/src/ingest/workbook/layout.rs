//! Where the table is on a sheet: title rows above it, its header row (or two, when a row of
//! merged group cells sits on top), its columns. Decided over the first rows, as a person
//! glancing at the sheet would.

use super::cell::Cell;

/// A rectangle of merged cells, 0-based and inclusive: `(first row, first column)` to
/// `(last row, last column)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Top-left `(row, column)`.
    pub start: (u32, u32),
    /// Bottom-right `(row, column)`.
    pub end: (u32, u32),
}

/// Copies each merged region's value (its top-left cell's) into every cell it covers, as a
/// person reads a merged cell: a merged `Customer` over two columns names both, a customer
/// merged down an order's lines is that order's customer on each line.
pub(crate) struct MergeFill {
    /// Regions by first row.
    regions: Vec<Merged>,
    values: Vec<Option<Cell>>,
    next: usize,
    active: Vec<usize>,
}

impl MergeFill {
    pub(crate) fn new(mut regions: Vec<Merged>) -> Self {
        regions.retain(|m| m.end.0 >= m.start.0 && m.end.1 >= m.start.1);
        regions.sort_by_key(|m| m.start);
        let values = vec![None; regions.len()];
        Self {
            regions,
            values,
            next: 0,
            active: Vec::new(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Fill 0-based sheet row `row` (cells from column 0). Rows must come in order.
    pub(crate) fn fill(&mut self, row: u32, cells: &mut Vec<Cell>) {
        if self.regions.is_empty() {
            return;
        }
        while self.next < self.regions.len() && self.regions[self.next].start.0 <= row {
            self.active.push(self.next);
            self.next += 1;
        }
        let regions = &self.regions;
        self.active.retain(|&k| regions[k].end.0 >= row);
        for &k in &self.active {
            let m = self.regions[k];
            if m.start.0 == row {
                let top_left = cells
                    .get(m.start.1 as usize)
                    .cloned()
                    .unwrap_or(Cell::Empty);
                self.values[k] = Some(top_left);
            }
            let Some(value) = self.values[k].as_ref().filter(|v| !v.is_blank()) else {
                continue;
            };
            let last = m.end.1 as usize;
            if cells.len() <= last {
                cells.resize(last + 1, Cell::Empty);
            }
            for cell in &mut cells[m.start.1 as usize..=last] {
                if cell.is_blank() {
                    *cell = value.clone();
                }
            }
        }
    }

    /// Whether 0-based `row` has a region spanning two or more columns.
    pub(crate) fn spans_columns(&self, row: u32) -> bool {
        self.regions
            .iter()
            .any(|m| m.start.0 <= row && row <= m.end.0 && m.end.1 > m.start.1)
    }
}

/// The table found on a sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableLayout {
    /// Index (in the sample) of the first row of the table: its header, or its first data row.
    pub start: usize,
    /// Whether the table's first row is a header.
    pub has_header: bool,
    /// Index of a row of merged group cells above the header, whose names prefix it.
    pub group: Option<usize>,
    /// First (0-based) column of the table.
    pub first_column: u32,
    /// Columns in the table.
    pub width: u32,
    /// The header, one name per column (empty without a header).
    pub header: Vec<String>,
}

/// Decide the layout from the first non-blank rows (`rows`, each `(0-based row, cells from
/// column 0)`), after merged cells were filled in.
///
/// 1. The table is as wide as the widest sampled row (`W` filled cells). Its first row is
///    the first one filled in at least half of `W` columns (two at least) with two different
///    values; rows above it are titles (a report name, a date range, notes).
/// 2. That row is a header when all its cells are text and either a column below it holds
///    numbers, dates or booleans, or — for a sheet of text only — the text heuristics of the
///    CSV sniffer vote for it (values repeated below it vote against).
/// 3. A text row right above the header that has cells merged across columns is a group
///    header: `Customer` over `ID` and `Name` makes the columns `Customer ID` and
///    `Customer Name`.
pub(crate) fn decide(
    rows: &[(u32, Vec<Cell>)],
    forced_header: Option<bool>,
    merges: &MergeFill,
) -> Option<TableLayout> {
    let filled = |cells: &[Cell]| cells.iter().filter(|c| !c.is_blank()).count();
    let widest = rows.iter().map(|(_, c)| filled(c)).max()?;
    if widest == 0 {
        return None;
    }
    let need = if widest >= 2 {
        widest.div_ceil(2).max(2)
    } else {
        1
    };
    let distinct = |cells: &[Cell]| {
        let mut seen: Vec<String> = Vec::new();
        for c in cells.iter().filter(|c| !c.is_blank()) {
            let t = c.text();
            if !seen.contains(&t) {
                seen.push(t);
            }
            if seen.len() >= 2 {
                break;
            }
        }
        seen.len()
    };
    let start = rows
        .iter()
        .position(|(_, c)| filled(c) >= need && (widest < 2 || distinct(c) >= 2))
        .or_else(|| rows.iter().position(|(_, c)| filled(c) >= need))?;
    let all_text = |cells: &[Cell]| cells.iter().all(|c| c.is_blank() || c.is_text());
    // A text row with cells merged across columns, right above another text row as wide:
    // group names over the header.
    let (start, group) = match rows.get(start + 1) {
        Some((next, below))
            if forced_header != Some(false)
                && merges.spans_columns(rows[start].0)
                && *next == rows[start].0 + 1
                && all_text(&rows[start].1)
                && all_text(below)
                && filled(below) >= need =>
        {
            (start + 1, Some(start))
        }
        // Or the row right above the table's first row is one (too narrow to be found
        // as the table's first row itself).
        _ if start > 0
            && forced_header != Some(false)
            && rows[start - 1].0 + 1 == rows[start].0
            && merges.spans_columns(rows[start - 1].0)
            && all_text(&rows[start - 1].1)
            && all_text(&rows[start].1)
            // One value across the whole width is a title, not a group of some columns.
            && (filled(&rows[start - 1].1) < widest || distinct(&rows[start - 1].1) >= 2) =>
        {
            (start, Some(start - 1))
        }
        _ => (start, None),
    };
    let table = &rows[start..];
    let first_column = table
        .iter()
        .filter_map(|(_, c)| c.iter().position(|c| !c.is_blank()))
        .min()
        .unwrap_or(0) as u32;
    let last_column = table
        .iter()
        .filter_map(|(_, c)| c.iter().rposition(|c| !c.is_blank()))
        .max()
        .unwrap_or(0) as u32;
    let width = last_column.saturating_sub(first_column) + 1;
    let cells_of = |cells: &[Cell]| -> Vec<Cell> {
        (first_column..first_column + width)
            .map(|c| cells.get(c as usize).cloned().unwrap_or(Cell::Empty))
            .collect()
    };
    let candidate = cells_of(&table[0].1);
    let has_header =
        forced_header.unwrap_or_else(|| looks_like_header(&candidate, &table[1..], first_column));
    if !has_header {
        return Some(TableLayout {
            start,
            has_header,
            group,
            first_column,
            width,
            header: Vec::new(),
        });
    }
    let mut header: Vec<String> = candidate
        .iter()
        .map(|c| c.text().trim().to_owned())
        .collect();
    if let Some(g) = group {
        let above = cells_of(&rows[g].1);
        for (name, g) in header.iter_mut().zip(&above) {
            let g = g.text().trim().to_owned();
            if g.is_empty() || g == *name {
                continue;
            }
            *name = if name.is_empty() {
                g
            } else {
                format!("{g} {name}")
            };
        }
    }
    Some(TableLayout {
        start,
        has_header,
        group,
        first_column,
        width,
        header,
    })
}

fn looks_like_header(first: &[Cell], below: &[(u32, Vec<Cell>)], first_column: u32) -> bool {
    if first.iter().any(|c| !c.is_blank() && !c.is_text()) {
        return false;
    }
    let below: Vec<Vec<Cell>> = below
        .iter()
        .take(200)
        .map(|(_, cells)| {
            (0..first.len())
                .map(|k| {
                    cells
                        .get(first_column as usize + k)
                        .cloned()
                        .unwrap_or(Cell::Empty)
                })
                .collect()
        })
        .collect();
    let typed_column = (0..first.len()).any(|k| {
        let values: Vec<&Cell> = below
            .iter()
            .map(|r| &r[k])
            .filter(|c| !c.is_blank())
            .collect();
        !values.is_empty()
            && values.iter().filter(|c| !c.is_text()).count() * 10 >= values.len() * 8
    });
    if typed_column {
        return true;
    }
    let mut records: Vec<Vec<String>> = vec![first.iter().map(Cell::text).collect()];
    records.extend(below.iter().map(|r| r.iter().map(Cell::text).collect()));
    crate::ingest::sniff::detect_header(&records).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }
    fn n(v: f64) -> Cell {
        Cell::Number(v)
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let rows = vec![
            (0, vec![t("Orders report")]),
            (1, vec![t("Generated 2024-01-02")]),
            (3, vec![t("Order"), t("Customer"), t("Amount")]),
            (4, vec![n(1.0), t("a"), n(2.5)]),
            (5, vec![n(2.0), t("b"), n(3.5)]),
        ];
        let l = decide(&rows, None, &MergeFill::new(Vec::new())).unwrap();
        assert_eq!(l.start, 2);
        assert!(l.has_header);
        assert_eq!(l.header, ["Order", "Customer", "Amount"]);
        assert_eq!((l.first_column, l.width), (0, 3));
    }

    #[test]
    fn a_title_merged_across_the_table_is_not_its_header() {
        let mut merges = MergeFill::new(vec![Merged {
            start: (0, 1),
            end: (0, 3),
        }]);
        let mut rows = vec![
            (0, vec![Cell::Empty, t("Q1")]),
            (1, vec![Cell::Empty, t("Order"), t("Customer"), t("Amount")]),
            (2, vec![Cell::Empty, n(1.0), t("a"), n(2.5)]),
        ];
        for (r, cells) in &mut rows {
            merges.fill(*r, cells);
        }
        let l = decide(&rows, None, &merges).unwrap();
        assert_eq!((l.start, l.first_column, l.width), (1, 1, 3));
        assert_eq!(l.header, ["Order", "Customer", "Amount"]);
        assert_eq!(
            l.group, None,
            "a title spanning every column with one value is no group row"
        );
    }

    #[test]
    fn merged_group_cells_prefix_the_header() {
        let mut merges = MergeFill::new(vec![Merged {
            start: (0, 1),
            end: (0, 2),
        }]);
        let mut rows = vec![
            (0, vec![t("Order"), t("Customer"), Cell::Empty, t("Total")]),
            (1, vec![Cell::Empty, t("ID"), t("Name"), Cell::Empty]),
            (2, vec![n(1.0), n(17850.0), t("Ann"), n(2.5)]),
        ];
        for (r, cells) in &mut rows {
            merges.fill(*r, cells);
        }
        let l = decide(&rows, None, &merges).unwrap();
        assert_eq!(l.start, 1);
        assert_eq!(l.group, Some(0));
        assert_eq!(l.header, ["Order", "Customer ID", "Customer Name", "Total"]);
    }

    #[test]
    fn a_sheet_of_numbers_has_no_header() {
        let rows = vec![(0, vec![n(1.0), n(2.0)]), (1, vec![n(3.0), n(4.0)])];
        let l = decide(&rows, None, &MergeFill::new(Vec::new())).unwrap();
        assert!(!l.has_header);
        assert_eq!(l.start, 0);
    }
}
