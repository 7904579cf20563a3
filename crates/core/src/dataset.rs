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

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::clean::{
    DuplicatesPolicy, QualityReport, RejectReason, ReturnsPolicy, StatusClass, classify_status,
};
use crate::ingest::{Dialect, Encoding, Record, RecordReader, SniffOptions, joint, sniff_report};
use crate::roles::{
    Mapping, Override, Preset, Role, StatusVocabulary, apply_overrides, auto_map, column_name,
    detect_preset,
};
use crate::table::{Interner, NO_ID, Transactions};
use crate::values::{
    DateCell, DateEvidence, DateOrder, DateOrderDecision, DecimalSeparator, NumberCell,
    NumberEvidence, parse_date, parse_number,
};
use crate::{Error, ErrorKind};

mod hash;

use hash::{DigestSet, FastInterner, row_digest};

/// How many bytes from the start of a file the dialect is sniffed from.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// How many records are looked at to choose the layout and the mapping.
pub const SAMPLE_RECORDS: usize = 1_000;

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

/// Something the user must decide before the analyses can run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// What is asked: `date_order`.
    pub kind: String,
    /// The column concerned.
    pub column: String,
    /// A line where the answer matters.
    pub line: u64,
    /// The cell on that line.
    pub example: String,
    /// The possible answers (values of the matching option).
    pub answers: Vec<String>,
    /// The question in words.
    pub message: String,
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
    pub warnings: Vec<String>,
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
                analysis: "customer analyses".into(),
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
                analysis: "market baskets".into(),
                roles,
                columns: self.column_names(),
            }));
        }
        self.open_table()
    }

    fn open_table(&self) -> Result<&Transactions, Error> {
        if let Some(q) = self.questions.first() {
            return Err(Error::new(ErrorKind::NeedsAnswer {
                question: q.message.clone(),
            }));
        }
        self.transactions
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Empty))
    }

    fn column_names(&self) -> Vec<String> {
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

const F_CANCEL_PREFIX: u8 = 1;
/// Bit `1 << (1 + k)`: number role `k`'s cell has no decimal-comma reading.
const F_NO_COMMA: u8 = 2;
const STATUS_SHIFT: u8 = 5;

/// Rows waiting for their columns' formats to be decided.
#[derive(Default)]
struct Staged {
    /// 1-based lines (saturating at 2^32 - 1).
    line: Vec<u32>,
    customer: Vec<u32>,
    order: Vec<u32>,
    product: Vec<u32>,
    /// Day-first and month-first readings.
    day: Vec<(i32, i32)>,
    /// Per number role: the decimal-point reading (NaN when there is none) ...
    numbers: [Vec<f64>; 4],
    /// ... and, only where it differs, the decimal-comma reading, by row.
    comma: [Vec<(u32, f64)>; 4],
    flags: Vec<u8>,
    /// When both product_id and product_name are mapped: per row, which of its product's
    /// names ([`ProductNames`]) the row carries, or [`NO_NAME`].
    name: Vec<u8>,
}

/// A row without a product name of its own.
const NO_NAME: u8 = u8::MAX;
/// Distinct names remembered per product id; further names are not counted (a product id
/// with more is not named consistently anyway, and the bound keeps the scan short).
const MAX_NAMES: usize = 64;

/// Per staging product id: the distinct product names its rows carry, in order of first
/// appearance. A row's name is found by comparing strings along this short list (most ids
/// have one name), so no hashing is added to the per-row path.
#[derive(Default)]
struct ProductNames(Vec<Vec<Box<str>>>);

impl ProductNames {
    /// The slot of `name` among `product`'s names, adding it if new and there is room.
    fn slot(&mut self, product: u32, name: &str) -> u8 {
        if name.is_empty() {
            return NO_NAME;
        }
        let i = product as usize;
        if self.0.len() <= i {
            self.0.resize_with(i + 1, Vec::new);
        }
        let names = &mut self.0[i];
        if let Some(k) = names.iter().position(|n| &**n == name) {
            return k as u8;
        }
        if names.len() >= MAX_NAMES {
            return NO_NAME;
        }
        names.push(name.into());
        (names.len() - 1) as u8
    }
}

/// Number roles in staging order.
const NUMBER_ROLES: [Role; 4] = [
    Role::Quantity,
    Role::UnitPrice,
    Role::Amount,
    Role::AmountRefunded,
];
const NONE_DAY: i32 = i32::MIN;

struct Plan {
    layout: Layout,
    mapping: Mapping,
    vocabulary: StatusVocabulary,
    fill_down: bool,
    customer: Option<usize>,
    order: Option<usize>,
    product_id: Option<usize>,
    product_name: Option<usize>,
    date: Option<usize>,
    status: Option<usize>,
    numbers: [Option<usize>; 4],
}

#[derive(Clone, Copy)]
struct OrderFill {
    customer: u32,
    day: (i32, i32),
    date_missing: bool,
    status: u8,
}

struct Builder {
    dialect: Dialect,
    options: DatasetOptions,
    sample: Vec<(Vec<String>, u64)>,
    plan: Option<Plan>,
    header: Vec<String>,
    columns: usize,
    preview: Vec<Vec<String>>,
    column_filled: Vec<u64>,
    quality: QualityReport,
    seen: DigestSet,
    customers: FastInterner,
    orders: FastInterner,
    products: FastInterner,
    order_fill: Vec<Option<OrderFill>>,
    staged: Staged,
    date_evidence: DateEvidence,
    first_ambiguous: Option<String>,
    number_evidence: [NumberEvidence; 4],
    baskets: Transactions,
    item_seen: HashSet<u32>,
    queue: Queue,
    product_names: ProductNames,
}

/// How many rows are queued before they are processed (see [`Builder::record_queued`]).
const WARM: usize = 16;

/// Records copied out of the reader's buffers: rows waiting in [`Builder::record_queued`],
/// or a batch crossing to the builder's thread in [`load_reader`].
#[derive(Default)]
struct Queue {
    /// Each record's [`Record::text`], end to end.
    text: String,
    /// Per field: its start and end in `text`.
    spans: Vec<(usize, usize)>,
    /// Per record: (fields so far, line, digest).
    records: Vec<(usize, u64, u128)>,
}

impl Queue {
    fn push(&mut self, r: &Record<'_>, digest: u128) {
        let mut at = self.text.len();
        self.text.push_str(r.text());
        for f in r.fields() {
            self.spans.push((at, at + f.len()));
            // Fields are joined by one byte.
            at += f.len() + 1;
        }
        self.records.push((self.spans.len(), r.line, digest));
    }

    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.records.clear();
    }

    /// Hand every record to `f` with its fields, text, line and digest, `warm` at a time
    /// after loading their slots in the duplicate set together (independent loads: their
    /// cache misses overlap instead of coming one after another).
    fn each(
        &self,
        warm: usize,
        builder: &mut Builder,
        mut f: impl FnMut(&mut Builder, &[&str], &str, u64, u128) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let fields: Vec<&str> = self.spans.iter().map(|&(a, b)| &self.text[a..b]).collect();
        let mut first = 0;
        for group in self.records.chunks(warm.max(1)) {
            builder.seen.warm(group.iter().map(|r| r.2));
            for &(last, line, digest) in group {
                let text = match (self.spans.get(first), last.checked_sub(1)) {
                    (Some(&(from, _)), Some(l)) if l >= first => &self.text[from..self.spans[l].1],
                    _ => "",
                };
                f(builder, &fields[first..last], text, line, digest)?;
                first = last;
            }
        }
        Ok(())
    }
}

