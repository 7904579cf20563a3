//! [`serve`], the one way a request and its file reach core's `Session` in the browser, run
//! inside a real dedicated Web Worker in headless Chromium (`FileReaderSync` exists only in
//! workers) at both paces: the worker's and the page's give the same answers and the same
//! progress.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use segmint_core::protocol::{Request, Response, Session};
use segmint_core::{InspectOptions, inspect_bytes};
use segmint_web::gunzip::DEFAULT_MAX_UNPACKED;
use segmint_web::{Pace, serve};
use wasm_bindgen_test::*;
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const SLICE_BYTES: u64 = Pace::Worker.slice_bytes();

fn blob(bytes: &[u8]) -> Blob {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).expect("a blob")
}

/// One request with `file` on `session`, at `pace`, with the gzip cap `max_unpacked`; the
/// answer and the progress seen.
async fn ask_with(
    session: &RefCell<Session>,
    pace: Pace,
    request: Request,
    file: Option<&Blob>,
    max_unpacked: u64,
) -> (Response, Vec<(u64, u64)>) {
    let mut progress = Vec::new();
    let response = serve(
        session,
        request,
        file.cloned(),
        pace,
        max_unpacked,
        &mut |p| progress.push((p.done, p.total)),
        &|| true,
    )
    .await;
    (response, progress)
}

async fn ask(session: &RefCell<Session>, request: Request, file: Option<&Blob>) -> Response {
    ask_with(session, Pace::Worker, request, file, DEFAULT_MAX_UNPACKED)
        .await
        .0
}

/// A fresh session, one request.
async fn handle(request: Request, file: &Blob) -> Response {
    ask(&RefCell::new(Session::new()), request, Some(file)).await
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
async fn a_blob_is_streamed_in_slices_with_the_same_result_as_in_memory_at_either_pace() {
    let bytes = big_csv();
    let expected = inspect_bytes(&bytes, InspectOptions::default(), bytes.len()).unwrap();
    for pace in [Pace::Worker, Pace::Page] {
        let session = RefCell::new(Session::new());
        let (response, progress) = ask_with(
            &session,
            pace,
            inspect("big.csv"),
            Some(&blob(&bytes)),
            DEFAULT_MAX_UNPACKED,
        )
        .await;
        let Response::Inspected(report) = response else {
            panic!("{response:?}")
        };
        assert_eq!(report, expected);
        assert_eq!(report.header, ["order", "customer", "note", "amount"]);
        assert!(report.rows_read > 100_000);
        // One progress message per slice, the last one complete.
        let slices = (bytes.len() as u64).div_ceil(pace.slice_bytes()) as usize;
        assert_eq!(progress.len(), slices, "{pace:?}");
        let total = bytes.len() as u64;
        assert_eq!(progress.last(), Some(&(total, total)));
        assert!(session.borrow().has_dataset());
    }
}

#[wasm_bindgen_test]
async fn a_bad_file_fails_with_its_name_in_the_message() {
    let response = handle(inspect("empty.csv"), &blob(b"")).await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert_eq!(failure.file_name, "empty.csv");
    assert!(failure.to_string().starts_with("empty.csv: "), "{failure}");
}

#[wasm_bindgen_test]
async fn a_request_that_is_no_longer_wanted_stops_between_slices_and_keeps_nothing() {
    let bytes = big_csv();
    let session = RefCell::new(Session::new());
    let mut seen = 0;
    let response = serve(
        &session,
        inspect("big.csv"),
        Some(blob(&bytes)),
        Pace::Page,
        DEFAULT_MAX_UNPACKED,
        &mut |_| seen += 1,
        &|| false,
    )
    .await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert_eq!(failure.error.kind, segmint_core::ErrorKind::Cancelled);
    assert_eq!(seen, 1, "stopped after the first slice");
    assert!(!session.borrow().has_dataset());
}

/// Two customers, four orders over three months.
const ORDERS: &str = "order_id,customer_id,order_date,amount\n\
    O1,ann,2024-01-03,30\nO2,ann,2024-02-10,20\nO3,bob,2024-01-20,5\nO4,ann,2024-03-01,12.5\n";

#[wasm_bindgen_test]
async fn the_dataset_is_kept_and_analyses_run_on_it_without_the_file() {
    use segmint_core::rfm::{self, RfmParams};
    use segmint_core::{CohortOptions, DatasetOptions, load_bytes};

    let session = RefCell::new(Session::new());
    let rfm_request = || Request::Rfm {
        params: RfmParams::default(),
    };
    let before = ask(&session, rfm_request(), None).await;
    assert!(matches!(before, Response::Failed(_)), "{before:?}");

    let response = ask(
        &session,
        inspect("orders.csv"),
        Some(&blob(ORDERS.as_bytes())),
    )
    .await;
    assert!(matches!(response, Response::Inspected(_)), "{response:?}");
    assert!(session.borrow().has_dataset());

    let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), 7).unwrap();
    let expected = rfm::analyse(
        dataset.customer_transactions().unwrap(),
        &RfmParams::default(),
    )
    .unwrap();
    for pace in [Pace::Worker, Pace::Page] {
        let (response, _) =
            ask_with(&session, pace, rfm_request(), None, DEFAULT_MAX_UNPACKED).await;
        let Response::Rfm(report) = response else {
            panic!("no RFM answer")
        };
        assert_eq!(report, expected);
        assert_eq!(report.customers.len(), 2);
    }

    let cohort = Request::Cohort {
        options: CohortOptions::default(),
    };
    let Response::Cohort(cohorts) = ask(&session, cohort, None).await else {
        panic!("no cohort answer")
    };
    assert_eq!(cohorts.customers, 2);

    // A bad parameter is an answer, not a crash, and says which setting.
    let bad = RfmParams {
        bins: 42,
        ..RfmParams::default()
    };
    let response = ask(&session, Request::Rfm { params: bad }, None).await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert!(failure.to_string().contains("bins"), "{failure}");
    let words = segmint_web::BrowserWords::app().failure(&failure);
    assert!(
        words.contains("“Scores per metric” menu") && !words.contains("--"),
        "{words}"
    );
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
    use segmint_web::gunzip::SLICE;
    let bytes = noisy_csv();
    let packed = gzipped(&bytes).await;
    assert!(
        packed.len() as u64 > SLICE,
        "several compressed slices: {}",
        packed.len()
    );
    let expected = inspect_bytes(&bytes, InspectOptions::default(), bytes.len()).unwrap();
    // Recognised by its name, and by its magic bytes under a plain name; at either pace.
    for (name, pace) in [
        ("big.csv.gz", Pace::Worker),
        ("big.csv", Pace::Worker),
        ("big.csv.gz", Pace::Page),
    ] {
        let (response, steps) = ask_with(
            &RefCell::new(Session::new()),
            pace,
            inspect(name),
            Some(&blob(&packed)),
            DEFAULT_MAX_UNPACKED,
        )
        .await;
        let Response::Inspected(report) = response else {
            panic!("{name}: {response:?}")
        };
        assert_eq!(report, expected, "{name}");
        let total = packed.len() as u64;
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
    let (response, _) = ask_with(
        &RefCell::new(Session::new()),
        Pace::Worker,
        inspect("bomb.csv.gz"),
        Some(&blob(&packed)),
        1 << 20,
    )
    .await;
    let Response::Failed(failure) = response else {
        panic!("{response:?}")
    };
    assert!(
        failure
            .to_string()
            .starts_with("bomb.csv.gz: decompresses to more than 1 MiB — unpack it first"),
        "{failure}"
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
        let response = handle(inspect(name), &blob(bytes)).await;
        let Response::Failed(failure) = response else {
            panic!("{name}: {response:?}")
        };
        assert!(
            failure
                .to_string()
                .starts_with(&format!("{name}: the gzip data is damaged or cut short")),
            "{failure}"
        );
    }
}

