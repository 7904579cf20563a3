use std::fmt;

/// Where in the input something happened. Lines and columns are 1-based, as a spreadsheet
/// shows them; `byte` is the 0-based offset in the original (undecoded) input where known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based physical line number.
    pub line: u64,
    /// 1-based field (column) number, when the problem is in one field.
    pub column: Option<u64>,
    /// 0-based record index (the header, when present, is record 0).
    pub record: u64,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not valid in the encoding it was read as.
    #[error("the bytes are not valid {encoding}; {}", encoding_hint(.encoding))]
    InvalidEncoding {
        /// The encoding the input was decoded as.
        encoding: String,
    },
    /// A single field is longer than the configured cap.
    #[error(
        "a field is longer than {limit} bytes; this is usually a quote that is never closed, \
         or not a delimited text file"
    )]
    FieldTooLong {
        /// The cap in bytes.
        limit: usize,
    },
    /// A record's fields together are longer than the configured cap.
    #[error(
        "a row is longer than {limit} bytes; this is usually a quote that is never closed, \
         or not a delimited text file"
    )]
    RecordTooLong {
        /// The cap in bytes of field content.
        limit: usize,
    },
    /// A record has more fields than the configured cap.
    #[error(
        "a row has more than {limit} fields; check the delimiter (pass --delimiter), or this \
         is not a delimited text file"
    )]
    TooManyFields {
        /// The cap on fields per record.
        limit: usize,
    },
    /// A quoted field is still open at the end of the input. The position is where the
    /// field's opening quote is.
    #[error(
        "this quoted field is never closed: the quote opened here runs to the end of the file; \
         add the missing closing quote"
    )]
    UnterminatedQuote,
    /// The input is a binary file (a workbook, an archive, a PDF), not delimited text.
    #[error(
        "this is {format}, not a delimited text file; save it as CSV (in Excel: File, Save As, \
         CSV UTF-8) and try again"
    )]
    NotText {
        /// What the file looks like, in words ("an Excel workbook (.xlsx)").
        format: String,
    },
    /// The input has no records at all.
    #[error("the file is empty; export it again with at least a header row")]
    Empty,
    /// Anything from the underlying reader.
    #[error("{0}")]
    Io(String),
    /// An analysis needs roles no column is mapped to.
    #[error(
        "{analysis} need {}, but no column was recognised for it; pass --map ROLE=COLUMN \
         (the columns are: {})",
        roles.join(", "),
        columns.join(", ")
    )]
    MissingRoles {
        /// Which analysis.
        analysis: String,
        /// The missing roles.
        roles: Vec<String>,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// The data leaves a question only the user can answer (e.g. the date order).
    #[error("{question}")]
    NeedsAnswer {
        /// The question, with the option that answers it.
        question: String,
    },
    /// An option does not fit the file (e.g. `--map` names a column that does not exist).
    #[error("{0}")]
    BadOption(String),
    /// A file of per-customer columns (for clustering) cannot be used as it is.
    #[error("{0}")]
    BadCustomerColumns(String),
    /// A workbook is encrypted with a password to open it.
    #[error(
        "this {format} is protected with a password; open it in Excel or LibreOffice, remove \
         the password (Excel: File, Info, Protect Workbook, Encrypt with Password, clear it) \
         and save it, or save the sheet as CSV UTF-8"
    )]
    EncryptedWorkbook {
        /// What the file is, in words ("an Excel workbook (.xlsx)").
        format: String,
    },
    /// A workbook's container or content cannot be read.
    #[error(
        "this {format} cannot be read ({detail}); it may be damaged or only partly \
         downloaded: open it in Excel or LibreOffice and save it again, or save the sheet as \
         CSV UTF-8"
    )]
    DamagedWorkbook {
        /// What the file is, in words.
        format: String,
        /// What the reader found wrong.
        detail: String,
    },
    /// `--sheet` names no sheet of the workbook.
    #[error(
        "there is no sheet {sheet:?}; pass --sheet with a name or a number from 1 to {}: {}",
        sheets.len(),
        sheets.join(", ")
    )]
    NoSuchSheet {
        /// What was asked for.
        sheet: String,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// The chosen sheet holds no cells (or is a chart, not a table).
    #[error("sheet {sheet:?} has no table (it is {what}); pick another with --sheet: {}", sheets.join(", "))]
    NoTableOnSheet {
        /// The sheet.
        sheet: String,
        /// "empty", "a chart sheet".
        what: String,
        /// The sheets that have cells.
        sheets: Vec<String>,
    },
    /// A workbook too large for a reader that holds it whole (OpenDocument).
    #[error(
        "this {format} holds {megabytes} MB of sheet content, more than Segmint reads from this \
         format at once ({limit} MB); save it as .xlsx (read row by row) or as CSV UTF-8"
    )]
    WorkbookTooLarge {
        /// What the file is, in words.
        format: String,
        /// Uncompressed content size.
        megabytes: u64,
        /// The cap.
        limit: u64,
    },
    /// An option that applies to workbooks only was given for a delimited text file.
    #[error(
        "--sheet applies to workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods); this is a delimited text file"
    )]
    SheetOfTextFile,
    /// The user cancelled the work.
    #[error("cancelled")]
    Cancelled,
}

/// An ingest or analysis error, with the position that lets a user find the bad row.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where, if it is tied to a place in the input.
    pub position: Option<Position>,
}

impl Error {
    pub(crate) fn at(kind: ErrorKind, position: Position) -> Self {
        Self {
            kind,
            position: Some(position),
        }
    }

    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            position: None,
        }
    }

    /// An error from reading the input (I/O, or the browser's file APIs).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Io(message.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(p) => {
                write!(f, "line {}", p.line)?;
                if let Some(c) = p.column {
                    write!(f, ", column {c}")?;
                }
                write!(f, ": {}", self.kind)
            }
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {}

fn encoding_hint(encoding: &str) -> &'static str {
    if encoding.eq_ignore_ascii_case("utf-8") {
        "if the file comes from Excel or another Windows program, pass --encoding windows-1252; \
         otherwise save it as UTF-8"
    } else {
        "save the file as UTF-8, or pass --encoding with the encoding it was saved in"
    }
}
