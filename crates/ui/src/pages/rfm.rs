use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, MigrationHeatmapView, RfHeatmapView, SegmentBarsView};
use segmint_core::export::Cell;
use segmint_core::rfm::{self, Migration, RfmReport, SegmentRules, ThresholdRow};
use segmint_core::table::checked_days_from_civil;

use super::when_ready;
use crate::components::{ChartFigure, RulesEditor};
use crate::download::{Csv, file_name};
use crate::store::Store;
use segmint_web::format::{count, money, opt, percent};

/// The segment rule presets offered.
pub(crate) const PRESETS: [(&str, &str); 3] = [
    ("rfm-10", "10 segments (R rfm package)"),
    ("rf-grid", "Recency × frequency grid"),
    ("three-level", "Three levels"),
];

/// RFM scores and segments: the choices, the segment table, the thresholds, two charts.
#[component]
pub(crate) fn RfmPage(store: Store) -> impl IntoView {
    let controls = view! {
        <div class="controls" data-testid="rfm-controls">
            <label>"Segments "
                <select data-testid="preset-select"
                    prop:value=move || store.preset.get()
                    on:change=move |ev| {
                        store.custom_rules.set(None);
                        store.preset.set(event_target_value(&ev));
                    }>
                    {PRESETS.iter().map(|(id, label)| view! {
                        <option value=*id selected=move || store.preset.get() == *id>{*label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Scores per metric "
                <select data-testid="bins-select"
                    prop:value=move || store.bins.get().to_string()
                    on:change=move |ev| {
                        if let Ok(b) = event_target_value(&ev).parse() {
                            store.bins.set(b);
                        }
                    }>
                    {(3u8..=10).map(|b| view! {
                        <option value=b.to_string() selected=move || store.bins.get() == b>{b.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    };
    // The editor starts again from the preset when the preset changes or on "Reset"; applying
    // the user's own rules does not rebuild it (the focus stays where it was).
    let resets = RwSignal::new(0u32);
    let editor = move || {
        let preset = store.preset.get();
        resets.track();
        let base = store.custom_rules.get_untracked().unwrap_or_else(|| {
            SegmentRules::preset(&preset).unwrap_or_else(SegmentRules::rfm_package)
        });
        view! {
            <RulesEditor base
                on_apply=move |rules| store.custom_rules.set(Some(rules))
                on_reset=move || {
                    store.custom_rules.set(None);
                    resets.update(|n| *n += 1);
                } />
        }
    };
    view! {
        <section class="rfm" data-testid="rfm">
            <h2>"RFM & segments"</h2>
            {controls}
            <details class="rules" data-testid="rules-details">
                <summary>"Edit the segment rules"</summary>
                {editor}
            </details>
            {move || store.custom_rules.with(Option::is_some).then(|| view! {
                <p class="note" data-testid="custom-rules-note" role="note">
                    "Segments below follow your own rules, not the preset's."
                </p>
            })}
            {when_ready(move || store.rfm.get(), "RFM scores", "rfm", move |report| {
                let source = store.file_name.get_untracked();
                view! { <RfmResult report source store /> }
            })}
        </section>
    }
}

#[component]
fn RfmResult(report: Arc<RfmReport>, source: String, store: Store) -> impl IntoView {
    let total = report.customers.len() as u64;
    let heatmap = RfHeatmapView::from_report(&report);
    let bars = SegmentBarsView::from_report(&report);
    let segments_report = report.clone();
    let on_segments_csv = {
        let (report, name) = (report.clone(), file_name(&source, "segments", "csv"));
        move |_| segments_csv(&report).download(&name)
    };
    let on_customers_csv = {
        let (report, name) = (report.clone(), file_name(&source, "rfm-customers", "csv"));
        move |_| members_csv(&report, None).download(&name)
    };
    let on_thresholds_csv = {
        let (report, name) = (report.clone(), file_name(&source, "rfm-thresholds", "csv"));
        move |_| thresholds_csv(&report).download(&name)
    };
    let bins = report.bins;
    view! {
        <p>
            "Reference date " <strong data-testid="rfm-reference-date">{report.reference_date.clone()}</strong>
            ", " <strong data-testid="rfm-customers">{count(total)}</strong> " customers scored 1–"
            {bins.to_string()} " on recency, frequency and monetary value (higher is better)."
        </p>
        {(!report.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="rfm-warnings">
                {report.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        })}
        <div class="scroll">
        <table class="data" data-testid="segment-table">
            <caption>"Segments"</caption>
            <thead><tr>
                <th scope="col">"Segment"</th><th scope="col">"Who they are"</th>
                <th scope="col">"What to do"</th><th scope="col">"Customers"</th>
                <th scope="col">"Share"</th><th scope="col">"Revenue"</th>
                <th scope="col">"Revenue share"</th><th scope="col">"Median recency (days)"</th>
                <th scope="col">"Members"</th>
            </tr></thead>
            <tbody>
                {segments_report.segments.iter().map(|s| {
                    let name = s.name.clone();
                    let report = segments_report.clone();
                    let file = file_name(&source, &format!("segment-{name}"), "csv");
                    let on_members = move |_| members_csv(&report, Some(&name)).download(&file);
                    view! {
                        <tr data-testid="segment-row">
                            <th scope="row" data-testid="segment-name">{s.name.clone()}</th>
                            <td>{s.description.clone()}</td>
                            <td>{s.action.clone()}</td>
                            <td class="num" data-testid="segment-customers">{count(s.customers)}</td>
                            <td class="num">{percent(s.share)}</td>
                            <td class="num">{money(s.revenue)}</td>
                            <td class="num">{percent(s.revenue_share)}</td>
                            <td class="num">{opt(s.median_recency_days, |v| format!("{v:.0}"))}</td>
                            <td><button class="small" data-testid="segment-members-csv"
                                aria-label=format!("Download the members of {} as CSV", s.name)
                                on:click=on_members>"CSV"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <div class="exports">
            <button data-testid="segments-csv" on:click=on_segments_csv>"Segments as CSV"</button>
            <button data-testid="rfm-customers-csv" on:click=on_customers_csv>"All scored customers as CSV"</button>
        </div>
        <ChartFigure chart=Chart::RfHeatmap(heatmap.clone()) title="Customers by recency and frequency score".into()
            testid="rf-heatmap" file_stem=source.clone() csv=rf_grid_csv(&heatmap)>
            <table class="data" data-testid="rf-heatmap-table">
                <caption>"Customers per recency score (rows) and frequency score (columns)"</caption>
                <thead><tr><th scope="col">"R \\ F"</th>
                    {(1..=bins).map(|f| view! { <th scope="col">{f.to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {heatmap.counts.iter().enumerate().rev().map(|(r, row)| view! {
                        <tr><th scope="row">{(r + 1).to_string()}</th>
                            {row.iter().map(|c| view! { <td class="num">{count(*c)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        <ChartFigure chart=Chart::SegmentBars(bars.clone()) title="Customers per segment".into()
            testid="segment-bars" file_stem=source.clone()>
            <table class="data">
                <thead><tr><th scope="col">"Segment"</th><th scope="col">"Customers"</th></tr></thead>
                <tbody>
                    {bars.names.iter().zip(&bars.customers).map(|(n, c)| view! {
                        <tr><th scope="row">{n.clone()}</th><td class="num">{count(*c)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        {report.migration.clone().map(|m| view! { <MigrationView migration=m source=source.clone() store /> })}
        <h3>"Score thresholds"</h3>
        <div class="scroll">
        <table class="data" data-testid="rfm-thresholds">
            <caption>"The values behind each score"</caption>
            <thead><tr>
                <th scope="col">"Metric"</th><th scope="col">"Score"</th>
                <th scope="col">"Customers"</th><th scope="col">"From"</th><th scope="col">"To"</th>
            </tr></thead>
            <tbody>
                {threshold_rows(&report).into_iter().map(|(metric, row)| view! {
                    <tr>
                        <th scope="row">{metric}</th>
                        <td class="num">{row.score.to_string()}</td>
                        <td class="num">{count(row.customers)}</td>
                        <td class="num">{opt(row.min, trim_number)}</td>
                        <td class="num">{opt(row.max, trim_number)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <div class="exports">
            <button data-testid="thresholds-csv" on:click=on_thresholds_csv>"Thresholds as CSV"</button>
        </div>
    }
}

/// How customers moved between segments from an earlier date to the reference date, with a
/// control for the earlier date.
#[component]
fn MigrationView(migration: Migration, source: String, store: Store) -> impl IntoView {
    let view_data = MigrationHeatmapView::from_migration(&migration);
    let date = RwSignal::new(migration.from_date.clone());
    let problem = RwSignal::new(None::<String>);
    let compare = move |_| match parse_date(&date.get_untracked()) {
        Some(day) => {
            problem.set(None);
            store.migration_from.set(Some(day));
        }
        None => problem.set(Some(format!(
            "“{}” is not a date; write it as YYYY-MM-DD.",
            date.get_untracked()
        ))),
    };
    let csv = migration_csv(&migration);
    let stayed: u64 = (0..view_data.columns.len())
        .map(|i| {
            view_data
                .counts
                .get(i)
                .and_then(|r| r.get(i))
                .copied()
                .unwrap_or(0)
        })
        .sum();
    let new = view_data.counts.last().map_or(0, |r| r.iter().sum::<u64>());
    let total: u64 = view_data.counts.iter().flatten().sum();
    view! {
        <section class="migration" data-testid="migration" aria-labelledby="migration-title">
            <h3 id="migration-title">"How segments moved"</h3>
            <p data-testid="migration-summary">
                "Each customer's segment from the orders before " <strong>{migration.from_date.clone()}</strong>
                ", against their segment at " <strong>{migration.to_date.clone()}</strong> ": "
                {count(stayed)} " stayed in the same segment, " {count(total - stayed - new)}
                " moved, " {count(new)} " are new since the earlier date."
            </p>
            <div class="controls">
                <label>"Compare with the segments on "
                    <input type="date" data-testid="migration-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <button data-testid="migration-apply" on:click=compare>"Compare"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <ChartFigure chart=Chart::MigrationHeatmap(view_data.clone())
                title=format!("Customers by segment on {} (rows) and {} (columns)", migration.from_date, migration.to_date)
                testid="migration-heatmap" file_stem=source csv=csv>
                <table class="data" data-testid="migration-table">
                    <caption>"Customers per segment at the earlier date (rows) and at the reference date (columns)"</caption>
                    <thead><tr><th scope="col">"From \\ to"</th>
                        {view_data.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {view_data.rows.iter().zip(&view_data.counts).map(|(name, row)| view! {
                            <tr data-testid="migration-row"><th scope="row">{name.clone()}</th>
                                {row.iter().map(|c| view! { <td class="num">{count(*c)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ChartFigure>
        </section>
    }
}

/// `YYYY-MM-DD` as a day number.
fn parse_date(text: &str) -> Option<i32> {
    let mut parts = text.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    checked_days_from_civil(y, m, d)
}

fn migration_csv(m: &Migration) -> String {
    let mut csv = Csv::new(&["from_segment", "to_segment", "customers"]);
    for (from, row) in m.segments.iter().zip(&m.counts) {
        for (to, n) in m.segments.iter().zip(row) {
            csv.row(&[Cell::Text(from), Cell::Text(to), Cell::Int(*n as i64)]);
        }
    }
    csv.into_string()
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn threshold_rows(report: &RfmReport) -> Vec<(&'static str, ThresholdRow)> {
    let t = &report.thresholds;
    [
        ("recency (days)", &t.recency_days),
        ("frequency (orders)", &t.frequency),
        ("monetary", &t.monetary),
    ]
    .into_iter()
    .flat_map(|(m, rows)| rows.iter().map(move |r| (m, r.clone())))
    .collect()
}

fn rf_grid_csv(view: &RfHeatmapView) -> String {
    let mut csv = Csv::new(&["r", "f", "customers"]);
    for (r, row) in view.counts.iter().enumerate() {
        for (f, &n) in row.iter().enumerate() {
            csv.row(&[
                Cell::Int(r as i64 + 1),
                Cell::Int(f as i64 + 1),
                Cell::Int(n as i64),
            ]);
        }
    }
    csv.into_string()
}

fn segments_csv(report: &RfmReport) -> Csv {
    let mut csv = Csv::new(&[
        "segment",
        "description",
        "action",
        "customers",
        "share",
        "revenue",
        "revenue_share",
        "median_recency_days",
        "median_frequency",
        "median_monetary",
    ]);
    let num = |v: Option<f64>| v.map_or(Cell::Text(""), Cell::Number);
    for s in &report.segments {
        csv.row(&[
            Cell::Text(&s.name),
            Cell::Text(&s.description),
            Cell::Text(&s.action),
            Cell::Int(s.customers as i64),
            Cell::Number(s.share),
            Cell::Number(s.revenue),
            Cell::Number(s.revenue_share),
            num(s.median_recency_days),
            num(s.median_frequency),
            num(s.median_monetary),
        ]);
    }
    csv
}

/// Scored customers, all or one segment's: campaign-ready.
pub(crate) fn members_csv(report: &RfmReport, segment: Option<&str>) -> Csv {
    rfm::members_csv(report, segment).into()
}

fn thresholds_csv(report: &RfmReport) -> Csv {
    let mut csv = Csv::new(&["metric", "score", "customers", "min", "max"]);
    let num = |v: Option<f64>| v.map_or(Cell::Text(""), Cell::Number);
    for (metric, row) in threshold_rows(report) {
        csv.row(&[
            Cell::Text(metric),
            Cell::Int(i64::from(row.score)),
            Cell::Int(row.customers as i64),
            num(row.min),
            num(row.max),
        ]);
    }
    csv
}
