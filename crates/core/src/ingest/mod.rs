//! Reading delimited text: sniff the dialect, decode, and split into records.
//!
//! [`sniff_report`] (or [`sniff_with`], [`sniff`]) decides a [`Dialect`] over a whole sample
//! (the first 64 KiB, say) and says how; [`SniffOptions`] carries what the user forced
//! (`--delimiter`, `--encoding`). The [`RecordReader`] then decodes and splits the whole
//! file into [`Record`]s, each with the physical line it starts on.
//!
//! The reader is streaming: the browser feeds it the file in chunks, the CLI feeds it a
//! buffered file, tests feed it byte slices. Whatever the chunking — even inside a UTF-8
//! character, a UTF-16 code unit or a CRLF — the records, their lines and the errors are the
//! same (property-tested in `tests/ingest_reader.rs`).
//!
//! Decisions at this layer, for the layers above:
//! - Line numbers are physical lines: `\n`, `\r\n` and a lone `\r` each end one, blank lines
//!   are skipped but counted, quoted line breaks are counted.
//! - Errors say `line L, column C: …`, where C is the field number, so a user finds the cell
//!   in a spreadsheet; callers prefix the file name. An unclosed quote names the line of its
//!   opening quote; bytes not valid in the encoding name their line and field and suggest
//!   `--encoding windows-1252`; caps on field length, record length and fields per record
//!   bound memory on any input.
//! - Ragged rows are delivered as they are; cleaning decides to reject or pad them.
//! - A UTF-8 file whose first non-ASCII byte is not UTF-8 is read as Windows-1252 from there
//!   on (lossless, as all before was ASCII); [`RecordReader::encoding`] reports it.

mod reader;
mod sniff;
pub mod workbook;

pub(crate) use reader::joint;
pub use reader::{
    DEFAULT_MAX_FIELD_LEN, DEFAULT_MAX_FIELDS, DEFAULT_MAX_RECORD_LEN, Record, RecordReader,
};
pub use sniff::{Basis, SniffOptions, SniffReport, sniff, sniff_report, sniff_with};

/// Text encodings Segmint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
    /// Windows-1252, the fallback for bytes that are not UTF-8.
    Windows1252,
}

impl Encoding {
    /// The label used in reports and accepted by `--encoding`.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The encoding a label names, as `--encoding` accepts it: any [`label`](Self::label),
    /// and common aliases (`utf8`, `utf-8-sig`, `utf-16`, `unicode`, `cp1252`, `latin1`,
    /// `iso-8859-1`, `ansi`). Case and `_`/`-` do not matter. ISO-8859-1 is read as
    /// Windows-1252, as browsers do: it differs only in control characters nobody writes.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim().to_ascii_lowercase().replace('_', "-");
        Some(match label.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-8-bom" | "utf8-bom" | "utf-8-sig" | "utf8-sig" => Encoding::Utf8Bom,
            "utf-16le" | "utf16le" | "utf-16" | "utf16" | "unicode" | "ucs-2" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1252" | "cp1252" | "win-1252" | "latin1" | "latin-1" | "iso-8859-1"
            | "ansi" => Encoding::Windows1252,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How a delimited text file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dialect {
    /// The text encoding.
    pub encoding: Encoding,
    /// The field delimiter: one of `,` `;` TAB `|`.
    pub delimiter: u8,
    /// The quote character.
    pub quote: u8,
    /// Whether the first record is a header.
    pub has_header: bool,
}

impl Dialect {
    /// The delimiter a `--delimiter` argument names: the character itself (`,` `;` `|`
    /// `:` …, any ASCII punctuation but the quote), or `tab`, `\t`, `comma`,
    /// `semicolon`, `pipe`.
    pub fn delimiter_from_label(label: &str) -> Option<u8> {
        match label.to_ascii_lowercase().as_str() {
            "tab" | "\\t" | "\t" => Some(b'\t'),
            "comma" => Some(b','),
            "semicolon" => Some(b';'),
            "pipe" => Some(b'|'),
            "space" => Some(b' '),
            other => match other.as_bytes() {
                &[b] if b.is_ascii_punctuation() && b != b'"' => Some(b),
                _ => None,
            },
        }
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Self {
            encoding: Encoding::Utf8,
            delimiter: b',',
            quote: b'"',
            has_header: true,
        }
    }
}
