//! The worker's message handling, run inside a real dedicated Web Worker in headless Chromium
//! (`FileReaderSync` exists only in workers).
#![cfg(target_arch = "wasm32")]

use segmint_core::protocol::{Request, Response};
use segmint_core::{InspectOptions, inspect_bytes};
use segmint_worker::{SLICE_BYTES, handle};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn blob(bytes: &[u8]) -> Blob {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).expect("a blob")
}

fn message(request: &Request, file: &Blob) -> JsValue {
    let message = js_sys::Object::new();
    let json = serde_json::to_string(request).unwrap();
    js_sys::Reflect::set(&message, &"request".into(), &json.into()).unwrap();
    js_sys::Reflect::set(&message, &"file".into(), file).unwrap();
    message.into()
}

fn inspect(file_name: &str) -> Request {
    Request::Inspect {
        file_name: file_name.into(),
        options: InspectOptions::default(),
    }
}

/// A file larger than one slice, with records that straddle the slice boundaries.
fn big_csv() -> Vec<u8> {
    let mut csv = b"order,customer,note,amount\n".to_vec();
    let mut i = 0u64;
    while (csv.len() as u64) < SLICE_BYTES * 2 + 12_345 {
        csv.extend_from_slice(
            format!(
                "O{i},C{},\"a note, with a comma\",{}.{:02}\n",
                i % 977,
                i % 300,
                i % 100
            )
            .as_bytes(),
        );
        i += 1;
    }
    csv
}

#[wasm_bindgen_test]
fn a_blob_is_streamed_in_slices_with_the_same_result_as_in_memory() {
    let bytes = big_csv();
    let mut progress = Vec::new();
    let response = handle(&message(&inspect("big.csv"), &blob(&bytes)), &mut |r| {
        progress.push(r.clone());
    });
    let Response::Inspected(report) = response else {
        panic!("{response:?}")
    };
    let expected = inspect_bytes(&bytes, InspectOptions::default(), bytes.len()).unwrap();
    assert_eq!(report, expected);
    assert_eq!(report.header, ["order", "customer", "note", "amount"]);
    assert!(report.rows_read > 100_000);
    // One progress message per slice, the last one complete.
    assert_eq!(progress.len(), 3);
    let Some(Response::Progress { done, total }) = progress.last() else {
        panic!()
    };
    assert_eq!((*done, *total), (bytes.len() as u64, bytes.len() as u64));
}

#[wasm_bindgen_test]
fn a_bad_file_fails_with_its_name_in_the_message() {
    let response = handle(&message(&inspect("empty.csv"), &blob(b"")), &mut |_| {});
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert_eq!(failure.file_name, "empty.csv");
    assert!(
        failure.message.starts_with("empty.csv: "),
        "{}",
        failure.message
    );
}

#[wasm_bindgen_test]
fn a_message_it_does_not_understand_is_answered_not_dropped() {
    let response = handle(&JsValue::from_str("hello"), &mut |_| {});
    assert!(matches!(response, Response::Failed(_)), "{response:?}");
}

fn analysis(request: &Request) -> JsValue {
    let message = js_sys::Object::new();
    let json = serde_json::to_string(request).unwrap();
    js_sys::Reflect::set(&message, &"request".into(), &json.into()).unwrap();
    message.into()
}

/// Two customers, four orders over three months.
const ORDERS: &str = "order_id,customer_id,order_date,amount\n\
    O1,ann,2024-01-03,30\nO2,ann,2024-02-10,20\nO3,bob,2024-01-20,5\nO4,ann,2024-03-01,12.5\n";

#[wasm_bindgen_test]
fn the_dataset_is_kept_and_analyses_run_on_it_without_the_file() {
    use segmint_core::rfm::{self, RfmParams};
    use segmint_core::{CohortOptions, DatasetOptions, load_bytes};
    use segmint_worker::Session;

    let mut session = Session::default();
    let before = session.handle(
        &analysis(&Request::Rfm {
            params: RfmParams::default(),
        }),
        &mut |_| {},
    );
    assert!(matches!(before, Response::Failed(_)), "{before:?}");

    let response = session.handle(
        &message(&inspect("orders.csv"), &blob(ORDERS.as_bytes())),
        &mut |_| {},
    );
    assert!(matches!(response, Response::Inspected(_)), "{response:?}");
    assert!(session.has_dataset());

    let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), 7).unwrap();
    let expected = rfm::analyse(
        dataset.customer_transactions().unwrap(),
        &RfmParams::default(),
    )
    .unwrap();
    let Response::Rfm(report) = session.handle(
        &analysis(&Request::Rfm {
            params: RfmParams::default(),
        }),
        &mut |_| {},
    ) else {
        panic!("no RFM answer")
    };
    assert_eq!(report, expected);
    assert_eq!(report.customers.len(), 2);

    let Response::Cohort(cohorts) = session.handle(
        &analysis(&Request::Cohort {
            options: CohortOptions::default(),
        }),
        &mut |_| {},
    ) else {
        panic!("no cohort answer")
    };
    assert_eq!(cohorts.customers, 2);

    // A bad parameter is an answer, not a crash.
    let bad = RfmParams {
        bins: 42,
        ..RfmParams::default()
    };
    let response = session.handle(&analysis(&Request::Rfm { params: bad }), &mut |_| {});
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert!(failure.message.contains("bins"), "{}", failure.message);
}
