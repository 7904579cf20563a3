//! Reading workbooks: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) and OpenDocument (`.ods`).
//!
//! A marketer's export is as often a workbook as a CSV. [`Workbook::open`] recognises the
//! format by content (a zip container holding `xl/workbook.xml`, `xl/workbook.bin` or an
//! OpenDocument spreadsheet; an OLE compound file holding a BIFF8 workbook), never by the
//! file name, and lists the [sheets](Workbook::sheets) with their size, first rows and
//! whether they are hidden. [`Workbook::read_sheet`] then turns one sheet into the records
//! the CSV path produces — the same header, one record per data row, each with its sheet
//! row as its line — plus the typed value of each cell, so that a number stays a number and
//! a date a date (no day/month or decimal-separator guessing), and reports where every row
//! of the sheet went ([`SheetReport`]).
//!
//! Decisions (see `docs/ingest.md`):
//! - **Cells**: numbers at Excel's 15 significant digits, whole numbers without a decimal
//!   point (an id `13085` reads as `13085`); date cells as days in the 1900 or 1904 date
//!   system, whichever the workbook uses; formulas as the result the workbook saved (a formula
//!   without a saved result is empty, counted and named); error values as shown (`#N/A`).
//! - **Layout**: merged cells are filled with their value; title rows above the table are
//!   skipped (and listed); the header row is detected, with a row of merged group names
//!   above it prefixed to the names below; the table's columns are those of its header and
//!   first rows, and a row with a value outside them is delivered with that value appended,
//!   so that it is rejected as `wrong_field_count` with its row, never cut silently.
//! - **Memory**: `.xlsx`, `.xlsm` and `.xlsb` sheets are read cell by cell from the
//!   compressed stream (only the shared strings are held); `.xls` (at most 65,536 rows) and
//!   `.ods` are read whole by their format, the latter refused above [`ODS_CONTENT_LIMIT`].
//! - **Errors**: a password to open, a damaged container, an unknown sheet, an empty or
//!   chart sheet each get a message saying what to do; cells are named as a spreadsheet does
//!   ([`cell_ref`]: `Sheet1!C14`).

mod cell;
#[cfg(feature = "workbook")]
mod layout;
#[cfg(feature = "workbook")]
mod load;
#[cfg(feature = "workbook")]
mod reader;

use serde::{Deserialize, Serialize};

use crate::hint::Warning;

pub use cell::{Cell, cell_ref, column_letters};
#[cfg(feature = "workbook")]
pub use layout::Merged;
#[cfg(feature = "workbook")]
pub use load::{SHEET_PREVIEW_ROWS, inspect_workbook, load_sheet, sheet_as_csv};
#[cfg(feature = "workbook")]
pub use reader::Workbook;

/// What was read from a workbook, besides the dataset: for `inspect` and the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkbookSummary {
    /// The format.
    pub format: WorkbookFormat,
    /// Every sheet, hidden ones marked.
    pub sheets: Vec<SheetInfo>,
    /// How the chosen sheet was read.
    pub sheet: SheetReport,
}

/// Largest OpenDocument `content.xml` read (uncompressed bytes). The format's reader holds
/// every cell of every sheet at once; past this, saving as `.xlsx` is the way.
pub const ODS_CONTENT_LIMIT: u64 = 256 << 20;

/// Non-blank rows looked at to find the table (title rows, header, columns).
pub const LAYOUT_SAMPLE_ROWS: usize = 1_000;

/// Rows between two progress reports.
#[cfg_attr(not(feature = "workbook"), allow(dead_code))]
const PROGRESS_EVERY: u64 = 1_000;

/// How a file is packaged, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// A zip archive (`PK\x03\x04`): `.xlsx`, `.xlsm`, `.xlsb`, `.ods`, or another archive.
    Zip,
    /// An OLE compound file (`D0 CF 11 E0`): `.xls`, or a password-encrypted `.xlsx`.
    Ole,
}

/// The container a file's first bytes announce, if it is one a workbook comes in. Anything
/// else is read as delimited text.
pub fn container(head: &[u8]) -> Option<Container> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(Container::Zip)
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Container::Ole)
    } else {
        None
    }
}

/// A workbook format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkbookFormat {
    /// Office Open XML workbook.
    Xlsx,
    /// Office Open XML workbook with macros.
    Xlsm,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003 (BIFF8).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl WorkbookFormat {
    /// What the file is, in words, for messages: "an Excel workbook (.xlsx)".
    pub fn describe(self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx => "an Excel workbook (.xlsx)",
            WorkbookFormat::Xlsm => "an Excel macro-enabled workbook (.xlsm)",
            WorkbookFormat::Xlsb => "an Excel binary workbook (.xlsb)",
            WorkbookFormat::Xls => "an Excel 97-2003 workbook (.xls)",
            WorkbookFormat::Ods => "an OpenDocument spreadsheet (.ods)",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx => "xlsx",
            WorkbookFormat::Xlsm => "xlsm",
            WorkbookFormat::Xlsb => "xlsb",
            WorkbookFormat::Xls => "xls",
            WorkbookFormat::Ods => "ods",
        }
    }
}

/// Which sheet to read: by name, or by its 1-based position among the workbook's sheets (as
/// the tabs are counted). `--sheet NAME|INDEX`: a name wins over a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetChoice {
    /// The sheet's name (exact; else the only one equal ignoring case).
    Name(String),
    /// 1-based position.
    Index(usize),
}

impl SheetChoice {
    /// Parse `--sheet`: digits are an index unless a sheet has that name (decided when the
    /// workbook is open, see [`Workbook::resolve`]).
    pub fn parse(text: &str) -> SheetChoice {
        match text.trim().parse::<usize>() {
            Ok(i) => SheetChoice::Index(i),
            Err(_) => SheetChoice::Name(text.to_owned()),
        }
    }
}

