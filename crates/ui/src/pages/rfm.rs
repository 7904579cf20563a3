use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, MigrationHeatmapView, RfHeatmapView, SegmentBarsView};
use segmint_core::export::Cell;
use segmint_core::rfm::{self, Migration, RfmReport, SegmentRules, ThresholdRow};
use segmint_core::table::checked_days_from_civil;

use super::when_ready;
use crate::components::{ChartFigure, RulesEditor};
use crate::download::{Csv, file_name};
use crate::i18n::{Part, segment_name, t, tr, tr_marked, tr_with, use_lang};
use crate::store::Store;
use segmint_web::format::{count, money, opt, percent};
use segmint_web::segments::{segment_action, segment_description};

/// The segment rule presets offered, with the key of their label.
pub(crate) const PRESETS: [(&str, &str); 3] = [
    ("rfm-10", "rfm-preset-rfm10"),
    ("rf-grid", "rfm-preset-rf-grid"),
    ("three-level", "rfm-preset-three-level"),
];

/// RFM scores and segments: the choices, the segment table, the thresholds, two charts.
#[component]
pub(crate) fn RfmPage(store: Store) -> impl IntoView {
    let controls = view! {
        <div class="controls" data-testid="rfm-controls">
            <label>{t("rfm-preset-label")} " "
                <select data-testid="preset-select"
                    prop:value=move || store.preset.get()
                    on:change=move |ev| {
                        store.custom_rules.set(None);
                        store.preset.set(event_target_value(&ev));
                    }>
                    {PRESETS.iter().map(|(id, label)| view! {
                        <option value=*id selected=move || store.preset.get() == *id>{t(label)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{t("rfm-bins-label")} " "
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
            <h2>{t("rfm-title")}</h2>
            {controls}
            <details class="rules" data-testid="rules-details">
                <summary>{t("rfm-edit-rules")}</summary>
                {editor}
            </details>
            {move || store.custom_rules.with(Option::is_some).then(|| view! {
                <p class="note" data-testid="custom-rules-note" role="note">
                    {t("rfm-custom-rules-note")}
                </p>
            })}
            {when_ready(move || store.rfm.get(), "rfm-computing", "rfm", move |report| {
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
    // The charts show names in the page's language; the downloads keep the core's.
    let mut bars = SegmentBarsView::from_report(&report);
    bars.names = bars.names.iter().map(|n| segment_name(n)).collect();
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
    let lang = use_lang().get_untracked();
    let summary = tr_marked(
        "rfm-summary",
        &[("bins", &bins.to_string())],
        &["date", "customers"],
    )
    .into_iter()
    .map(|part| match part {
        Part::Text(text) => text.into_any(),
        Part::Marked(0) => view! {
            <strong data-testid="rfm-reference-date">{report.reference_date.clone()}</strong>
        }
        .into_any(),
        Part::Marked(_) => {
            view! { <strong data-testid="rfm-customers">{count(total)}</strong> }.into_any()
        }
    })
    .collect_view();
    view! {
        <p>{summary}</p>
        {(!report.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="rfm-warnings">
                {report.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        })}
        <div class="scroll">
        <table class="data" data-testid="segment-table">
            <caption>{tr("rfm-segments-caption")}</caption>
            <thead><tr>
                <th scope="col">{tr("rfm-col-segment")}</th><th scope="col">{tr("rfm-col-who")}</th>
                <th scope="col">{tr("rfm-col-action")}</th><th scope="col">{tr("col-customers")}</th>
                <th scope="col">{tr("rfm-col-share")}</th><th scope="col">{tr("rfm-col-revenue")}</th>
                <th scope="col">{tr("rfm-col-revenue-share")}</th><th scope="col">{tr("rfm-col-median-recency")}</th>
                <th scope="col">{tr("rfm-col-members")}</th>
            </tr></thead>
            <tbody>
                {segments_report.segments.iter().map(|s| {
                    let name = s.name.clone();
                    let report = segments_report.clone();
                    let file = file_name(&source, &format!("segment-{name}"), "csv");
                    let on_members = move |_| members_csv(&report, Some(&name)).download(&file);
                    let shown = segment_name(&s.name);
                    view! {
                        // The row carries the core's name; the cell shows it in the page's language.
                        <tr data-testid="segment-row" data-segment=s.name.clone()>
                            <th scope="row" data-testid="segment-name">{shown.clone()}</th>
                            <td>{segment_description(lang, &s.name, &s.description)}</td>
                            <td>{segment_action(lang, &s.name, &s.action)}</td>
                            <td class="num" data-testid="segment-customers">{count(s.customers)}</td>
                            <td class="num">{percent(s.share)}</td>
                            <td class="num">{money(s.revenue)}</td>
                            <td class="num">{percent(s.revenue_share)}</td>
                            <td class="num">{opt(s.median_recency_days, |v| format!("{v:.0}"))}</td>
                            <td><button class="small" data-testid="segment-members-csv"
                                aria-label=tr_with("rfm-members-csv-label", &[("segment", &shown)])
                                on:click=on_members>{tr("rfm-members-csv")}</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <div class="exports">
            <button data-testid="segments-csv" on:click=on_segments_csv>{tr("rfm-segments-csv")}</button>
            <button data-testid="rfm-customers-csv" on:click=on_customers_csv>{tr("rfm-customers-csv")}</button>
        </div>
        <ChartFigure chart=Chart::RfHeatmap(heatmap.clone()) title=crate::i18n::tr("chart-rf-title")
            testid="rf-heatmap" file_stem=source.clone() csv=rf_grid_csv(&heatmap)>
            <table class="data" data-testid="rf-heatmap-table">
                <caption>{tr("rfm-heatmap-caption")}</caption>
                <thead><tr><th scope="col">{tr("rfm-heatmap-corner")}</th>
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
        <ChartFigure chart=Chart::SegmentBars(bars.clone()) title=crate::i18n::tr("chart-segments-title")
            testid="segment-bars" file_stem=source.clone()>
            <table class="data">
                <thead><tr><th scope="col">{tr("rfm-col-segment")}</th><th scope="col">{tr("col-customers")}</th></tr></thead>
                <tbody>
                    {bars.names.iter().zip(&bars.customers).map(|(n, c)| view! {
                        <tr><th scope="row">{n.clone()}</th><td class="num">{count(*c)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        {report.migration.clone().map(|m| view! { <MigrationView migration=m source=source.clone() store /> })}
        <h3>{tr("rfm-thresholds-title")}</h3>
        <div class="scroll">
        <table class="data" data-testid="rfm-thresholds">
            <caption>{tr("rfm-thresholds-caption")}</caption>
            <thead><tr>
                <th scope="col">{tr("rfm-col-metric")}</th><th scope="col">{tr("rfm-col-score")}</th>
                <th scope="col">{tr("col-customers")}</th><th scope="col">{tr("rfm-col-from")}</th>
                <th scope="col">{tr("rfm-col-to")}</th>
            </tr></thead>
            <tbody>
                {threshold_rows(&report).into_iter().map(|(metric, row)| view! {
                    <tr>
                        <th scope="row">{tr(metric_key(metric))}</th>
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
            <button data-testid="thresholds-csv" on:click=on_thresholds_csv>{tr("rfm-thresholds-csv")}</button>
        </div>
    }
}

/// How customers moved between segments from an earlier date to the reference date, with a
/// control for the earlier date.
#[component]
fn MigrationView(migration: Migration, source: String, store: Store) -> impl IntoView {
    let mut view_data = MigrationHeatmapView::from_migration(&migration);
    for label in view_data
        .rows
        .iter_mut()
        .chain(view_data.columns.iter_mut())
    {
        *label = migration_label(label);
    }
    let date = RwSignal::new(migration.from_date.clone());
    let problem = RwSignal::new(None::<String>);
    let compare = move |_| match parse_date(&date.get_untracked()) {
        Some(day) => {
            problem.set(None);
            store.migration_from.set(Some(day));
        }
        None => problem.set(Some(tr_with(
            "migration-not-a-date",
            &[("text", &date.get_untracked())],
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
    let summary = tr_marked(
        "migration-summary",
        &[
            ("stayed", &count(stayed)),
            ("moved", &count(total - stayed - new)),
            ("new", &count(new)),
        ],
        &["from", "to"],
    )
    .into_iter()
    .map(|part| match part {
        Part::Text(text) => text.into_any(),
        Part::Marked(0) => view! { <strong>{migration.from_date.clone()}</strong> }.into_any(),
        Part::Marked(_) => view! { <strong>{migration.to_date.clone()}</strong> }.into_any(),
    })
    .collect_view();
    view! {
        <section class="migration" data-testid="migration" aria-labelledby="migration-title">
            <h3 id="migration-title">{tr("migration-title")}</h3>
            <p data-testid="migration-summary">{summary}</p>
            <div class="controls">
                <label>{tr("migration-compare-label")} " "
                    <input type="date" data-testid="migration-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <button data-testid="migration-apply" on:click=compare>{tr("migration-compare")}</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <ChartFigure chart=Chart::MigrationHeatmap(view_data.clone())
                title=tr_with("migration-chart-title", &[("from", &migration.from_date), ("to", &migration.to_date)])
                testid="migration-heatmap" file_stem=source csv=csv>
                <table class="data" data-testid="migration-table">
                    <caption>{tr("migration-caption")}</caption>
                    <thead><tr><th scope="col">{tr("migration-corner")}</th>
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

/// A row or column of the migration in the page's language: a segment, or the core's "(new)"
/// row of customers without an order before the earlier date.
fn migration_label(label: &str) -> String {
    if label == "(new)" {
        tr("migration-new-row")
    } else {
        segment_name(label)
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

/// The message key of a threshold table's metric (the CSV keeps the English name).
fn metric_key(metric: &str) -> &'static str {
    match metric {
        "recency (days)" => "rfm-metric-recency",
        "frequency (orders)" => "rfm-metric-frequency",
        _ => "rfm-metric-monetary",
    }
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
