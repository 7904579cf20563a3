//! A workbook sheet through the dataset pipeline.
//!
//! The sheet's records (header first) are written as RFC 4180 text — comma-separated, UTF-8,
//! quoted where needed — and streamed through the same [`DatasetStream`] a CSV goes through,
//! with the delimiter, encoding and header forced from what the sheet reader decided. The
//! records are the texts of typed cells ([`Cell::text`]): numbers with a `.` decimal point and
//! no grouping, dates in ISO 8601 — forms the CSV parsers read in one way only — so the
//! dataset, its quality report and every analysis are those of the CSV the sheet would be
//! saved as. The lines of the quality report are sheet rows (a row with line breaks inside a
//! cell spans several text lines; they are mapped back).

use std::io::{Read, Seek};
use std::ops::ControlFlow;

use super::{
    SheetChoice, SheetKind, SheetOptions, SheetProgress, SheetRecord, SheetReport, Workbook,
    WorkbookSummary,
};
use crate::dataset::{Dataset, DatasetOptions, DatasetStream};
use crate::{Encoding, Error, ErrorKind, InspectOptions, InspectReport};

/// First rows listed per sheet by [`inspect_workbook`].
pub const SHEET_PREVIEW_ROWS: usize = 5;

/// Text handed to the dataset stream at a time.
const CHUNK: usize = 1 << 20;

/// Open a workbook, list its sheets, read the chosen one (or the first visible worksheet)
/// and summarise it as `segmint inspect` does a CSV: the report carries the sheet list and
/// how the sheet was read ([`InspectReport::workbook`]).
pub fn inspect_workbook<R: Read + Seek>(
    reader: R,
    sheet: Option<&SheetChoice>,
    options: InspectOptions,
    progress: &mut dyn FnMut(SheetProgress) -> ControlFlow<()>,
) -> Result<(InspectReport, Dataset), Error> {
    let mut workbook = Workbook::open(reader)?;
    workbook.survey(SHEET_PREVIEW_ROWS)?;
    let index = workbook.resolve(sheet)?;
    let mut ingest = options.ingest;
    ingest.preview_records = options.preview_records;
    let (mut dataset, mut report) = load_sheet(&mut workbook, index, ingest, progress)?;
    if sheet.is_none() {
        report.other_sheets = workbook
            .sheets()
            .iter()
            .filter(|s| s.index != index && s.kind == SheetKind::Worksheet)
            .filter(|s| s.rows.is_some_and(|r| r > 0))
            .map(|s| s.name.clone())
            .collect();
        if !report.other_sheets.is_empty() {
            dataset.warnings.insert(0, report.other_sheets_warning());
        }
    }
    Ok(finish(&workbook, dataset, report))
}

fn finish<R: Read + Seek>(
    workbook: &Workbook<R>,
    dataset: Dataset,
    report: SheetReport,
) -> (InspectReport, Dataset) {
    let mut inspect = InspectReport::from_dataset(&dataset);
    inspect.workbook = Some(WorkbookSummary {
        format: workbook.format(),
        sheets: workbook.sheets().to_vec(),
        sheet: report,
    });
    (inspect, dataset)
}

/// A sheet as CSV text (UTF-8, comma-separated, header first): for readers of delimited text
/// such as [`CustomerColumns::read`](crate::cluster::CustomerColumns::read). Rows the table
/// does not use (titles, blank rows) are written as blank lines, so that a line of the text
/// is the sheet row of the same number (unless a cell holds line breaks).
pub fn sheet_as_csv<R: Read + Seek>(
    reader: R,
    sheet: Option<&SheetChoice>,
) -> Result<(Vec<u8>, SheetReport), Error> {
    let mut workbook = Workbook::open(reader)?;
    let index = workbook.resolve(sheet)?;
    let mut text = String::new();
    let mut line = 1u64;
    let report = workbook.read_sheet(
        index,
        &SheetOptions::default(),
        &mut |r| {
            while line < r.line {
                text.push('\n');
                line += 1;
            }
            for (k, field) in r.fields.iter().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                line += write_field(&mut text, field);
            }
            text.push('\n');
            line += 1;
            Ok(())
        },
        &mut |_| ControlFlow::Continue(()),
    )?;
    Ok((text.into_bytes(), report))
}

