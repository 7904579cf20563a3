use leptos::html::Canvas;
use leptos::prelude::*;
use segmint_charts::{ColumnFillView, draw_column_fill, to_canvas};
use segmint_core::InspectReport;

use segmint_web::paint;

use crate::i18n::{chart_words, tr};

/// The "filled values per column" chart, with its data as a table for screen readers.
#[component]
pub(crate) fn ColumnChart(report: InspectReport) -> impl IntoView {
    let view_data = ColumnFillView::from_report(&report);
    let canvas = NodeRef::<Canvas>::new();
    let (error, set_error) = signal(None::<String>);
    let chart_data = view_data.clone();
    let words = chart_words();
    Effect::new(move |_| {
        if let Some(canvas) = canvas.get() {
            let data = chart_data.clone();
            let words = words.clone();
            paint::draw_after_paint(
                canvas,
                move |canvas| {
                    to_canvas(canvas.clone(), |area| draw_column_fill(area, &data, &words))
                },
                move |e| {
                    set_error.try_set(Some(e));
                },
            );
        }
    });
    let height = (76 + 24 * view_data.columns.len().max(1)).to_string();
    view! {
        <figure class="chart" data-testid="column-chart">
            <canvas node_ref=canvas width="640" height=height role="img"
                aria-label=tr("chart-column-fill-title")></canvas>
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
            <table class="chart-data" data-testid="column-chart-data">
                <caption>{tr("chart-column-fill-title")}</caption>
                <thead><tr><th scope="col">{tr("column-fill-column")}</th><th scope="col">{tr("column-fill-share")}</th></tr></thead>
                <tbody>
                    {view_data.columns.iter().zip(&view_data.filled).map(|(c, f)| view! {
                        <tr><td>{c.clone()}</td><td>{format!("{:.1}", f * 100.0)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}
