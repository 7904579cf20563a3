//! Workbooks read by `ingest::workbook`: each fixture of tests/fixtures/workbook (written by
//! openpyxl, odfpy, xlwt, pyxlsbwriter, xlsxwriter and msoffcrypto-tool; versions in
//! tests/reference/workbook/VERSIONS, script beside it) against the CSV it was written from.

use std::io::Cursor;
use std::ops::ControlFlow;
use std::path::PathBuf;

use segmint_core::ingest::workbook::{
    Cell, SheetChoice, SheetKind, SheetOptions, SheetReport, Workbook, WorkbookFormat,
    inspect_workbook, load_sheet,
};
use segmint_core::rfm::{self, RfmParams};
use segmint_core::{
    Dataset, DatasetOptions, Dialect, DuplicatesPolicy, ErrorKind, InspectOptions, Record,
    RecordReader, ReturnsPolicy, Role, load_bytes,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/workbook"
    ))
    .join(name)
}

fn open(name: &str) -> Workbook<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(fixture(name)).unwrap();
    Workbook::open(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn open_err(name: &str) -> ErrorKind {
    let bytes = std::fs::read(fixture(name)).unwrap();
    Workbook::open(Cursor::new(bytes)).expect_err(name).kind
}

/// Every record of the chosen sheet: (line, texts, cells).
type Rows = Vec<(u64, Vec<String>, Vec<Cell>)>;

fn read(name: &str, sheet: Option<&SheetChoice>) -> (Rows, SheetReport) {
    let mut wb = open(name);
    let index = wb.resolve(sheet).unwrap();
    let mut rows = Vec::new();
    let report = wb
        .read_sheet(
            index,
            &SheetOptions::default(),
            &mut |r| {
                rows.push((
                    r.line,
                    r.fields.iter().map(|f| (*f).to_owned()).collect(),
                    r.cells.to_vec(),
                ));
                Ok(())
            },
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.reconciles(), "{name}: {report:?}");
    (rows, report)
}

fn csv_records() -> Vec<(u64, Vec<String>)> {
    let bytes = std::fs::read(fixture("online_retail_2000.csv")).unwrap();
    let mut reader = RecordReader::new(&Dialect::default());
    let mut out = Vec::new();
    let mut take = |r: &Record<'_>| {
        out.push((r.line, r.fields().iter().map(|f| (*f).to_owned()).collect()));
        Ok(())
    };
    reader.feed(&bytes, &mut take).unwrap();
    reader.finish(&mut take).unwrap();
    out
}

/// Whether a workbook row says what the CSV row says: the same text, or for a number cell
/// the same number (the CSV, written by pandas, has `18.0` where the cell shows `18`).
fn same_row(fields: &[String], cells: &[Cell], csv: &[String]) -> bool {
    fields.len() == csv.len()
        && fields.iter().zip(cells).zip(csv).all(|((f, c), t)| {
            f == t || matches!(c, Cell::Number(v) if t.parse::<f64>().ok() == Some(*v))
        })
}

/// The records of a workbook equal the CSV's field for field, on the same lines: ids as
/// whole numbers (`17850`, not `17850.0`), dates as the CSV writes them, text as is.
fn same_records_as_csv(name: &str, format: WorkbookFormat) {
    assert_eq!(open(name).format(), format);
    let (rows, report) = read(name, None);
    let csv = csv_records();
    assert_eq!(rows.len(), csv.len(), "{name}: header + every data row");
    for ((line, fields, cells), (csv_line, csv_fields)) in rows.iter().zip(&csv) {
        assert_eq!(line, csv_line);
        assert!(
            same_row(fields, cells, csv_fields),
            "{name}: line {line} differs from the CSV: {fields:?} vs {csv_fields:?}"
        );
    }
    assert_eq!(report.header_row, Some(1));
    assert_eq!(report.data_rows, 2000);
    assert_eq!(report.rows_in_sheet, 2001);
    assert_eq!((report.first_column, report.columns), (0, 8));
    // Typed: the id column holds numbers, the date column dates, descriptions text.
    let (_, _, cells) = &rows[1];
    assert!(
        matches!(cells[6], Cell::Number(v) if v == 17850.0),
        "{name}: {:?}",
        cells[6]
    );
    assert!(
        matches!(cells[4], Cell::Date { .. }),
        "{name}: {:?}",
        cells[4]
    );
    assert!(matches!(cells[2], Cell::Text(_)), "{name}: {:?}", cells[2]);
}

#[test]
fn xlsx_by_openpyxl_reads_as_its_csv() {
    same_records_as_csv("online_retail_2000.xlsx", WorkbookFormat::Xlsx);
}

