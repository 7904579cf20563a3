//! From scores to actions: `recommend`, `profile`, `export` (import files for email tools and
//! CRMs, with a control group) and `lift` (did the campaign work?). DESIGN §5.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::{ArgGroup, Args};
use segmint_core::Dataset;
use segmint_core::export::contacts::{CustomerEmails, EmailScan};
use segmint_core::export::control::{self, DEFAULT_SHARE};
use segmint_core::export::crm::{self, Format};
use segmint_core::lift;
use segmint_core::profile::{self, CustomerProfile, ProfileParams, Tier};
use segmint_core::recommend::{self, ItemItem, RecommendParams};
use segmint_core::roles::Role;

use crate::IngestArgs;
use crate::analyses::{customer_table, stdout, write_json};

/// `segmint recommend`.
#[derive(Args)]
pub struct RecommendArgs {
    /// The orders file.
    pub file: PathBuf,
    /// Suggestions per customer.
    #[arg(long = "top", default_value_t = 10)]
    pub top: usize,
    /// Smallest number of buyers of a product that can be suggested.
    #[arg(long, default_value_t = 5)]
    pub min_buyers: u32,
    /// Also evaluate: fit on all but the last D days, test on what customers bought in them
    /// (default 30 when given without a value).
    #[arg(long, num_args = 0..=1, default_missing_value = "30", value_name = "D")]
    pub holdout_days: Option<u32>,
    /// Instead: the products most similar to this one (bought by the same customers, or with
    /// similar descriptions when it has fewer than --min-buyers buyers).
    #[arg(long, value_name = "ID", conflicts_with_all = ["holdout_days", "out"])]
    pub similar: Option<String>,
    /// Write one JSON document to stdout.
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
    /// Write the suggestions to this CSV file (formula-safe).
    #[arg(long, value_name = "F.csv")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub ingest: IngestArgs,
}

