use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{CalibrationView, Chart, HistogramView, PAliveScatterView};
use segmint_core::ClvReport;
use segmint_core::clv::propensity::PropensityReport;
use segmint_core::export::Cell;

use super::when_ready;
use crate::components::ChartFigure;
use crate::download::{Csv, file_name};
use crate::store::Store;
use segmint_web::format::{count, money, param, percent};

/// How many customers the top table lists.
const TOP: usize = 25;

/// Lifetime value: model parameters, the CLV distribution, the top customers.
#[component]
pub(crate) fn ClvPage(store: Store) -> impl IntoView {
    view! {
        <section class="clv" data-testid="clv">
            <h2>"Lifetime value"</h2>
            {when_ready(move || store.clv.get(), "lifetime value", "clv", move |report| {
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
    let values: Vec<f64> = report.customers.iter().map(|c| c.clv).collect();
    let histogram = HistogramView::from_values(
        &format!("Customer lifetime value over {} months", report.clv_months),
        "CLV",
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
    view! {
        <p data-testid="clv-summary">
            "Observed up to " <strong>{report.observation_end.clone()}</strong> ": "
            {count(c.customers as u64)} " customers, " {count(c.repeat_customers as u64)}
            " bought again. Expected purchases over the next " {format!("{:.0}", report.horizon_days)}
            " days; value discounted at " {percent(report.discount_rate)} " a month over "
            {report.clv_months.to_string()} " months."
        </p>
        <p class="note" data-testid="clv-recency-note" role="note">
            "Note: here "<em>"recency"</em>" is the time from a customer's first to their last purchase, in "
            {unit.clone()} "s (a high value is good). It is not the RFM recency, which counts the days since the last purchase."
        </p>
        {(!report.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="clv-warnings">
                {report.warnings.iter().map(|w| view! { <li>{w.message.clone()}</li> }).collect_view()}
            </ul>
        })}
        <table class="data" data-testid="clv-params">
            <caption>"Model parameters (maximum likelihood)"</caption>
            <thead><tr><th scope="col">"Parameter"</th><th scope="col">"Value"</th></tr></thead>
            <tbody>
                {params.into_iter().map(|(name, v)| view! {
                    <tr><th scope="row">{name}</th><td class="num">{param(v)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="exports">
            <button data-testid="clv-params-csv" on:click=on_params_csv>"Parameters as CSV"</button>
        </div>
        <div class="scroll">
        <table class="data" data-testid="clv-top">
            <caption>{format!("Top {} customers by lifetime value", top.len())}</caption>
            <thead><tr>
                <th scope="col">"Customer"</th><th scope="col">"Repeat purchases"</th>
                <th scope="col">{format!("Recency ({unit}s, first → last)")}</th>
                <th scope="col">"P(alive)"</th><th scope="col">"Expected purchases"</th>
                <th scope="col">"Mean repeat value"</th><th scope="col">"CLV"</th>
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
            <button data-testid="clv-csv" on:click=on_csv>"All customers' lifetime value as CSV"</button>
        </div>
        <ChartFigure chart=Chart::Histogram(histogram.clone()) title=histogram.title.clone()
            testid="clv-histogram" file_stem=source.clone() csv=histogram_csv>
            <table class="data">
                <thead><tr><th scope="col">"CLV from"</th><th scope="col">"to"</th><th scope="col">"Customers"</th></tr></thead>
                <tbody>
                    {histogram.counts.iter().zip(histogram.edges.windows(2)).enumerate().map(|(i, (n, e))| {
                        let last = i + 1 == histogram.counts.len();
                        view! {
                            <tr>
                                <td class="num">{money(e[0])}</td>
                                <td class="num">{if last { "and above".to_owned() } else { money(e[1]) }}</td>
                                <td class="num">{count(*n)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        <PAliveFigure report=report.clone() source=source.clone() />
        <h3>"Will they buy again soon?"</h3>
        {match (&report.propensity, &report.propensity_unavailable) {
            (Some(p), _) => view! { <PropensityView report=p.clone() source=source.clone() /> }.into_any(),
            (None, Some(why)) => view! {
                <p class="note" role="note" data-testid="propensity-unavailable">
                    "Purchase propensity is not available for this file: " {why.clone()}
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
            title=format!("P(alive) and expected purchases over the next {:.0} days", scatter.horizon_days)
            testid="p-alive" file_stem=source csv=csv>
            <table class="data" data-testid="p-alive-table">
                <caption>"Customers per P(alive) band (every customer is in the CSV)"</caption>
                <thead><tr>
                    <th scope="col">"P(alive)"</th><th scope="col">"Customers"</th>
                    <th scope="col">"Mean expected purchases"</th>
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
    let quality = match report.auc {
        a if a >= 0.8 => "good at telling buyers from non-buyers",
        a if a >= 0.7 => "fair at telling buyers from non-buyers",
        a if a > 0.6 => "weak at telling buyers from non-buyers",
        _ => "barely better than chance",
    };
    let w = report.window_days;
    view! {
        <p data-testid="propensity-summary">
            "A logistic regression on recency, frequency, spend and tenure predicts who buys within "
            {w.to_string()} " days. Trained on the customers as of " {report.training.features_as_of.clone()}
            " and tested on " {count(report.test.customers as u64)} " customers as of "
            {report.test.features_as_of.clone()} " (" {count(report.test.buyers as u64)}
            " of them bought by " {report.test.labels_until.clone()} "). "
            "AUC " <strong data-testid="propensity-auc">{format!("{:.3}", report.auc)}</strong>
            ": a customer who bought was ranked above one who did not "
            {format!("{:.0}%", report.auc * 100.0)} " of the time (50% is chance) — "
            {quality} "."
        </p>
        <ChartFigure chart=Chart::Calibration(chart)
            title=format!("Predicted vs observed purchases within {w} days, by group of customers")
            testid="calibration" file_stem=source csv=csv>
            <table class="data" data-testid="calibration-table">
                <caption>"Customers grouped by predicted probability (holdout)"</caption>
                <thead><tr>
                    <th scope="col">"Customers"</th><th scope="col">"Predicted from"</th>
                    <th scope="col">"to"</th><th scope="col">"Mean predicted"</th>
                    <th scope="col">"Share who bought"</th>
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
