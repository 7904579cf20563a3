use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::{Dialect, Encoding};
use crate::{Error, ErrorKind, Position};

/// Longest field accepted, in bytes. A longer one is almost always a quote that was never
/// closed, which would otherwise swallow the rest of the file into one field.
pub const DEFAULT_MAX_FIELD_LEN: usize = 1 << 20;

/// One parsed record, borrowed from the reader's buffers.
#[derive(Debug)]
pub struct Record<'a> {
    fields: Vec<&'a str>,
    /// 1-based line on which the record starts.
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
}

/// A streaming record reader: push chunks of bytes, receive records.
///
/// Decoding happens first (UTF-16 and Windows-1252 are transcoded to UTF-8 incrementally),
/// then `csv-core` splits records. Partial records are kept between chunks, so the output
/// does not depend on where the chunks are cut.
pub struct RecordReader {
    csv: Reader,
    decoder: Option<encoding_rs::Decoder>,
    skip_bom: usize,
    decoded: String,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    record_start_line: u64,
    next_index: u64,
    max_field_len: usize,
    finished: bool,
}

impl RecordReader {
    /// A reader for `dialect`.
    pub fn new(dialect: &Dialect) -> Self {
        let csv = ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .quote(dialect.quote)
            .double_quote(true)
            .build();
        let decoder = match dialect.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => None,
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling()),
        };
        Self {
            csv,
            decoder,
            skip_bom: if dialect.encoding == Encoding::Utf8Bom { 3 } else { 0 },
            decoded: String::new(),
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            record_start_line: 1,
            next_index: 0,
            max_field_len: DEFAULT_MAX_FIELD_LEN,
            finished: false,
        }
    }

    /// Change the longest accepted field (bytes).
    pub fn max_field_len(mut self, limit: usize) -> Self {
        self.max_field_len = limit;
        self
    }

    /// Feed the next chunk; `on_record` is called for every record completed by it.
    pub fn feed<F>(&mut self, chunk: &[u8], on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        let mut chunk = chunk;
        if self.skip_bom > 0 {
            let n = self.skip_bom.min(chunk.len());
            chunk = &chunk[n..];
            self.skip_bom -= n;
        }
        self.push(chunk, false, on_record)
    }

    /// Signal the end of input; flushes a last record without a trailing newline.
    pub fn finish<F>(&mut self, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        self.push(&[], true, on_record)
    }

    fn push<F>(&mut self, chunk: &[u8], last: bool, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        match self.decoder.as_mut() {
            None => self.split(chunk, last, on_record),
            Some(decoder) => {
                let mut decoded = std::mem::take(&mut self.decoded);
                decoded.clear();
                let needed = decoder
                    .max_utf8_buffer_length(chunk.len())
                    .unwrap_or(chunk.len().saturating_mul(3) + 16);
                decoded.reserve(needed);
                let (_, _, _) = decoder.decode_to_string(chunk, &mut decoded, last);
                let result = self.split(decoded.as_bytes(), last, on_record);
                self.decoded = decoded;
                result
            }
        }
    }

    fn split<F>(&mut self, mut input: &[u8], last: bool, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        loop {
            let (result, nin, nout, nend) = self.csv.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            let ended_on_newline = nin > 0 && input[nin - 1] == b'\n';
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => {
                    self.check_field_len()?;
                    if input.is_empty() && !last {
                        return Ok(());
                    }
                    if input.is_empty() && last {
                        // csv-core needs one call with empty input to flush the final record.
                        continue;
                    }
                }
                ReadRecordResult::OutputFull => {
                    self.check_field_len()?;
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    self.emit(ended_on_newline, on_record)?;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    fn check_field_len(&self) -> Result<(), Error> {
        let field_start = if self.ends_len == 0 { 0 } else { self.ends[self.ends_len - 1] };
        if self.out_len - field_start > self.max_field_len {
            return Err(Error::at(
                ErrorKind::FieldTooLong { limit: self.max_field_len },
                Position {
                    line: self.record_start_line,
                    column: Some(self.ends_len as u64 + 1),
                    record: self.next_index,
                },
            ));
        }
        Ok(())
    }

    fn emit<F>(&mut self, ended_on_newline: bool, on_record: &mut F) -> Result<(), Error>
    where
        F: FnMut(&Record<'_>) -> Result<(), Error>,
    {
        let bytes = &self.out[..self.out_len];
        // csv-core counts the `\n`s it has consumed. The record's last line is that count when
        // the terminator was a `\n` it just consumed, else one more (a `\r` of CRLF, or EOF);
        // quoted newlines inside the fields put the first line further up.
        let last_line = self.csv.line() + u64::from(!ended_on_newline);
        let embedded = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let line = last_line - embedded;
        let index = self.next_index;
        let mut fields = Vec::with_capacity(self.ends_len);
        let mut start = 0;
        for (column, &end) in self.ends[..self.ends_len].iter().enumerate() {
            let field = std::str::from_utf8(&bytes[start..end]).map_err(|_| {
                Error::at(
                    ErrorKind::InvalidEncoding { encoding: "UTF-8".into() },
                    Position { line, column: Some(column as u64 + 1), record: index },
                )
            })?;
            fields.push(field);
            start = end;
        }
        let record = Record { fields, line, index };
        let result = on_record(&record);
        self.out_len = 0;
        self.ends_len = 0;
        self.next_index += 1;
        self.record_start_line = self.csv.line() + 1;
        result
    }
}
