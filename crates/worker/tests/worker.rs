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
async fn a_blob_is_streamed_in_slices_with_the_same_result_as_in_memory() {
    let bytes = big_csv();
    let mut progress = Vec::new();
    let response = handle(&message(&inspect("big.csv"), &blob(&bytes)), &mut |r| {
        progress.push(r.clone());
    })
    .await;
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
async fn a_bad_file_fails_with_its_name_in_the_message() {
    let response = handle(&message(&inspect("empty.csv"), &blob(b"")), &mut |_| {}).await;
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
async fn a_message_it_does_not_understand_is_answered_not_dropped() {
    let response = handle(&JsValue::from_str("hello"), &mut |_| {}).await;
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
async fn the_dataset_is_kept_and_analyses_run_on_it_without_the_file() {
    use segmint_core::rfm::{self, RfmParams};
    use segmint_core::{CohortOptions, DatasetOptions, load_bytes};
    use segmint_worker::Session;

    let mut session = Session::default();
    let before = session
        .handle(
            &analysis(&Request::Rfm {
                params: RfmParams::default(),
            }),
            &mut |_| {},
        )
        .await;
    assert!(matches!(before, Response::Failed(_)), "{before:?}");

    let response = session
        .handle(
            &message(&inspect("orders.csv"), &blob(ORDERS.as_bytes())),
            &mut |_| {},
        )
        .await;
    assert!(matches!(response, Response::Inspected(_)), "{response:?}");
    assert!(session.has_dataset());

    let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), 7).unwrap();
    let expected = rfm::analyse(
        dataset.customer_transactions().unwrap(),
        &RfmParams::default(),
    )
    .unwrap();
    let Response::Rfm(report) = session
        .handle(
            &analysis(&Request::Rfm {
                params: RfmParams::default(),
            }),
            &mut |_| {},
        )
        .await
    else {
        panic!("no RFM answer")
    };
    assert_eq!(report, expected);
    assert_eq!(report.customers.len(), 2);

    let Response::Cohort(cohorts) = session
        .handle(
            &analysis(&Request::Cohort {
                options: CohortOptions::default(),
            }),
            &mut |_| {},
        )
        .await
    else {
        panic!("no cohort answer")
    };
    assert_eq!(cohorts.customers, 2);

    // A bad parameter is an answer, not a crash.
    let bad = RfmParams {
        bins: 42,
        ..RfmParams::default()
    };
    let response = session
        .handle(&analysis(&Request::Rfm { params: bad }), &mut |_| {})
        .await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert!(failure.message.contains("bins"), "{}", failure.message);
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function gzip(bytes) { \
    return new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))) \
        .arrayBuffer().then((b) => new Uint8Array(b)); }")]
extern "C" {
    /// Compress with the browser's own gzip (the test's reference compressor).
    fn gzip(bytes: &[u8]) -> js_sys::Promise;
}

async fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let array = wasm_bindgen_futures::JsFuture::from(gzip(bytes))
        .await
        .unwrap();
    js_sys::Uint8Array::new(&array).to_vec()
}

fn message_with_cap(request: &Request, file: &Blob, max_unpacked: f64) -> JsValue {
    let m = message(request, file);
    js_sys::Reflect::set(&m, &"maxUnpacked".into(), &max_unpacked.into()).unwrap();
    m
}

/// About 1.3 MB of orders that compress to several gzip slices (pseudo-random amounts).
fn noisy_csv() -> Vec<u8> {
    let mut csv = b"order,customer,date,amount\n".to_vec();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for i in 0..40_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let line = format!(
            "O{i},C{},2024-{:02}-{:02},{}.{:02}\n",
            x % 5_003,
            1 + (x >> 20) % 12,
            1 + (x >> 30) % 28,
            (x >> 8) % 100_000,
            (x >> 40) % 100
        );
        csv.extend_from_slice(line.as_bytes());
    }
    csv
}