#[test]
fn ods_by_odfpy_reads_as_its_csv() {
    same_records_as_csv("online_retail_2000.ods", WorkbookFormat::Ods);
}

#[test]
fn xls_by_xlwt_reads_as_its_csv() {
    same_records_as_csv("online_retail_2000.xls", WorkbookFormat::Xls);
}

#[test]
fn xlsb_by_pyxlsbwriter_reads_as_its_csv() {
    same_records_as_csv("online_retail_2000.xlsb", WorkbookFormat::Xlsb);
}

#[test]
fn the_1904_date_system_gives_the_same_days() {
    let (in_1900, _) = read("dates_1900.xlsx", None);
    let (in_1904, _) = read("dates_1904.xlsx", None);
    assert_eq!(in_1900.len(), 201);
    assert_eq!(in_1900, in_1904);
    assert_eq!(in_1904[1].1[4], "2010-12-01 08:26:00");
}

#[test]
fn formulas_give_their_saved_results() {
    let (rows, report) = read("formulas.xlsx", None);
    assert_eq!(report.formulas_without_value, 0);
    assert_eq!(
        rows[0].1,
        [
            "InvoiceNo",
            "StockCode",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Amount"
        ]
    );
    // 6 × 2.55 = 15.299999999999999 in binary: read as the 15.3 Excel shows.
    assert_eq!(rows[1].1[5], "17850");
    assert_eq!(rows[1].1[6], "15.3");
    assert_eq!(rows[1].2[6], Cell::Number(15.3));
    let csv = csv_records();
    for (k, (_, fields, _)) in rows.iter().enumerate().skip(1) {
        let c = &csv[k].1;
        assert_eq!(fields[5], c[6], "line {}", k + 1);
        let qty: f64 = c[3].parse().unwrap();
        let price: f64 = c[5].parse().unwrap();
        let Cell::Number(amount) = rows[k].2[6] else {
            panic!("amount is a number")
        };
        assert!((amount - qty * price).abs() < 1e-9, "line {}", k + 1);
    }
}

#[test]
fn a_report_workbook_lists_its_sheets_and_finds_its_table() {
    let mut wb = open("report_multi_sheet.xlsx");
    let sheets = wb.survey(3).unwrap().to_vec();
    let names: Vec<(&str, bool, SheetKind)> = sheets
        .iter()
        .map(|s| (s.name.as_str(), s.hidden, s.kind))
        .collect();
    assert_eq!(
        names,
        [
            ("Read me", false, SheetKind::Worksheet),
            ("Orders 2010", false, SheetKind::Worksheet),
            ("Archive", true, SheetKind::Worksheet),
            ("Chart", false, SheetKind::Chart),
        ]
    );
    assert_eq!(sheets[1].rows, Some(306));
    assert_eq!(sheets[1].columns, Some(8));
    assert_eq!(
        sheets[1].first_rows[0],
        ["Online Retail: orders of December 2010"]
    );
    assert_eq!(sheets[2].rows, Some(51));
    assert_eq!(sheets[0].first_rows.len(), 2);

    let (rows, report) = read(
        "report_multi_sheet.xlsx",
        Some(&SheetChoice::Name("Orders 2010".into())),
    );
    assert_eq!(report.title_rows, [1, 2]);
    assert_eq!(report.blank_rows, 1);
    assert_eq!(report.group_header_row, Some(4));
    assert_eq!(report.header_row, Some(5));
    assert_eq!(report.header_rows, 2);
    assert_eq!(report.data_rows, 301, "300 orders and the total row");
    assert_eq!(
        rows[0].1,
        [
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "Customer ID",
            "Customer Country"
        ]
    );
    let csv = csv_records();
    for k in 1..=300 {
        assert_eq!(rows[k].0, k as u64 + 5);
        assert!(
            same_row(&rows[k].1, &rows[k].2, &csv[k].1),
            "line {}",
            k + 5
        );
    }
    // The total's formula was never calculated by its writer: empty, counted, named.
    assert_eq!(rows[301].1[0], "Total");
    assert_eq!(rows[301].1[3], "");
    assert_eq!(report.formulas_without_value, 1);
    assert_eq!(
        report.first_formula_without_value.as_deref(),
        Some("'Orders 2010'!D306")
    );
    assert!(
        report
            .warnings()
            .iter()
            .any(|w| w.to_string().contains("'Orders 2010'!D306"))
    );
    assert_eq!(report.cell_ref(306, 4), "'Orders 2010'!D306");

    // By number, and the hidden sheet by name.
    let (by_index, _) = read("report_multi_sheet.xlsx", Some(&SheetChoice::Index(2)));
    assert_eq!(by_index, rows);
    let (hidden, _) = read(
        "report_multi_sheet.xlsx",
        Some(&SheetChoice::parse("archive")),
    );
    assert_eq!(hidden.len(), 51);
}

