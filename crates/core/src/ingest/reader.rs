use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use encoding_rs::DecoderResult;

use super::{Dialect, Encoding};
use crate::{Error, ErrorKind, Position};

/// Longest field accepted, in bytes. A longer one is almost always a quote that was never
/// closed, which would otherwise swallow the rest of the file into one field.
pub const DEFAULT_MAX_FIELD_LEN: usize = 1 << 20;

/// Longest record accepted, in bytes of field content (quotes and delimiters not counted).
/// With [`DEFAULT_MAX_FIELDS`] this bounds the memory one record can take.
pub const DEFAULT_MAX_RECORD_LEN: usize = 4 << 20;

/// Most fields accepted in one record (Excel stops at 16,384 columns).
pub const DEFAULT_MAX_FIELDS: usize = 1 << 16;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes of file signature looked at (see [`binary_format`]).
const SIGNATURE_LEN: usize = 4;

/// Input bytes decoded at a time (UTF-16, Windows-1252).
const DECODE_BLOCK: usize = 64 * 1024;

/// One parsed record, borrowed from the reader's buffers.
#[derive(Debug)]
pub struct Record<'a> {
    fields: Vec<&'a str>,
    /// The fields joined by [`joint`].
    text: &'a str,
    /// 1-based physical line on which the record starts.
    pub line: u64,
    /// 0-based record index (the header, if any, is record 0).
    pub index: u64,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The field at `i`, if present.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.fields.get(i).copied()
    }

    /// All fields in order.
    pub fn fields(&self) -> &[&'a str] {
        &self.fields
    }

    /// The fields joined by the delimiter (by `,` when the delimiter is not ASCII), quotes
    /// removed: a whole row to hash at once. Fields may contain the delimiter, so this does
    /// not say where they end; [`fields`](Self::fields) does.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// A streaming record reader: push chunks of bytes, receive records.
///
/// Decoding happens first (UTF-16 and Windows-1252 are transcoded to UTF-8 incrementally),
/// then `csv-core` splits records. Partial records are kept between chunks, so the records
/// and errors do not depend on where the chunks are cut.
///
/// What it guarantees beyond `csv-core`:
/// - **Line numbers are physical lines**, as a text editor or spreadsheet counts them: `\n`,
///   `\r\n` and a lone `\r` each end a line (a lone `\r` also ends a record outside quotes),
///   blank lines are skipped but counted, and a record's [`line`](Record::line) is where it
///   starts, even when quoted fields span lines.
/// - **Nothing is lost silently.** A quoted field still open at the end of the input is an
///   [`UnterminatedQuote`](ErrorKind::UnterminatedQuote) error naming the line of its opening
///   quote (`csv-core` would fold the rest of the file into it). Bytes that are not valid in
///   the encoding are an [`InvalidEncoding`](ErrorKind::InvalidEncoding) error naming the
///   line and field. Fields, records and field counts are capped (see the builder methods).
/// - **Ragged rows are delivered as they are**, with their own field count; deciding what to
///   do with them is the cleaning layer's job.
/// - **One byte-order mark is removed**, at the very start only; a second is data.
///
/// After an error the reader is spent: later calls return the same error.
pub struct RecordReader {
    csv: Reader,
    delimiter: u8,
    quote: u8,
    /// The raw text of the current record when it spans calls to `split`: needed only to
    /// tell, at the end of the input, whether a quoted field is still open.
    raw: Vec<u8>,
    /// The field list's allocation, kept from one record to the next.
    spare: Vec<&'static str>,
    /// The current record's fields joined by [`joint`] (see [`Record::text`]).
    joined: String,
    decoder: Option<encoding_rs::Decoder>,
    encoding: Encoding,
    /// The first bytes of a UTF-8 input, held until we know whether they are a BOM.
    head: Vec<u8>,
    head_done: bool,
    /// The first bytes of the input, held until we know it is not a binary format.
    signature: Vec<u8>,
    signature_done: bool,
    decoded: String,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Completed fields of the current record already checked against the field cap.
    checked_ends: usize,
    /// Line breaks consumed so far.
    breaks: u64,
    /// The last byte consumed was `\r`, so a `\n` next completes that line break.
    prev_cr: bool,
    /// No byte of the next record has been seen yet (blank lines are skipped here).
    between_records: bool,
    record_line: u64,
    next_index: u64,
    max_field_len: usize,
    max_record_len: usize,
    max_fields: usize,
    /// Read as Windows-1252 from the first byte that is not UTF-8 on, if all before was ASCII.
    fallback: bool,
    ascii_so_far: bool,
    /// Set by `emit` when it switched to Windows-1252: `split` hands the rest to the decoder.
    switched: bool,
    finished: bool,
    failed: Option<Error>,
}

