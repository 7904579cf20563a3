//! What the browser must show for the demo file, computed natively by `segmint-core`.
//!
//! The end-to-end tests (tests/e2e) compare the numbers the app renders with
//! `tests/e2e/fixtures/demo_rfm.json`; this test keeps that file equal to what the native
//! core computes for `www/demo/online_retail_sample.csv`, so the browser and native paths are
//! held to one answer. After an intended change, regenerate it with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-charts --test e2e_expectations`.

use std::collections::BTreeMap;

use segmint_core::rfm::{self, RfmParams};
use segmint_core::{DatasetOptions, load_bytes};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

#[test]
fn demo_rfm_expectations_match_the_native_core() {
    check("www/demo/online_retail_sample.csv", "demo_rfm.json");
}

/// The whole UCI Online Retail file, when this machine has it (`../shared/data`).
#[test]
fn online_retail_rfm_expectations_match_the_native_core() {
    let data = "../shared/data/online_retail.csv";
    if std::path::Path::new(&format!("{ROOT}/{data}")).exists() {
        check(data, "online_retail_rfm.json");
    }
}

fn check(data: &str, fixture: &str) {
    let root = ROOT;
    let bytes = std::fs::read(format!("{root}/{data}")).unwrap();
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let table = dataset.customer_transactions().unwrap();
    let report = rfm::analyse(table, &RfmParams::default()).unwrap();
    let segments: BTreeMap<String, u64> = report
        .segments
        .iter()
        .map(|s| (s.name.clone(), s.customers))
        .collect();
    let expected = serde_json::json!({
        "source": format!("{data}, RfmParams::default() (rfm-10, 5 bins)"),
        "rows_read": dataset.quality.rows_read,
        "returns": dataset.quality.returns,
        "missing_customer_id": dataset.quality.missing_customer_id,
        "customers": report.customers.len(),
        "reference_date": report.reference_date,
        "segments": segments,
    });
    let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    let path = format!("{root}/tests/e2e/fixtures/{fixture}");
    if std::env::var_os("SEGMINT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no {path}; run with SEGMINT_UPDATE_SNAPSHOTS=1"));
    assert_eq!(stored, text, "{path} is out of date");
}