/// Per-customer columns for [`ORDERS`]: `points` is numeric, `tier` is not; `cy` has no orders.
const CRM: &str = "customer_id,points,tier\nann,120,gold\nbob,7,\ncy,3,silver\n";

#[wasm_bindgen_test]
async fn a_file_of_customer_columns_is_read_against_the_kept_dataset_plain_or_gzip() {
    use segmint_core::protocol::Progress;
    use std::ops::ControlFlow;

    let columns = Request::Columns {
        file_name: "crm.csv".into(),
        id_column: None,
    };
    let session = RefCell::new(Session::new());
    // Before any orders file there are no customers to match.
    let before = ask(&session, columns.clone(), Some(&blob(CRM.as_bytes()))).await;
    assert!(matches!(before, Response::Failed(_)), "{before:?}");
    ask(
        &session,
        inspect("orders.csv"),
        Some(&blob(ORDERS.as_bytes())),
    )
    .await;
    // The same answer as the core's own session given the bytes.
    let mut native = Session::new();
    let mut go = |_: Progress| ControlFlow::Continue(());
    native.answer(inspect("orders.csv"), Some(ORDERS.as_bytes()), &mut go);
    let expected = native.answer(columns.clone(), Some(CRM.as_bytes()), &mut go);
    let Response::Columns(answer) = ask(&session, columns, Some(&blob(CRM.as_bytes()))).await
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
    let Response::Columns(unpacked) = ask(&session, gz, Some(&blob(&packed))).await else {
        panic!("no columns answer for the gzip file")
    };
    assert_eq!(unpacked.features, answer.features);
    // The dataset is still there for the clusters.
    assert!(session.borrow().has_dataset());
}
