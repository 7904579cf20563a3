//! The analysis subcommands: `rfm`, `cluster`, `basket`, `clv`, `cohort`, `summary`. Each reads the file through the same
//! ingest pipeline as `inspect`, runs one `segmint-core` analysis, and writes JSON (docs/definitions.md §5
//! keys), a CSV, or a short text summary.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::{ControlFlow, RangeInclusive};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use segmint_core::basket::{self, BasketParams, MinSupport, Stop};
use segmint_core::cluster::{
    self, ClusterParams, ColumnChoice, Covariance, CustomerColumns, GmmOptions, Transform,
};
use segmint_core::clv::{self, ClvOptions, TimeUnit};
use segmint_core::cohort::{self, CohortOptions};
use segmint_core::ingest::workbook::{SheetChoice, sheet_as_csv};
use segmint_core::overview::{self, KeyNumber, OverviewOptions};
use segmint_core::rfm::{self, RfmParams, Scoring, SegmentRules};
use segmint_core::table::checked_days_from_civil;
use segmint_core::{Dataset, Transactions};

/// Parse `YYYY-MM-DD` into a day number.
pub fn parse_date(s: &str) -> Result<i32, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || format!("{s:?} is not a date; write it as YYYY-MM-DD");
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    checked_days_from_civil(y, m, d).ok_or_else(bad)
}

/// `--time-unit`.
pub fn parse_time_unit(s: &str) -> Result<TimeUnit, String> {
    match s {
        "day" | "days" => Ok(TimeUnit::Day),
        "week" | "weeks" => Ok(TimeUnit::Week),
        "calendar_week" | "calendar-week" => Ok(TimeUnit::CalendarWeek),
        _ => Err(format!("expected day, week or calendar_week, got {s:?}")),
    }
}

/// `--preset` of the segment rules.
pub fn parse_rules(s: &str) -> Result<SegmentRules, String> {
    SegmentRules::preset(s)
        .ok_or_else(|| format!("unknown segment preset {s:?}; use rfm-10, rf-grid or three-level"))
}

/// `--scoring`.
pub fn parse_scoring(s: &str) -> Result<Scoring, String> {
    match s {
        "ties-equal" | "default" => Ok(Scoring::TiesEqual),
        "equal-size" | "quantiles" => Ok(Scoring::EqualSize),
        _ => Err(format!("expected ties-equal or equal-size, got {s:?}")),
    }
}

pub(crate) fn customer_table<'a>(
    path: &Path,
    dataset: &'a Dataset,
) -> anyhow::Result<&'a Transactions> {
    dataset
        .customer_transactions()
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

pub(crate) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

pub(crate) fn write_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// What `segmint rfm` was asked for.
pub struct RfmRequest<'a> {
    pub json: bool,
    pub out: Option<&'a Path>,
    pub params: RfmParams,
}