/// Read sheet `index` (1-based) of `workbook` into a [`Dataset`]. `options` are those of a
/// CSV, except that the delimiter and encoding do not apply and `has_header` forces the
/// sheet's header decision. The dataset's warnings start with the sheet's
/// ([`SheetReport::warnings`]); its rejected lines are sheet rows.
pub fn load_sheet<R: Read + Seek>(
    workbook: &mut Workbook<R>,
    index: usize,
    options: DatasetOptions,
    progress: &mut dyn FnMut(SheetProgress) -> ControlFlow<()>,
) -> Result<(Dataset, SheetReport), Error> {
    if options.delimiter.is_some() || options.encoding.is_some() {
        return Err(Error::new(ErrorKind::TextOptionForWorkbook));
    }
    let sheet_options = SheetOptions {
        has_header: options.has_header,
    };
    let mut bridge = Bridge {
        options,
        stream: None,
        text: String::with_capacity(CHUNK + 4096),
        line: 1,
        offsets: Vec::new(),
    };
    let mut report =
        workbook.read_sheet(index, &sheet_options, &mut |r| bridge.record(r), progress)?;
    let mut dataset = bridge.finish()?;
    if report.sheet.is_empty() {
        report.sheet = workbook.sheets()[index - 1].name.clone();
    }
    let mut warnings = report.warnings();
    warnings.append(&mut dataset.warnings);
    dataset.warnings = warnings;
    Ok((dataset, report))
}

/// The sheet's records, as text, into a [`DatasetStream`].
struct Bridge {
    options: DatasetOptions,
    stream: Option<DatasetStream>,
    text: String,
    /// The text line the next record starts on.
    line: u64,
    /// `(text line, sheet row − text line)` from that text line on, where it changes.
    offsets: Vec<(u64, i64)>,
}

impl Bridge {
    fn record(&mut self, r: &SheetRecord<'_>) -> Result<(), Error> {
        if self.stream.is_none() {
            let mut options = self.options.clone();
            options.delimiter = Some(b',');
            options.encoding = Some(Encoding::Utf8);
            options.has_header = Some(r.header);
            self.stream = Some(DatasetStream::new(options));
        }
        let offset = r.line as i64 - self.line as i64;
        if self.offsets.last().is_none_or(|&(_, o)| o != offset) {
            self.offsets.push((self.line, offset));
        }
        for (k, field) in r.fields.iter().enumerate() {
            if k > 0 {
                self.text.push(',');
            }
            self.line += write_field(&mut self.text, field);
        }
        self.text.push('\n');
        self.line += 1;
        if self.text.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if let Some(stream) = self.stream.as_mut() {
            stream.push(self.text.as_bytes())?;
        }
        self.text.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<Dataset, Error> {
        self.flush()?;
        let stream = self
            .stream
            .take()
            .ok_or_else(|| Error::new(ErrorKind::Empty))?;
        let mut dataset = stream.finish().map_err(|e| self.remap_error(e))?;
        for lines in dataset.quality.rejected_lines.values_mut() {
            for l in lines {
                l.line = self.sheet_row(l.line);
            }
        }
        for q in &mut dataset.questions {
            q.line = self.sheet_row(q.line);
        }
        Ok(dataset)
    }

    fn remap_error(&self, mut e: Error) -> Error {
        if let Some(p) = e.position.as_mut() {
            p.line = self.sheet_row(p.line);
        }
        e
    }

    fn sheet_row(&self, line: u64) -> u64 {
        let k = self.offsets.partition_point(|&(from, _)| from <= line);
        match k.checked_sub(1).map(|k| self.offsets[k]) {
            Some((_, offset)) => (line as i64 + offset).max(1) as u64,
            None => line,
        }
    }
}

/// Write `field` as RFC 4180 text; returns the line breaks it holds.
fn write_field(out: &mut String, field: &str) -> u64 {
    let special = field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if !special {
        out.push_str(field);
        return 0;
    }
    out.push('"');
    let mut breaks = 0;
    let mut after_cr = false;
    for c in field.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\n' if after_cr => out.push(c),
            '\n' | '\r' => {
                breaks += 1;
                out.push(c);
            }
            _ => out.push(c),
        }
        after_cr = c == '\r';
    }
    out.push('"');
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_they_must_be() {
        let mut s = String::new();
        assert_eq!(write_field(&mut s, "plain"), 0);
        assert_eq!(write_field(&mut s, "a,b"), 0);
        assert_eq!(write_field(&mut s, "say \"hi\""), 0);
        assert_eq!(write_field(&mut s, "two\r\nlines\nthree"), 2);
        assert_eq!(s, "plain\"a,b\"\"say \"\"hi\"\"\"\"two\r\nlines\nthree\"");
    }
}