/// `segmint recommend --similar ID`.
fn similar(a: &RecommendArgs, t: &segmint_core::Transactions, product: &str) -> anyhow::Result<()> {
    let params = RecommendParams::new().top_n(a.top).min_buyers(a.min_buyers);
    let model = ItemItem::fit(t, &params).map_err(|e| at(&a.file)(e.to_string()))?;
    let content = recommend::content_index(t);
    let found = model
        .similar(t, &content, product, a.top)
        .map_err(|e| at(&a.file)(e.to_string()))?;
    if a.json {
        return write_json(&found);
    }
    let mut out = stdout();
    let how = match found.method {
        recommend::SimilarityMethod::CoPurchase => "bought by the same customers",
        recommend::SimilarityMethod::Content => "similar descriptions (too few buyers to compare)",
    };
    writeln!(out, "{} ({} buyers): {how}", found.product_id, found.buyers)?;
    for s in &found.items {
        writeln!(
            out,
            "  {:.3}  {} {}",
            s.similarity,
            s.product_id,
            s.product_name.as_deref().unwrap_or("")
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `segmint profile`.
#[derive(Args)]
pub struct ProfileArgs {
    /// The orders file.
    pub file: PathBuf,
    /// Write one JSON document to stdout.
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
    /// Write the profiles to this CSV file (formula-safe).
    #[arg(long, value_name = "F.csv")]
    pub out: Option<PathBuf>,
    /// Clusters: this many, instead of the recommended k of 2..=10.
    #[arg(long)]
    pub k: Option<usize>,
    #[command(flatten)]
    pub ingest: IngestArgs,
}

/// `segmint export`.
#[derive(Args)]
#[command(group = ArgGroup::new("audience").required(true)
    .args(["segment", "cluster", "product", "clv_tier", "churn_tier"]))]
pub struct ExportArgs {
    /// The orders file.
    pub file: PathBuf,
    /// The customers of this RFM segment (as `segmint rfm` names it).
    #[arg(long)]
    pub segment: Option<String>,
    /// The customers of this cluster (as `segmint profile` numbers it).
    #[arg(long)]
    pub cluster: Option<u32>,
    /// The customers most likely to buy this product (its audience).
    #[arg(long, value_name = "ID")]
    pub product: Option<String>,
    /// The customers of this CLV tier: high, medium or low.
    #[arg(long, value_parser = parse_tier)]
    pub clv_tier: Option<Tier>,
    /// The customers of this churn-risk tier: high, medium or low.
    #[arg(long, value_parser = parse_tier)]
    pub churn_tier: Option<Tier>,
    /// The import format: klaviyo, mailchimp, hubspot, salesforce or shopify.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Hold out this share of the audience as a control group (default 0.1 when given
    /// without a value), written beside --out as NAME.control.csv.
    #[arg(long, num_args = 0..=1, default_missing_value = "0.1", value_name = "SHARE")]
    pub control: Option<f64>,
    /// Seed of the control group draw (same seed, same group).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The import file to write.
    #[arg(long, value_name = "F.csv")]
    pub out: PathBuf,
    /// Smallest number of buyers of a suggested product (and of --product).
    #[arg(long, default_value_t = 5)]
    pub min_buyers: u32,
    #[command(flatten)]
    pub ingest: IngestArgs,
}

/// `segmint lift`.
#[derive(Args)]
pub struct LiftArgs {
    /// The customers who got the campaign (an import file from `segmint export`, or any CSV
    /// with a customer-id or email column).
    #[arg(long, value_name = "T.csv")]
    pub treatment: PathBuf,
    /// The held-out customers (the export's NAME.control.csv).
    #[arg(long, value_name = "C.csv")]
    pub control: PathBuf,
    /// The orders since the campaign.
    #[arg(long, value_name = "NEXT.csv")]
    pub orders: PathBuf,
    /// Count orders on or after this day only.
    #[arg(long, value_parser = crate::analyses::parse_date, value_name = "YYYY-MM-DD")]
    pub since: Option<i32>,
    /// Write one JSON document to stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub ingest: IngestArgs,
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    Tier::from_name(s).ok_or_else(|| format!("expected high, medium or low, got {s:?}"))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        format!("unknown format {s:?}; use klaviyo, mailchimp, hubspot, salesforce or shopify")
    })
}

fn at(path: &Path) -> impl Fn(String) -> anyhow::Error + '_ {
    move |e| anyhow!("{}: {e}", path.display())
}

/// `segmint recommend`.
pub fn recommend(a: &RecommendArgs, dataset: &Dataset) -> anyhow::Result<()> {
    let t = customer_table(&a.file, dataset)?;
    if let Some(product) = &a.similar {
        return similar(a, t, product);
    }
    let params = RecommendParams::new()
        .top_n(a.top)
        .min_buyers(a.min_buyers)
        .holdout_days(a.holdout_days);
    let report = recommend::analyse(t, &params).map_err(|e| at(&a.file)(e.to_string()))?;
    if let Some(out) = &a.out {
        std::fs::write(out, recommend::suggestions_csv(&report).into_string())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        eprintln!(
            "{}: suggestions of {} customers",
            out.display(),
            report.customers.len()
        );
    }
    if a.json {
        return write_json(&report);
    }
    let mut out = stdout();
    if a.out.is_none() {
        writeln!(
            out,
            "{} customers, {} of {} products can be suggested (at least {} buyers); {} get \
             bestsellers only",
            report.customers.len(),
            report.candidates,
            report.items,
            report.min_buyers,
            report.bestsellers_only
        )?;
        for c in report.customers.iter().take(5) {
            let items: Vec<String> = c
                .items
                .iter()
                .map(|s| {
                    if s.bestseller {
                        format!("{} (bestseller)", s.product_id)
                    } else {
                        format!("{} ({:.3})", s.product_id, s.score)
                    }
                })
                .collect();
            writeln!(out, "  {}: {}", c.customer_id, items.join(", "))?;
        }
    }
    if let Some(e) = &report.evaluation {
        writeln!(
            out,
            "evaluation (last {} days from {}, {} customers): hit rate@{} {:.3} vs bestsellers \
             {:.3}; precision@{} {:.4} vs {:.4}",
            e.holdout_days,
            e.cutoff,
            e.customers,
            e.top_n,
            e.hit_rate,
            e.baseline_hit_rate,
            e.top_n,
            e.precision,
            e.baseline_precision
        )?;
        writeln!(out, "{}", e.summary)?;
    }
    out.flush()?;
    Ok(())
}

