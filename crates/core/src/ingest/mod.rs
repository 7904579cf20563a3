//! Reading delimited text: sniff the dialect, decode, and split into records.
//!
//! The reader is streaming: the browser feeds it the file in chunks, the CLI feeds it a
//! buffered file, tests feed it byte slices. Whatever the chunking, the records and errors
//! are the same (a property test checks this).

mod reader;
mod sniff;

pub use reader::{Record, RecordReader};
pub use sniff::sniff;

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

impl Default for Dialect {
    fn default() -> Self {
        Self { encoding: Encoding::Utf8, delimiter: b',', quote: b'"', has_header: true }
    }
}
