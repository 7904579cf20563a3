//! The reader proper (feature `workbook`): calamine's readers behind [`Workbook`].

use std::cell::RefCell;
use std::io::{Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::rc::Rc;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};

use super::layout::{self, MergeFill, Merged, TableLayout};
use super::{
    Cell, Container, LAYOUT_SAMPLE_ROWS, ODS_CONTENT_LIMIT, PROGRESS_EVERY, SheetChoice, SheetInfo,
    SheetKind, SheetOptions, SheetProgress, SheetRecord, SheetReport, WorkbookFormat, cell_ref,
    container,
};
use crate::{Error, ErrorKind};

enum Inner<R: Read + Seek> {
    Xlsx(Box<Xlsx<Shared<R>>>),
    Xlsb(Box<Xlsb<Shared<R>>>),
    Xls(Box<Xls<Shared<R>>>),
    Ods(Box<Ods<Shared<R>>>),
}

/// One reader shared by calamine and this module's own look into the zip container (each
/// handle keeps its position; the reader is moved only when the handles take turns).
struct Shared<R> {
    inner: Rc<RefCell<(R, u64)>>,
    pos: u64,
}

impl<R> Clone for Shared<R> {
    fn clone(&self) -> Self {
        Self {
            inner: Rc::clone(&self.inner),
            pos: self.pos,
        }
    }
}

impl<R: Read + Seek> Shared<R> {
    fn new(mut reader: R) -> std::io::Result<Self> {
        let pos = reader.stream_position()?;
        Ok(Self {
            inner: Rc::new(RefCell::new((reader, pos))),
            pos,
        })
    }
}

impl<R: Read + Seek> Read for Shared<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut guard = self.inner.borrow_mut();
        let (reader, at) = &mut *guard;
        if *at != self.pos {
            reader.seek(SeekFrom::Start(self.pos))?;
            *at = self.pos;
        }
        let n = reader.read(buf)?;
        *at += n as u64;
        self.pos = *at;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Shared<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(_) => None,
        };
        match target {
            Some(n) => self.pos = n,
            None => {
                let mut guard = self.inner.borrow_mut();
                let (reader, at) = &mut *guard;
                *at = reader.seek(to)?;
                self.pos = *at;
            }
        }
        Ok(self.pos)
    }
}

/// An open workbook.
pub struct Workbook<R: Read + Seek> {
    format: WorkbookFormat,
    inner: Inner<R>,
    sheets: Vec<SheetInfo>,
    /// For `.xlsx`/`.xlsm`: the container, and each sheet's part in it, to find merged cells
    /// without parsing the sheet twice.
    zip: Option<zip::ZipArchive<Shared<R>>>,
    sheet_parts: Vec<(String, String)>,
}

impl<R: Read + Seek> std::fmt::Debug for Workbook<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("format", &self.format)
            .field("sheets", &self.sheets)
            .finish()
    }
}

impl<R: Read + Seek> Workbook<R> {
    /// Open a workbook, recognising its format by content.
    pub fn open(mut reader: R) -> Result<Self, Error> {
        let mut head = [0u8; 8];
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        let n = read_up_to(&mut reader, &mut head)?;
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        match container(&head[..n]) {
            Some(Container::Zip) => Self::open_zip(reader),
            Some(Container::Ole) => Self::open_ole(reader),
            None => Err(Error::new(ErrorKind::DamagedWorkbook {
                format: "workbook".into(),
                detail: "it is neither a zip container nor an OLE compound file".into(),
            })),
        }
    }

