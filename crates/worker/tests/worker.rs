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