/// Kinds of sheets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// A grid of cells.
    Worksheet,
    /// A chart (no cells).
    Chart,
    /// An Excel 4 macro sheet, a dialog or a VBA module.
    Other,
}

/// One sheet, as listed for the user to pick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetInfo {
    /// 1-based position.
    pub index: usize,
    /// The tab's name.
    pub name: String,
    /// Hidden (or "very hidden") in the workbook.
    pub hidden: bool,
    /// Worksheet, chart or other.
    pub kind: SheetKind,
    /// Rows down to the last used one (`None` when the file does not say and the sheet
    /// was not read).
    pub rows: Option<u64>,
    /// Columns up to the last used one.
    pub columns: Option<u64>,
    /// The first non-blank rows, as text, from the sheet's first used column.
    pub first_rows: Vec<Vec<String>>,
}

/// One data row (or the header) of the chosen sheet, as the dataset builder takes it.
#[derive(Debug)]
pub struct SheetRecord<'a> {
    /// The 1-based sheet row (the "line" of quality reports).
    pub line: u64,
    /// 0-based record index (the header, when present, is record 0).
    pub index: u64,
    /// Whether this is the table's header (then always record 0).
    pub header: bool,
    /// Each cell as text ([`Cell::text`]).
    pub fields: &'a [&'a str],
    /// Each cell's typed value.
    pub cells: &'a [Cell],
}

/// Progress through a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetProgress {
    /// Sheet rows read so far.
    pub rows_done: u64,
    /// Rows the sheet declares (0 when unknown).
    pub rows_total: u64,
}

/// Options for [`Workbook::read_sheet`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetOptions {
    /// Force whether the table's first row is a header (`--header`).
    pub has_header: Option<bool>,
}

/// Where every row of the chosen sheet went, and how its table was found.
///
/// `rows_in_sheet = title_rows.len() + header_rows + data_rows + blank_rows`, always.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetReport {
    /// The workbook's format.
    pub format: Option<WorkbookFormat>,
    /// The sheet read.
    pub sheet: String,
    /// Its 1-based position.
    pub sheet_index: usize,
    /// Rows from row 1 to the last row with a value.
    pub rows_in_sheet: u64,
    /// Rows above the table with a value (titles, notes), skipped: their 1-based numbers.
    pub title_rows: Vec<u64>,
    /// The header row (1-based), when the table has one.
    pub header_row: Option<u64>,
    /// A row of merged group names above the header (1-based), folded into its names.
    pub group_header_row: Option<u64>,
    /// Header rows: 0, 1 or 2 (with a group row).
    pub header_rows: u64,
    /// Rows delivered as data records (the quality report's `rows_read`).
    pub data_rows: u64,
    /// Rows with no value in any cell, skipped.
    pub blank_rows: u64,
    /// The table's first column (0-based).
    pub first_column: u32,
    /// The table's columns.
    pub columns: u32,
    /// Merged regions filled in.
    pub merged_regions: u64,
    /// Formula cells without a saved result (read as empty).
    pub formulas_without_value: u64,
    /// The first of those, as `Sheet1!F14`.
    pub first_formula_without_value: Option<String>,
    /// Data rows with a value outside the table's columns (rejected as `wrong_field_count`).
    pub rows_outside_table: u64,
    /// The first such value, as `Sheet1!K40`.
    pub first_cell_outside_table: Option<String>,
    /// The other sheets that hold cells, when the sheet was not chosen by the caller.
    pub other_sheets: Vec<String>,
}

impl SheetReport {
    /// Whether every row of the sheet is accounted for exactly once.
    pub fn reconciles(&self) -> bool {
        self.rows_in_sheet
            == self.title_rows.len() as u64 + self.header_rows + self.data_rows + self.blank_rows
    }

    /// Things to tell the user about how the sheet was read.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        if !self.other_sheets.is_empty() {
            out.push(self.other_sheets_warning());
        }
        if !self.title_rows.is_empty() {
            out.push(Warning::TitleRows {
                sheet: self.sheet.clone(),
                rows: self.title_rows.clone(),
            });
        }
        if let Some(first) = &self.first_formula_without_value {
            out.push(Warning::FormulasWithoutValue {
                count: self.formulas_without_value,
                first: first.clone(),
            });
        }
        if let Some(first) = &self.first_cell_outside_table {
            out.push(Warning::OutsideTable {
                count: self.rows_outside_table,
                first: first.clone(),
                table: self.table_columns(),
            });
        }
        out
    }

    /// The other sheets with data, when the sheet was read by default.
    pub(crate) fn other_sheets_warning(&self) -> Warning {
        Warning::OtherSheets {
            sheet: self.sheet.clone(),
            others: self.other_sheets.clone(),
        }
    }

    /// The table's columns as `Sheet1!A-H`.
    fn table_columns(&self) -> String {
        let first = cell_ref(&self.sheet, 1, self.first_column);
        let sheet = first.rsplit_once('!').map_or("", |(sheet, _)| sheet);
        format!(
            "{sheet}!{}-{}",
            column_letters(self.first_column),
            column_letters(self.first_column + self.columns.saturating_sub(1)),
        )
    }

    /// The spreadsheet reference of a quality report's line and 1-based column
    /// (`Sheet1!C14`).
    pub fn cell_ref(&self, line: u64, column: u64) -> String {
        let column = self.first_column + column.saturating_sub(1) as u32;
        cell_ref(&self.sheet, line, column)
    }
}