    fn open_zip(reader: R) -> Result<Self, Error> {
        let reader = Shared::new(reader).map_err(io)?;
        let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
            damaged(
                "a zip archive",
                &format!("the zip container is damaged or incomplete: {e}"),
            )
        })?;
        let has = |zip: &zip::ZipArchive<Shared<R>>, name: &str| zip.index_for_name(name).is_some();
        let format = if has(&zip, "xl/workbook.xml") {
            if has(&zip, "xl/vbaProject.bin") {
                WorkbookFormat::Xlsm
            } else {
                WorkbookFormat::Xlsx
            }
        } else if has(&zip, "xl/workbook.bin") {
            WorkbookFormat::Xlsb
        } else if has(&zip, "content.xml") && has(&zip, "mimetype") {
            let size = zip.by_name("content.xml").map(|f| f.size()).unwrap_or(0);
            if size > ODS_CONTENT_LIMIT {
                return Err(Error::new(ErrorKind::WorkbookTooLarge {
                    format: WorkbookFormat::Ods.describe().into(),
                    megabytes: size >> 20,
                    limit: ODS_CONTENT_LIMIT >> 20,
                }));
            }
            WorkbookFormat::Ods
        } else {
            return Err(Error::new(ErrorKind::NotText {
                format: "a zip archive that holds no workbook".into(),
            }));
        };
        let mut reader = zip.clone().into_inner();
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        let sheet_parts = match format {
            WorkbookFormat::Xlsx | WorkbookFormat::Xlsm => xlsx_sheet_parts(&mut zip),
            _ => Vec::new(),
        };
        let describe = format.describe();
        let inner = match format {
            WorkbookFormat::Xlsx | WorkbookFormat::Xlsm => Inner::Xlsx(Box::new(
                Xlsx::new(reader).map_err(|e| xlsx_error(describe, e))?,
            )),
            WorkbookFormat::Xlsb => Inner::Xlsb(Box::new(
                Xlsb::new(reader).map_err(|e| xlsb_error(describe, e))?,
            )),
            WorkbookFormat::Ods => Inner::Ods(Box::new(
                Ods::new(reader).map_err(|e| ods_error(describe, e))?,
            )),
            WorkbookFormat::Xls => unreachable!("not a zip format"),
        };
        let mut workbook = Self::with(format, inner);
        if !sheet_parts.is_empty() {
            workbook.zip = Some(zip);
            workbook.sheet_parts = sheet_parts;
        }
        Ok(workbook)
    }

    fn open_ole(reader: R) -> Result<Self, Error> {
        let mut reader = Shared::new(reader).map_err(io)?;
        let format = WorkbookFormat::Xls;
        match Xls::new(&mut reader) {
            // Re-open on the owned reader (`Xls::new` read everything it needs).
            Ok(_) => {}
            Err(calamine::XlsError::Password) => {
                return Err(Error::new(ErrorKind::EncryptedWorkbook {
                    format: format.describe().into(),
                }));
            }
            Err(e) => {
                // Excel encrypts .xlsx/.xlsb files by wrapping them in an OLE file with an
                // `EncryptedPackage` stream.
                if holds_utf16(&mut reader, "EncryptedPackage")? {
                    return Err(Error::new(ErrorKind::EncryptedWorkbook {
                        format: "Excel workbook".into(),
                    }));
                }
                return Err(damaged(format.describe(), &e.to_string()));
            }
        }
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        let xls = Xls::new(reader).map_err(|e| damaged(format.describe(), &e.to_string()))?;
        Ok(Self::with(format, Inner::Xls(Box::new(xls))))
    }

    fn with(format: WorkbookFormat, inner: Inner<R>) -> Self {
        let meta = match &inner {
            Inner::Xlsx(w) => w.sheets_metadata().to_vec(),
            Inner::Xlsb(w) => w.sheets_metadata().to_vec(),
            Inner::Xls(w) => w.sheets_metadata().to_vec(),
            Inner::Ods(w) => w.sheets_metadata().to_vec(),
        };
        let sheets = meta
            .into_iter()
            .enumerate()
            .map(|(i, s)| SheetInfo {
                index: i + 1,
                name: s.name,
                hidden: s.visible != SheetVisible::Visible,
                kind: match s.typ {
                    SheetType::WorkSheet => SheetKind::Worksheet,
                    SheetType::ChartSheet => SheetKind::Chart,
                    _ => SheetKind::Other,
                },
                rows: None,
                columns: None,
                first_rows: Vec::new(),
            })
            .collect();
        Self {
            format,
            inner,
            sheets,
            zip: None,
            sheet_parts: Vec::new(),
        }
    }

    /// The workbook's format.
    pub fn format(&self) -> WorkbookFormat {
        self.format
    }

    /// The sheets in workbook order, with their size and first rows once
    /// [`survey`](Self::survey) has run.
    pub fn sheets(&self) -> &[SheetInfo] {
        &self.sheets
    }

    /// Fill in each worksheet's size and first `preview` non-blank rows. `.xlsx`/`.xlsb`
    /// sheets are read only as far as those rows (their size is what the file declares);
    /// `.xls`/`.ods` sheets are already in memory.
    pub fn survey(&mut self, preview: usize) -> Result<&[SheetInfo], Error> {
        for k in 0..self.sheets.len() {
            if self.sheets[k].kind != SheetKind::Worksheet {
                continue;
            }
            let name = self.sheets[k].name.clone();
            let mut first_rows: Vec<(u32, Vec<Cell>)> = Vec::new();
            let mut extent = (0u32, 0u32);
            let declared = self.cells(&name, &mut |row, col, cell, _| {
                if first_rows.len() >= preview && first_rows.last().is_some_and(|r| r.0 != row) {
                    return ControlFlow::Break(());
                }
                if cell.is_blank() {
                    return ControlFlow::Continue(());
                }
                extent = (extent.0.max(row + 1), extent.1.max(col + 1));
                let same_row = first_rows.last().is_some_and(|r| r.0 == row);
                if same_row {
                    if let Some((_, cells)) = first_rows.last_mut() {
                        put(cells, col, cell);
                    }
                } else if first_rows.len() < preview {
                    let mut cells = Vec::new();
                    put(&mut cells, col, cell);
                    first_rows.push((row, cells));
                }
                ControlFlow::Continue(())
            })?;
            let left = first_rows
                .iter()
                .filter_map(|(_, c)| c.iter().position(|c| !c.is_blank()))
                .min()
                .unwrap_or(0);
            let info = &mut self.sheets[k];
            info.first_rows = first_rows
                .iter()
                .map(|(_, c)| c.iter().skip(left).map(Cell::text).collect())
                .collect();
            let (rows, columns) = match declared {
                Some((rows, columns)) => (rows, columns),
                None => (u64::from(extent.0), u64::from(extent.1)),
            };
            info.rows = Some(rows);
            info.columns = Some(columns);
        }
        Ok(&self.sheets)
    }

    /// The sheet `choice` names (1-based index), or — without a choice — the first visible
    /// worksheet, with the names of the other sheets that hold data for a warning.
    pub fn resolve(&mut self, choice: Option<&SheetChoice>) -> Result<usize, Error> {
        let names: Vec<String> = self.sheets.iter().map(|s| s.name.clone()).collect();
        let no_such = |sheet: String| {
            Error::new(ErrorKind::NoSuchSheet {
                sheet,
                sheets: names.clone(),
            })
        };
        let index = match choice {
            None => self
                .sheets
                .iter()
                .find(|s| !s.hidden && s.kind == SheetKind::Worksheet)
                .or_else(|| self.sheets.iter().find(|s| s.kind == SheetKind::Worksheet))
                .map(|s| s.index)
                .ok_or_else(|| no_such("(any worksheet)".into()))?,
            Some(SheetChoice::Name(name)) => {
                if let Some(s) = self.sheets.iter().find(|s| s.name == *name) {
                    s.index
                } else {
                    let folded: Vec<&SheetInfo> = self
                        .sheets
                        .iter()
                        .filter(|s| s.name.trim().eq_ignore_ascii_case(name.trim()))
                        .collect();
                    match folded.as_slice() {
                        [one] => one.index,
                        _ => return Err(no_such(name.clone())),
                    }
                }
            }
            Some(SheetChoice::Index(i)) => {
                let by_name = self.sheets.iter().find(|s| s.name == i.to_string());
                match by_name {
                    Some(s) => s.index,
                    None if (1..=self.sheets.len()).contains(i) => *i,
                    None => return Err(no_such(i.to_string())),
                }
            }
        };
        Ok(index)
    }

    /// Read sheet `index` (1-based): the header record (when the table has one) then one
    /// record per data row go to `sink`; `progress` is called every few thousand rows and
    /// stops the reading (with [`ErrorKind::Cancelled`]) when it returns `Break`.
    pub fn read_sheet(
        &mut self,
        index: usize,
        options: &SheetOptions,
        sink: &mut dyn FnMut(&SheetRecord<'_>) -> Result<(), Error>,
        progress: &mut dyn FnMut(SheetProgress) -> ControlFlow<()>,
    ) -> Result<SheetReport, Error> {
        let info = self
            .sheets
            .get(index.wrapping_sub(1))
            .cloned()
            .ok_or_else(|| {
                Error::new(ErrorKind::NoSuchSheet {
                    sheet: index.to_string(),
                    sheets: self.sheets.iter().map(|s| s.name.clone()).collect(),
                })
            })?;
        if info.kind != SheetKind::Worksheet {
            return Err(self.no_table(&info.name, "a chart sheet"));
        }
        let merges = self.merges(&info.name)?;
        let mut table = TableReader::new(&info.name, options.has_header, merges);
        table.report.format = Some(self.format);
        table.report.sheet_index = index;
        let mut failure: Option<Error> = None;
        let total = std::cell::Cell::new(0u64);
        let mut pending: Option<(u32, Vec<Cell>)> = None;
        let mut since_report = 0u64;
        let mut cancelled = false;
        let mut on_cell = |row: u32, col: u32, cell: Cell, formula_without_value: bool| {
            if formula_without_value {
                table.formula_without_value(row, col);
            }
            if pending.as_ref().is_some_and(|(r, _)| *r != row) {
                let (r, cells) = pending.take().expect("checked");
                if let Err(e) = table.row(r, cells, sink) {
                    failure = Some(e);
                    return ControlFlow::Break(());
                }
                since_report += 1;
                if since_report >= PROGRESS_EVERY {
                    since_report = 0;
                    let p = SheetProgress {
                        rows_done: u64::from(r) + 1,
                        rows_total: total.get(),
                    };
                    if progress(p).is_break() {
                        cancelled = true;
                        return ControlFlow::Break(());
                    }
                }
            }
            let (_, cells) = pending.get_or_insert_with(|| (row, Vec::new()));
            put(cells, col, cell);
            ControlFlow::Continue(())
        };
        self.cells_with_size(&info.name, &mut |rows| total.set(rows), &mut on_cell)?;
        if let Some(e) = failure {
            return Err(e);
        }
        if cancelled {
            return Err(Error::new(ErrorKind::Cancelled));
        }
        if let Some((r, cells)) = pending.take() {
            table.row(r, cells, sink)?;
        }
        let report = table.finish(sink)?;
        if report.rows_in_sheet == 0 || report.header_rows + report.data_rows == 0 {
            return Err(self.no_table(&info.name, "empty"));
        }
        let done = SheetProgress {
            rows_done: report.rows_in_sheet,
            rows_total: report.rows_in_sheet,
        };
        if progress(done).is_break() {
            return Err(Error::new(ErrorKind::Cancelled));
        }
        Ok(report)
    }

    fn no_table(&self, sheet: &str, what: &str) -> Error {
        Error::new(ErrorKind::NoTableOnSheet {
            sheet: sheet.to_owned(),
            what: what.to_owned(),
            sheets: self
                .sheets
                .iter()
                .filter(|s| s.kind == SheetKind::Worksheet && s.name != sheet)
                .filter(|s| s.rows != Some(0))
                .map(|s| s.name.clone())
                .collect(),
        })
    }

    fn merges(&mut self, name: &str) -> Result<Vec<Merged>, Error> {
        let describe = self.format.describe();
        let part = self
            .sheet_parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone());
        if let (Some(zip), Some(part)) = (self.zip.as_mut(), part)
            && let Some(found) = scan_merged(zip, &part)
        {
            return Ok(found);
        }
        let dims = match &mut self.inner {
            Inner::Xlsx(w) => w
                .merge_cells_by_sheet_name(name)
                .map_err(|e| xlsx_error(describe, e))?,
            Inner::Xls(w) => w.merge_cells_by_sheet_name(name).unwrap_or_default(),
            // calamine does not report merged cells of these formats: their covered cells
            // are empty, and a header cell left empty is named by its position.
            Inner::Xlsb(_) | Inner::Ods(_) => Vec::new(),
        };
        Ok(dims
            .into_iter()
            .map(|d| Merged {
                start: d.start,
                end: d.end,
            })
            .collect())
    }

    /// Every cell of sheet `name` in row order; returns the declared size, if any.
    fn cells(
        &mut self,
        name: &str,
        on_cell: &mut dyn FnMut(u32, u32, Cell, bool) -> ControlFlow<()>,
    ) -> Result<Option<(u64, u64)>, Error> {
        self.cells_with_size(name, &mut |_| {}, on_cell)
    }

    fn cells_with_size(
        &mut self,
        name: &str,
        on_size: &mut dyn FnMut(u64),
        on_cell: &mut dyn FnMut(u32, u32, Cell, bool) -> ControlFlow<()>,
    ) -> Result<Option<(u64, u64)>, Error> {
        let describe = self.format.describe();
        match &mut self.inner {
            Inner::Xlsx(w) => {
                let mut reader = w
                    .worksheet_cells_reader(name)
                    .map_err(|e| xlsx_error(describe, e))?;
                let d = reader.dimensions();
                let declared = (d.end.0 > 0 || d.end.1 > 0 || d.start != d.end)
                    .then(|| (u64::from(d.end.0) + 1, u64::from(d.end.1) + 1));
                on_size(declared.map_or(0, |s| s.0));
                while let Some(c) = reader
                    .next_cell_with_formula_metadata()
                    .map_err(|e| xlsx_error(describe, e))?
                {
                    let missing = c.formula.is_some() && matches!(c.value, DataRef::Empty);
                    let cell = Cell::from_data(&c.value);
                    if on_cell(c.pos.0, c.pos.1, cell, missing).is_break() {
                        break;
                    }
                }
                Ok(declared)
            }
            Inner::Xlsb(w) => {
                let mut reader = w
                    .worksheet_cells_reader(name)
                    .map_err(|e| xlsb_error(describe, e))?;
                let d = reader.dimensions();
                let declared = (d.end.0 > 0 || d.end.1 > 0 || d.start != d.end)
                    .then(|| (u64::from(d.end.0) + 1, u64::from(d.end.1) + 1));
                on_size(declared.map_or(0, |s| s.0));
                while let Some(c) = reader.next_cell().map_err(|e| xlsb_error(describe, e))? {
                    let pos = c.get_position();
                    if on_cell(pos.0, pos.1, Cell::from_data(c.get_value()), false).is_break() {
                        break;
                    }
                }
                Ok(declared)
            }
            Inner::Xls(w) => {
                let range = w
                    .worksheet_range(name)
                    .map_err(|e| damaged(describe, &e.to_string()))?;
                Ok(walk_range(&range, on_size, on_cell))
            }
            Inner::Ods(w) => {
                let range = w
                    .worksheet_range(name)
                    .map_err(|e| ods_error(describe, e))?;
                Ok(walk_range(&range, on_size, on_cell))
            }
        }
    }
}

