//! Ingest on every core (native only): the bytes are cut into chunks at places that are
//! probably record boundaries, each chunk is split into records and its rows read (digest,
//! dates, numbers, status, ids interned chunk-locally) on its own thread, and the file's own
//! reader then walks the chunks in order and takes each one's rows into the one [`Builder`],
//! remapping the chunk's ids to the dataset's.
//!
//! The cut points are a guess, checked afterwards (the speculative split of DuckDB's
//! parallel CSV reader): a chunk starts right after a `\n`, which may be inside a quoted
//! field. A chunk's rows are taken only when the file's reader, having read everything before
//! the chunk, is exactly at a record boundary there, outside any line break, still reading
//! UTF-8; and only when the chunk itself read without an error and ended at a record
//! boundary. Otherwise the file's reader reads the chunk's bytes itself, one thread, exactly
//! as [`DatasetStream`](super::DatasetStream) would: a wrong guess, an error or a Windows-1252
//! fallback costs time, never a different result. Every error therefore comes from the
//! one-thread reader, with its line, column and record.
//!
//! The builder's order-dependent work stays on one thread and in file order: dropping a
//! duplicate keeps the first copy, ids are numbered by first appearance (a chunk-local id is
//! given its dataset id the first time a taken row uses it, which is when the one-thread
//! path would have interned it), Shopify's fill-down takes an order's first row, and the
//! first rejected lines and the first ambiguous date are the file's first. While one block
//! is being taken, the next one is read on the other threads.

use std::io::Read;
use std::ops::Range;

use crate::Error;
use crate::clean::RejectReason;
use crate::ingest::{Dialect, Encoding, Record, RecordReader, SniffOptions, sniff_report};
use crate::table::NO_ID;
use crate::values::NumberCell;

use super::build::{
    Builder, Cells, Keys, Queue, WARM, product_name_slot, product_text, read_numbers, trim,
};
use super::hash::{FastInterner, row_digest};
use super::plan::Plan;
use super::{Dataset, DatasetOptions, Layout, SNIFF_BYTES};

/// How many threads read, and how big a piece each is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parallelism {
    /// Threads that read chunks (`1` reads on the calling thread only).
    pub threads: usize,
    /// Bytes per chunk. Smaller chunks only add overhead; tests use tiny ones to put cut
    /// points everywhere.
    pub chunk_bytes: usize,
}

impl Parallelism {
    /// `threads` threads (at least one), 4 MiB chunks.
    pub fn threads(threads: usize) -> Self {
        Self {
            threads: threads.max(1),
            chunk_bytes: 4 << 20,
        }
    }

