//! The ingest pipeline: bytes → dialect, header, preview, column mapping, cleaned
//! [`Transactions`] and a [`QualityReport`].
//!
//! ```text
//! bytes ─► sniff (first 64 KiB) ─► RecordReader ─► first 1,000 records sampled ─► layout,
//!       header, mapping (override > preset > auto) ─► every row staged (raw readings of its
//!       dates and numbers) ─► at the end: date order and decimal separator decided per
//!       column ─► cleaning policies ─► Transactions + QualityReport
//! ```
//!
//! The CLI and the browser worker both go through [`DatasetStream`] (push chunks, then
//! finish); [`load_bytes`] is the one-call form. The result does not depend on how the input
//! is chunked.
//!
//! Rows are staged compactly (ids interned, each date and number kept in both its readings,
//! about 60 bytes a row) because a column's format is decided only once every cell has been
//! seen; the raw text is never held twice.
//!
//! The work is split by responsibility: `build` takes records in and stages rows, `plan`
//! decides the layout, header and mapping from the first records, `clean` applies the
//! cleaning policies to the staged rows, and `finish` decides the columns' formats and
//! assembles the [`Dataset`] with its warnings and questions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clean::{DuplicatesPolicy, QualityReport, ReturnsPolicy};
use crate::hint::{Analysis, Question, Warning};
use crate::ingest::{Dialect, Encoding, Record, RecordReader, SniffOptions, sniff_report};
use crate::roles::{Mapping, Override, Preset, Role, column_name};
use crate::table::Transactions;
use crate::values::{DateOrder, DateOrderDecision, DecimalSeparator};
use crate::{Error, ErrorKind};

mod build;
mod clean;
mod finish;
mod hash;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;
mod plan;

#[cfg(not(target_arch = "wasm32"))]
pub use parallel::{Parallelism, load_parallel};

use build::Builder;

/// How many bytes from the start of a file the dialect is sniffed from.
pub(crate) const SNIFF_BYTES: usize = 64 * 1024;
/// How many records are looked at to choose the layout and the mapping.
pub(crate) const SAMPLE_RECORDS: usize = 1_000;

/// Everything the user can decide instead of the sniffer and the auto-mapper.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetOptions {
    /// How many data records to keep, as parsed, for the preview.
    pub preview_records: usize,
    /// Force the delimiter (`--delimiter`).
    pub delimiter: Option<u8>,
    /// Force the encoding (`--encoding`).
    pub encoding: Option<Encoding>,
    /// Force whether the first record is a header.
    pub has_header: Option<bool>,
    /// Force an export preset (`--preset`).
    pub preset: Option<Preset>,
    /// `role=COLUMN` overrides (`--map`), applied last.
    pub map: Vec<Override>,
    /// Returns and cancellations: excluded (default) or netted (`--returns`).
    pub returns: ReturnsPolicy,
    /// Exact duplicate rows: removed (default) or kept (`--duplicates`).
    pub duplicates: DuplicatesPolicy,
    /// The date order, when the data cannot decide it (`--date-order`).
    pub date_order: Option<DateOrder>,
    /// The decimal separator of every number column (`--decimal`); decided per column from
    /// the data otherwise.
    pub decimal: Option<DecimalSeparator>,
    /// The input's total size in bytes, when known: lets the staging buffers be sized once
    /// instead of grown by doubling (less time, and a lower memory peak).
    pub size_hint: Option<u64>,
}

impl DatasetOptions {
    /// Defaults with a 20-record preview.
    pub fn new() -> Self {
        Self {
            preview_records: 20,
            ..Self::default()
        }
    }
}

/// How the rows are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One transaction line per row, one role per column.
    Table,
    /// One basket per row, one item per field ([`Preset::BasketPerLine`]).
    BasketPerLine,
}

