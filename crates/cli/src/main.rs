//! `segmint`: the Segmint analytics core on the command line.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::{Args, Parser, Subcommand};

mod actions;
mod analyses;
use segmint_core::basket::{BasketParams, MinSupport};
use segmint_core::clv::{ClvOptions, TimeUnit};
use segmint_core::dataset::{Dataset, DatasetOptions, Parallelism, load_parallel, load_reader};
use segmint_core::ingest::workbook::{self, SheetChoice, SheetKind};
use segmint_core::rfm::{RfmParams, Scoring, SegmentRules};
use segmint_core::{
    DateOrder, DecimalSeparator, Dialect, DuplicatesPolicy, Encoding, InspectOptions,
    InspectReport, Override, Preset, ReturnsPolicy,
};

#[derive(Parser)]
#[command(
    name = "segmint",
    version,
    about = "Customer analytics on your own machine"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Dialect, column mapping, quality report and a preview of a delimited text file, or of
    /// a workbook sheet (with the list of sheets).
    Inspect {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// How many data records to preview.
        #[arg(long, default_value_t = 20)]
        records: usize,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Recency, frequency and monetary scores and named segments per customer.
    Rfm {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// Write the scored customers to this CSV file (formula-safe).
        #[arg(long, value_name = "F.csv")]
        out: Option<PathBuf>,
        /// Measure recency to this date (default: the day after the last order).
        #[arg(long, value_parser = analyses::parse_date, value_name = "YYYY-MM-DD")]
        reference_date: Option<i32>,
        /// Scores per metric, 3 to 10.
        #[arg(long, default_value_t = 5)]
        bins: u8,
        /// Segment rules: rfm-10, rf-grid or three-level.
        #[arg(long = "segments", value_parser = analyses::parse_rules, default_value = "rfm-10")]
        rules: SegmentRules,
        /// How values become scores: ties-equal (equal values, equal scores) or equal-size.
        #[arg(long, value_parser = analyses::parse_scoring, default_value = "ties-equal")]
        scoring: Scoring,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Clusters of customers on their scaled recency, frequency and monetary value:
    /// k-means (default), DBSCAN or a Gaussian mixture.
    #[command(group = clap::ArgGroup::new("clusters").args(["k", "k_range"]))]
    Cluster {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// The algorithm: kmeans, dbscan or gmm (Gaussian mixture).
        #[arg(long, value_parser = analyses::parse_method, default_value = "kmeans")]
        method: analyses::MethodName,
        /// The number of clusters (kmeans, gmm).
        #[arg(long)]
        k: Option<usize>,
        /// Try every k in A..B (inclusive), report quality scores and recommend one (kmeans:
        /// by silhouette; gmm: by BIC).
        #[arg(long, value_parser = analyses::parse_k_range, value_name = "A..B")]
        k_range: Option<std::ops::RangeInclusive<usize>>,
        /// Seed of every random choice (same seed, same clusters).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Restarts per k; the best is kept [default: 10].
        #[arg(long)]
        n_init: Option<usize>,
        /// dbscan: the neighbourhood radius in the scaled features (z-scores after log1p),
        /// e.g. 0.3.
        #[arg(long, allow_negative_numbers = true)]
        eps: Option<f64>,
        /// dbscan: customers within eps (itself included) that make a core customer
        /// [default: 5].
        #[arg(long)]
        min_samples: Option<usize>,
        /// gmm: full or diag covariance per component [default: full].
        #[arg(long, value_parser = analyses::parse_covariance)]
        covariance: Option<segmint_core::cluster::Covariance>,
        /// gmm: added to every covariance diagonal [default: 1e-6].
        #[arg(long, allow_negative_numbers = true)]
        reg_covar: Option<f64>,
        /// A second file with one row per customer (a CRM export: a customer-id column and
        /// numeric columns such as loyalty points); its numeric columns are clustered on too.
        #[arg(long, value_name = "FILE")]
        customer_columns: Option<PathBuf>,
        /// Only these columns of --customer-columns [default: every numeric one].
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "NAME,...",
            requires = "customer_columns"
        )]
        columns: Option<Vec<String>>,
        /// The sheet of --customer-columns when it is a workbook, by name or position
        /// [default: the first visible sheet].
        #[arg(long, value_name = "NAME|INDEX", requires = "customer_columns")]
        columns_sheet: Option<String>,
        /// The customer-id column of --customer-columns [default: found by its name].
        #[arg(long, value_name = "NAME", requires = "customer_columns")]
        id_column: Option<String>,
        /// A feature's transforms, applied in order, e.g. tenure_days=log1p,zscore or
        /// points=minmax (steps: log1p, signed-log1p, zscore, minmax; none for raw values).
        /// Repeatable; a feature not named keeps log1p then zscore.
        #[arg(long = "transform", value_parser = analyses::parse_transform, value_name = "FEATURE=STEPS")]
        transforms: Vec<(String, Vec<segmint_core::cluster::Transform>)>,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Frequent itemsets and association rules of the orders' baskets.
    Basket {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// Smallest support: a fraction of baskets (0.01) or a basket count (25).
        #[arg(long, value_parser = analyses::parse_min_support)]
        min_support: MinSupport,
        /// Smallest rule confidence.
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f64,
        /// Most items per itemset.
        #[arg(long)]
        max_len: Option<usize>,
        /// Stop mining after this many seconds with a message suggesting a higher support.
        #[arg(long, default_value_t = 120.0)]
        time_limit: f64,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Lifetime value: BG/NBD + Gamma-Gamma, P(alive), expected purchases and CLV.
    Clv {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// Last day of the observation period (default: the last order date).
        #[arg(long, value_parser = analyses::parse_date, value_name = "YYYY-MM-DD")]
        observation_end: Option<i32>,
        /// Time unit: day, week (days / 7, as Fader, Hardie & Lee) or calendar_week.
        #[arg(long, value_parser = analyses::parse_time_unit, default_value = "day")]
        time_unit: TimeUnit,
        /// Horizon of the expected purchases, in days.
        #[arg(long, default_value_t = 365.0)]
        horizon_days: f64,
        /// Bootstrap resamples for the 90% intervals of the parameters, expected purchases and
        /// CLV (0: no intervals).
        #[arg(long, default_value_t = 200)]
        resamples: u32,
        /// Seed of the bootstrap draws (the same seed gives the same intervals).
        #[arg(long, default_value_t = 0)]
        interval_seed: u64,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Key numbers at a glance, each against the previous period; revenue and active
    /// customers by month; the RFM segment mix; the top products.
    Summary {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        ingest: IngestArgs,
    },
    /// Next best products per customer (item-item collaborative filtering) and, with
    /// --holdout-days, how often they were right against bestsellers.
    Recommend(actions::RecommendArgs),
    /// One row per customer: orders, revenue, next order date, churn risk, CLV, segment,
    /// cluster and next best products.
    Profile(actions::ProfileArgs),
    /// An import file for Klaviyo, Mailchimp, HubSpot, Salesforce or Shopify, optionally
    /// holding out a control group.
    Export(actions::ExportArgs),
    /// Did a campaign work? Conversion and revenue of the treatment vs the control group.
    Lift(actions::LiftArgs),
    /// Retention by first-purchase month.
    Cohort {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        ingest: IngestArgs,
    },
}

/// Options every command that reads a file takes.
#[derive(Args, Clone, Debug, Default)]
pub(crate) struct IngestArgs {
    /// Map a role to a column: `--map customer_id="Customer ID"` (header name, or #N for the
    /// N-th column; empty to unmap). Repeatable.
    #[arg(long = "map", value_name = "ROLE=COLUMN")]
    map: Vec<Override>,
    /// Returns and cancellations: `exclude` them (default) or `net` them against sales.
    #[arg(long, value_name = "exclude|net", default_value = "exclude")]
    returns: ReturnsPolicy,
    /// Exact duplicate rows: `remove` them (default) or `keep` them (when two equal lines
    /// are two real purchases).
    #[arg(long, value_name = "remove|keep", default_value = "remove")]
    duplicates: DuplicatesPolicy,
    /// The field delimiter (`,` `;` `|` `tab` …) instead of sniffing it.
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// The text encoding (utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252) instead of
    /// sniffing it.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Whether the first row is a header (`yes`/`no`) instead of sniffing it.
    #[arg(long, value_parser = parse_yes_no, value_name = "yes|no")]
    header: Option<bool>,
    /// The export format, instead of recognising it from the header: online_retail,
    /// online_retail_ii, shopify, woocommerce, stripe, hubspot, salesforce, basket_per_line.
    #[arg(long, value_parser = parse_preset)]
    preset: Option<Preset>,
    /// Day/month order of dates like 05/06/2024 when the data cannot decide it:
    /// `day_first` or `month_first`.
    #[arg(long, value_parser = parse_date_order, value_name = "day_first|month_first")]
    date_order: Option<DateOrder>,
    /// The decimal separator of number columns (`point` or `comma`) instead of deciding it
    /// per column from the data.
    #[arg(long, value_parser = parse_decimal, value_name = "point|comma")]
    decimal: Option<DecimalSeparator>,
    /// For a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods): the sheet to read, by name or by
    /// its position (1 = the first tab) [default: the first visible sheet].
    #[arg(long, value_name = "NAME|INDEX")]
    sheet: Option<String>,
    /// Threads that parse the file in chunks (default: one reading thread and one parsing
    /// thread) and that run the analysis (default: every core). `1` does everything on one
    /// thread, as the browser does; the result is the same either way.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

impl IngestArgs {
    fn options(&self, preview_records: usize) -> DatasetOptions {
        DatasetOptions {
            preview_records,
            delimiter: self.delimiter,
            encoding: self.encoding,
            has_header: self.header,
            preset: self.preset,
            map: self.map.clone(),
            returns: self.returns,
            duplicates: self.duplicates,
            date_order: self.date_order,
            decimal: self.decimal,
            size_hint: None,
        }
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    Dialect::delimiter_from_label(s).ok_or_else(|| {
        format!("{s:?} is not a delimiter; use , ; | tab or another punctuation character")
    })
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_label(s).ok_or_else(|| {
        format!("unknown encoding {s:?}; use utf-8, utf-8-bom, utf-16le, utf-16be or windows-1252")
    })
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("expected yes or no, got {s:?}")),
    }
}

fn parse_preset(s: &str) -> Result<Preset, String> {
    Preset::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        format!("unknown preset {s:?}; presets are {}", names.join(", "))
    })
}

fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    match s.to_ascii_lowercase().replace('-', "_").as_str() {
        "day_first" | "dmy" | "dd/mm" => Ok(DateOrder::DayFirst),
        "month_first" | "mdy" | "mm/dd" => Ok(DateOrder::MonthFirst),
        _ => Err(format!("expected day_first or month_first, got {s:?}")),
    }
}

fn parse_decimal(s: &str) -> Result<DecimalSeparator, String> {
    match s.to_ascii_lowercase().as_str() {
        "point" | "." | "dot" => Ok(DecimalSeparator::Point),
        "comma" | "," => Ok(DecimalSeparator::Comma),
        _ => Err(format!("expected point or comma, got {s:?}")),
    }
}

/// The `--threads` of any command.
fn threads_of(command: &Command) -> Option<u16> {
    match command {
        Command::Inspect { ingest, .. }
        | Command::Rfm { ingest, .. }
        | Command::Cluster { ingest, .. }
        | Command::Basket { ingest, .. }
        | Command::Clv { ingest, .. }
        | Command::Cohort { ingest, .. }
        | Command::Summary { ingest, .. } => ingest.threads,
        Command::Recommend(a) => a.ingest.threads,
        Command::Profile(a) => a.ingest.threads,
        Command::Export(a) => a.ingest.threads,
        Command::Lift(a) => a.ingest.threads,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The analyses (k-means starts and sweep, FP-growth, the CLV bootstrap, recommendation
    // scoring) run on `--threads` threads, by default every core; the results are the same on
    // any number (segmint_core::par).
    let parallelism = match threads_of(&cli.command) {
        _ if std::env::var_os("SEGMINT_SINGLE_THREAD").is_some() => Parallelism::threads(1),
        Some(n) => Parallelism::threads(usize::from(n)),
        None => Parallelism::all_cores(),
    };
    let result = parallelism.install(|| run(cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `segmint … | head` closing the pipe early is not an error.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Run one command.
fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Inspect {
            file,
            json,
            records,
            ingest,
        } => inspect(&file, json, records, &ingest),
        Command::Rfm {
            file,
            json,
            out,
            reference_date,
            bins,
            rules,
            scoring,
            ingest,
        } => load(&file, &ingest).and_then(|dataset| {
            let params = RfmParams {
                reference_day: reference_date,
                bins,
                scoring,
                rules,
                ..RfmParams::default()
            };
            let out = out.as_deref();
            analyses::rfm(&file, &dataset, analyses::RfmRequest { json, out, params })
        }),
        Command::Cluster {
            file,
            json,
            method,
            k,
            k_range,
            seed,
            n_init,
            eps,
            min_samples,
            covariance,
            reg_covar,
            customer_columns,
            columns,
            id_column,
            columns_sheet,
            transforms,
            ingest,
        } => analyses::cluster_params(analyses::ClusterArgs {
            method,
            k,
            k_range,
            seed,
            n_init,
            eps,
            min_samples,
            covariance,
            reg_covar,
        })
        .and_then(|params| {
            let extra = analyses::ColumnsArgs {
                file: customer_columns,
                columns,
                id_column,
                sheet: columns_sheet,
                transforms,
            };
            load(&file, &ingest)
                .and_then(|dataset| analyses::cluster(&file, &dataset, params, &extra, json))
        }),
        Command::Basket {
            file,
            json,
            min_support,
            min_confidence,
            max_len,
            time_limit,
            ingest,
        } => load(&file, &ingest).and_then(|dataset| {
            let mut params = BasketParams::new(min_support).min_confidence(min_confidence);
            if let Some(max_len) = max_len {
                params = params.max_len(max_len);
            }
            let limit = std::time::Duration::from_secs_f64(time_limit.max(0.0));
            analyses::basket(&file, &dataset, &params, limit, json)
        }),
        Command::Clv {
            file,
            json,
            observation_end,
            time_unit,
            horizon_days,
            resamples,
            interval_seed,
            ingest,
        } => load(&file, &ingest).and_then(|dataset| {
            let options = ClvOptions::new()
                .observation_end(observation_end)
                .time_unit(time_unit)
                .horizon_days(horizon_days)
                .resamples(resamples)
                .interval_seed(interval_seed);
            analyses::clv(&file, &dataset, &options, json)
        }),
        Command::Summary { file, json, ingest } => {
            load(&file, &ingest).and_then(|dataset| analyses::summary(&file, &dataset, json))
        }
        Command::Recommend(a) => load(&a.file, &a.ingest).and_then(|d| actions::recommend(&a, &d)),
        Command::Profile(a) => load(&a.file, &a.ingest).and_then(|d| actions::profile(&a, &d)),
        Command::Export(a) => load(&a.file, &a.ingest).and_then(|d| actions::export(&a, &d)),
        Command::Lift(a) => actions::lift(&a),
        Command::Cohort { file, json, ingest } => {
            load(&file, &ingest).and_then(|dataset| analyses::cohort(&file, &dataset, json))
        }
    }
}

const CHUNK: usize = 1 << 20;

/// Ingest `path` for an analysis; the quality report's warnings go to stderr.
fn load(path: &Path, ingest: &IngestArgs) -> anyhow::Result<Dataset> {
    let options = InspectOptions {
        preview_records: 0,
        ingest: ingest.options(0),
    };
    let (report, dataset) = read_file(path, options, ingest.sheet.as_deref(), ingest.threads)?;
    if let Some(wb) = &report.workbook {
        eprintln!(
            "{}: {}, sheet {:?} ({} of {})",
            path.display(),
            wb.format.describe(),
            wb.sheet.sheet,
            wb.sheet.sheet_index,
            wb.sheets.len()
        );
        for w in wb.sheet.warnings() {
            eprintln!("warning: {w}");
        }
    }
    eprintln!(
        "{}: {} rows read, {} used ({} duplicates, {} returns, {} adjustments excluded)",
        path.display(),
        report.rows_read,
        report.rows_used,
        report.duplicates,
        report.returns,
        report.adjustments
    );
    Ok(dataset)
}

fn inspect(path: &Path, json: bool, records: usize, ingest: &IngestArgs) -> anyhow::Result<()> {
    let options = InspectOptions {
        preview_records: records,
        ingest: ingest.options(records),
    };
    let (report, _) = read_file(path, options, ingest.sheet.as_deref(), ingest.threads)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, path, &report)?;
    }
    out.flush()?;
    Ok(())
}

fn write_text(out: &mut impl Write, path: &Path, r: &InspectReport) -> io::Result<()> {
    writeln!(out, "{}", path.display())?;
    if let Some(wb) = &r.workbook {
        writeln!(out, "  workbook   {}", wb.format.describe())?;
        writeln!(out, "  sheets")?;
        for s in &wb.sheets {
            let size = match (s.rows, s.columns) {
                (Some(rows), Some(columns)) => format!("{rows} rows x {columns} columns"),
                _ => String::new(),
            };
            let mut notes = Vec::new();
            if s.hidden {
                notes.push("hidden");
            }
            if s.kind == SheetKind::Chart {
                notes.push("chart");
            }
            if s.index == wb.sheet.sheet_index {
                notes.push("read");
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join(", "))
            };
            writeln!(out, "    {:>3}  {:<28} {size}{notes}", s.index, s.name)?;
            if let Some(first) = s.first_rows.first() {
                let shown: Vec<&str> = first.iter().take(6).map(String::as_str).collect();
                writeln!(out, "         {}", shown.join(" | "))?;
            }
        }
        let sr = &wb.sheet;
        if let Some(h) = sr.header_row {
            writeln!(out, "  header row {h}")?;
        }
        writeln!(
            out,
            "  sheet rows {} = {} title + {} header + {} data + {} blank",
            sr.rows_in_sheet,
            sr.title_rows.len(),
            sr.header_rows,
            sr.data_rows,
            sr.blank_rows
        )?;
    } else {
        writeln!(out, "  encoding   {}", r.encoding)?;
        writeln!(out, "  delimiter  {:?}", r.delimiter)?;
    }
    writeln!(
        out,
        "  preset     {}",
        r.preset.as_deref().unwrap_or("(none: auto-mapped)")
    )?;
    writeln!(out, "  columns    {}", r.columns)?;
    for (i, name) in r.header.iter().enumerate() {
        let filled = r.column_filled.get(i).copied().unwrap_or(0);
        let roles: Vec<&str> = r
            .mapping
            .iter()
            .filter(|(_, c)| *c == name)
            .map(|(role, _)| role.as_str())
            .collect();
        writeln!(
            out,
            "    {:>3}  {name:<28} {filled:>9} filled  {}",
            i + 1,
            roles.join(", ")
        )?;
    }
    writeln!(out, "  rows read            {}", r.rows_read)?;
    writeln!(out, "  rows used            {}", r.rows_used)?;
    writeln!(out, "    without customer   {}", r.missing_customer_id)?;
    let duplicates_verb = match r.duplicates_policy {
        DuplicatesPolicy::Remove => "removed",
        DuplicatesPolicy::Keep => "kept",
    };
    writeln!(out, "  duplicates ({duplicates_verb:<7}) {}", r.duplicates)?;
    let returns_verb = if r.returns_policy == ReturnsPolicy::Net {
        "netted"
    } else {
        "excluded"
    };
    writeln!(out, "  returns ({returns_verb:<8})  {}", r.returns)?;
    writeln!(out, "  adjustments          {}", r.adjustments)?;
    if r.failed_payments > 0 {
        writeln!(out, "  failed payments      {}", r.failed_payments)?;
    }
    if r.not_won > 0 {
        writeln!(out, "  open/lost deals      {}", r.not_won)?;
    }
    for (reason, n) in &r.rejected {
        let sheet = r.workbook.as_ref().map(|wb| &wb.sheet);
        let lines: Vec<String> = r
            .rejected_lines
            .get(reason)
            .map(|ls| {
                ls.iter()
                    .map(|l| match (sheet, l.column) {
                        (Some(s), Some(c)) => s.cell_ref(l.line, c),
                        _ => l.line.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let what = if sheet.is_some() {
            "rows/cells"
        } else {
            "lines"
        };
        writeln!(
            out,
            "  rejected {reason:<20} {n}  ({what} {}…)",
            lines.join(", ")
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    for q in &r.questions {
        writeln!(out, "  question: {q}")?;
    }
    Ok(())
}

/// Read `path` through the ingest pipeline on `threads` threads (default: every core); the
/// result equals what the browser worker's [`InspectStream`](segmint_core::InspectStream)
/// gives for the same bytes.
/// Errors name the file, and the line and column where the core knows them.
fn read_file(
    path: &Path,
    options: InspectOptions,
    sheet: Option<&str>,
    threads: Option<u16>,
) -> anyhow::Result<(InspectReport, Dataset)> {
    let name = path.display().to_string();
    let mut file = File::open(path).with_context(|| format!("{name}: cannot open"))?;
    // Workbooks are recognised by their first bytes, whatever the file is called.
    let mut head = [0u8; 8];
    let n = {
        use std::io::Read;
        let mut n = 0;
        while n < head.len() {
            let k = file.read(&mut head[n..])?;
            if k == 0 {
                break;
            }
            n += k;
        }
        n
    };
    {
        use std::io::Seek;
        file.seek(std::io::SeekFrom::Start(0))?;
    }
    if workbook::container(&head[..n]).is_some() {
        let choice = sheet.map(SheetChoice::parse);
        let (report, dataset) = workbook::inspect_workbook(
            io::BufReader::new(file),
            choice.as_ref(),
            options,
            &mut |_| std::ops::ControlFlow::Continue(()),
        )
        .map_err(|e| anyhow!("{name}: {e}"))?;
        return Ok((report, dataset));
    }
    if sheet.is_some() {
        return Err(anyhow!(
            "{name}: {}",
            segmint_core::ErrorKind::SheetOfTextFile
        ));
    }
    let mut ingest = options.ingest;
    ingest.preview_records = options.preview_records;
    ingest.size_hint = file.metadata().ok().map(|m| m.len());
    // SEGMINT_SINGLE_THREAD=1 is `--threads 1` (kept for the benchmark scripts).
    // Without --threads the file is read by the measured-fastest path (load_reader: one
    // thread reads, one parses); the chunked parallel reader is opt-in until it measures
    // faster on an idle machine (on 2 cores it took 0.28 s and 2.3x the memory vs 0.23 s).
    let parallelism = match threads {
        _ if std::env::var_os("SEGMINT_SINGLE_THREAD").is_some() => Parallelism::threads(1),
        Some(n) => Parallelism::threads(usize::from(n)),
        None => {
            return load_reader(file, ingest)
                .map(|d| (InspectReport::from_dataset(&d), d))
                .map_err(|e| anyhow!("{name}: {e}"));
        }
    };
    let dataset = if parallelism.threads == 1 {
        let mut file = file;
        let mut stream = segmint_core::DatasetStream::new(ingest);
        let mut buf = vec![0u8; CHUNK];
        loop {
            use std::io::Read;
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            stream.push(&buf[..n]).map_err(|e| anyhow!("{name}: {e}"))?;
        }
        stream.finish().map_err(|e| anyhow!("{name}: {e}"))?
    } else {
        load_parallel(file, ingest, parallelism).map_err(|e| anyhow!("{name}: {e}"))?
    };
    Ok((InspectReport::from_dataset(&dataset), dataset))
}