/// `segmint rfm`.
pub fn rfm(path: &Path, dataset: &Dataset, request: RfmRequest<'_>) -> anyhow::Result<()> {
    let t = customer_table(path, dataset)?;
    let report =
        rfm::analyse(t, &request.params).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(out_path) = request.out {
        let csv = rfm::members_csv(&report, None).into_string();
        std::fs::write(out_path, csv)
            .with_context(|| format!("{}: cannot write", out_path.display()))?;
    }
    if request.json {
        return write_json(&report);
    }
    if request.out.is_some() {
        return Ok(());
    }
    let mut out = stdout();
    writeln!(
        out,
        "reference date {}  ({} customers)",
        report.reference_date,
        report.customers.len()
    )?;
    writeln!(
        out,
        "{:<22} {:>9} {:>7} {:>14} {:>7}",
        "segment", "customers", "share", "revenue", "rev %"
    )?;
    for s in &report.segments {
        writeln!(
            out,
            "{:<22} {:>9} {:>6.1}% {:>14.2} {:>6.1}%",
            s.name,
            s.customers,
            s.share * 100.0,
            s.revenue,
            s.revenue_share * 100.0
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `segmint clv`.
pub fn clv(path: &Path, dataset: &Dataset, options: &ClvOptions, json: bool) -> anyhow::Result<()> {
    let t = customer_table(path, dataset)?;
    // The bootstrap takes a moment on big files: say how far it is, on a terminal only.
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: u64, total: u64| {
        if terminal && total > 1 {
            eprint!("\rintervals: {} of {} resamples", done - 1, total - 1);
            if done == total {
                eprintln!();
            }
        }
        ControlFlow::Continue(())
    };
    let report = clv::analyse_with_progress(t, options, &mut progress)
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {}", w.message);
    }
    if json {
        return write_json(&report);
    }
    let mut out = stdout();
    let m = &report.model;
    let g = &report.gamma_gamma;
    writeln!(
        out,
        "observation end {}, time unit {:?}",
        report.observation_end, report.time_unit
    )?;
    let fit = |f: &clv::FitInfo| {
        format!(
            "log-likelihood {:.4}, {} iterations, {}",
            f.log_likelihood,
            f.iterations,
            if f.converged {
                "converged"
            } else {
                "NOT converged"
            }
        )
    };
    writeln!(
        out,
        "BG/NBD      r = {:.4}  alpha = {:.4}  a = {:.4}  b = {:.4}  ({})",
        m.r,
        m.alpha,
        m.a,
        m.b,
        fit(&report.model_fit)
    )?;
    writeln!(
        out,
        "Gamma-Gamma p = {:.4}  q = {:.4}  v = {:.4}  ({})",
        g.p,
        g.q,
        g.v,
        fit(&report.gamma_gamma_fit)
    )?;
    if let Some(i) = &report.intervals {
        let r = |i: clv::Interval| format!("{:.4}..{:.4}", i.low, i.high);
        writeln!(
            out,
            "90% intervals ({} of {} resamples fitted, seed {}):",
            i.fitted, i.resamples, i.seed
        )?;
        writeln!(
            out,
            "  r {}  alpha {}  a {}  b {}",
            r(i.model.r),
            r(i.model.alpha),
            r(i.model.a),
            r(i.model.b)
        )?;
        writeln!(
            out,
            "  p {}  q {}  v {}",
            r(i.gamma_gamma.p),
            r(i.gamma_gamma.q),
            r(i.gamma_gamma.v)
        )?;
    }
    writeln!(out, "note: {}", report.recency_definition)?;
    let mut top: Vec<_> = report.customers.iter().collect();
    top.sort_by(|a, b| b.clv.total_cmp(&a.clv));
    writeln!(
        out,
        "{:<16} {:>9} {:>10} {:>12} {:>25}",
        "top customers", "P(alive)", "purchases", "CLV", "CLV 90% interval"
    )?;
    for c in top.iter().take(10) {
        let interval = c
            .clv_interval
            .map_or(String::new(), |i| format!("{:.2}..{:.2}", i.low, i.high));
        writeln!(
            out,
            "{:<16} {:>9.3} {:>10.2} {:>12.2} {:>25}",
            c.customer_id, c.p_alive, c.expected_purchases, c.clv, interval
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `segmint cohort`.
pub fn cohort(path: &Path, dataset: &Dataset, json: bool) -> anyhow::Result<()> {
    let t = customer_table(path, dataset)?;
    let report = cohort::analyse(t, &CohortOptions::new())
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    if json {
        return write_json(&report);
    }
    let mut out = stdout();
    writeln!(
        out,
        "cohort   size  retention by month since first purchase (%; * = incomplete)"
    )?;
    for c in &report.cohorts {
        let cells: Vec<String> = c
            .cells
            .iter()
            .map(|cell| {
                format!(
                    "{:5.1}{}",
                    cell.share * 100.0,
                    if cell.complete { ' ' } else { '*' }
                )
            })
            .collect();
        writeln!(out, "{} {:>6}  {}", c.cohort, c.size, cells.join(""))?;
    }
    out.flush()?;
    Ok(())
}

/// `segmint summary`.
pub fn summary(path: &Path, dataset: &Dataset, json: bool) -> anyhow::Result<()> {
    let t = customer_table(path, dataset)?;
    let report = overview::analyse(t, &OverviewOptions::default())
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    if json {
        return write_json(&report);
    }
    let mut out = stdout();
    writeln!(out, "{} to {}", report.first_date, report.last_date)?;
    match &report.comparison {
        Some(c) => writeln!(
            out,
            "change: the last {} days ({} to {}) against the {} days before ({} to {})",
            c.days, c.current_start, c.current_end, c.days, c.previous_start, c.previous_end
        )?,
        None => writeln!(out, "change: the file covers less than twice 30 days")?,
    }
    let change = |k: &KeyNumber| {
        k.change
            .map_or_else(|| "-".to_owned(), |c| format!("{:+.1}%", c * 100.0))
    };
    for (name, key, decimals) in [
        ("customers", &report.customers, 0),
        ("orders", &report.orders, 0),
        ("revenue", &report.revenue, 2),
        ("average order value", &report.average_order_value, 2),
        ("revenue at risk", &report.revenue_at_risk, 2),
    ] {
        writeln!(
            out,
            "{name:<22}{:>16.decimals$}  {:>8}",
            key.value,
            change(key)
        )?;
    }
    writeln!(
        out,
        "{:<22}{:>15.1}%  {:>8}",
        "repeat customers",
        report.repeat_rate.value * 100.0,
        change(&report.repeat_rate)
    )?;
    writeln!(out, "\nmonth        revenue  customers  orders")?;
    for m in &report.months {
        let mark = if m.complete { ' ' } else { '*' };
        writeln!(
            out,
            "{}{mark} {:>12.2} {:>10} {:>7}",
            m.month, m.revenue, m.customers, m.orders
        )?;
    }
    writeln!(out, "\nsegment              customers  revenue share")?;
    for s in &report.segments {
        writeln!(
            out,
            "{:<20} {:>9} {:>13.1}%",
            s.name,
            s.customers,
            s.revenue_share * 100.0
        )?;
    }
    writeln!(out, "\nproduct          revenue  orders  name")?;
    for p in &report.top_products {
        writeln!(
            out,
            "{:<12} {:>11.2} {:>7}  {}",
            p.product_id,
            p.revenue,
            p.orders,
            p.name.as_deref().unwrap_or("")
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `--min-support`: a fraction below 1 (`0.01`), or a whole number of baskets (`25`).
pub fn parse_min_support(s: &str) -> Result<MinSupport, String> {
    let bad =
        || format!("{s:?} is not a support; give a fraction like 0.01 or a basket count like 25");
    let v: f64 = s.parse().map_err(|_| bad())?;
    if v > 0.0 && v < 1.0 {
        Ok(MinSupport::Fraction(v))
    } else if v >= 1.0 && v.fract() == 0.0 {
        Ok(MinSupport::Count(v as u64))
    } else {
        Err(bad())
    }
}

/// `segmint basket`. Mining stops with a clear message once `time_limit` has passed.
pub fn basket(
    path: &Path,
    dataset: &Dataset,
    params: &BasketParams,
    time_limit: Duration,
    json: bool,
) -> anyhow::Result<()> {
    let t = dataset
        .basket_transactions()
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let start = Instant::now();
    let mut out_of_time = |_done: u64| {
        if start.elapsed() > time_limit {
            ControlFlow::Break(Stop::OutOfTime)
        } else {
            ControlFlow::Continue(())
        }
    };
    let report = basket::analyse(t, params, &mut out_of_time)
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if json {
        return write_json(&report);
    }
    let mut out = stdout();
    writeln!(
        out,
        "{} baskets, {} frequent itemsets (support >= {} baskets), {} rules",
        report.transactions,
        report.itemsets.len(),
        report.min_count,
        report.rules.len()
    )?;
    let mut rules: Vec<_> = report.rules.iter().collect();
    rules.sort_by(|a, b| b.metrics.lift.total_cmp(&a.metrics.lift));
    writeln!(
        out,
        "{:>7} {:>7} {:>6}  rule (top 15 by lift)",
        "support", "conf", "lift"
    )?;
    for r in rules.iter().take(15) {
        writeln!(
            out,
            "{:>7.4} {:>7.3} {:>6.2}  {} -> {}",
            r.metrics.support,
            r.metrics.confidence,
            r.metrics.lift,
            r.antecedent.join(" + "),
            r.consequent.join(" + ")
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `--k-range A..B` (inclusive, as in docs/definitions.md §5).
pub fn parse_k_range(s: &str) -> Result<RangeInclusive<usize>, String> {
    let bad = || format!("{s:?} is not a range of cluster counts; write it like 2..10");
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let b = b.strip_prefix('=').unwrap_or(b);
    let (a, b): (usize, usize) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a > b {
        return Err(bad());
    }
    Ok(a..=b)
}

/// `--method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodName {
    /// k-means.
    KMeans,
    /// DBSCAN.
    Dbscan,
    /// Gaussian mixture.
    Gmm,
}

/// `--method kmeans|dbscan|gmm`.
pub fn parse_method(s: &str) -> Result<MethodName, String> {
    match s {
        "kmeans" | "k-means" => Ok(MethodName::KMeans),
        "dbscan" => Ok(MethodName::Dbscan),
        "gmm" | "gaussian-mixture" => Ok(MethodName::Gmm),
        _ => Err(format!("expected kmeans, dbscan or gmm, got {s:?}")),
    }
}

/// `--transform FEATURE=STEPS`: `tenure_days=log1p,zscore`, `points=minmax`, `x=none`.
pub fn parse_transform(s: &str) -> Result<(String, Vec<Transform>), String> {
    let (name, steps) = s.split_once('=').ok_or_else(|| {
        format!("{s:?} needs the form FEATURE=STEPS, e.g. tenure_days=log1p,zscore")
    })?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{s:?} names no feature before '='"));
    }
    // The app reads a feature's steps with the same function, so both accept and refuse the
    // same text with the same words.
    let steps = Transform::parse_steps(steps).map_err(|e| e.to_string())?;
    Ok((name.to_owned(), steps))
}

/// `--covariance full|diag`.
pub fn parse_covariance(s: &str) -> Result<Covariance, String> {
    match s {
        "full" => Ok(Covariance::Full),
        "diag" | "diagonal" => Ok(Covariance::Diag),
        _ => Err(format!("expected full or diag, got {s:?}")),
    }
}

/// The command-line options of `segmint cluster`, before they are checked together.
pub struct ClusterArgs {
    /// `--method`.
    pub method: MethodName,
    /// `--k`.
    pub k: Option<usize>,
    /// `--k-range`.
    pub k_range: Option<RangeInclusive<usize>>,
    /// `--seed`.
    pub seed: u64,
    /// `--n-init`.
    pub n_init: Option<usize>,
    /// `--eps`.
    pub eps: Option<f64>,
    /// `--min-samples`.
    pub min_samples: Option<usize>,
    /// `--covariance`.
    pub covariance: Option<Covariance>,
    /// `--reg-covar`.
    pub reg_covar: Option<f64>,
}

/// The clustering parameters of the options, or a message naming the option that does not fit
/// the method and what to write instead.
pub fn cluster_params(a: ClusterArgs) -> anyhow::Result<ClusterParams> {
    let name = match a.method {
        MethodName::KMeans => "kmeans",
        MethodName::Dbscan => "dbscan",
        MethodName::Gmm => "gmm",
    };
    let only = |given: bool, option: &str, methods: &str| {
        if given {
            Err(anyhow!(
                "{option} applies to --method {methods} only, not --method {name}"
            ))
        } else {
            Ok(())
        }
    };
    let mut params = ClusterParams::new().seed(a.seed);
    if a.method == MethodName::Dbscan {
        if a.k.is_some() || a.k_range.is_some() {
            return Err(anyhow!(
                "--k and --k-range do not apply to --method dbscan: DBSCAN finds the number of \
                 clusters itself from --eps and --min-samples"
            ));
        }
        only(a.n_init.is_some(), "--n-init", "kmeans or gmm")?;
        only(a.covariance.is_some(), "--covariance", "gmm")?;
        only(a.reg_covar.is_some(), "--reg-covar", "gmm")?;
        let eps = a.eps.ok_or_else(|| {
            anyhow!(
                "--method dbscan needs --eps R, the neighbourhood radius in the scaled features \
                 (z-scores after log1p), e.g. --eps 0.3"
            )
        })?;
        return Ok(params.dbscan(eps, a.min_samples.unwrap_or(5)));
    }
    only(a.eps.is_some(), "--eps", "dbscan")?;
    only(a.min_samples.is_some(), "--min-samples", "dbscan")?;
    params = match (a.k, a.k_range) {
        (Some(k), _) => params.k(k),
        (None, Some(range)) => params.k_range(range),
        (None, None) => {
            return Err(anyhow!(
                "--method {name} needs the number of clusters: --k N, or --k-range A..B to \
                 compare several and get a recommendation"
            ));
        }
    };
    match a.method {
        MethodName::KMeans => {
            only(a.covariance.is_some(), "--covariance", "gmm")?;
            only(a.reg_covar.is_some(), "--reg-covar", "gmm")?;
            if let Some(n) = a.n_init {
                params = params.n_init(n);
            }
        }
        MethodName::Gmm => {
            let defaults = GmmOptions::default();
            params = params.gmm(GmmOptions {
                covariance: a.covariance.unwrap_or(defaults.covariance),
                n_init: a.n_init.unwrap_or(defaults.n_init),
                reg_covar: a.reg_covar.unwrap_or(defaults.reg_covar),
                ..defaults
            });
        }
        MethodName::Dbscan => unreachable!("handled above"),
    }
    // Bad values (k = 0, n_init = 0, eps <= 0, …) are named before the file is read.
    params.check().map_err(|e| anyhow!("{e}"))?;
    Ok(params)
}

/// The options of `segmint cluster` that add features: `--customer-columns` and its
/// companions, and `--transform`.
pub struct ColumnsArgs {
    /// `--customer-columns`.
    pub file: Option<PathBuf>,
    /// `--columns`.
    pub columns: Option<Vec<String>>,
    /// `--id-column`.
    pub id_column: Option<String>,
    /// `--columns-sheet`, when `file` is a workbook.
    pub sheet: Option<String>,
    /// `--transform`, in order given.
    pub transforms: Vec<(String, Vec<Transform>)>,
}

/// `params` with the features of `extra`: the transforms of the RFM features replaced where
/// `--transform` names them, and the customer columns added; the warnings to print.
fn with_columns(
    t: &Transactions,
    mut params: ClusterParams,
    extra: &ColumnsArgs,
) -> anyhow::Result<(ClusterParams, Vec<String>)> {
    let mut column_transforms = BTreeMap::new();
    for (name, steps) in &extra.transforms {
        match params.features.iter_mut().find(|f| &f.name == name) {
            Some(f) => f.transforms = steps.clone(),
            None if extra.file.is_some() => {
                column_transforms.insert(name.clone(), steps.clone());
            }
            None => {
                return Err(anyhow!(
                    "--transform names {name:?}, which is not a feature; the features are \
                     recency_days, frequency and monetary, plus the columns of \
                     --customer-columns FILE"
                ));
            }
        }
    }
    let Some(path) = &extra.file else {
        return Ok((params, Vec::new()));
    };
    let mut bytes =
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let shown = path.display().to_string();
    if segmint_core::ingest::workbook::container(&bytes).is_some() {
        let choice = extra.sheet.as_deref().map(SheetChoice::parse);
        let (text, _) = sheet_as_csv(std::io::Cursor::new(bytes), choice.as_ref())
            .map_err(|e| anyhow!("{shown}: {e}"))?;
        bytes = text;
    } else if extra.sheet.is_some() {
        return Err(anyhow!(
            "{shown}: {}",
            segmint_core::ErrorKind::SheetOfTextFile
        ));
    }
    let columns = CustomerColumns::read(&bytes, extra.id_column.as_deref())
        .map_err(|e| anyhow!("{shown}: {e}"))?;
    let choice = ColumnChoice {
        columns: extra.columns.clone(),
        transforms: column_transforms,
    };
    let (features, mut warnings) = columns
        .features(&shown, &choice)
        .map_err(|e| anyhow!("{shown}: {e}"))?;
    warnings.extend(columns.coverage(t).warning(&shown));
    for f in features {
        if params.features.iter().any(|g| g.name == f.name) {
            return Err(anyhow!(
                "{shown}: column {:?} has the name of an RFM feature; rename it in the file",
                f.name
            ));
        }
        params = params.feature(f);
    }
    Ok((params, warnings))
}

/// `segmint cluster`.
pub fn cluster(
    path: &Path,
    dataset: &Dataset,
    params: ClusterParams,
    extra: &ColumnsArgs,
    json: bool,
) -> anyhow::Result<()> {
    let t = customer_table(path, dataset)?;
    let (params, warnings) = with_columns(t, params, extra)?;
    let report = cluster::analyse(t, &params).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    for w in warnings.iter().chain(&report.warnings) {
        eprintln!("warning: {w}");
    }
    if json {
        return write_json(&report);
    }
    let mut out = stdout();
    let show =
        |v: Option<f64>, digits: usize| v.map_or("-".to_owned(), |v| format!("{v:.digits$}"));
    if report.sweep.len() > 1 {
        let gmm = report.gmm.is_some();
        write!(
            out,
            "{:>3} {:>12} {:>10} {:>14} {:>17}",
            "k", "inertia", "silhouette", "davies_bouldin", "calinski_harabasz"
        )?;
        if gmm {
            write!(out, " {:>12} {:>12} {:>14}", "bic", "aic", "log_likelihood")?;
        }
        writeln!(out)?;
        for row in &report.sweep {
            write!(
                out,
                "{:>3} {:>12.3} {:>10} {:>14} {:>17}",
                row.k,
                row.inertia,
                show(row.silhouette, 4),
                show(row.davies_bouldin, 4),
                show(row.calinski_harabasz, 1)
            )?;
            if gmm {
                write!(
                    out,
                    " {:>12} {:>12} {:>14}",
                    show(row.bic, 1),
                    show(row.aic, 1),
                    show(row.log_likelihood, 4)
                )?;
            }
            writeln!(out)?;
        }
        writeln!(
            out,
            "recommended k = {}: {}",
            report.recommendation.k, report.recommendation.reason
        )?;
    }
    if let Some(d) = &report.dbscan {
        writeln!(out, "{}", report.recommendation.reason)?;
        writeln!(
            out,
            "clusters = {}, noise = {}, core customers = {}, silhouette {} (clustered customers only)",
            d.clusters,
            d.noise,
            d.core_points,
            show(report.silhouette, 4)
        )?;
    } else if let Some(g) = &report.gmm {
        writeln!(
            out,
            "k = {}, {} covariance, BIC {:.1}, AIC {:.1}, mean log-likelihood {:.4} per customer, {} parameters",
            report.k,
            g.covariance.name(),
            g.bic,
            g.aic,
            g.log_likelihood,
            g.n_parameters
        )?;
    } else {
        writeln!(out, "k = {}, inertia {:.3}", report.k, report.inertia)?;
    }
    for p in &report.profiles {
        write!(
            out,
            "  cluster {}: {:<36} {:>6} customers ({:>4.1}%), revenue {:>5.1}%, median R {:.0} d, F {:.0}, M {:.2}",
            p.cluster,
            p.name,
            p.customers,
            p.share * 100.0,
            p.revenue_share * 100.0,
            p.median_recency_days,
            p.median_frequency,
            p.median_monetary
        )?;
        // The medians of the added columns (the first three features are R, F, M).
        for (name, median) in report.features.iter().zip(&p.feature_medians).skip(3) {
            write!(out, ", {name} {median:.2}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