impl Builder {
    fn new(dialect: Dialect, options: DatasetOptions) -> Self {
        Self {
            dialect,
            options,
            sample: Vec::new(),
            plan: None,
            header: Vec::new(),
            columns: 0,
            preview: Vec::new(),
            column_filled: Vec::new(),
            quality: QualityReport::default(),
            seen: DigestSet::default(),
            customers: FastInterner::default(),
            orders: FastInterner::default(),
            products: FastInterner::default(),
            order_fill: Vec::new(),
            staged: Staged::default(),
            date_evidence: DateEvidence::default(),
            first_ambiguous: None,
            number_evidence: [NumberEvidence::default(); 4],
            baskets: Transactions::default(),
            item_seen: HashSet::new(),
            queue: Queue::default(),
            product_names: ProductNames::default(),
        }
    }

    /// Take one record from the reader. Table rows are queued, [`WARM`] at a time, so their
    /// slots in the duplicate set can be loaded together (the set is far bigger than the
    /// caches; one miss at a time would dominate the whole ingest).
    fn record_queued(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if !self
            .plan
            .as_ref()
            .is_some_and(|p| p.layout == Layout::Table)
        {
            return self.record(r.fields(), Some(r.text()), r.line, None);
        }
        let digest = row_digest(r.fields(), r.text().as_bytes());
        self.queue.push(r, digest);
        if self.queue.records.len() >= WARM {
            self.flush_queue();
        }
        Ok(())
    }

