use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, HistogramView};
use segmint_core::ClvReport;
use segmint_core::export::Cell;

use super::{Analyses, when_ready};
use crate::components::ChartFigure;
use crate::download::{Csv, file_name};
use crate::format::{count, money, param, percent};

/// How many customers the top table lists.
const TOP: usize = 25;

/// Lifetime value: model parameters, the CLV distribution, the top customers.
#[component]
pub(crate) fn ClvPage(analyses: Analyses) -> impl IntoView {
    view! {
        <section class="clv" data-testid="clv">
            <h2>"Lifetime value"</h2>
            {when_ready(analyses.clv, "lifetime value", "clv", move |report| {
                let source = analyses.file_name.get_untracked();
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