    /// Every core the system offers.
    pub fn all_cores() -> Self {
        Self::threads(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Run `f` with the analyses it calls (k-means, FP-growth, the CLV bootstrap,
    /// recommendations) on `self.threads` threads; see [`crate::par`].
    pub fn install<R>(self, f: impl FnOnce() -> R) -> R {
        crate::par::with_threads(self.threads, f)
    }
}

impl Default for Parallelism {
    fn default() -> Self {
        Self::all_cores()
    }
}

/// Ingest everything `input` yields on `parallelism.threads` threads. The dataset, its
/// quality report and any error are exactly those of [`DatasetStream`](super::DatasetStream)
/// for the same bytes (see the module documentation for how).
pub fn load_parallel(
    input: impl Read,
    options: DatasetOptions,
    parallelism: Parallelism,
) -> Result<Dataset, Error> {
    load_counting(input, options, parallelism, &mut 0)
}

/// [`load_parallel`], counting in `taken` the chunks whose rows were read on other threads.
fn load_counting(
    mut input: impl Read,
    options: DatasetOptions,
    parallelism: Parallelism,
    taken: &mut usize,
) -> Result<Dataset, Error> {
    let mut pending = Vec::with_capacity(SNIFF_BYTES);
    let mut eof = fill(&mut input, &mut pending, SNIFF_BYTES)?;
    let sniff_options = SniffOptions {
        delimiter: options.delimiter,
        encoding: options.encoding,
        has_header: options.has_header,
    };
    let dialect = sniff_report(&pending[..pending.len().min(SNIFF_BYTES)], &sniff_options).dialect;
    let mut reader =
        RecordReader::new(&dialect).fallback_to_windows_1252(options.encoding.is_none());
    let mut builder = Builder::new(dialect, options);
    let parallel =
        parallelism.threads > 1 && matches!(dialect.encoding, Encoding::Utf8 | Encoding::Utf8Bom);

    // One thread until the plan is made and the preview is full: the chunks need the plan.
    const STEP: usize = 16 << 10;
    let mut fed = 0;
    while !(parallel && builder.takes_chunks()) {
        if fed == pending.len() {
            if eof {
                break;
            }
            pending.clear();
            fed = 0;
            eof = fill(&mut input, &mut pending, 1 << 20)?;
            continue;
        }
        let end = (fed + STEP).min(pending.len());
        reader.feed(&pending[fed..end], &mut |r: &Record<'_>| {
            builder.record_queued(r)
        })?;
        fed = end;
    }
    pending.drain(..fed);

    if let Some(plan) = builder.plan.clone().filter(|_| parallel) {
        let block_bytes = parallelism
            .chunk_bytes
            .max(1)
            .saturating_mul(parallelism.threads);
        let columns = builder.columns;
        let mut read: Option<Block> = None;
        let mut spares = Spares::default();
        pending.reserve(block_bytes);
        loop {
            if !eof {
                eof = fill(&mut input, &mut pending, block_bytes)?;
            }
            let cut = memchr::memrchr(b'\n', &pending).map_or(0, |i| i + 1);
            let mut carry = spares.bytes.pop().unwrap_or_default();
            carry.clear();
            carry.reserve(block_bytes);
            carry.extend_from_slice(&pending[cut..]);
            pending.truncate(cut);
            let bytes = std::mem::replace(&mut pending, carry);
            let ranges = cut_points(&bytes, parallelism.threads);
            let previous = read.take();
            let (chunks, merged) = std::thread::scope(|scope| {
                let workers: Vec<_> = ranges
                    .iter()
                    .map(|range| {
                        let piece = &bytes[range.clone()];
                        let (dialect, plan) = (&dialect, &plan);
                        let spare = spares.chunks.pop();
                        scope.spawn(move || read_chunk(piece, dialect, plan, columns, spare))
                    })
                    .collect();
                let merged = previous.map_or(Ok(()), |block| {
                    take(&mut reader, &mut builder, block, taken, &mut spares)
                });
                // A worker that panicked leaves its chunk to the file's reader.
                let chunks: Vec<_> = workers
                    .into_iter()
                    .map(|w| w.join().ok().flatten())
                    .collect();
                (chunks, merged)
            });
            merged?;
            read = Some(Block {
                bytes,
                ranges,
                chunks,
            });
            if eof {
                break;
            }
            if cut == 0 {
                // Not one line break in a whole block: read it on this thread.
                if let Some(block) = read.take() {
                    take(&mut reader, &mut builder, block, taken, &mut spares)?;
                }
                let bytes = std::mem::take(&mut pending);
                reader.feed(&bytes, &mut |r: &Record<'_>| builder.record_queued(r))?;
            }
        }
        if let Some(block) = read.take() {
            take(&mut reader, &mut builder, block, taken, &mut spares)?;
        }
    }
    reader.feed(&pending, &mut |r: &Record<'_>| builder.record_queued(r))?;
    reader.finish(&mut |r: &Record<'_>| builder.record_queued(r))?;
    // A UTF-8 guess may have turned into Windows-1252 at the first non-UTF-8 byte.
    builder.dialect.encoding = reader.encoding();
    builder.finish()
}

/// Read from `input` until `buf` holds at least `want` bytes; whether the input ended.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> Result<bool, Error> {
    let Some(missing) = want.checked_sub(buf.len()).filter(|&m| m > 0) else {
        return Ok(false);
    };
    // `read_to_end` reads into the spare capacity without zeroing it first.
    let n = input
        .by_ref()
        .take(missing as u64)
        .read_to_end(buf)
        .map_err(|e| Error::io(format!("cannot read: {e}")))?;
    Ok(n < missing)
}

/// About `parts` equal ranges of `bytes` (which ends with `\n`), each starting right after a
/// `\n`: the guessed record boundaries.
fn cut_points(bytes: &[u8], parts: usize) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    for k in 1..parts.max(1) {
        let guess = k * bytes.len() / parts;
        let Some(&last) = starts.last() else { break };
        if guess <= last {
            continue;
        }
        match memchr::memchr(b'\n', &bytes[guess..]) {
            Some(i) if guess + i + 1 < bytes.len() => starts.push(guess + i + 1),
            _ => break,
        }
    }
    let mut ranges: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    if let Some(&last) = starts.last()
        && last < bytes.len()
    {
        ranges.push(last..bytes.len());
    }
    ranges
}

/// A block of the input, cut into chunks, each read on its own thread (`None`: left to the
/// file's reader).
struct Block {
    bytes: Vec<u8>,
    ranges: Vec<Range<usize>>,
    chunks: Vec<Option<Chunk>>,
}

/// One chunk's records and what each row's cells read, before the builder takes them.
struct Chunk {
    /// The records, lines counted from the chunk's start.
    records: Queue,
    /// Per record, in order.
    rows: Vec<ReadRow>,
    rows_read: u64,
    column_filled: Vec<u64>,
    orders: FastInterner,
    customers: FastInterner,
    products: FastInterner,
    /// The chunk reader's line breaks, records and whether all were ASCII.
    progress: (u64, u64, bool),
}

/// What a row's cells read, with chunk-local ids.
struct ReadRow {
    /// The row has the header's number of fields (else it is rejected, nothing else read).
    fits: bool,
    order: u32,
    product: u32,
    keys: Keys,
    /// The numbers, or the reason and column of the first that cannot be used.
    numbers: Result<[NumberCell; 4], (RejectReason, usize)>,
}

/// Split `piece` into records and read their cells; `None` when it does not read cleanly
/// from a record boundary to a record boundary.
fn read_chunk(
    piece: &[u8],
    dialect: &Dialect,
    plan: &Plan,
    columns: usize,
    spare: Option<Chunk>,
) -> Option<Chunk> {
    let mut chunk = spare.unwrap_or_else(|| Chunk {
        records: Queue::default(),
        rows: Vec::new(),
        rows_read: 0,
        column_filled: vec![0; columns],
        orders: FastInterner::default(),
        customers: FastInterner::default(),
        products: FastInterner::default(),
        progress: (0, 0, true),
    });
    chunk.column_filled.resize(columns, 0);
    let mut reader = RecordReader::for_chunk(dialect);
    reader
        .feed(piece, &mut |r: &Record<'_>| {
            chunk.read(r, plan, columns);
            Ok(())
        })
        .ok()?;
    if !reader.at_record_start() {
        return None;
    }
    chunk.progress = reader.progress();
    Some(chunk)
}

impl Chunk {
    fn clear(&mut self) {
        self.records.clear();
        self.rows.clear();
        self.rows_read = 0;
        self.column_filled.fill(0);
        self.orders.clear();
        self.customers.clear();
        self.products.clear();
        self.progress = (0, 0, true);
    }

    fn read(&mut self, r: &Record<'_>, plan: &Plan, columns: usize) {
        let fields = r.fields();
        self.rows_read += 1;
        for (filled, f) in self.column_filled.iter_mut().zip(fields) {
            *filled += u64::from(!trim(f).is_empty());
        }
        self.records
            .push(r, row_digest(fields, r.text().as_bytes()));
        if fields.len() != columns {
            self.rows.push(ReadRow {
                fits: false,
                order: NO_ID,
                product: NO_ID,
                keys: Keys::with_customer(plan, &Cells::read(plan, &[]), NO_ID),
                numbers: Err((RejectReason::WrongFieldCount, 0)),
            });
            return;
        }
        let cells = Cells::read(plan, fields);
        let intern = |interner: &mut FastInterner, text: &str| match text {
            "" => NO_ID,
            t => interner.intern(t),
        };
        let customer = intern(&mut self.customers, cells.customer);
        self.rows.push(ReadRow {
            fits: true,
            order: intern(&mut self.orders, cells.order),
            product: intern(&mut self.products, product_text(&cells)),
            keys: Keys::with_customer(plan, &cells, customer),
            numbers: read_numbers(plan, fields).map_err(|(reason, column, _)| (reason, column)),
        });
    }
}

/// Chunk-local ids → the dataset's, given the first time a taken row uses them.
struct Remap(Vec<u32>);

impl Remap {
    fn new(local: &FastInterner) -> Self {
        Self(vec![NO_ID; local.len()])
    }

    #[inline]
    fn id(&mut self, local: u32, names: &FastInterner, into: &mut FastInterner) -> u32 {
        if local == NO_ID {
            return NO_ID;
        }
        let id = &mut self.0[local as usize];
        if *id == NO_ID {
            *id = into.intern(names.name(local));
        }
        *id
    }
}

/// Walk a block's chunks in order: take each chunk's rows where the guess held, else read
/// its bytes with the file's reader.
fn take(
    reader: &mut RecordReader,
    builder: &mut Builder,
    block: Block,
    taken: &mut usize,
    spares: &mut Spares,
) -> Result<(), Error> {
    for (range, chunk) in block.ranges.into_iter().zip(block.chunks) {
        match chunk {
            Some(mut chunk) if reader.at_record_start() => {
                builder.flush_queue();
                builder.take_chunk(&chunk, reader.breaks());
                reader.skip(chunk.progress);
                *taken += 1;
                chunk.clear();
                spares.chunks.push(chunk);
            }
            _ => reader.feed(&block.bytes[range], &mut |r: &Record<'_>| {
                builder.record_queued(r)
            })?,
        }
    }
    spares.bytes.push(block.bytes);
    Ok(())
}

/// Buffers of blocks and chunks already taken, reused: fresh ones cost page faults.
#[derive(Default)]
struct Spares {
    bytes: Vec<Vec<u8>>,
    chunks: Vec<Chunk>,
}

impl Builder {
    /// Whether rows read on other threads can be taken: the plan is made, the layout is a
    /// table and the preview is full.
    fn takes_chunks(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|p| p.layout == Layout::Table)
            && self.preview.len() >= self.options.preview_records
    }

