use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, CohortHeatmapView};
use segmint_core::CohortReport;
use segmint_core::export::Cell;

use super::when_ready;
use crate::components::ChartFigure;
use crate::download::{Csv, file_name};
use crate::i18n::{t, tr, tr_with};
use crate::store::Store;
use segmint_web::format::{count, percent};

/// Retention by first-purchase month.
#[component]
pub(crate) fn CohortsPage(store: Store) -> impl IntoView {
    view! {
        <section class="cohorts" data-testid="cohorts">
            <h2>{t("cohorts-title")}</h2>
            {when_ready(move || store.cohort.get(), "cohorts-computing", "cohorts", move |report| {
                let source = store.file_name.get_untracked();
                view! { <CohortResult report source /> }
            })}
        </section>
    }
}

#[component]
fn CohortResult(report: Arc<CohortReport>, source: String) -> impl IntoView {
    let view_data = CohortHeatmapView::from_report(&report);
    let months = view_data.months();
    let on_csv = {
        let (report, name) = (report.clone(), file_name(&source, "cohorts", "csv"));
        move |_| cohort_csv(&report).download(&name)
    };
    view! {
        <p data-testid="cohort-summary">
            {tr_with("cohorts-summary", &[
                ("customers", &count(report.customers as u64)),
                ("n", &report.cohorts.len().to_string()),
                ("end", &report.end),
            ])}
        </p>
        <ChartFigure chart=Chart::CohortHeatmap(view_data) title=tr("cohorts-chart-title")
            testid="cohort-heatmap" file_stem=source.clone()>
            <div class="scroll">
            <table class="data" data-testid="cohort-table">
                <thead><tr>
                    <th scope="col">{tr("cohorts-col-cohort")}</th><th scope="col">{tr("col-customers")}</th>
                    {(0..months).map(|k| view! { <th scope="col">{format!("+{k}")}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {report.cohorts.iter().map(|c| view! {
                        <tr data-testid="cohort-row">
                            <th scope="row">{c.cohort.clone()}{(!c.complete).then_some(" *")}</th>
                            <td class="num">{count(c.size as u64)}</td>
                            {c.cells.iter().map(|cell| view! {
                                <td class="num">{percent(cell.share)}{(!cell.complete).then_some(" *")}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </ChartFigure>
        <div class="exports">
            <button data-testid="cohort-csv" on:click=on_csv>{tr("cohorts-csv")}</button>
        </div>
    }
}

fn cohort_csv(report: &CohortReport) -> Csv {
    let mut csv = Csv::new(&[
        "cohort",
        "cohort_size",
        "cohort_complete",
        "months_since",
        "month",
        "customers",
        "share",
        "complete",
    ]);
    for c in &report.cohorts {
        for cell in &c.cells {
            csv.row(&[
                Cell::Text(&c.cohort),
                Cell::Int(c.size as i64),
                Cell::Text(if c.complete { "true" } else { "false" }),
                Cell::Int(i64::from(cell.months_since)),
                Cell::Text(&cell.month),
                Cell::Int(cell.customers as i64),
                Cell::Number(cell.share),
                Cell::Text(if cell.complete { "true" } else { "false" }),
            ]);
        }
    }
    csv
}