fn profile_params(k: Option<usize>, min_buyers: u32) -> ProfileParams {
    let mut params = ProfileParams {
        min_buyers,
        ..ProfileParams::default()
    };
    if let Some(k) = k {
        params.cluster = params.cluster.k(k);
    }
    params
}

/// `segmint profile`.
pub fn profile(a: &ProfileArgs, dataset: &Dataset) -> anyhow::Result<()> {
    let t = customer_table(&a.file, dataset)?;
    let report =
        profile::analyse(t, &profile_params(a.k, 5)).map_err(|e| at(&a.file)(e.to_string()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(out) = &a.out {
        std::fs::write(out, profile::profiles_csv(&report).into_string())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        eprintln!(
            "{}: {} customer profiles",
            out.display(),
            report.customers.len()
        );
        return Ok(());
    }
    if a.json {
        return write_json(&report);
    }
    let mut out = stdout();
    writeln!(
        out,
        "{} customers, reference date {}",
        report.customers.len(),
        report.reference_date
    )?;
    writeln!(
        out,
        "{:<12} {:>6} {:>11} {:>9} {:>11} {:>9} {:>6} {:>6} {:<20} next best",
        "customer", "orders", "revenue", "aov", "next order", "p(alive)", "churn", "clv", "segment"
    )?;
    for c in report.customers.iter().take(20) {
        let products: Vec<&str> = c
            .next_best_products
            .iter()
            .map(|s| s.product_id.as_str())
            .collect();
        writeln!(
            out,
            "{:<12} {:>6} {:>11.2} {:>9.2} {:>11} {:>9} {:>6} {:>6} {:<20} {}",
            c.customer_id,
            c.orders,
            c.revenue,
            c.average_order_value,
            c.expected_next_order_date.as_deref().unwrap_or("-"),
            c.p_alive.map_or("-".into(), |p| format!("{p:.3}")),
            c.churn_tier.map_or("-", Tier::name),
            c.clv_tier.map_or("-", Tier::name),
            c.segment,
            products.join(", ")
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The emails of the file behind `dataset`: `None` when it maps no email column.
fn emails(path: &Path, dataset: &Dataset) -> anyhow::Result<Option<CustomerEmails>> {
    let (Some(email), Some(customer)) = (
        dataset.mapping.column(Role::Email),
        dataset.mapping.column(Role::CustomerId),
    ) else {
        return Ok(None);
    };
    if email == customer {
        return Ok(Some(CustomerEmails::from_ids()));
    }
    let mut scan = EmailScan::new(dataset).expect("email and customer id mapped apart");
    let mut file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        scan.push(&buf[..n]).map_err(|e| at(path)(e.to_string()))?;
    }
    Ok(Some(scan.finish().map_err(|e| at(path)(e.to_string()))?))
}

/// Where the control group of `out` goes: `NAME.control.csv` beside it.
pub fn control_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.control.csv"))
}

/// `segmint export`.
pub fn export(a: &ExportArgs, dataset: &Dataset) -> anyhow::Result<()> {
    let t = customer_table(&a.file, dataset)?;
    if let Some(share) = a.control
        && !(0.0..1.0).contains(&share)
    {
        bail!("--control {share}: the share held out must be at least 0 and below 1, e.g. 0.1");
    }
    let emails = emails(&a.file, dataset)?;
    if a.format.needs_email() && emails.is_none() {
        // Fail before the analyses run.
        crm::write(a.format, &[], None).map_err(|e| at(&a.file)(e.to_string()))?;
    }
    let report = profile::analyse(t, &profile_params(None, a.min_buyers))
        .map_err(|e| at(&a.file)(e.to_string()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let audience: Vec<&CustomerProfile> = if let Some(product) = &a.product {
        let model = ItemItem::fit(t, &RecommendParams::new().min_buyers(a.min_buyers))
            .map_err(|e| at(&a.file)(e.to_string()))?;
        let audience = model
            .audience(t, product, None)
            .map_err(|e| at(&a.file)(e.to_string()))?;
        audience
            .customers
            .iter()
            .filter_map(|m| report.customer(&m.customer_id))
            .collect()
    } else {
        report
            .customers
            .iter()
            .filter(|c| {
                a.segment
                    .as_ref()
                    .is_none_or(|s| c.segment.eq_ignore_ascii_case(s))
                    && a.cluster.is_none_or(|k| c.cluster == Some(k))
                    && a.clv_tier.is_none_or(|tier| c.clv_tier == Some(tier))
                    && a.churn_tier.is_none_or(|tier| c.churn_tier == Some(tier))
            })
            .collect()
    };
    if audience.is_empty() {
        if let Some(s) = &a.segment {
            let mut names: Vec<&str> = report
                .customers
                .iter()
                .map(|c| c.segment.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            bail!(
                "{}: no customer is in segment {s:?}; the segments are: {}",
                a.file.display(),
                names.join(", ")
            );
        }
        bail!("{}: no customer is in that audience", a.file.display());
    }
    let ids: Vec<&str> = audience.iter().map(|c| c.customer_id.as_str()).collect();
    let split =
        control::split(&ids, a.control.unwrap_or(0.0), a.seed).expect("share checked above");
    let pick = |idx: &[usize]| idx.iter().map(|&i| audience[i]).collect::<Vec<_>>();
    let write = |path: &Path, members: &[&CustomerProfile]| -> anyhow::Result<usize> {
        let file = crm::write(a.format, members, emails.as_ref())
            .map_err(|e| at(&a.file)(e.to_string()))?;
        for w in &file.warnings {
            eprintln!("warning: {w}");
        }
        std::fs::write(path, file.csv.into_string())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        Ok(file.rows)
    };
    let rows = write(&a.out, &pick(&split.treatment))?;
    eprintln!(
        "{}: {rows} contacts for {} (audience of {} customers)",
        a.out.display(),
        a.format.tool(),
        audience.len()
    );
    if a.control.is_some() {
        let path = control_path(&a.out);
        let held = write(&path, &pick(&split.control))?;
        eprintln!(
            "{}: control group of {held} customers, held out of the campaign (seed {}, share {}); \
             keep it for `segmint lift --control`",
            path.display(),
            a.seed,
            a.control.unwrap_or(DEFAULT_SHARE)
        );
    }
    Ok(())
}

/// `segmint lift`.
pub fn lift(a: &LiftArgs) -> anyhow::Result<()> {
    let group = |path: &Path| -> anyhow::Result<lift::Group> {
        let bytes =
            std::fs::read(path).with_context(|| format!("{}: cannot open", path.display()))?;
        lift::read_group(&bytes, &path.display().to_string()).map_err(|e| anyhow!("{e}"))
    };
    let (treatment, control) = (group(&a.treatment)?, group(&a.control)?);
    let dataset = crate::load(&a.orders, &a.ingest)?;
    let t = customer_table(&a.orders, &dataset)?;
    let emails = if treatment.key == lift::Key::Email || control.key == lift::Key::Email {
        emails(&a.orders, &dataset)?
    } else {
        None
    };
    let report = lift::analyse(&treatment, &control, t, emails.as_ref(), a.since)
        .map_err(|e| anyhow!("{e}"))?;
    if a.json {
        return write_json(&report);
    }
    let mut out = stdout();
    for line in &report.summary {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
