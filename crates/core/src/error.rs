use std::fmt;

use crate::hint::{Analysis, CommandLine, Hint, Question, Setting, Words};
use crate::roles::Role;

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

/// What went wrong, worded without naming any host's controls; what to do about it is
/// [`ErrorKind::hint`], which each host words ([`Words`]).
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not valid in the encoding it was read as.
    #[error("the bytes are not valid {encoding}")]
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
    #[error("a row has more than {limit} fields")]
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
        "{} need {}, but no column was recognised for it",
        analysis.name(),
        roles.join(", ")
    )]
    MissingRoles {
        /// Which analysis.
        analysis: Analysis,
        /// The missing roles (alternatives joined by " or ").
        roles: Vec<String>,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// A role is mapped to a column the file does not have.
    #[error("{} cannot be mapped to {column:?}: the file has no such column", role.name())]
    UnknownColumn {
        /// The role.
        role: Role,
        /// The column as the user gave it.
        column: String,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// The data leaves a question only the user can answer (e.g. the date order).
    #[error(
        "column {:?}: every date could be day/month or month/day (e.g. {:?})",
        question.column,
        question.example
    )]
    NeedsAnswer {
        /// The question.
        question: Question,
    },
    /// An option is outside what it allows.
    #[error(
        "{}: invalid {}{}: {allowed}",
        analysis.name(),
        setting.field(),
        value.as_ref().map(|v| format!(" {v}")).unwrap_or_default()
    )]
    InvalidOption {
        /// The analysis whose option it is.
        analysis: Analysis,
        /// The option.
        setting: Setting,
        /// The value given, when it can be shown.
        value: Option<String>,
        /// What it allows, in words ("must be between 3 and 10").
        allowed: String,
    },
    /// A work budget ran out before the analysis finished.
    #[error("{}: stopped: {what}", analysis.name())]
    BudgetExceeded {
        /// The analysis.
        analysis: Analysis,
        /// Which budget, in words ("more than 1000000 frequent itemsets").
        what: String,
        /// A support worth trying instead, as a share of the baskets.
        suggested_min_support: f64,
    },
    /// No line has a customer id: there are no customers to analyse.
    #[error("{}: no line has a customer id, so there are no customers", analysis.name())]
    NoCustomers {
        /// The analysis.
        analysis: Analysis,
    },
    /// The user (or the host) stopped the work.
    #[error("cancelled")]
    Cancelled,
    /// The analysis cannot produce a result from this data.
    #[error("{}: {reason}", analysis.name())]
    AnalysisFailed {
        /// The analysis.
        analysis: Analysis,
        /// Why, in words.
        reason: String,
    },
    /// A file of per-customer columns (for clustering) cannot be used as it is.
    #[error("{0}")]
    BadCustomerColumns(String),
}

impl ErrorKind {
    /// What the user can do about it, if anything.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            ErrorKind::InvalidEncoding { encoding } if encoding.eq_ignore_ascii_case("utf-8") => {
                Some(Hint::ReadAsWindows1252)
            }
            ErrorKind::InvalidEncoding { .. } => Some(Hint::NameTheEncoding),
            ErrorKind::TooManyFields { .. } => Some(Hint::CheckDelimiter),
            ErrorKind::MissingRoles { roles, columns, .. } => Some(Hint::MapRoles {
                roles: roles.clone(),
                columns: columns.clone(),
            }),
            ErrorKind::UnknownColumn { role, columns, .. } => Some(Hint::MapRoles {
                roles: vec![role.name().to_owned()],
                columns: columns.clone(),
            }),
            ErrorKind::NeedsAnswer { question } => Some(Hint::Answer(question.clone())),
            ErrorKind::InvalidOption { setting, .. } => Some(Hint::Change {
                setting: setting.clone(),
            }),
            ErrorKind::BudgetExceeded {
                suggested_min_support,
                ..
            } => Some(Hint::RaiseSupport {
                suggested: *suggested_min_support,
            }),
            ErrorKind::NoCustomers { .. } => Some(Hint::MapColumn {
                role: Role::CustomerId,
                column: None,
            }),
            _ => None,
        }
    }
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

    /// The error in `words`: where, what went wrong, and what to do about it.
    pub fn describe(&self, words: &dyn Words) -> String {
        let mut text = String::new();
        if let Some(p) = &self.position {
            text.push_str(&format!("line {}", p.line));
            if let Some(c) = p.column {
                text.push_str(&format!(", column {c}"));
            }
            text.push_str(": ");
        }
        text.push_str(&self.kind.to_string());
        if let Some(hint) = self.kind.hint() {
            text.push_str("; ");
            text.push_str(&words.hint(&hint));
        }
        text
    }
}

/// In the command line's words ([`CommandLine`]); other hosts use [`Error::describe`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&CommandLine))
    }
}

impl std::error::Error for Error {}