fn walk_range(
    range: &calamine::Range<Data>,
    on_size: &mut dyn FnMut(u64),
    on_cell: &mut dyn FnMut(u32, u32, Cell, bool) -> ControlFlow<()>,
) -> Option<(u64, u64)> {
    let (start, end) = (range.start()?, range.end()?);
    let size = (u64::from(end.0) + 1, u64::from(end.1) + 1);
    on_size(size.0);
    for (r, row) in range.rows().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if matches!(value, Data::Empty) {
                continue;
            }
            let cell = Cell::from_data(&data_ref(value));
            if on_cell(start.0 + r as u32, start.1 + c as u32, cell, false).is_break() {
                return Some(size);
            }
        }
    }
    Some(size)
}

fn data_ref(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn put(cells: &mut Vec<Cell>, col: u32, cell: Cell) {
    let col = col as usize;
    if cells.len() <= col {
        cells.resize(col + 1, Cell::Empty);
    }
    cells[col] = cell;
}

/// Turns the sheet's rows into records: sample, find the table, then stream.
struct TableReader {
    sheet: String,
    forced_header: Option<bool>,
    merges: MergeFill,
    sample: Vec<(u32, Vec<Cell>)>,
    layout: Option<TableLayout>,
    report: SheetReport,
    last_row: Option<u32>,
    nonblank_rows: u64,
    next_index: u64,
    /// The current record's texts end to end, and each one's span.
    text: String,
    spans: Vec<(usize, usize)>,
}

impl TableReader {
    fn new(sheet: &str, forced_header: Option<bool>, merges: Vec<Merged>) -> Self {
        let merged_regions = merges.len() as u64;
        Self {
            sheet: sheet.to_owned(),
            forced_header,
            merges: MergeFill::new(merges),
            sample: Vec::new(),
            layout: None,
            report: SheetReport {
                sheet: sheet.to_owned(),
                merged_regions,
                ..SheetReport::default()
            },
            last_row: None,
            nonblank_rows: 0,
            next_index: 0,
            text: String::new(),
            spans: Vec::new(),
        }
    }

    fn formula_without_value(&mut self, row: u32, col: u32) {
        self.report.formulas_without_value += 1;
        self.report
            .first_formula_without_value
            .get_or_insert_with(|| cell_ref(&self.sheet, u64::from(row) + 1, col));
    }

    fn row(
        &mut self,
        row: u32,
        mut cells: Vec<Cell>,
        sink: &mut dyn FnMut(&SheetRecord<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if !self.merges.is_empty() {
            self.merges.fill(row, &mut cells);
        }
        if cells.iter().all(Cell::is_blank) {
            return Ok(());
        }
        self.last_row = Some(row);
        self.nonblank_rows += 1;
        if self.layout.is_some() {
            return self.emit(row, cells, sink);
        }
        self.sample.push((row, cells));
        if self.sample.len() >= LAYOUT_SAMPLE_ROWS {
            self.plan(sink)?;
        }
        Ok(())
    }

    fn plan(
        &mut self,
        sink: &mut dyn FnMut(&SheetRecord<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let sample = std::mem::take(&mut self.sample);
        let Some(layout) = layout::decide(&sample, self.forced_header, &self.merges) else {
            return Ok(());
        };
        self.report.title_rows = sample[..layout.group.unwrap_or(layout.start)]
            .iter()
            .map(|(r, _)| u64::from(*r) + 1)
            .collect();
        self.report.first_column = layout.first_column;
        self.report.columns = layout.width;
        let group_row = layout.group.map(|g| u64::from(sample[g].0) + 1);
        let mut rows = sample.into_iter().skip(layout.start);
        if layout.has_header {
            let (r, _) = rows.next().expect("the table's first row is in the sample");
            let r = &r;
            self.report.header_row = Some(u64::from(*r) + 1);
            self.report.group_header_row = group_row;
            self.report.header_rows = 1 + u64::from(layout.group.is_some());
            let cells: Vec<Cell> = layout
                .header
                .iter()
                .map(|h| Cell::Text(h.clone()))
                .collect();
            let fields: Vec<&str> = layout.header.iter().map(String::as_str).collect();
            sink(&SheetRecord {
                line: u64::from(*r) + 1,
                index: 0,
                header: true,
                fields: &fields,
                cells: &cells,
            })?;
            self.next_index = 1;
        }
        self.layout = Some(layout);
        for (r, cells) in rows {
            self.emit(r, cells, sink)?;
        }
        Ok(())
    }

    fn emit(
        &mut self,
        row: u32,
        mut cells: Vec<Cell>,
        sink: &mut dyn FnMut(&SheetRecord<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let layout = self.layout.as_ref().expect("planned");
        let (first, width) = (layout.first_column as usize, layout.width as usize);
        let inside = |c: usize| (first..first + width).contains(&c);
        let outside = cells
            .iter()
            .enumerate()
            .position(|(c, cell)| !inside(c) && !cell.is_blank());
        let fields = match outside {
            // Nearly every row: the table's cells, in place.
            None => {
                cells.truncate(first + width);
                cells.resize(first + width, Cell::Empty);
                cells.drain(..first);
                cells
            }
            Some(c) => {
                self.report.rows_outside_table += 1;
                self.report
                    .first_cell_outside_table
                    .get_or_insert_with(|| cell_ref(&self.sheet, u64::from(row) + 1, c as u32));
                let mut fields: Vec<Cell> = (first..first + width)
                    .map(|c| cells.get(c).cloned().unwrap_or(Cell::Empty))
                    .collect();
                fields.extend(
                    cells
                        .iter()
                        .enumerate()
                        .filter(|&(c, cell)| !inside(c) && !cell.is_blank())
                        .map(|(_, cell)| cell.clone()),
                );
                fields
            }
        };
        self.text.clear();
        self.spans.clear();
        for cell in &fields {
            let from = self.text.len();
            cell.write_text(&mut self.text);
            self.spans.push((from, self.text.len()));
        }
        let refs: Vec<&str> = self.spans.iter().map(|&(a, b)| &self.text[a..b]).collect();
        self.report.data_rows += 1;
        let index = self.next_index;
        self.next_index += 1;
        sink(&SheetRecord {
            line: u64::from(row) + 1,
            index,
            header: false,
            fields: &refs,
            cells: &fields,
        })
    }

    fn finish(
        mut self,
        sink: &mut dyn FnMut(&SheetRecord<'_>) -> Result<(), Error>,
    ) -> Result<SheetReport, Error> {
        if self.layout.is_none() {
            self.plan(sink)?;
        }
        let rows = self.last_row.map_or(0, |r| u64::from(r) + 1);
        self.report.rows_in_sheet = rows;
        self.report.blank_rows = rows - self.nonblank_rows;
        Ok(self.report)
    }
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> Result<usize, Error> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(n)
}

/// Whether `name`, in UTF-16LE as OLE directory entries store it, occurs in the file.
fn holds_utf16(reader: &mut (impl Read + Seek), name: &str) -> Result<bool, Error> {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let finder = memchr::memmem::Finder::new(&needle);
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0usize;
    loop {
        let n = read_up_to(reader, &mut buf[carry..])?;
        if n == 0 {
            return Ok(false);
        }
        let filled = carry + n;
        if finder.find(&buf[..filled]).is_some() {
            return Ok(true);
        }
        carry = (needle.len() - 1).min(filled);
        buf.copy_within(filled - carry..filled, 0);
    }
}

fn io(e: std::io::Error) -> Error {
    Error::io(format!("cannot read: {e}"))
}

fn damaged(format: &str, detail: &str) -> Error {
    Error::new(ErrorKind::DamagedWorkbook {
        format: format.to_owned(),
        detail: detail.to_owned(),
    })
}

fn xlsx_error(format: &str, e: calamine::XlsxError) -> Error {
    match e {
        calamine::XlsxError::Password => Error::new(ErrorKind::EncryptedWorkbook {
            format: format.to_owned(),
        }),
        e => damaged(format, &e.to_string()),
    }
}

fn xlsb_error(format: &str, e: calamine::XlsbError) -> Error {
    match e {
        calamine::XlsbError::Password => Error::new(ErrorKind::EncryptedWorkbook {
            format: format.to_owned(),
        }),
        e => damaged(format, &e.to_string()),
    }
}

fn ods_error(format: &str, e: calamine::OdsError) -> Error {
    match e {
        calamine::OdsError::Password => Error::new(ErrorKind::EncryptedWorkbook {
            format: format.to_owned(),
        }),
        e => damaged(format, &e.to_string()),
    }
}

/// Each worksheet's name and zip part, from `xl/workbook.xml` and its relationships; empty
/// when they cannot be read (then calamine finds the merged cells itself).
fn xlsx_sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let mut text = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(book), Some(rels)) = (text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"))
    else {
        return Vec::new();
    };
    let targets: Vec<(String, String)> = elements(&rels, "Relationship")
        .into_iter()
        .filter_map(|a| Some((attr(&a, "Id")?, attr(&a, "Target")?)))
        .collect();
    elements(&book, "sheet")
        .into_iter()
        .filter_map(|a| {
            let name = attr(&a, "name")?;
            let id = a.iter().find(|(k, _)| k.ends_with(":id")).map(|(_, v)| v)?;
            let target = &targets.iter().find(|(i, _)| i == id)?.1;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect()
}

/// The attributes of every `<name …>` element (any namespace prefix), values unescaped.
fn elements(xml: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let element = &rest[..end];
        let tag = element.split_whitespace().next().unwrap_or("");
        let local = tag.rsplit(':').next().unwrap_or(tag).trim_end_matches('/');
        if local == name {
            out.push(attributes(&element[tag.len()..]));
        }
        rest = &rest[end.min(rest.len())..];
    }
    out
}

fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    while let Some(eq) = s.find('=') {
        let key = s[..eq].trim().to_owned();
        let after = s[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(close) = after[1..].find(quote) else {
            break;
        };
        out.push((key, unescape(&after[1..1 + close])));
        s = &after[close + 2..];
    }
    out
}

fn attr(attributes: &[(String, String)], key: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The merged regions of the sheet at `part`, found by scanning its decompressed XML for
/// `<mergeCell ref="…"/>` (they follow the cells; a byte scan costs a fifth of parsing the
/// sheet). `None` when the part cannot be read.
fn scan_merged<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> Option<Vec<Merged>> {
    const NEEDLE: &[u8] = b"mergeCell ";
    let mut entry = zip.by_name(part).ok()?;
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut found = Vec::new();
    let mut window: Vec<u8> = Vec::with_capacity(1 << 17);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = entry.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        window.extend_from_slice(&buf[..n]);
        let mut keep_from = window.len().saturating_sub(NEEDLE.len());
        let mut at = 0;
        while let Some(i) = finder.find(&window[at..]) {
            let start = at + i;
            let Some(close) = memchr::memchr(b'>', &window[start..]) else {
                keep_from = start.saturating_sub(1);
                break;
            };
            let element = &window[start..start + close];
            let opens = start > 0 && matches!(window[start - 1], b'<' | b':');
            if let (true, Ok(element)) = (opens, std::str::from_utf8(element))
                && let Some(reference) = attr(&attributes(&element[NEEDLE.len()..]), "ref")
                && let Some(m) = parse_range(&reference)
            {
                found.push(m);
            }
            at = start + close + 1;
            keep_from = keep_from.max(at);
        }
        window.drain(..keep_from.min(window.len()));
    }
    Some(found)
}

/// `A1:C3` (or `B2`) as a 0-based rectangle.
fn parse_range(text: &str) -> Option<Merged> {
    let cell = |s: &str| -> Option<(u32, u32)> {
        let s = s.trim().replace('$', "");
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let col = letters.bytes().try_fold(0u32, |acc, b| {
            acc.checked_mul(26)?
                .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
        })?;
        let row: u32 = digits.parse().ok()?;
        Some((row.checked_sub(1)?, col - 1))
    };
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (start, end) = (cell(a)?, cell(b)?);
    Some(Merged {
        start: (start.0.min(end.0), start.1.min(end.1)),
        end: (start.0.max(end.0), start.1.max(end.1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_as_in_excel() {
        let m = |s, e| Some(Merged { start: s, end: e });
        assert_eq!(parse_range("A1:C3"), m((0, 0), (2, 2)));
        assert_eq!(parse_range("$AA$10"), m((9, 26), (9, 26)));
        assert_eq!(parse_range("C3:A1"), m((0, 0), (2, 2)));
        assert_eq!(parse_range("A0"), None);
        assert_eq!(parse_range("1A"), None);
    }

    #[test]
    fn sheet_elements_and_escaped_names_are_read() {
        let xml = r#"<x:workbook><sheets><x:sheet name="Q1 &amp; Q2" sheetId="1" r:id="rId3"/><sheet name='B' r:id="rId1"/></sheets></x:workbook>"#;
        let sheets = elements(xml, "sheet");
        assert_eq!(sheets.len(), 2);
        assert_eq!(attr(&sheets[0], "name").as_deref(), Some("Q1 & Q2"));
        assert_eq!(attr(&sheets[1], "r:id").as_deref(), Some("rId1"));
        assert!(elements(xml, "sheets").len() == 1);
    }

    #[test]
    fn merged_cells_are_found_by_the_scan() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/workbook/report_multi_sheet.xlsx"
        );
        let bytes = std::fs::read(path).unwrap();
        let mut wb = Workbook::open(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_parts.len(), 4);
        let part = wb.sheet_parts[1].1.clone();
        let zip = wb.zip.as_mut().unwrap();
        let found = scan_merged(zip, &part).unwrap();
        assert_eq!(
            found,
            [Merged {
                start: (3, 6),
                end: (3, 7)
            }]
        );
    }
}
