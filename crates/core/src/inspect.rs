//! Summarising a delimited text file: dialect, header, row counts, fill rates, preview.

use serde::{Deserialize, Serialize};

use crate::ingest::{Dialect, Record, RecordReader, sniff};
use crate::{Error, ErrorKind};

/// How many bytes from the start of a file the dialect is sniffed from.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Options for [`Inspector`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InspectOptions {
    /// How many data records to keep for the preview.
    pub preview_records: usize,
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self { preview_records: 20 }
    }
}

/// What `segmint inspect` reports about a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectReport {
    /// Data records read (the header is not counted).
    pub rows_read: u64,
    /// The number of columns in the header (or the first record, without a header).
    pub columns: usize,
    /// Data records whose field count differs from the header's.
    pub ragged_rows: u64,
    /// Per column (in header order): data records with a non-empty value in it.
    pub column_filled: Vec<u64>,
    /// The delimiter, as a one-character string.
    pub delimiter: String,
    /// The encoding label.
    pub encoding: String,
    /// The header fields (empty when the file has none).
    pub header: Vec<String>,
    /// The first data records, as parsed.
    pub preview: Vec<Vec<String>>,
}

/// Builds an [`InspectReport`] from records pushed one at a time.
pub struct Inspector {
    dialect: Dialect,
    options: InspectOptions,
    report: InspectReport,
}

impl Inspector {
    /// A new inspector for a file read with `dialect`.
    pub fn new(dialect: Dialect, options: InspectOptions) -> Self {
        let report = InspectReport {
            rows_read: 0,
            columns: 0,
            ragged_rows: 0,
            column_filled: Vec::new(),
            delimiter: char::from(dialect.delimiter).to_string(),
            encoding: dialect.encoding.label().to_owned(),
            header: Vec::new(),
            preview: Vec::new(),
        };
        Self { dialect, options, report }
    }

    /// Take in one record.
    pub fn push(&mut self, record: &Record<'_>) {
        let owned = || record.fields().iter().map(|f| (*f).to_owned()).collect::<Vec<_>>();
        if record.index == 0 {
            self.report.columns = record.len();
            self.report.column_filled = vec![0; record.len()];
            if self.dialect.has_header {
                self.report.header = owned();
                return;
            }
        }
        self.report.rows_read += 1;
        if record.len() != self.report.columns {
            self.report.ragged_rows += 1;
        }
        for (filled, field) in self.report.column_filled.iter_mut().zip(record.fields()) {
            *filled += u64::from(!field.trim().is_empty());
        }
        if self.report.preview.len() < self.options.preview_records {
            self.report.preview.push(owned());
        }
    }

    /// The finished report. Fails on input with no records at all.
    pub fn finish(self) -> Result<InspectReport, Error> {
        if self.report.columns == 0 {
            return Err(Error::new(ErrorKind::Empty));
        }
        Ok(self.report)
    }
}

/// Inspects a file pushed in chunks of any size: the dialect is sniffed from the first
/// [`SNIFF_BYTES`] (or the whole input if shorter), then every chunk is streamed through the
/// [`RecordReader`]. The CLI, the browser worker and the tests all go through this.
pub struct InspectStream {
    options: InspectOptions,
    state: StreamState,
}

enum StreamState {
    Sniffing(Vec<u8>),
    Reading { reader: RecordReader, inspector: Inspector },
}

impl InspectStream {
    /// A stream that has seen no bytes yet.
    pub fn new(options: InspectOptions) -> Self {
        Self { options, state: StreamState::Sniffing(Vec::new()) }
    }

    /// Push the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        match &mut self.state {
            StreamState::Sniffing(head) => {
                head.extend_from_slice(chunk);
                if head.len() >= SNIFF_BYTES {
                    let head = std::mem::take(head);
                    self.start(&head)?;
                }
                Ok(())
            }
            StreamState::Reading { reader, inspector } => feed(reader, inspector, chunk),
        }
    }

    /// End of input: the finished report.
    pub fn finish(mut self) -> Result<InspectReport, Error> {
        if let StreamState::Sniffing(head) = &mut self.state {
            let head = std::mem::take(head);
            self.start(&head)?;
        }
        let StreamState::Reading { mut reader, mut inspector } = self.state else {
            unreachable!("start() always moves the stream to Reading")
        };
        reader.finish(&mut |r: &Record<'_>| {
            inspector.push(r);
            Ok(())
        })?;
        inspector.finish()
    }

    fn start(&mut self, head: &[u8]) -> Result<(), Error> {
        let dialect = sniff(&head[..head.len().min(SNIFF_BYTES)]);
        let mut reader = RecordReader::new(&dialect);
        let mut inspector = Inspector::new(dialect, self.options.clone());
        feed(&mut reader, &mut inspector, head)?;
        self.state = StreamState::Reading { reader, inspector };
        Ok(())
    }
}

fn feed(reader: &mut RecordReader, inspector: &mut Inspector, chunk: &[u8]) -> Result<(), Error> {
    reader.feed(chunk, &mut |r: &Record<'_>| {
        inspector.push(r);
        Ok(())
    })
}

/// Inspect a whole in-memory file, fed to the reader in `chunk`-sized pieces.
pub fn inspect_bytes(
    bytes: &[u8],
    options: InspectOptions,
    chunk: usize,
) -> Result<InspectReport, Error> {
    let mut stream = InspectStream::new(options);
    for piece in bytes.chunks(chunk.max(1)) {
        stream.push(piece)?;
    }
    stream.finish()
}