/// The result of ingesting one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// The dialect read with.
    pub dialect: Dialect,
    /// Table or one basket per line.
    pub layout: Layout,
    /// Header fields (empty when the file has none).
    pub header: Vec<String>,
    /// Columns (header length, or the first record's).
    pub columns: usize,
    /// The first data records exactly as parsed.
    pub preview: Vec<Vec<String>>,
    /// Per column: data records with a non-empty value in it.
    pub column_filled: Vec<u64>,
    /// Roles → columns.
    pub mapping: Mapping,
    /// The date order decided for the order date column.
    pub date_order: DateOrderDecision,
    /// The decimal separator decided per mapped number role.
    pub decimal: BTreeMap<String, DecimalSeparator>,
    /// Where every row went.
    pub quality: QualityReport,
    /// Things worth telling the user (unsure mappings, missing roles, guessed separators).
    pub warnings: Vec<Warning>,
    /// Open questions; while any is open, [`Dataset::transactions`] is `None`.
    pub questions: Vec<Question>,
    /// The cleaned table: `None` while a question is open. Lines without customer id have
    /// customer [`NO_ID`]; without a date column every day is 0 (see `has_dates`).
    pub transactions: Option<Transactions>,
    /// Whether `transactions.day` holds real dates.
    pub has_dates: bool,
}

impl Dataset {
    /// The table for customer analyses (RFM, clusters, CLV, cohorts), or an error saying
    /// which roles are missing or which question is open. Lines with customer [`NO_ID`] are
    /// in the table; customer analyses skip them.
    pub fn customer_transactions(&self) -> Result<&Transactions, Error> {
        let missing = self.mapping.missing_for_customers();
        if !missing.is_empty() || self.layout == Layout::BasketPerLine {
            return Err(Error::new(ErrorKind::MissingRoles {
                analysis: Analysis::CustomerAnalyses,
                roles: missing.iter().map(|r| r.name().to_owned()).collect(),
                columns: self.column_names(),
            }));
        }
        self.open_table()
    }

    /// The table for market baskets (order id + product).
    pub fn basket_transactions(&self) -> Result<&Transactions, Error> {
        if !self.mapping.supports_baskets() && self.layout == Layout::Table {
            let mut roles = Vec::new();
            if !self.mapping.has(Role::OrderId) {
                roles.push("order_id".to_owned());
            }
            if !self.mapping.has(Role::ProductId) && !self.mapping.has(Role::ProductName) {
                roles.push("product_id or product_name".to_owned());
            }
            return Err(Error::new(ErrorKind::MissingRoles {
                analysis: Analysis::Baskets,
                roles,
                columns: self.column_names(),
            }));
        }
        self.open_table()
    }

    fn open_table(&self) -> Result<&Transactions, Error> {
        if let Some(q) = self.questions.first() {
            return Err(Error::new(ErrorKind::NeedsAnswer {
                question: q.clone(),
            }));
        }
        self.transactions
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Empty))
    }

    pub(crate) fn column_names(&self) -> Vec<String> {
        (0..self.columns)
            .map(|i| column_name(&self.header, i))
            .collect()
    }
}

/// Ingest a whole in-memory file, fed in `chunk`-sized pieces.
pub fn load_bytes(bytes: &[u8], options: DatasetOptions, chunk: usize) -> Result<Dataset, Error> {
    let mut stream = DatasetStream::new(options);
    for piece in bytes.chunks(chunk.max(1)) {
        stream.push(piece)?;
    }
    stream.finish()
}

/// Ingests a file pushed in chunks of any size.
pub struct DatasetStream {
    options: DatasetOptions,
    state: StreamState,
}

enum StreamState {
    Sniffing(Vec<u8>),
    Reading {
        reader: Box<RecordReader>,
        builder: Box<Builder>,
    },
    Done,
}

impl DatasetStream {
    /// A stream that has seen no bytes yet.
    pub fn new(options: DatasetOptions) -> Self {
        Self {
            options,
            state: StreamState::Sniffing(Vec::new()),
        }
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
            StreamState::Reading { reader, builder } => {
                reader.feed(chunk, &mut |r: &Record<'_>| builder.record_queued(r))
            }
            StreamState::Done => Err(Error::io("input pushed after finish")),
        }
    }