    /// Process the queued rows, in order.
    fn flush_queue(&mut self) {
        if self.queue.records.is_empty() {
            return;
        }
        let mut q = std::mem::take(&mut self.queue);
        let _ = q.each(WARM, self, |builder, fields, text, line, digest| {
            builder.row(fields, Some(text), line, Some(digest));
            Ok(())
        });
        q.clear();
        self.queue = q;
    }

    /// Take one record; `text` is its fields laid end to end, when at hand, and `digest` its
    /// [`row_digest`] when already computed.
    fn record(
        &mut self,
        fields: &[&str],
        text: Option<&str>,
        line: u64,
        digest: Option<u128>,
    ) -> Result<(), Error> {
        if self.plan.is_some() {
            self.row(fields, text, line, digest);
            return Ok(());
        }
        self.sample
            .push((fields.iter().map(|f| (*f).to_owned()).collect(), line));
        if self.sample.len() >= SAMPLE_RECORDS {
            self.plan()?;
        }
        Ok(())
    }

    /// Decide layout, header and mapping from the sample, then replay it.
    fn plan(&mut self) -> Result<(), Error> {
        let sample = std::mem::take(&mut self.sample);
        let forced_basket = self.options.preset == Some(Preset::BasketPerLine);
        let basket =
            forced_basket || (self.options.preset.is_none() && looks_like_baskets(&sample));
        let has_header = if basket {
            self.options.has_header.unwrap_or(false)
        } else {
            self.dialect.has_header
        };
        self.dialect.has_header = has_header;
        let mut rows = sample.iter();
        let first = if has_header { rows.next() } else { None };
        if let Some((h, _)) = first {
            self.header = h.clone();
        }
        self.columns = if has_header {
            self.header.len()
        } else {
            sample.first().map_or(0, |(r, _)| r.len())
        };
        if basket {
            self.columns = sample.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        }
        self.column_filled = vec![0; self.columns];
        let data: Vec<Vec<String>> = rows
            .clone()
            .take(SAMPLE_RECORDS)
            .map(|(r, _)| r.clone())
            .collect();
        let mut mapping = if basket {
            Mapping {
                preset: Some(Preset::BasketPerLine),
                ..Mapping::default()
            }
        } else if let Some(p) = self.options.preset {
            p.mapping(&self.header, true).unwrap_or_default()
        } else {
            detect_preset(&self.header)
                .unwrap_or_else(|| auto_map(&self.header, self.columns, &data))
        };
        if !basket {
            apply_overrides(&mut mapping, &self.header, self.columns, &self.options.map)
                .map_err(|m| Error::new(ErrorKind::BadOption(m)))?;
        }
        let preset = mapping.preset;
        let status_name = mapping
            .roles
            .get(&Role::Status)
            .map(|a| a.name.to_ascii_lowercase());
        let vocabulary = match preset {
            Some(p) => p.status_vocabulary(),
            None if status_name.is_some_and(|n| n.contains("stage")) => StatusVocabulary::DealStage,
            None => StatusVocabulary::Payment,
        };
        let col = |r: Role| mapping.column(r);
        self.plan = Some(Plan {
            layout: if basket {
                Layout::BasketPerLine
            } else {
                Layout::Table
            },
            vocabulary,
            fill_down: preset.is_some_and(Preset::fills_down_by_order),
            customer: col(Role::CustomerId),
            order: col(Role::OrderId),
            product_id: col(Role::ProductId),
            product_name: col(Role::ProductName),
            date: col(Role::OrderDate),
            status: col(Role::Status),
            numbers: NUMBER_ROLES.map(col),
            mapping,
        });
        if let Some(size) = self.options.size_hint {
            self.reserve(size, &sample);
        }
        for (fields, line) in rows {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            self.row(&refs, None, *line, None);
        }
        Ok(())
    }