#[test]
fn without_a_choice_the_first_visible_sheet_is_read() {
    let (rows, report) = read("report_multi_sheet.xlsx", None);
    assert_eq!(report.sheet, "Read me");
    assert_eq!(rows.len(), 2);
}

#[test]
fn bad_sheet_choices_say_what_the_sheets_are() {
    let mut wb = open("report_multi_sheet.xlsx");
    let e = wb
        .resolve(Some(&SheetChoice::Name("Orders".into())))
        .unwrap_err();
    let message = e.to_string();
    assert!(message.contains("\"Orders\""), "{message}");
    assert!(
        message.contains("Read me, Orders 2010, Archive, Chart"),
        "{message}"
    );
    assert!(wb.resolve(Some(&SheetChoice::Index(5))).is_err());
    let chart = wb
        .resolve(Some(&SheetChoice::Name("Chart".into())))
        .unwrap();
    let e = wb
        .read_sheet(
            chart,
            &SheetOptions::default(),
            &mut |_| Ok(()),
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NoTableOnSheet { .. }), "{e}");
    assert!(e.to_string().contains("chart"), "{e}");
}

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    let kind = open_err("protected.xlsx");
    assert!(
        matches!(kind, ErrorKind::EncryptedWorkbook { .. }),
        "{kind:?}"
    );
    assert!(kind.to_string().contains("password"), "{kind}");
}

#[test]
fn a_truncated_workbook_is_damaged() {
    let kind = open_err("truncated.xlsx");
    assert!(
        matches!(kind, ErrorKind::DamagedWorkbook { .. }),
        "{kind:?}"
    );
    assert!(kind.to_string().contains("save it again"), "{kind}");
}

#[test]
fn a_zip_that_is_no_workbook_is_refused() {
    let mut bytes = Vec::new();
    {
        let mut z = zip_writer(&mut bytes);
        z.add("notes.txt", b"hello");
    }
    let e = Workbook::open(Cursor::new(bytes)).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NotText { .. }), "{e}");
}

#[test]
fn progress_is_reported_and_cancel_stops_the_reading() {
    let mut wb = open("online_retail_2000.xlsx");
    let mut seen = Vec::new();
    wb.read_sheet(1, &SheetOptions::default(), &mut |_| Ok(()), &mut |p| {
        seen.push(p);
        ControlFlow::Continue(())
    })
    .unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.rows_done, last.rows_total), (2001, 2001));

    let mut wb = open("online_retail_2000.xlsx");
    let mut delivered = 0;
    let e = wb
        .read_sheet(
            1,
            &SheetOptions::default(),
            &mut |_| {
                delivered += 1;
                Ok(())
            },
            &mut |_| ControlFlow::Break(()),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled);
    assert!(delivered < 2000, "{delivered}");
}

/// A minimal stored (uncompressed) zip writer, so the test needs no zip crate of its own.
struct ZipWriter<'a> {
    out: &'a mut Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

fn zip_writer(out: &mut Vec<u8>) -> ZipWriter<'_> {
    ZipWriter {
        out,
        central: Vec::new(),
        entries: 0,
    }
}

impl ZipWriter<'_> {
    fn add(&mut self, name: &str, data: &[u8]) {
        let crc = crc32(data);
        let offset = self.out.len() as u32;
        let mut local = Vec::new();
        local.extend_from_slice(b"PK\x03\x04");
        local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&[0, 0]);
        local.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(data);
        let c = &mut self.central;
        c.extend_from_slice(b"PK\x01\x02");
        c.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(&(name.len() as u16).to_le_bytes());
        c.extend_from_slice(&[0; 12]);
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.entries += 1;
    }
}

