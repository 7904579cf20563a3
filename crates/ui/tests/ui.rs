//! The UI in a real browser page (headless Chromium via wasm-bindgen-test). The test page
//! has no worker script, which exercises the engine's in-page fallback.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use segmint_core::InspectOptions;
use segmint_core::protocol::{Request, Response};
use segmint_ui::engine::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Blob, Document, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const CSV: &str = "order_id,customer,date,amount\nA-1,alice,2024-01-03,12.50\nA-2,,2024-01-04,7\n";

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn blob(text: &str) -> Blob {
    let parts = js_sys::Array::new();
    parts.push(&text.into());
    Blob::new_with_str_sequence(&parts).unwrap()
}

async fn wait_for(selector: &str) -> HtmlElement {
    for _ in 0..200 {
        if let Some(el) = document().query_selector(selector).unwrap() {
            return el.unchecked_into();
        }
        sleep(Duration::from_millis(25)).await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn without_a_worker_script_the_engine_runs_in_the_page() {
    let engine = Engine::new();
    let request = Request::Inspect {
        file_name: "t.csv".into(),
        options: InspectOptions::default(),
    };
    let response = engine.run(request, blob(CSV), |_, _| {}).await;
    let Some(Response::Inspected(report)) = response else {
        panic!("{response:?}")
    };
    assert_eq!(report.rows_read, 2);
    assert_eq!(report.column_filled, [2, 1, 2, 2]);
    assert!(!engine.uses_worker());
}

#[wasm_bindgen_test]
async fn picking_a_file_shows_its_summary_and_chart() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let _mounted = leptos::mount::mount_to(host.unchecked_into(), segmint_ui::App);

    let input: HtmlInputElement = wait_for("[data-testid=file-input]").await.unchecked_into();
    let parts = js_sys::Array::new();
    parts.push(&CSV.into());
    let file = web_sys::File::new_with_str_sequence(&parts, "orders.csv").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    input.set_files(transfer.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();

    let rows = wait_for("[data-testid=rows-read]").await;
    assert_eq!(rows.text_content().unwrap(), "2");
    assert_eq!(
        wait_for("[data-testid=file-name]")
            .await
            .text_content()
            .unwrap(),
        "orders.csv"
    );
    let chart_rows = document()
        .query_selector_all("[data-testid=column-chart-data] tbody tr")
        .unwrap();
    assert_eq!(chart_rows.length(), 4);
    assert!(
        document()
            .query_selector("[data-testid=column-chart] canvas")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn without_a_worker_analyses_run_in_the_page_on_the_kept_dataset() {
    use segmint_core::rfm::RfmParams;
    let engine = Engine::new();
    let csv = "order_id,customer,date,amount\nA-1,alice,2024-01-03,12.50\nA-2,alice,2024-02-04,7\n\
               A-3,bob,2024-01-05,3\n";
    let request = Request::Inspect {
        file_name: "t.csv".into(),
        options: InspectOptions::default(),
    };
    let response = engine.run(request, blob(csv), |_, _| {}).await;
    assert!(
        matches!(response, Some(Response::Inspected(_))),
        "{response:?}"
    );
    let response = engine
        .analyse(Request::Rfm {
            params: RfmParams::default(),
        })
        .await;
    let Some(Response::Rfm(report)) = response else {
        panic!("{response:?}")
    };
    let alice = report
        .customers
        .iter()
        .find(|c| c.customer_id == "alice")
        .unwrap();
    assert_eq!((alice.frequency, alice.monetary), (2, 19.5));
    // A file of customer columns is read in the page too, against the kept dataset.
    let response = engine
        .analyse_file(
            Request::Columns {
                file_name: "crm.csv".into(),
                id_column: None,
            },
            blob("customer,points\nalice,10\nbob,3\ncarol,1\n"),
        )
        .await;
    let Some(Response::Columns(columns)) = response else {
        panic!("{response:?}")
    };
    assert_eq!(columns.summary.coverage.matched, 2);
    assert_eq!(columns.summary.coverage.unmatched, 1);
    assert_eq!(columns.features[0].name, "points");
    assert!(!engine.uses_worker());
}