    /// Size the staging buffers for a `size`-byte input whose rows look like `sample`.
    fn reserve(&mut self, size: u64, sample: &[(Vec<String>, u64)]) {
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        if plan.layout != Layout::Table || sample.is_empty() {
            return;
        }
        let bytes: usize = sample
            .iter()
            .map(|(r, _)| r.iter().map(|f| f.len() + 1).sum::<usize>())
            .sum();
        let per_row = (bytes / sample.len()).max(4) as u64;
        let rows = (size / per_row + size / per_row / 32 + 16).min(1 << 28) as usize;
        self.seen.reserve(rows);
        let s = &mut self.staged;
        s.line.reserve(rows);
        s.customer.reserve(rows);
        s.order.reserve(rows);
        s.product.reserve(rows);
        s.day.reserve(rows);
        s.flags.reserve(rows);
        for (k, column) in plan.numbers.iter().enumerate() {
            if column.is_some() {
                s.numbers[k].reserve(rows);
            }
        }
    }

    fn row(&mut self, fields: &[&str], text: Option<&str>, line: u64, digest: Option<u128>) {
        self.quality.rows_read += 1;
        for (filled, f) in self.column_filled.iter_mut().zip(fields) {
            *filled += u64::from(!is_blank(f));
        }
        if self.preview.len() < self.options.preview_records {
            self.preview
                .push(fields.iter().map(|f| (*f).to_owned()).collect());
        }
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        if plan.layout == Layout::BasketPerLine {
            self.basket_row(fields, line);
            return;
        }
        if fields.len() != self.columns {
            self.quality
                .reject(RejectReason::WrongFieldCount, line, None, None);
            return;
        }
        let digest = digest.unwrap_or_else(|| match text {
            Some(text) => row_digest(fields, text.as_bytes()),
            None => {
                let joint = char::from(joint(self.dialect.delimiter)).to_string();
                row_digest(fields, fields.join(joint.as_str()).as_bytes())
            }
        });
        if !self.seen.insert(digest) {
            self.quality.duplicates += 1;
            if self.options.duplicates == DuplicatesPolicy::Remove {
                return;
            }
        }
        let cell = |c: Option<usize>| c.and_then(|c| fields.get(c)).map_or("", |f| trim(f));

        // Numbers that no reading can parse are rejected once the date is known to be good
        // (dates are checked first); their evidence waits until the row is known to be good.
        let mut numbers = [NumberCell::BAD; 4];
        let mut number_problem: Option<(RejectReason, usize, Option<&str>)> = None;
        for (k, column) in plan.numbers.iter().enumerate() {
            let Some(column) = *column else { continue };
            let text = cell(Some(column));
            if text.is_empty() {
                if NUMBER_ROLES[k] == Role::AmountRefunded {
                    numbers[k] = NumberCell {
                        point: 0.0,
                        comma: 0.0,
                    };
                    continue;
                }
                number_problem = Some((RejectReason::MissingNumber, column, None));
                break;
            }
            let n = parse_number(text);
            if n.point.is_nan() && n.comma.is_nan() {
                number_problem = Some((RejectReason::BadNumber, column, Some(text)));
                break;
            }
            numbers[k] = n;
        }

        let order_text = cell(plan.order);
        let order = if order_text.is_empty() {
            NO_ID
        } else {
            self.orders.intern(order_text)
        };
        let mut customer = match cell(plan.customer) {
            "" => NO_ID,
            c => self.customers.intern(c),
        };
        let mut status = plan.status.map_or(StatusClass::Ok, |_| {
            classify_status(cell(plan.status), plan.vocabulary)
        }) as u8;
        let status_empty = cell(plan.status).is_empty();
        let date_text = cell(plan.date);
        let mut date_missing = plan.date.is_some() && date_text.is_empty();
        let mut date = if plan.date.is_some() && !date_missing {
            parse_date(date_text)
        } else {
            DateCell::BAD
        };
        let mut day = (
            date.day_first.unwrap_or(NONE_DAY),
            date.month_first.unwrap_or(NONE_DAY),
        );

        if plan.fill_down && order != NO_ID {
            let i = order as usize;
            if self.order_fill.len() <= i {
                self.order_fill.resize(i + 1, None);
            }
            match self.order_fill[i] {
                None => {
                    self.order_fill[i] = Some(OrderFill {
                        customer,
                        day,
                        date_missing,
                        status,
                    });
                }
                Some(first) => {
                    if customer == NO_ID {
                        customer = first.customer;
                    }
                    if date_missing && !first.date_missing {
                        date_missing = false;
                        day = first.day;
                        date = DateCell {
                            day_first: (day.0 != NONE_DAY).then_some(day.0),
                            month_first: (day.1 != NONE_DAY).then_some(day.1),
                            kind: None,
                        };
                    }
                    if status_empty {
                        status = first.status;
                    }
                }
            }
        }

        if date_missing {
            self.quality
                .reject(RejectReason::MissingDate, line, plan.date, None);
            return;
        }
        if plan.date.is_some() && date.day_first.is_none() && date.month_first.is_none() {
            self.quality
                .reject(RejectReason::BadDate, line, plan.date, Some(date_text));
            return;
        }
        if let Some((reason, column, text)) = number_problem {
            self.quality.reject(reason, line, Some(column), text);
            return;
        }
        if plan.date.is_some() {
            let before = self.date_evidence.ambiguous;
            self.date_evidence.add(date, line);
            if before == 0 && self.date_evidence.ambiguous == 1 {
                self.first_ambiguous = Some(date_text.to_owned());
            }
        }
        for (k, n) in numbers.iter().enumerate() {
            if plan.numbers[k].is_some() {
                self.number_evidence[k].add(*n);
            }
        }

        let product_text = match cell(plan.product_id) {
            "" => cell(plan.product_name),
            p => p,
        };
        let product = if product_text.is_empty() {
            NO_ID
        } else {
            self.products.intern(product_text)
        };
        let labelled = plan.product_id.is_some() && plan.product_name.is_some();
        let name = if labelled && product != NO_ID && !cell(plan.product_id).is_empty() {
            self.product_names.slot(product, cell(plan.product_name))
        } else {
            NO_NAME
        };
        let cancel = order_text.len() > 1
            && order_text.as_bytes()[0] == b'C'
            && order_text.as_bytes()[1].is_ascii_digit();
        let s = &mut self.staged;
        let row = u32::try_from(s.line.len()).unwrap_or(u32::MAX);
        s.line.push(u32::try_from(line).unwrap_or(u32::MAX));
        s.customer.push(customer);
        s.order.push(order);
        s.product.push(product);
        if labelled {
            s.name.push(name);
        }
        s.day.push(day);
        let mut flags = (u8::from(cancel) * F_CANCEL_PREFIX) | (status << STATUS_SHIFT);
        for (k, n) in numbers.iter().enumerate() {
            if plan.numbers[k].is_some() {
                s.numbers[k].push(n.point);
                if n.comma.is_nan() {
                    flags |= F_NO_COMMA << k;
                } else if n.point.is_nan() || n.point != n.comma {
                    s.comma[k].push((row, n.comma));
                }
            }
        }
        s.flags.push(flags);
    }

