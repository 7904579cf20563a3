//! Summarising a delimited text file: dialect, header, column mapping, quality report,
//! fill rates, preview. `segmint inspect --json` writes an [`InspectReport`]; the browser
//! worker answers [`crate::protocol::Request::Inspect`] with one.
//!
//! Inspection runs the whole ingest pipeline ([`crate::dataset`]) and works on any delimited
//! file: roles it cannot map are listed in `missing_roles`, not raised as errors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::clean::{DuplicatesPolicy, RejectedLine, ReturnsPolicy};
use crate::dataset::{Dataset, DatasetOptions, DatasetStream, Layout};
use crate::hint::{Question, Warning};
use crate::roles::Role;
use crate::values::{DateOrderDecision, DecimalSeparator};

/// Options for [`InspectStream`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectOptions {
    /// How many data records to keep for the preview.
    pub preview_records: usize,
    /// Dialect, mapping and policy choices (the preview length is taken from above).
    #[serde(default)]
    pub ingest: DatasetOptions,
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self {
            preview_records: 20,
            ingest: DatasetOptions::new(),
        }
    }
}

/// What `segmint inspect` reports about a file. The first block of fields are the keys of
/// docs/definitions.md §5; the rest explain them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectReport {
    /// Data records read (the header is not counted).
    pub rows_read: u64,
    /// Rows in the cleaned table (rows without customer id included).
    pub rows_used: u64,
    /// Exact duplicate rows removed.
    pub duplicates: u64,
    /// Return/cancellation lines (excluded, or netted under `returns_policy` = net).
    pub returns: u64,
    /// Lines without a sale price, excluded.
    pub adjustments: u64,
    /// Used rows without customer id (kept for baskets, skipped by customer analyses).
    pub missing_customer_id: u64,
    /// Rejected rows by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Role → column name.
    pub mapping: BTreeMap<String, String>,
    /// The delimiter, as a one-character string.
    pub delimiter: String,
    /// The encoding label.
    pub encoding: String,
    /// The header fields (empty when the file has none).
    pub header: Vec<String>,
    /// The first data records, exactly as parsed.
    pub preview: Vec<Vec<String>>,

    /// Failed/voided payments, excluded.
    pub failed_payments: u64,
    /// Open or lost CRM deals, excluded.
    pub not_won: u64,
    /// How returns were treated.
    pub returns_policy: ReturnsPolicy,
    /// How duplicates were treated.
    pub duplicates_policy: DuplicatesPolicy,
    /// Whether `rows_read` = used + duplicates + excluded + rejected holds (it always should).
    pub reconciles: bool,
    /// The first rejected lines per reason (line, column, value).
    pub rejected_lines: BTreeMap<String, Vec<RejectedLine>>,
    /// Role → confidence of its mapping (1 for presets and `--map`).
    pub confidence: BTreeMap<String, f64>,
    /// Role → where the mapping came from (`user`, `preset`, `auto`).
    pub mapping_source: BTreeMap<String, String>,
    /// Roles without a column.
    pub missing_roles: Vec<String>,
    /// The export preset recognised, if any.
    pub preset: Option<String>,
    /// `table` or `basket_per_line`.
    pub layout: Layout,
    /// Whether customer analyses can run (customer id, date, amount).
    pub customer_analyses: bool,
    /// Whether baskets can run (order id, product).
    pub basket_analysis: bool,
    /// How the order date column's day/month order was decided.
    pub date_order: DateOrderDecision,
    /// Decimal separator per number role.
    pub decimal: BTreeMap<String, DecimalSeparator>,
    /// Things to check.
    pub warnings: Vec<Warning>,
    /// Open questions (e.g. the date order); analyses refuse to run until answered.
    pub questions: Vec<Question>,
    /// The number of columns in the header (or the first record, without a header).
    pub columns: usize,
    /// Data records whose field count differs from the header's.
    pub ragged_rows: u64,
    /// Per column (in header order): data records with a non-empty value in it.
    pub column_filled: Vec<u64>,
}

impl InspectReport {
    /// The report for an ingested dataset.
    pub fn from_dataset(d: &Dataset) -> Self {
        let q = &d.quality;
        InspectReport {
            rows_read: q.rows_read,
            rows_used: q.rows_used,
            duplicates: q.duplicates,
            returns: q.returns,
            adjustments: q.adjustments,
            missing_customer_id: q.missing_customer_id,
            rejected: q.rejected.clone(),
            mapping: d.mapping.names(),
            delimiter: char::from(d.dialect.delimiter).to_string(),
            encoding: d.dialect.encoding.label().to_owned(),
            header: d.header.clone(),
            preview: d.preview.clone(),
            failed_payments: q.failed_payments,
            not_won: q.not_won,
            returns_policy: q.returns_policy,
            duplicates_policy: q.duplicates_policy,
            reconciles: q.reconciles(),
            rejected_lines: q.rejected_lines.clone(),
            confidence: d.mapping.confidence(),
            mapping_source: d
                .mapping
                .roles
                .iter()
                .map(|(r, a)| {
                    let source = serde_json::to_value(a.source)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    (r.name().to_owned(), source)
                })
                .collect(),
            missing_roles: if d.layout == Layout::Table {
                d.mapping
                    .missing()
                    .iter()
                    .map(|r| Role::name(*r).to_owned())
                    .collect()
            } else {
                Vec::new()
            },
            preset: d.mapping.preset.map(|p| p.name().to_owned()),
            layout: d.layout,
            customer_analyses: d.layout == Layout::Table && d.mapping.supports_customers(),
            basket_analysis: d.layout == Layout::BasketPerLine || d.mapping.supports_baskets(),
            date_order: d.date_order,
            decimal: d.decimal.clone(),
            warnings: d.warnings.clone(),
            questions: d.questions.clone(),
            columns: d.columns,
            ragged_rows: q.rejected.get("wrong_field_count").copied().unwrap_or(0),
            column_filled: d.column_filled.clone(),
        }
    }
}

/// Inspects a file pushed in chunks of any size, through the same [`DatasetStream`] every
/// analysis uses. The CLI, the browser worker and the tests all go through this.
pub struct InspectStream {
    inner: DatasetStream,
}

impl InspectStream {
    /// A stream that has seen no bytes yet.
    pub fn new(options: InspectOptions) -> Self {
        let mut ingest = options.ingest;
        ingest.preview_records = options.preview_records;
        Self {
            inner: DatasetStream::new(ingest),
        }
    }

    /// Push the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.inner.push(chunk)
    }

    /// End of input: the finished report.
    pub fn finish(self) -> Result<InspectReport, Error> {
        self.inner.finish().map(|d| InspectReport::from_dataset(&d))
    }

    /// End of input: the report and the dataset behind it.
    pub(crate) fn finish_with_dataset(self) -> Result<(InspectReport, Dataset), Error> {
        let d = self.inner.finish()?;
        Ok((InspectReport::from_dataset(&d), d))
    }
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
