//! The worker's message loop in a real dedicated Web Worker: messages decoded, answered by
//! the session it keeps (what `serve` does with them is tested in segmint-web).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use segmint_core::protocol::{Request, Response, Session};
use segmint_core::{InspectOptions, rfm::RfmParams};
use segmint_web::Pace;
use segmint_worker::handle;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const W: Pace = Pace::Worker;

fn message(request: &Request, file: Option<&[u8]>) -> JsValue {
    let message = js_sys::Object::new();
    let json = serde_json::to_string(request).unwrap();
    js_sys::Reflect::set(&message, &"request".into(), &json.into()).unwrap();
    if let Some(bytes) = file {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
        js_sys::Reflect::set(&message, &"file".into(), &blob).unwrap();
    }
    message.into()
}

#[wasm_bindgen_test]
async fn messages_are_answered_by_the_session_the_worker_keeps() {
    let session = RefCell::new(Session::new());
    let nonsense = handle(
        &session,
        &JsValue::from_str("hello"),
        W,
        &mut |_| {},
        &|| true,
    )
    .await;
    assert!(matches!(nonsense, Response::Failed(_)), "{nonsense:?}");

    let inspect = Request::Inspect {
        file_name: "orders.csv".into(),
        options: InspectOptions::default(),
    };
    let orders =
        b"order_id,customer_id,order_date,amount\nO1,ann,2024-01-03,30\nO2,bob,2024-02-10,20\n";
    let mut progress = Vec::new();
    let response = handle(
        &session,
        &message(&inspect, Some(orders)),
        W,
        &mut |r| progress.push(r.clone()),
        &|| true,
    )
    .await;
    assert!(matches!(response, Response::Inspected(_)), "{response:?}");
    assert!(matches!(progress.last(), Some(Response::Progress(p)) if p.done == p.total));

    let rfm = Request::Rfm {
        params: RfmParams::default(),
    };
    let Response::Rfm(report) =
        handle(&session, &message(&rfm, None), W, &mut |_| {}, &|| true).await
    else {
        panic!("no RFM answer")
    };
    assert_eq!(report.customers.len(), 2);
}