#[wasm_bindgen_test]
async fn a_gzip_file_gives_the_same_report_as_the_plain_file_with_progress_in_compressed_bytes() {
    use segmint_worker::gunzip::SLICE;
    let bytes = noisy_csv();
    let packed = gzipped(&bytes).await;
    assert!(
        packed.len() as u64 > SLICE,
        "several compressed slices: {}",
        packed.len()
    );
    let expected = inspect_bytes(&bytes, InspectOptions::default(), bytes.len()).unwrap();
    // Recognised by its name, and by its magic bytes under a plain name.
    for name in ["big.csv.gz", "big.csv"] {
        let mut progress = Vec::new();
        let response = handle(&message(&inspect(name), &blob(&packed)), &mut |r| {
            progress.push(r.clone());
        })
        .await;
        let Response::Inspected(report) = response else {
            panic!("{name}: {response:?}")
        };
        assert_eq!(report, expected, "{name}");
        let total = packed.len() as u64;
        let steps: Vec<(u64, u64)> = progress
            .iter()
            .map(|r| match r {
                Response::Progress { done, total } => (*done, *total),
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(steps.len() >= 2, "{steps:?}");
        assert!(steps.iter().all(|&(_, t)| t == total), "{steps:?}");
        assert!(steps.windows(2).all(|w| w[0].0 < w[1].0), "{steps:?}");
        assert_eq!(steps.last(), Some(&(total, total)));
    }
}

#[wasm_bindgen_test]
async fn a_gzip_bomb_over_the_cap_stops_with_an_error_that_says_what_to_do() {
    let bytes = noisy_csv(); // ~1.3 MB unpacked
    let packed = gzipped(&bytes).await;
    let response = handle(
        &message_with_cap(&inspect("bomb.csv.gz"), &blob(&packed), (1 << 20) as f64),
        &mut |_| {},
    )
    .await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert!(
        failure
            .message
            .starts_with("bomb.csv.gz: decompresses to more than 1 MiB — unpack it first"),
        "{}",
        failure.message
    );
}

#[wasm_bindgen_test]
async fn a_truncated_or_corrupt_gzip_file_is_a_clear_error() {
    let packed = gzipped(ORDERS.as_bytes()).await;
    let truncated = &packed[..packed.len() / 2];
    let mut corrupt = packed.clone();
    for b in corrupt.iter_mut().skip(10).take(8) {
        *b ^= 0x5a;
    }
    for (name, bytes) in [("cut.csv.gz", truncated), ("bad.csv.gz", &corrupt[..])] {
        let response = handle(&message(&inspect(name), &blob(bytes)), &mut |_| {}).await;
        let Response::Failed(failure) = response else {
            panic!("{name}: {response:?}")
        };
        assert!(
            failure
                .message
                .starts_with(&format!("{name}: the gzip data is damaged or cut short")),
            "{}",
            failure.message
        );
    }
}

/// Per-customer columns for [`ORDERS`]: `points` is numeric, `tier` is not; `cy` has no orders.
const CRM: &str = "customer_id,points,tier\nann,120,gold\nbob,7,\ncy,3,silver\n";

#[wasm_bindgen_test]
async fn a_file_of_customer_columns_is_read_against_the_kept_dataset_plain_or_gzip() {
    use segmint_core::protocol::answer_columns;
    use segmint_core::{DatasetOptions, load_bytes};
    use segmint_worker::Session;

    let columns = Request::Columns {
        file_name: "crm.csv".into(),
        id_column: None,
    };
    let mut session = Session::default();
    // Before any orders file there are no customers to match.
    let before = session
        .handle(&message(&columns, &blob(CRM.as_bytes())), &mut |_| {})
        .await;
    assert!(matches!(before, Response::Failed(_)), "{before:?}");
    session
        .handle(
            &message(&inspect("orders.csv"), &blob(ORDERS.as_bytes())),
            &mut |_| {},
        )
        .await;
    // The same answer as the core's, which the in-page fallback calls too.
    let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), 7).unwrap();
    let expected = answer_columns(&dataset, CRM.as_bytes(), "crm.csv", None);
    let Response::Columns(answer) = session
        .handle(&message(&columns, &blob(CRM.as_bytes())), &mut |_| {})
        .await
    else {
        panic!("no columns answer")
    };
    let json = |r: &Response| serde_json::to_string(r).unwrap();
    assert_eq!(json(&Response::Columns(answer.clone())), json(&expected));
    assert_eq!(answer.summary.coverage.matched, 2);
    assert_eq!(answer.summary.coverage.unmatched, 1);
    assert_eq!(answer.features.len(), 1);
    assert_eq!(answer.features[0].name, "points");
    // A gzip file gives the same answer.
    let packed = gzipped(CRM.as_bytes()).await;
    let gz = Request::Columns {
        file_name: "crm.csv.gz".into(),
        id_column: None,
    };
    let Response::Columns(unpacked) = session
        .handle(&message(&gz, &blob(&packed)), &mut |_| {})
        .await
    else {
        panic!("no columns answer for the gzip file")
    };
    assert_eq!(unpacked.features, answer.features);
    // The dataset is still there for the clusters.
    assert!(session.has_dataset());
}
