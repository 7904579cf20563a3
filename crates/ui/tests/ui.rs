//! The UI in a real browser page (headless Chromium via wasm-bindgen-test). The test page
//! has no worker script, which exercises the engine's in-page fallback (tested on its own in
//! segmint-web's `engine` tests).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const CSV: &str = "order_id,customer,date,amount\nA-1,alice,2024-01-03,12.50\nA-2,,2024-01-04,7\n";

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
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