    /// Take a chunk's rows, in order; `breaks` line breaks came before it.
    fn take_chunk(&mut self, chunk: &Chunk, breaks: u64) {
        self.quality.rows_read += chunk.rows_read;
        for (filled, n) in self.column_filled.iter_mut().zip(&chunk.column_filled) {
            *filled += n;
        }
        let mut ids = [
            Remap::new(&chunk.orders),
            Remap::new(&chunk.customers),
            Remap::new(&chunk.products),
        ];
        let records = &chunk.records;
        let mut fields: Vec<&str> = Vec::new();
        let mut first = 0;
        for (group, rows) in records.records.chunks(WARM).zip(chunk.rows.chunks(WARM)) {
            self.seen.warm(group.iter().map(|r| r.2));
            for (&(last, line, digest), row) in group.iter().zip(rows) {
                fields.clear();
                fields.extend(
                    records.spans[first..last]
                        .iter()
                        .map(|&(a, b)| &records.text[a..b]),
                );
                first = last;
                self.take_row(&fields, breaks + line, digest, row, chunk, &mut ids);
            }
        }
    }

    /// [`Builder::row`] for a row read on another thread: the same checks in the same order,
    /// with the cells already read.
    fn take_row(
        &mut self,
        fields: &[&str],
        line: u64,
        digest: u128,
        row: &ReadRow,
        chunk: &Chunk,
        [orders, customers, products]: &mut [Remap; 3],
    ) {
        if !row.fits {
            self.quality
                .reject(RejectReason::WrongFieldCount, line, None, None);
            return;
        }
        if self.drops_duplicate(fields, None, Some(digest)) {
            return;
        }
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        let cells = Cells::read(plan, fields);
        let order = orders.id(row.order, &chunk.orders, &mut self.orders);
        let mut keys = row.keys;
        keys.customer = customers.id(keys.customer, &chunk.customers, &mut self.customers);
        if plan.fill_down && order != NO_ID {
            keys.fill_down(order, cells.status.is_empty(), &mut self.order_fill);
        }
        if keys.date_missing {
            self.quality
                .reject(RejectReason::MissingDate, line, plan.date, None);
            return;
        }
        if plan.date.is_some() && keys.date.day_first.is_none() && keys.date.month_first.is_none() {
            self.quality
                .reject(RejectReason::BadDate, line, plan.date, Some(cells.date));
            return;
        }
        let numbers = match row.numbers {
            Ok(numbers) => numbers,
            Err((reason, column)) => {
                let text = match reason {
                    RejectReason::BadNumber => fields.get(column).map(|f| trim(f)),
                    _ => None,
                };
                self.quality.reject(reason, line, Some(column), text);
                return;
            }
        };
        self.evidence
            .add(plan, keys.date, cells.date, &numbers, line);
        let product = products.id(row.product, &chunk.products, &mut self.products);
        let name = product_name_slot(plan, &cells, product, &mut self.product_names);
        let cancel = cells.order.len() > 1
            && cells.order.as_bytes()[0] == b'C'
            && cells.order.as_bytes()[1].is_ascii_digit();
        self.staged
            .push(plan, line, &keys, order, product, name, cancel, &numbers);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_bytes;

    fn orders(rows: usize) -> Vec<u8> {
        let mut csv = String::from(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
        );
        for i in 0..rows {
            let note = if i % 7 == 0 {
                "\"two\nlines, quoted\""
            } else {
                "plain"
            };
            csv.push_str(&format!(
                "{},{},{note},{},{}/{}/2011 10:{:02},{}.5,{},UK\n",
                536_000 + i / 3,
                i % 50,
                1 + i % 4,
                1 + i % 12,
                1 + i % 28,
                i % 60,
                i % 9,
                12_000 + i % 40,
            ));
            if i % 100 == 0 {
                csv.push_str("broken,row\n");
            }
        }
        csv.into_bytes()
    }

    #[test]
    fn chunks_are_taken_and_change_nothing() {
        let bytes = orders(5_000);
        let one = load_bytes(&bytes, DatasetOptions::new(), 1 << 16);
        for chunk_bytes in [1, 97, 4096, 60_000] {
            for threads in [2, 3] {
                let mut taken = 0;
                let parallelism = Parallelism {
                    threads,
                    chunk_bytes,
                };
                let many =
                    load_counting(&bytes[..], DatasetOptions::new(), parallelism, &mut taken);
                assert_eq!(one, many, "{parallelism:?}");
                assert!(taken > 0, "no chunk was read in parallel: {parallelism:?}");
            }
        }
    }

    #[test]
    fn cut_points_cover_the_block_after_line_breaks() {
        let bytes = b"a\nbb\nccc\n\ndddd\n";
        for parts in 1..8 {
            let ranges = cut_points(bytes, parts);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(bytes.len()));
            for w in ranges.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                assert_eq!(bytes[w[1].start - 1], b'\n');
            }
        }
    }
}