impl RecordReader {
    /// A reader for `dialect`.
    pub fn new(dialect: &Dialect) -> Self {
        let decoder = match dialect.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => None,
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            Encoding::Windows1252 => {
                Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
            }
        };
        Self {
            csv: csv_reader(dialect.delimiter, dialect.quote),
            delimiter: dialect.delimiter,
            quote: dialect.quote,
            raw: Vec::new(),
            spare: Vec::new(),
            joined: String::new(),
            decoder,
            encoding: dialect.encoding,
            head: Vec::new(),
            head_done: false,
            signature: Vec::new(),
            signature_done: false,
            decoded: String::new(),
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            checked_ends: 0,
            breaks: 0,
            prev_cr: false,
            between_records: true,
            record_line: 1,
            next_index: 0,
            max_field_len: DEFAULT_MAX_FIELD_LEN,
            max_record_len: DEFAULT_MAX_RECORD_LEN,
            max_fields: DEFAULT_MAX_FIELDS,
            fallback: dialect.encoding == Encoding::Utf8,
            ascii_so_far: true,
            switched: false,
            finished: false,
            failed: None,
        }
    }

    /// Change the longest accepted field (bytes, after unquoting).
    pub fn max_field_len(mut self, limit: usize) -> Self {
        self.max_field_len = limit;
        self
    }

    /// Change the longest accepted record (bytes of field content).
    pub fn max_record_len(mut self, limit: usize) -> Self {
        self.max_record_len = limit;
        self
    }

    /// Change the most fields accepted in one record.
    pub fn max_fields(mut self, limit: usize) -> Self {
        self.max_fields = limit;
        self
    }

    /// Whether a file read as UTF-8 (without a BOM) switches to Windows-1252 at its first byte
    /// that is not UTF-8, provided every byte before it was ASCII — the two encodings agree on
    /// ASCII, so nothing read so far changes. On by default for [`Encoding::Utf8`]: a sample
    /// of plain ASCII cannot tell UTF-8 from Windows-1252, and Excel's "CSV (Comma
    /// delimited)" often has its first `£` or `é` tens of thousands of lines down. Turn it
    /// off when the user forced the encoding. [`encoding`](Self::encoding) says what is used.
    pub fn fallback_to_windows_1252(mut self, enabled: bool) -> Self {
        self.fallback = enabled && self.encoding == Encoding::Utf8;
        self
    }

    /// The encoding being decoded: the dialect's, or Windows-1252 after a
    /// [fallback](Self::fallback_to_windows_1252). Report it once the input is read.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A reader for a piece of a UTF-8 file that starts at a record boundary somewhere after
    /// the file's start (a parallel ingest's chunk): no signature or byte-order-mark check, no
    /// fallback to Windows-1252 (bytes that are not UTF-8 are an error, and the chunk is then
    /// read again by the file's own reader, which knows what came before). Lines and record
    /// indices count from the chunk's start; see [`at_record_start`](Self::at_record_start)
    /// and [`skip`](Self::skip).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parallel reader is native-only
    pub(crate) fn for_chunk(dialect: &Dialect) -> Self {
        let mut reader = Self::new(dialect);
        reader.signature_done = true;
        reader.head_done = true;
        reader.fallback = false;
        reader
    }

    /// Whether the bytes fed so far end exactly at a record boundary, outside any line break,
    /// with UTF-8 still read as such: only then does reading on from here with a fresh reader
    /// give what this reader would give.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parallel reader is native-only
    pub(crate) fn at_record_start(&self) -> bool {
        self.between_records
            && !self.prev_cr
            && self.decoder.is_none()
            && self.failed.is_none()
            && !self.finished
            && self.signature_done
            && self.head_done
    }

    /// What a chunk reader saw: line breaks, records, and whether every record was ASCII.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parallel reader is native-only
    pub(crate) fn progress(&self) -> (u64, u64, bool) {
        (self.breaks, self.next_index, self.ascii_so_far)
    }

    /// Move on past a chunk another reader read from this reader's current position (which
    /// was [`at_record_start`](Self::at_record_start)), given that reader's
    /// [`progress`](Self::progress).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parallel reader is native-only
    pub(crate) fn skip(&mut self, (breaks, records, ascii): (u64, u64, bool)) {
        self.breaks += breaks;
        self.next_index += records;
        self.ascii_so_far &= ascii;
    }

    /// Line breaks consumed so far: the line of the next record is one more.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parallel reader is native-only
    pub(crate) fn breaks(&self) -> u64 {
        self.breaks
    }

    /// Feed the next chunk; `on_record` is called for every record completed by it.
    pub fn feed<F>(&mut self, chunk: &[u8], on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.finished {
            return Err(Error::io("input was fed to the record reader after finish"));
        }
        let result = self.push(chunk, on_record);
        self.remember(result)
    }

    /// Signal the end of input; flushes a last record without a trailing newline.
    pub fn finish<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let result = self.end(on_record);
        self.remember(result)
    }

    fn remember(&mut self, result: Result<(), Error>) -> Result<(), Error> {
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    fn push<F>(&mut self, mut chunk: &[u8], on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if !self.signature_done {
            let take = (SIGNATURE_LEN - self.signature.len()).min(chunk.len());
            self.signature.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.signature.len() < SIGNATURE_LEN {
                return Ok(());
            }
            self.flush_signature(on_record)?;
        }
        if self.decoder.is_none() && !self.head_done {
            let take = (UTF8_BOM.len() - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.head.len() < UTF8_BOM.len() {
                return Ok(());
            }
            self.flush_head(on_record)?;
        }
        self.feed_text(chunk, on_record)
    }

    /// Split undecoded input, or decode it first; the decoder may appear on the way.
    fn feed_text<F>(&mut self, bytes: &[u8], on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if self.decoder.is_some() {
            return self.decode(bytes, false, on_record);
        }
        let n = self.split(bytes, on_record)?;
        match bytes.get(n..) {
            Some(rest) if !rest.is_empty() => self.decode(rest, false, on_record),
            _ => Ok(()),
        }
    }

    /// Refuse binary files people drop by mistake, then read the held bytes.
    fn flush_signature<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        self.signature_done = true;
        if let Some(format) = binary_format(&self.signature) {
            return Err(Error::new(ErrorKind::NotText {
                format: format.into(),
            }));
        }
        let signature = std::mem::take(&mut self.signature);
        self.push(&signature, on_record)
    }

    fn flush_head<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        self.head_done = true;
        let head = std::mem::take(&mut self.head);
        let start = if head.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        self.feed_text(&head[start..], on_record)
    }

    fn decode<F>(&mut self, mut chunk: &[u8], last: bool, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        let mut decoded = std::mem::take(&mut self.decoded);
        let result = loop {
            let Some(decoder) = self.decoder.as_mut() else {
                break Ok(());
            };
            // Block by block, so the decoded copy stays small however big the chunk.
            let take = chunk.len().min(DECODE_BLOCK);
            decoded.clear();
            let needed = decoder
                .max_utf8_buffer_length_without_replacement(take)
                .unwrap_or(take.saturating_mul(3))
                .saturating_add(16);
            decoded.reserve(needed);
            let (status, read) = decoder.decode_to_string_without_replacement(
                &chunk[..take],
                &mut decoded,
                last && take == chunk.len(),
            );
            chunk = chunk.get(read..).unwrap_or_default();
            if let Err(e) = self.split(decoded.as_bytes(), on_record) {
                break Err(e);
            }
            match status {
                DecoderResult::InputEmpty if chunk.is_empty() => break Ok(()),
                DecoderResult::InputEmpty => {}
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => break Err(self.malformed()),
            }
        };
        self.decoded = decoded;
        result
    }

    /// The error for bytes the decoder rejected; everything before them has been split.
    fn malformed(&self) -> Error {
        let column = if self.between_records {
            1
        } else {
            self.ends_len as u64 + 1
        };
        Error::at(
            ErrorKind::InvalidEncoding {
                encoding: self.encoding_name().into(),
            },
            Position {
                line: self.breaks + 1,
                column: Some(column),
                record: self.next_index,
            },
        )
    }

    fn encoding_name(&self) -> &'static str {
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    fn end<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if !self.signature_done {
            self.flush_signature(on_record)?;
        }
        if self.decoder.is_some() {
            self.decode(&[], true, on_record)?;
        } else if !self.head_done {
            self.flush_head(on_record)?;
        }
        if !self.between_records && self.in_quotes() {
            let start = self.field_start(self.ends_len);
            return Err(self.error_at(ErrorKind::UnterminatedQuote, start, self.ends_len));
        }
        loop {
            let (result, _, nout, nend) = self.csv.read_record(
                &[],
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::Record => {
                    self.check_caps()?;
                    self.emit(on_record)?;
                }
                ReadRecordResult::OutputEndsFull => self.grow_ends(),
                ReadRecordResult::OutputFull => self.grow_out(),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Split decoded text into records; returns how much was consumed, which is all of it
    /// unless a fallback to Windows-1252 means the rest must be decoded first.
    fn split<F>(&mut self, mut input: &[u8], on_record: &mut F) -> Result<usize, Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        let total = input.len();
        while !input.is_empty() {
            if self.between_records {
                // csv-core skips blank lines too, but we must see them to count them and to
                // know where the next record starts.
                let blank = input
                    .iter()
                    .position(|&b| b != b'\n' && b != b'\r')
                    .unwrap_or(input.len());
                self.count_breaks(&input[..blank]);
                input = &input[blank..];
                if input.is_empty() {
                    break;
                }
                self.between_records = false;
                self.record_line = self.breaks + 1;
                if let Some(n) = self.simple_line(input) {
                    let line = &input[..n];
                    input = &input[n..];
                    // The line is not empty and holds no `\r`.
                    self.prev_cr = false;
                    self.emit_line(line, on_record)?;
                    if std::mem::take(&mut self.switched) {
                        break;
                    }
                    continue;
                }
            }
            let (result, nin, nout, nend) = self.csv.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.count_breaks(&input[..nin]);
            if result != ReadRecordResult::Record {
                self.raw.extend_from_slice(&input[..nin]);
            }
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => self.check_caps()?,
                ReadRecordResult::OutputFull => {
                    self.check_caps()?;
                    self.grow_out();
                }
                ReadRecordResult::OutputEndsFull => {
                    self.check_caps()?;
                    self.grow_ends();
                }
                ReadRecordResult::Record => {
                    self.check_caps()?;
                    self.emit(on_record)?;
                    if std::mem::take(&mut self.switched) {
                        break;
                    }
                }
                // Only after the end of input, which `split` never sees.
                ReadRecordResult::End => break,
            }
        }
        Ok(total - input.len())
    }

    /// The fast path for the common line: when `input` starts with a whole line that has no
    /// quote character and is too short to trip any cap, its length, line break excluded (the
    /// blank-line skip consumes and counts the break). Such a line splits on the delimiter
    /// exactly as csv-core would split it: outside quotes only the delimiter and line breaks
    /// mean anything. `None` leaves the line to csv-core.
    fn simple_line(&self, input: &[u8]) -> Option<usize> {
        if !self.delimiter.is_ascii()
            || !self.quote.is_ascii()
            || matches!(self.delimiter, b'\n' | b'\r')
            || self.delimiter == self.quote
        {
            return None;
        }
        let n = memchr::memchr3(b'\n', b'\r', self.quote, input)?;
        if input[n] == self.quote
            || n > self.max_field_len
            || n > self.max_record_len
            || n >= self.max_fields
        {
            return None;
        }
        Some(n)
    }

    /// Emit a [`simple_line`](Self::simple_line) straight from the input, or through the
    /// record buffers when it is not plain valid UTF-8 (or is the first non-ASCII record, which
    /// may switch the encoding): then [`emit`](Self::emit) decides, as for any record.
    fn emit_line<F>(&mut self, line: &[u8], on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        let text = match std::str::from_utf8(line) {
            Ok(text) if !self.ascii_so_far || text.is_ascii() => text,
            _ => {
                self.fill_out(line);
                return self.emit(on_record);
            }
        };
        let mut fields = recycle(std::mem::take(&mut self.spare));
        let mut start = 0;
        for end in memchr::memchr_iter(self.delimiter, line).chain(std::iter::once(line.len())) {
            // Both ends are at ASCII bytes (or the ends of the line): character boundaries.
            fields.push(&text[start..end]);
            start = end + 1;
        }
        let record = Record {
            fields,
            text,
            line: self.record_line,
            index: self.next_index,
        };
        let result = on_record(&record);
        self.spare = recycle(record.fields);
        self.out_len = 0;
        self.ends_len = 0;
        self.checked_ends = 0;
        self.raw.clear();
        self.next_index += 1;
        self.between_records = true;
        result
    }

    /// Split a simple line into the record buffers, as csv-core would have.
    fn fill_out(&mut self, line: &[u8]) {
        let n = line.len();
        if self.out.len() < n {
            self.out.resize(n.next_power_of_two(), 0);
        }
        let mut out_len = 0;
        let mut fields = 0;
        let mut start = 0;
        for end in memchr::memchr_iter(self.delimiter, line).chain(std::iter::once(n)) {
            let field = &line[start..end];
            self.out[out_len..out_len + field.len()].copy_from_slice(field);
            out_len += field.len();
            if fields == self.ends.len() {
                self.grow_ends();
            }
            self.ends[fields] = out_len;
            fields += 1;
            start = end + 1;
        }
        self.out_len = out_len;
        self.ends_len = fields;
    }

    /// Whether the current record ends inside a quoted field. csv-core closes such a field
    /// silently at the end of the input and does not expose its state (and its `Clone` loses
    /// the transition table), so a fresh parser replays the record and is asked whether a
    /// newline would be field content: only inside quotes is it.
    fn in_quotes(&self) -> bool {
        let mut probe = csv_reader(self.delimiter, self.quote);
        let mut input = self.raw.as_slice();
        let mut out = [0u8; 1024];
        let mut ends = [0usize; 64];
        while !input.is_empty() {
            let (result, nin, _, _) = probe.read_record(input, &mut out, &mut ends);
            input = &input[nin..];
            if result == ReadRecordResult::Record || nin == 0 {
                return false;
            }
        }
        let (_, _, nout, _) = probe.read_record(b"\n", &mut out, &mut ends);
        nout == 1
    }

    fn grow_out(&mut self) {
        let len = self.out.len();
        self.out.resize(len.saturating_mul(2).max(64), 0);
    }

    fn grow_ends(&mut self) {
        let len = self.ends.len();
        self.ends.resize(len.saturating_mul(2).max(8), 0);
    }

    /// Count line breaks (`\n`, `\r\n`, lone `\r`) in consumed input.
    fn count_breaks(&mut self, bytes: &[u8]) {
        // The common case, the `\n` between two records, without setting up a search.
        if let &[b] = bytes {
            self.breaks += u64::from(b == b'\r' || (b == b'\n' && !self.prev_cr));
            self.prev_cr = b == b'\r';
            return;
        }
        let Some(&last) = bytes.last() else { return };
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let after_cr = if i == 0 {
                self.prev_cr
            } else {
                bytes[i - 1] == b'\r'
            };
            self.breaks += u64::from(bytes[i] == b'\r' || !after_cr);
        }
        self.prev_cr = last == b'\r';
    }

    /// Trip the caps. Which cap trips, and where, depends only on the input, never on how
    /// it was chunked: of the caps exceeded so far, the one exceeded earliest in the record
    /// wins (ties: field, record, field count).
    fn check_caps(&mut self) -> Result<(), Error> {
        let mut first: Option<(usize, Error)> = None;
        let mut consider = |at: usize, error: Error| {
            if first.as_ref().is_none_or(|(best, _)| at < *best) {
                first = Some((at, error));
            }
        };
        // Fields are checked once, when complete; the open field every time.
        let mut start = self.field_start(self.checked_ends);
        for column in self.checked_ends..=self.ends_len {
            let end = if column < self.ends_len {
                self.ends[column]
            } else {
                self.out_len
            };
            if end - start > self.max_field_len {
                let error = self.error_at(
                    ErrorKind::FieldTooLong {
                        limit: self.max_field_len,
                    },
                    start,
                    column,
                );
                consider(start + self.max_field_len, error);
                break;
            }
            start = end;
        }
        self.checked_ends = self.ends_len;
        if self.out_len > self.max_record_len {
            let error = self.record_error(ErrorKind::RecordTooLong {
                limit: self.max_record_len,
            });
            consider(self.max_record_len, error);
        }
        if self.ends_len > self.max_fields {
            let error = self.record_error(ErrorKind::TooManyFields {
                limit: self.max_fields,
            });
            consider(self.ends[self.max_fields], error);
        }
        match first {
            Some((_, error)) => Err(error),
            None => Ok(()),
        }
    }

    fn field_start(&self, column: usize) -> usize {
        if column == 0 {
            0
        } else {
            self.ends[column - 1]
        }
    }

    /// An error in field `column` (0-based), at `offset` in the record's field content.
    fn error_at(&self, kind: ErrorKind, offset: usize, column: usize) -> Error {
        Error::at(
            kind,
            Position {
                line: self.line_of(offset),
                column: Some(column as u64 + 1),
                record: self.next_index,
            },
        )
    }

    fn record_error(&self, kind: ErrorKind) -> Error {
        Error::at(
            kind,
            Position {
                line: self.record_line,
                column: None,
                record: self.next_index,
            },
        )
    }

    /// The physical line of byte `offset` of the current record's field content.
    ///
    /// Fields are counted one by one: unquoting only removes quote characters, never a byte
    /// between a `\r` and a `\n`, so each field's content has the line breaks it had in the
    /// file, but two fields' contents laid end to end might join a `\r` and a `\n`.
    fn line_of(&self, offset: usize) -> u64 {
        let mut line = self.record_line;
        let mut start = 0;
        for &end in self.ends[..self.ends_len]
            .iter()
            .chain(std::iter::once(&self.out_len))
        {
            let stop = end.min(offset);
            line += breaks_in(self.out.get(start..stop).unwrap_or_default());
            if offset <= end {
                break;
            }
            start = end;
        }
        line
    }

    fn emit<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if self.ascii_so_far && !self.out[..self.out_len].is_ascii() {
            self.ascii_so_far = false;
            if self.fallback && self.decoder.is_none() && self.first_non_ascii_is_invalid() {
                self.switch_to_windows_1252();
            }
        }
        let text = match std::str::from_utf8(&self.out[..self.out_len]) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.valid_up_to();
                let column = self.ends[..self.ends_len]
                    .iter()
                    .take_while(|&&end| end <= offset)
                    .count();
                return Err(self.invalid_utf8(offset, column));
            }
        };
        let ends = &self.ends[..self.ends_len];
        let mut fields = recycle(std::mem::take(&mut self.spare));
        let mut start = 0;
        for (column, &end) in ends.iter().enumerate() {
            // The record is valid UTF-8 as a whole; a field boundary may still split a
            // character (`\xC3,\xA9`).
            match text.get(start..end) {
                Some(field) => fields.push(field),
                None => return Err(self.invalid_utf8(end, column)),
            }
            start = end;
        }
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                joined.push(char::from(joint(self.delimiter)));
            }
            joined.push_str(f);
        }
        let record = Record {
            fields,
            text: &joined,
            line: self.record_line,
            index: self.next_index,
        };
        let result = on_record(&record);
        self.spare = recycle(record.fields);
        self.joined = joined;
        self.out_len = 0;
        self.ends_len = 0;
        self.checked_ends = 0;
        self.raw.clear();
        self.next_index += 1;
        self.between_records = true;
        result
    }

    /// Whether the record's first non-ASCII byte starts no UTF-8 character (within its field).
    fn first_non_ascii_is_invalid(&self) -> bool {
        let bytes = &self.out[..self.out_len];
        let Some(p) = bytes.iter().position(|&b| !b.is_ascii()) else {
            return false;
        };
        let field_end = self.ends[..self.ends_len]
            .iter()
            .copied()
            .find(|&end| end > p)
            .unwrap_or(bytes.len());
        matches!(std::str::from_utf8(&bytes[p..field_end]), Err(e) if e.valid_up_to() == 0)
    }

    /// Re-read the current record as Windows-1252, and decode all further input as such.
    fn switch_to_windows_1252(&mut self) {
        let mut text = Vec::with_capacity(self.out_len * 2);
        let mut start = 0;
        for end in &mut self.ends[..self.ends_len] {
            let (field, _) =
                encoding_rs::WINDOWS_1252.decode_without_bom_handling(&self.out[start..*end]);
            text.extend_from_slice(field.as_bytes());
            start = *end;
            *end = text.len();
        }
        self.out_len = text.len();
        if self.out.len() < text.len() {
            self.out.resize(text.len(), 0);
        }
        self.out[..text.len()].copy_from_slice(&text);
        self.decoder = Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling());
        self.encoding = Encoding::Windows1252;
        self.switched = true;
    }

    fn invalid_utf8(&self, offset: usize, column: usize) -> Error {
        let kind = ErrorKind::InvalidEncoding {
            encoding: self.encoding_name().into(),
        };
        self.error_at(kind, offset, column)
    }
}