    fn basket_row(&mut self, fields: &[&str], line: u64) {
        self.item_seen.clear();
        let mut items = Vec::new();
        for f in fields {
            let item = f.trim();
            if item.is_empty() {
                continue;
            }
            let id = self.baskets.products.intern(item);
            if self.item_seen.insert(id) {
                items.push(id);
            }
        }
        if items.is_empty() {
            self.quality
                .reject(RejectReason::EmptyBasket, line, None, None);
            return;
        }
        let order = self.baskets.order_ids.intern(&line.to_string());
        for id in items {
            self.baskets.customer.push(NO_ID);
            self.baskets.order.push(order);
            self.baskets.product.push(id);
            self.baskets.day.push(0);
            self.baskets.amount.push(0.0);
        }
        self.quality.rows_used += 1;
        self.quality.missing_customer_id += 1;
    }

    fn finish(mut self) -> Result<Dataset, Error> {
        self.flush_queue();
        if self.plan.is_none() {
            if self.sample.is_empty() {
                return Err(Error::new(ErrorKind::Empty));
            }
            self.plan()?;
        }
        let plan = self.plan.take().expect("planned above");
        self.quality.returns_policy = self.options.returns;
        self.quality.duplicates_policy = self.options.duplicates;
        let mut warnings = Vec::new();
        let mut questions = Vec::new();
        let mut decimal = BTreeMap::new();

        if plan.layout == Layout::BasketPerLine {
            return Ok(Dataset {
                dialect: self.dialect,
                layout: plan.layout,
                header: self.header,
                columns: self.columns,
                preview: self.preview,
                column_filled: self.column_filled,
                mapping: plan.mapping,
                date_order: DateOrderDecision::NotNeeded,
                decimal,
                quality: self.quality,
                warnings: vec![
                    "one basket per line: each line is an order, its fields are the items; \
                     there are no customers, dates or amounts"
                        .to_owned(),
                ],
                questions,
                transactions: Some(self.baskets),
                has_dates: false,
            });
        }

        let decision = self.date_evidence.decide(self.options.date_order);
        let order = decision.order();
        if order.is_none() {
            let column = plan
                .mapping
                .roles
                .get(&Role::OrderDate)
                .map_or_else(String::new, |a| a.name.clone());
            let example = self.first_ambiguous.clone().unwrap_or_default();
            questions.push(Question {
                kind: "date_order".into(),
                column: column.clone(),
                line: self.date_evidence.first_ambiguous_line.unwrap_or(0),
                example: example.clone(),
                answers: vec!["day_first".into(), "month_first".into()],
                message: format!(
                    "column {column:?}: every date could be day/month or month/day (e.g. {example:?}); \
                     say which with --date-order day_first or --date-order month_first"
                ),
            });
        }
        let seps: [DecimalSeparator; 4] =
            std::array::from_fn(|k| self.number_evidence[k].decide(self.options.decimal));
        for (k, role) in NUMBER_ROLES.iter().enumerate() {
            let Some(a) = plan.mapping.roles.get(role) else {
                continue;
            };
            decimal.insert(role.name().to_owned(), seps[k]);
            let e = &self.number_evidence[k];
            if self.options.decimal.is_none()
                && e.ambiguous > 0
                && e.point_only == 0
                && e.comma_only == 0
            {
                warnings.push(format!(
                    "column {:?}: values like 1,234 could use either decimal separator; read with \
                     '.' as the decimal point (pass --decimal comma if they are decimal commas)",
                    a.name
                ));
            }
        }
        for role in plan.mapping.unsure() {
            let a = &plan.mapping.roles[&role];
            warnings.push(format!(
                "{} was guessed as column {:?} with confidence {:.2}; check it or pass --map {}=COLUMN",
                role.name(),
                a.name,
                a.confidence,
                role.name()
            ));
        }
        for s in &plan.mapping.suggestions {
            warnings.push(format!(
                "{} might be column {:?} (confidence {:.2}, not applied); pass --map {}={:?} to use it",
                s.role.name(),
                s.column,
                s.confidence,
                s.role.name(),
                s.column
            ));
        }
        let missing = plan.mapping.missing_for_customers();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|r| r.name()).collect();
            warnings.push(format!(
                "customer analyses need {} (not found; pass --map ROLE=COLUMN)",
                names.join(", ")
            ));
        }
        if !plan.mapping.supports_baskets() {
            warnings.push(
                "market baskets need order_id and product_id or product_name (not found)".into(),
            );
        }

        let transactions = self.clean(&plan, order.unwrap_or(DateOrder::DayFirst), seps);
        debug_assert!(self.quality.reconciles());
        Ok(Dataset {
            dialect: self.dialect,
            layout: plan.layout,
            header: self.header,
            columns: self.columns,
            preview: self.preview,
            column_filled: self.column_filled,
            has_dates: plan.date.is_some(),
            mapping: plan.mapping,
            date_order: decision,
            decimal,
            quality: self.quality,
            warnings,
            transactions: if questions.is_empty() {
                Some(transactions)
            } else {
                None
            },
            questions,
        })
    }

    /// Apply the cleaning policies to the staged rows.
    fn clean(
        &mut self,
        plan: &Plan,
        order: DateOrder,
        seps: [DecimalSeparator; 4],
    ) -> Transactions {
        let s = std::mem::take(&mut self.staged);
        let mut t = Transactions::default();
        let mut remap_o = vec![NO_ID; self.orders.len()];
        let mut remap_p = vec![NO_ID; self.products.len()];
        let mut next_c = vec![NO_ID; self.customers.len()];
        let has = |k: usize| plan.numbers[k].is_some();
        let [qk, pk, ak, rk] = [0, 1, 2, 3];
        // Per staging product id and name slot: kept lines carrying that name.
        let names = std::mem::take(&mut self.product_names).0;
        let labelled = s.name.len() == s.line.len() && !s.name.is_empty();
        let mut name_counts: Vec<Vec<u64>> = names.iter().map(|n| vec![0; n.len()]).collect();
        let mut cursor = [0usize; 4];
        for i in 0..s.line.len() {
            let line = u64::from(s.line[i]);
            let day = match order {
                DateOrder::DayFirst => s.day[i].0,
                DateOrder::MonthFirst => s.day[i].1,
            };
            if plan.date.is_some() && day == NONE_DAY {
                self.quality
                    .reject(RejectReason::BadDate, line, plan.date, None);
                continue;
            }
            let mut values = [0.0f64; 4];
            let mut bad = None;
            for k in 0..4 {
                if !has(k) {
                    continue;
                }
                let point = s.numbers[k][i];
                let side_table = &s.comma[k];
                while side_table
                    .get(cursor[k])
                    .is_some_and(|(row, _)| (*row as usize) < i)
                {
                    cursor[k] += 1;
                }
                let side = side_table
                    .get(cursor[k])
                    .filter(|(row, _)| *row as usize == i);
                let v = match seps[k] {
                    DecimalSeparator::Point => point,
                    DecimalSeparator::Comma => match side {
                        Some(&(_, v)) => v,
                        None if s.flags[i] & (F_NO_COMMA << k) != 0 => f64::NAN,
                        None => point,
                    },
                };
                if v.is_nan() {
                    bad.get_or_insert(k);
                } else {
                    values[k] = v;
                }
            }
            if let Some(k) = bad {
                self.quality
                    .reject(RejectReason::BadNumber, line, plan.numbers[k], None);
                continue;
            }
            let status = match s.flags[i] >> STATUS_SHIFT {
                1 => StatusClass::Failed,
                2 => StatusClass::Refunded,
                3 => StatusClass::NotWon,
                _ => StatusClass::Ok,
            };
            match status {
                StatusClass::Failed => {
                    self.quality.failed_payments += 1;
                    continue;
                }
                StatusClass::NotWon => {
                    self.quality.not_won += 1;
                    continue;
                }
                _ => {}
            }
            let (qty, price, amount, refunded) = (values[qk], values[pk], values[ak], values[rk]);
            let mut line_amount = if has(ak) {
                amount - refunded
            } else if has(qk) && has(pk) {
                qty * price
            } else {
                0.0
            };
            let adjustment = (has(pk) && price <= 0.0)
                || (has(ak) && amount == 0.0)
                || (!has(ak) && has(qk) && has(pk) && line_amount == 0.0);
            if adjustment {
                self.quality.adjustments += 1;
                continue;
            }
            let refunded_in_full = has(rk) && has(ak) && refunded > 0.0 && refunded >= amount;
            let is_return = (has(qk) && qty < 0.0)
                || (has(ak) && amount < 0.0)
                || s.flags[i] & F_CANCEL_PREFIX != 0
                || status == StatusClass::Refunded
                || refunded_in_full;
            if is_return {
                self.quality.returns += 1;
                if self.options.returns == ReturnsPolicy::Exclude {
                    continue;
                }
                // Netting: a refunded sale is worth nothing; a cancellation line carries its
                // own negative amount.
                if status == StatusClass::Refunded && line_amount > 0.0 {
                    line_amount = 0.0;
                }
                if s.flags[i] & F_CANCEL_PREFIX != 0 && line_amount > 0.0 {
                    line_amount = -line_amount;
                }
            }
            self.quality.rows_used += 1;
            let customer = remap(
                s.customer[i],
                &mut next_c,
                &self.customers,
                &mut t.customer_ids,
            );
            if customer == NO_ID {
                self.quality.missing_customer_id += 1;
            }
            let order_id = remap(s.order[i], &mut remap_o, &self.orders, &mut t.order_ids);
            let product = remap(s.product[i], &mut remap_p, &self.products, &mut t.products);
            if labelled
                && s.name[i] != NO_NAME
                && let Some(counts) = name_counts.get_mut(s.product[i] as usize)
            {
                counts[usize::from(s.name[i])] += 1;
            }
            t.customer.push(customer);
            t.order.push(order_id);
            t.product.push(product);
            t.day.push(if plan.date.is_some() { day } else { 0 });
            t.amount.push(line_amount);
        }
        if labelled {
            t.product_labels = vec![String::new(); t.products.len()];
            for (staging, counts) in name_counts.iter().enumerate() {
                let id = remap_p.get(staging).copied().unwrap_or(NO_ID);
                // The most frequent name; `max_by_key` keeps the last maximum, so walk the
                // slots backwards to let ties go to the first name seen.
                let best = counts
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|&(_, &c)| c > 0)
                    .max_by_key(|&(_, &c)| c);
                if let (true, Some((k, _))) = (id != NO_ID, best) {
                    t.product_labels[id as usize] = names[staging][k].to_string();
                }
            }
        }
        t
    }
}

