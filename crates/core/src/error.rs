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
    #[error("the bytes are not valid {encoding}; save the file as UTF-8 or pass --encoding")]
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
    /// The input has no records at all.
    #[error("the file is empty; export it again with at least a header row")]
    Empty,
    /// Anything from the underlying reader.
    #[error("{0}")]
    Io(String),
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
        Self { kind, position: Some(position) }
    }

    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind, position: None }
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