impl Drop for ZipWriter<'_> {
    fn drop(&mut self) {
        let start = self.out.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(b"PK\x05\x06");
        self.out.extend_from_slice(&[0, 0, 0, 0]);
        self.out.extend_from_slice(&self.entries.to_le_bytes());
        self.out.extend_from_slice(&self.entries.to_le_bytes());
        self.out
            .extend_from_slice(&(self.central.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&[0, 0]);
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn csv_dataset(options: DatasetOptions) -> Dataset {
    let bytes = std::fs::read(fixture("online_retail_2000.csv")).unwrap();
    load_bytes(&bytes, options, 1 << 16).unwrap()
}

fn sheet_dataset(name: &str, options: DatasetOptions) -> (Dataset, SheetReport) {
    let mut wb = open(name);
    load_sheet(&mut wb, 1, options, &mut |_| ControlFlow::Continue(())).unwrap()
}

/// A workbook gives the dataset of the CSV it was written from: the same table (every id,
/// day and amount), quality report, mapping and RFM result; every row of the sheet is
/// accounted for.
#[test]
fn each_workbook_gives_the_dataset_quality_and_rfm_of_its_csv() {
    let csv = csv_dataset(DatasetOptions::new());
    let csv_rfm =
        rfm::analyse(csv.customer_transactions().unwrap(), &RfmParams::default()).unwrap();
    assert_eq!(csv.quality.rows_read, 2000);
    assert!(csv.quality.returns > 0 && csv.quality.missing_customer_id > 0);
    for name in [
        "online_retail_2000.xlsx",
        "online_retail_2000.ods",
        "online_retail_2000.xls",
        "online_retail_2000.xlsb",
    ] {
        let (d, sheet) = sheet_dataset(name, DatasetOptions::new());
        assert!(sheet.reconciles(), "{name}");
        assert_eq!(sheet.data_rows, d.quality.rows_read, "{name}");
        assert!(d.quality.reconciles(), "{name}");
        assert_eq!(d.quality, csv.quality, "{name}");
        assert_eq!(d.transactions, csv.transactions, "{name}");
        assert_eq!(d.mapping, csv.mapping, "{name}");
        assert_eq!(
            (
                &d.header,
                d.columns,
                &d.column_filled,
                d.layout,
                d.has_dates
            ),
            (
                &csv.header,
                csv.columns,
                &csv.column_filled,
                csv.layout,
                csv.has_dates
            ),
            "{name}"
        );
        assert_eq!(
            (d.date_order, &d.decimal),
            (csv.date_order, &csv.decimal),
            "{name}"
        );
        assert_eq!(d.warnings, csv.warnings, "{name}");
        let r = rfm::analyse(d.customer_transactions().unwrap(), &RfmParams::default()).unwrap();
        assert_eq!(r, csv_rfm, "{name}");
    }
}

#[test]
fn policies_apply_to_workbooks_as_to_csv() {
    let options = DatasetOptions {
        returns: ReturnsPolicy::Net,
        duplicates: DuplicatesPolicy::Keep,
        ..DatasetOptions::new()
    };
    let csv = csv_dataset(options.clone());
    let (d, _) = sheet_dataset("online_retail_2000.xlsx", options);
    assert_eq!(d.quality, csv.quality);
    assert_eq!(d.transactions, csv.transactions);
}

/// A report sheet's rejected rows are named by sheet row: the total row under the table has
/// no date and is rejected on its own row, 306.
#[test]
fn rejections_name_sheet_rows() {
    let mut wb = open("report_multi_sheet.xlsx");
    let index = wb
        .resolve(Some(&SheetChoice::Name("Orders 2010".into())))
        .unwrap();
    let (d, sheet) = load_sheet(&mut wb, index, DatasetOptions::new(), &mut |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(d.quality.reconciles());
    assert_eq!(d.quality.rows_read, 301);
    let missing = &d.quality.rejected_lines["missing_date"];
    assert_eq!(missing[0].line, 306);
    assert_eq!(
        sheet.cell_ref(missing[0].line, missing[0].column.unwrap()),
        "'Orders 2010'!E306"
    );
    assert!(
        d.warnings[0]
            .to_string()
            .contains("rows 1, 2 above the table"),
        "{:?}",
        d.warnings
    );
    assert_eq!(
        d.mapping.column(Role::CustomerId),
        Some(6),
        "{:?}",
        d.mapping
    );
}

#[test]
fn inspect_lists_the_sheets_and_reads_the_first_visible_one() {
    let bytes = std::fs::read(fixture("report_multi_sheet.xlsx")).unwrap();
    let (report, _) = inspect_workbook(
        Cursor::new(bytes),
        Some(&SheetChoice::parse("2")),
        InspectOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    let wb = report.workbook.as_ref().unwrap();
    assert_eq!(wb.format, WorkbookFormat::Xlsx);
    assert_eq!(wb.sheets.len(), 4);
    assert!(wb.sheets[2].hidden);
    assert_eq!(wb.sheet.sheet, "Orders 2010");
    assert_eq!(report.rows_read, 301);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["workbook"]["sheets"][2]["hidden"], true);
    assert_eq!(json["workbook"]["sheet"]["header_row"], 5);
}