/// The byte that joins a record's fields in [`Record::text`]: the delimiter when it is ASCII
/// (so a simple line is its own text), `,` otherwise (one byte, valid UTF-8).
pub(crate) fn joint(delimiter: u8) -> u8 {
    if delimiter.is_ascii() {
        delimiter
    } else {
        b','
    }
}

/// An empty vector with `v`'s allocation and any lifetime: collecting an empty `IntoIter`
/// into a vector of the same layout reuses the buffer (std's in-place collection).
fn recycle<'b>(mut v: Vec<&'_ str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

/// The binary formats people drop instead of a CSV, by their first bytes.
fn binary_format(start: &[u8]) -> Option<&'static str> {
    Some(match start {
        [b'P', b'K', 3, 4, ..] => "a zip archive (an Excel .xlsx or Numbers workbook, perhaps)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old-style Excel workbook (.xls)",
        [b'%', b'P', b'D', b'F', ..] => "a PDF document",
        [0x1F, 0x8B, ..] => "a gzip-compressed file",
        _ => return None,
    })
}

fn csv_reader(delimiter: u8, quote: u8) -> Reader {
    let mut csv = ReaderBuilder::new()
        .delimiter(delimiter)
        .quote(quote)
        .double_quote(true)
        .build();
    // csv-core strips a UTF-8 BOM only if its first call happens to get 3 or more bytes,
    // which would make the output depend on chunking. We remove the one BOM ourselves;
    // this call (no room for output, so nothing is consumed) turns csv-core's off.
    let _ = csv.read_record(b"\0", &mut [], &mut [0]);
    csv
}

/// Line breaks in a self-contained piece of text.
fn breaks_in(bytes: &[u8]) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        n += u64::from(bytes[i] == b'\r' || i == 0 || bytes[i - 1] != b'\r');
    }
    n
}