/// `f` without surrounding white space; most cells have none, so look before trimming.
fn trim(f: &str) -> &str {
    match (f.as_bytes().first(), f.as_bytes().last()) {
        (Some(a), Some(b)) if *a > b' ' && *b > b' ' && a.is_ascii() && b.is_ascii() => f,
        _ => f.trim(),
    }
}

fn is_blank(f: &str) -> bool {
    trim(f).is_empty()
}

/// One basket per line: no header-like first record and rows of many different lengths.
fn looks_like_baskets(sample: &[(Vec<String>, u64)]) -> bool {
    if sample.len() < 5 {
        return false;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for (r, _) in sample {
        *counts.entry(r.len()).or_insert(0) += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    // A table has one field count with a few ragged rows; baskets spread over many counts.
    counts.len() >= 3
        && (most as f64) < 0.6 * sample.len() as f64
        && sample.iter().all(|(r, _)| {
            r.iter()
                .all(|f| parse_number(f).point.is_nan() || f.trim().is_empty())
        })
}

/// The final id of staging id `id` (or [`NO_ID`]): interned into `out` on first use, so the
/// cleaned table's ids are dense and in order of first kept use.
fn remap(id: u32, map: &mut [u32], staging: &FastInterner, out: &mut Interner) -> u32 {
    if id == NO_ID {
        return NO_ID;
    }
    let slot = &mut map[id as usize];
    if *slot == NO_ID {
        *slot = out.intern(staging.name(id));
    }
    *slot
}
