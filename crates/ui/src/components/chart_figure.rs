use leptos::html::Canvas;
use leptos::prelude::*;
use segmint_charts::{Chart, Words, canvas_measure, to_canvas, to_svg_measured};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use segmint_web::paint;

use crate::download;
use crate::i18n::{chart_words, tr};

/// A chart on a canvas, its data as a table (the children), and PNG/SVG export buttons.
#[component]
pub(crate) fn ChartFigure(
    /// What to draw.
    chart: Chart,
    /// The figure's caption and the canvas's accessible name.
    title: String,
    /// `data-testid` of the figure; the canvas, table and buttons derive theirs from it.
    testid: &'static str,
    /// Export file names start with this.
    file_stem: String,
    /// The chart's data as CSV (formula-safe), offered next to the PNG and SVG.
    #[prop(optional)]
    csv: Option<String>,
    /// The chart's data as a table.
    children: Children,
) -> impl IntoView {
    let csv_name = download::file_name(&file_stem, testid, "csv");
    let csv_button = csv.map(|text| {
        let on_csv = move |_| {
            if let Err(e) = download::text(&csv_name, "text/csv;charset=utf-8", &text) {
                web_sys::console::warn_1(&e);
            }
        };
        view! {
            <button data-testid=format!("{testid}-csv") on:click=on_csv>{tr("chart-download-csv")}</button>
        }
    });
    let canvas = NodeRef::<Canvas>::new();
    let (error, set_error) = signal(None::<String>);
    let (width, height) = chart.size();
    let drawn = chart.clone();
    let words = chart_words();
    let svg_words = words.clone();
    Effect::new(move |_| {
        if let Some(canvas) = canvas.get() {
            let chart = drawn.clone();
            let words = words.clone();
            paint::draw_after_paint(
                canvas,
                move |canvas| to_canvas(canvas.clone(), |area| chart.draw(area, &words)),
                move |e| {
                    set_error.try_set(Some(e));
                },
            );
        }
    });
    let svg_name = download::file_name(&file_stem, testid, "svg");
    let png_name = download::file_name(&file_stem, testid, "png");
    let on_svg = move |_| {
        if let Err(e) = export_svg(&chart, &svg_name, &svg_words) {
            set_error.set(Some(format!("{}: {e:?}", tr("chart-export-svg-failed"))));
        }
    };
    let on_png = move |_| {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        let name = png_name.clone();
        let callback = Closure::once_into_js(move |blob: JsValue| {
            if let Some(blob) = blob.dyn_ref::<web_sys::Blob>() {
                let _ = download::blob(&name, blob);
            }
        });
        if let Err(e) = canvas.to_blob(callback.unchecked_ref()) {
            set_error.set(Some(format!("{}: {e:?}", tr("chart-export-png-failed"))));
        }
    };
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title.clone()}</figcaption>
            <canvas node_ref=canvas width=width.to_string() height=height.to_string()
                role="img" aria-label=title.clone()></canvas>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="exports">
                <button data-testid=format!("{testid}-png") on:click=on_png>{tr("chart-download-png")}</button>
                <button data-testid=format!("{testid}-svg") on:click=on_svg>{tr("chart-download-svg")}</button>
                {csv_button}
            </div>
            <details class="chart-data" data-testid=format!("{testid}-data")>
                <summary>{tr("chart-data")}</summary>
                {children()}
            </details>
        </figure>
    }
}

/// Draw `chart` again as SVG (text measured with an offscreen canvas, never plotters' own
/// DOM measuring) and offer it as `name`.
fn export_svg(chart: &Chart, name: &str, words: &dyn Words) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let scratch: web_sys::HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    let context: web_sys::CanvasRenderingContext2d = scratch
        .get_context("2d")?
        .ok_or("no 2-D context")?
        .unchecked_into();
    let (width, height) = chart.size();
    let svg = to_svg_measured(width, height, canvas_measure(context), |area| {
        chart.draw(area, words)
    })
    .map_err(|e| JsValue::from_str(&e.to_string()))?;
    download::text(name, "image/svg+xml", &svg)
}
