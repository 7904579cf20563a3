use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{CalibrationView, Chart, HistogramView, PAliveScatterView};
use segmint_core::ClvReport;
use segmint_core::clv::propensity::PropensityReport;
use segmint_core::export::Cell;

use super::when_ready;
use crate::components::ChartFigure;
use crate::download::{Csv, file_name};
use crate::i18n::{Part, t, tr, tr_marked, tr_with};
use crate::store::Store;
use segmint_web::format::{count, money, param, percent};

/// How many customers the top table lists.
const TOP: usize = 25;

/// Lifetime value: model parameters, the CLV distribution, the top customers.
#[component]
pub(crate) fn ClvPage(store: Store) -> impl IntoView {
    view! {
        <section class="clv" data-testid="clv">
            <h2>{t("clv-title")}</h2>
            {when_ready(move || store.clv.get(), "clv-computing", "clv", move |report| {
                let source = store.file_name.get_untracked();
                view! { <ClvResult report source /> }
            })}
        </section>
    }
}

#[component]
fn ClvResult(report: Arc<ClvReport>, source: String) -> impl IntoView {
    let unit = serde_json::to_value(report.time_unit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let unit = match unit.as_str() {
        "day" => tr("clv-unit-days"),
        "week" => tr("clv-unit-weeks"),
        "month" => tr("clv-unit-months"),
        other => format!("{other}s"),
    };
    let values: Vec<f64> = report.customers.iter().map(|c| c.clv).collect();
    let histogram = HistogramView::from_values(
        &tr_with(
            "clv-histogram-title",
            &[("months", &report.clv_months.to_string())],
        ),
        &tr("clv-axis"),
        &values,
        20,
    );
    let mut top: Vec<usize> = (0..report.customers.len()).collect();
    top.sort_by(|&a, &b| report.customers[b].clv.total_cmp(&report.customers[a].clv));
    top.truncate(TOP);
    let m = &report.model;
    let g = &report.gamma_gamma;
    let params = [
        ("BG/NBD r", m.r),
        ("BG/NBD α", m.alpha),
        ("BG/NBD a", m.a),
        ("BG/NBD b", m.b),
        ("Gamma-Gamma p", g.p),
        ("Gamma-Gamma q", g.q),
        ("Gamma-Gamma v", g.v),
    ];
    let on_csv = {
        let (report, name) = (report.clone(), file_name(&source, "clv-customers", "csv"));
        move |_| clv_csv(&report).download(&name)
    };
    let on_params_csv = {
        let name = file_name(&source, "clv-parameters", "csv");
        move |_| {
            let mut csv = Csv::new(&["parameter", "value"]);
            for (p, v) in params {
                csv.row(&[Cell::Text(p), Cell::Number(v)]);
            }
            csv.download(&name)
        }
    };
    let histogram_csv = {
        let mut csv = Csv::new(&["clv_from", "clv_to", "customers"]);
        for (n, e) in histogram.counts.iter().zip(histogram.edges.windows(2)) {
            csv.row(&[Cell::Number(e[0]), Cell::Number(e[1]), Cell::Int(*n as i64)]);
        }
        csv.into_string()
    };
    let c = &report.counts;
    let summary = tr_marked(
        "clv-summary",
        &[
            ("customers", &count(c.customers as u64)),
            ("repeat", &count(c.repeat_customers as u64)),
            ("days", &format!("{:.0}", report.horizon_days)),
            ("rate", &percent(report.discount_rate)),
            ("months", &report.clv_months.to_string()),
        ],
        &["date"],
    )
    .into_iter()
    .map(|part| match part {
        Part::Text(text) => text.into_any(),
        Part::Marked(_) => view! { <strong>{report.observation_end.clone()}</strong> }.into_any(),
    })
    .collect_view();
    let recency_note = tr_marked("clv-recency-note", &[("unit", &unit)], &["recency"])
        .into_iter()
        .map(|part| match part {
            Part::Text(text) => text.into_any(),
            Part::Marked(_) => view! { <em>{tr("clv-recency-word")}</em> }.into_any(),
        })
        .collect_view();
    view! {
        <p data-testid="clv-summary">{summary}</p>
        <p class="note" data-testid="clv-recency-note" role="note">{recency_note}</p>
        {(!report.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="clv-warnings">
                {report.warnings.iter().map(|w| view! { <li>{w.message.clone()}</li> }).collect_view()}
            </ul>
        })}
        <table class="data" data-testid="clv-params">
            <caption>{tr("clv-params-caption")}</caption>
            <thead><tr><th scope="col">{tr("clv-col-parameter")}</th><th scope="col">{tr("clv-col-value")}</th></tr></thead>
            <tbody>
                {params.into_iter().map(|(name, v)| view! {
                    <tr><th scope="row">{name}</th><td class="num">{param(v)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="exports">
            <button data-testid="clv-params-csv" on:click=on_params_csv>{tr("clv-params-csv")}</button>
        </div>
        <div class="scroll">
        <table class="data" data-testid="clv-top">
            <caption>{tr_with("clv-top-caption", &[("n", &top.len().to_string())])}</caption>
            <thead><tr>
                <th scope="col">{tr("clv-col-customer")}</th><th scope="col">{tr("clv-col-repeat")}</th>
                <th scope="col">{tr_with("clv-col-recency", &[("unit", &unit)])}</th>
                <th scope="col">{tr("clv-col-p-alive")}</th><th scope="col">{tr("clv-col-expected")}</th>
                <th scope="col">{tr("clv-col-mean-value")}</th><th scope="col">{tr("clv-col-clv")}</th>
            </tr></thead>
            <tbody>
                {top.into_iter().map(|i| {
                    let c = &report.customers[i];
                    view! {
                        <tr data-testid="clv-row">
                            <th scope="row" data-testid="clv-customer">{c.customer_id.clone()}</th>
                            <td class="num">{c.frequency.to_string()}</td>
                            <td class="num">{format!("{:.0}", c.recency)}</td>
                            <td class="num">{percent(c.p_alive)}</td>
                            <td class="num">{format!("{:.2}", c.expected_purchases)}</td>
                            <td class="num">{money(c.monetary_value)}</td>
                            <td class="num">{money(c.clv)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <div class="exports">
            <button data-testid="clv-csv" on:click=on_csv>{tr("clv-csv")}</button>
        </div>
        <ChartFigure chart=Chart::Histogram(histogram.clone()) title=histogram.title.clone()
            testid="clv-histogram" file_stem=source.clone() csv=histogram_csv>
            <table class="data">
                <thead><tr><th scope="col">{tr("clv-hist-from")}</th><th scope="col">{tr("clv-hist-to")}</th><th scope="col">{tr("col-customers")}</th></tr></thead>
                <tbody>
                    {histogram.counts.iter().zip(histogram.edges.windows(2)).enumerate().map(|(i, (n, e))| {
                        let last = i + 1 == histogram.counts.len();
                        view! {
                            <tr>
                                <td class="num">{money(e[0])}</td>
                                <td class="num">{if last { tr("clv-and-above") } else { money(e[1]) }}</td>
                                <td class="num">{count(*n)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        <PAliveFigure report=report.clone() source=source.clone() />
        <h3>{tr("propensity-title")}</h3>
        {match (&report.propensity, &report.propensity_unavailable) {
            (Some(p), _) => view! { <PropensityView report=p.clone() source=source.clone() /> }.into_any(),
            (None, Some(why)) => view! {
                <p class="note" role="note" data-testid="propensity-unavailable">
                    {tr_with("propensity-unavailable", &[("why", why)])}
                </p>
            }.into_any(),
            (None, None) => ().into_any(),
        }}
    }
}

/// P(alive) against expected purchases: the scatter, and its data in ten P(alive) bands.
#[component]
fn PAliveFigure(report: Arc<ClvReport>, source: String) -> impl IntoView {
    let scatter = PAliveScatterView::from_report(&report);
    let bands = p_alive_bands(&scatter);
    let csv = {
        let mut csv = Csv::new(&["customer_id", "p_alive", "expected_purchases"]);
        for c in &report.customers {
            csv.row(&[
                Cell::Text(&c.customer_id),
                Cell::Number(c.p_alive),
                Cell::Number(c.expected_purchases),
            ]);
        }
        csv.into_string()
    };
    view! {
        <ChartFigure chart=Chart::PAliveScatter(scatter.clone())
            title=tr_with("clv-palive-title", &[("days", &format!("{:.0}", scatter.horizon_days))])
            testid="p-alive" file_stem=source csv=csv>
            <table class="data" data-testid="p-alive-table">
                <caption>{tr("clv-palive-caption")}</caption>
                <thead><tr>
                    <th scope="col">{tr("clv-col-p-alive")}</th><th scope="col">{tr("col-customers")}</th>
                    <th scope="col">{tr("clv-col-mean-expected")}</th>
                </tr></thead>
                <tbody>
                    {bands.into_iter().map(|(lo, n, mean)| view! {
                        <tr data-testid="p-alive-band">
                            <th scope="row">{format!("{:.0}–{:.0}%", lo * 100.0, lo * 100.0 + 10.0)}</th>
                            <td class="num" data-testid="p-alive-customers">{count(n)}</td>
                            <td class="num">{mean.map(|m| format!("{m:.2}")).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
    }
}

/// Ten bands of P(alive), `[0, 0.1)` … `[0.9, 1]`: `(lower edge, customers, mean expected
/// purchases)`.
fn p_alive_bands(view: &PAliveScatterView) -> Vec<(f64, u64, Option<f64>)> {
    let mut n = [0u64; 10];
    let mut sum = [0f64; 10];
    for &(p, e) in &view.points {
        let i = ((p * 10.0).floor().max(0.0) as usize).min(9);
        n[i] += 1;
        sum[i] += e;
    }
    (0..10)
        .map(|i| {
            (
                i as f64 / 10.0,
                n[i],
                (n[i] > 0).then(|| sum[i] / n[i] as f64),
            )
        })
        .collect()
}

/// The propensity model judged on its holdout: AUC in words and the calibration chart.
#[component]
fn PropensityView(report: PropensityReport, source: String) -> impl IntoView {
    let chart = CalibrationView::from_report(&report);
    let csv = {
        let mut csv = Csv::new(&[
            "customers",
            "min_predicted",
            "max_predicted",
            "mean_predicted",
            "observed_rate",
        ]);
        for b in &report.calibration {
            csv.row(&[
                Cell::Int(b.customers as i64),
                Cell::Number(b.min_predicted),
                Cell::Number(b.max_predicted),
                Cell::Number(b.mean_predicted),
                Cell::Number(b.observed_rate),
            ]);
        }
        csv.into_string()
    };
    let quality = tr(match report.auc {
        a if a >= 0.8 => "propensity-good",
        a if a >= 0.7 => "propensity-fair",
        a if a > 0.6 => "propensity-weak",
        _ => "propensity-chance",
    });
    let w = report.window_days;
    let summary = tr_marked(
        "propensity-summary",
        &[
            ("days", &w.to_string()),
            ("trained", &report.training.features_as_of),
            ("customers", &count(report.test.customers as u64)),
            ("tested", &report.test.features_as_of),
            ("buyers", &count(report.test.buyers as u64)),
            ("until", &report.test.labels_until),
            ("percent", &format!("{:.0}%", report.auc * 100.0)),
            ("quality", &quality),
        ],
        &["auc"],
    )
    .into_iter()
    .map(|part| match part {
        Part::Text(text) => text.into_any(),
        Part::Marked(_) => view! {
            <strong data-testid="propensity-auc">{format!("{:.3}", report.auc)}</strong>
        }
        .into_any(),
    })
    .collect_view();
    view! {
        <p data-testid="propensity-summary">{summary}</p>
        <ChartFigure chart=Chart::Calibration(chart)
            title=tr_with("propensity-chart-title", &[("days", &w.to_string())])
            testid="calibration" file_stem=source csv=csv>
            <table class="data" data-testid="calibration-table">
                <caption>{tr("propensity-caption")}</caption>
                <thead><tr>
                    <th scope="col">{tr("col-customers")}</th><th scope="col">{tr("propensity-col-from")}</th>
                    <th scope="col">{tr("propensity-col-to")}</th><th scope="col">{tr("propensity-col-mean")}</th>
                    <th scope="col">{tr("propensity-col-bought")}</th>
                </tr></thead>
                <tbody>
                    {report.calibration.iter().map(|b| view! {
                        <tr data-testid="calibration-row">
                            <td class="num">{count(b.customers as u64)}</td>
                            <td class="num">{percent(b.min_predicted)}</td>
                            <td class="num">{percent(b.max_predicted)}</td>
                            <td class="num" data-testid="calibration-predicted">{percent(b.mean_predicted)}</td>
                            <td class="num" data-testid="calibration-observed">{percent(b.observed_rate)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
    }
}

fn clv_csv(report: &ClvReport) -> Csv {
    let mut csv = Csv::new(&[
        "customer_id",
        "frequency",
        "recency",
        "t",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "clv",
    ]);
    for c in &report.customers {
        csv.row(&[
            Cell::Text(&c.customer_id),
            Cell::Int(i64::from(c.frequency)),
            Cell::Number(c.recency),
            Cell::Number(c.t),
            Cell::Number(c.monetary_value),
            Cell::Number(c.p_alive),
            Cell::Number(c.expected_purchases),
            Cell::Number(c.clv),
        ]);
    }
    csv
}