    /// End of input: the dataset.
    pub fn finish(mut self) -> Result<Dataset, Error> {
        if let StreamState::Sniffing(head) = &mut self.state {
            let head = std::mem::take(head);
            self.start(&head)?;
        }
        let StreamState::Reading {
            mut reader,
            mut builder,
        } = std::mem::replace(&mut self.state, StreamState::Done)
        else {
            return Err(Error::io("input pushed after finish"));
        };
        reader.finish(&mut |r: &Record<'_>| builder.record_queued(r))?;
        // A UTF-8 guess may have turned into Windows-1252 at the first non-UTF-8 byte.
        builder.dialect.encoding = reader.encoding();
        builder.finish()
    }

    fn start(&mut self, head: &[u8]) -> Result<(), Error> {
        let sniff_options = SniffOptions {
            delimiter: self.options.delimiter,
            encoding: self.options.encoding,
            has_header: self.options.has_header,
        };
        let report = sniff_report(&head[..head.len().min(SNIFF_BYTES)], &sniff_options);
        let dialect = report.dialect;
        let mut reader =
            RecordReader::new(&dialect).fallback_to_windows_1252(self.options.encoding.is_none());
        let mut builder = Box::new(Builder::new(dialect, self.options.clone()));
        reader.feed(head, &mut |r: &Record<'_>| builder.record_queued(r))?;
        self.state = StreamState::Reading {
            reader: Box::new(reader),
            builder,
        };
        Ok(())
    }
}

/// Ingest everything `input` yields, splitting records on a second thread while this one
/// builds the table (the native CLI's path; the browser uses [`DatasetStream`]). The result
/// is the same as [`DatasetStream`]'s for the same bytes.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_reader(
    mut input: impl std::io::Read + Send,
    options: DatasetOptions,
) -> Result<Dataset, Error> {
    use std::sync::mpsc;

    use build::{Queue, WARM};
    use hash::row_digest;

    const CHUNK: usize = 1 << 20;
    const BATCH_BYTES: usize = 1 << 20;

    let read_err = |e: std::io::Error| Error::io(format!("cannot read: {e}"));
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let mut buf = vec![0u8; CHUNK];
    while head.len() < SNIFF_BYTES {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_err(e)),
        };
        head.extend_from_slice(&buf[..n]);
    }
    let sniff_options = SniffOptions {
        delimiter: options.delimiter,
        encoding: options.encoding,
        has_header: options.has_header,
    };
    let dialect = sniff_report(&head[..head.len().min(SNIFF_BYTES)], &sniff_options).dialect;
    let mut reader =
        RecordReader::new(&dialect).fallback_to_windows_1252(options.encoding.is_none());
    let mut builder = Builder::new(dialect, options);
    let (send, receive) = mpsc::sync_channel::<Queue>(4);
    // Emptied batches go back to the splitter: reusing their buffers saves page faults.
    let (give_back, take_back) = mpsc::channel::<Queue>();

    std::thread::scope(|scope| {
        let splitter = scope.spawn(move || -> Result<crate::Encoding, Error> {
            let mut batch = Queue::default();
            let mut on_record = |r: &Record<'_>| -> Result<(), Error> {
                // Hashing rows for duplicates is the one per-row cost that needs no context:
                // it is done here, in parallel with the builder.
                let digest = row_digest(r.fields(), r.text().as_bytes());
                batch.push(r, digest);
                if batch.text.len() >= BATCH_BYTES {
                    // The builder hung up: it failed, and will report why.
                    let next = take_back.try_recv().unwrap_or_default();
                    send.send(std::mem::replace(&mut batch, next))
                        .map_err(|_| Error::io("stopped"))?;
                }
                Ok(())
            };
            reader.feed(&head, &mut on_record)?;
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(read_err(e)),
                };
                reader.feed(&buf[..n], &mut on_record)?;
            }
            reader.finish(&mut on_record)?;
            if !batch.records.is_empty() {
                send.send(batch).map_err(|_| Error::io("stopped"))?;
            }
            Ok(reader.encoding())
        });
        let mut built = Ok(());
        for mut batch in receive.iter() {
            built = batch.each(WARM, &mut builder, |builder, fields, text, line, digest| {
                builder.record(fields, Some(text), line, Some(digest))
            });
            if built.is_err() {
                break;
            }
            batch.clear();
            // The splitter may be done already; then the batch is simply dropped.
            let _ = give_back.send(batch);
        }
        drop(receive);
        let split = splitter
            .join()
            .unwrap_or_else(|_| Err(Error::io("the reader thread panicked")));
        built?;
        builder.dialect.encoding = split?;
        Ok(())
    })?;
    builder.finish()
}
