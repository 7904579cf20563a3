//! The quality report of the real UCI Online Retail file reconciles exactly and matches an
//! independent pandas computation (tests/fixtures/reference/online_retail_quality.json,
//! written by bench/ingest/online_retail_reference.py; its `source` names the pandas version).

use std::path::PathBuf;

use segmint_core::dataset::{DatasetOptions, load_bytes, load_reader};
use segmint_core::{NO_ID, Preset, ReturnsPolicy};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference() -> serde_json::Value {
    let path = root().join("tests/fixtures/reference/online_retail_quality.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn online_retail() -> Option<Vec<u8>> {
    let path = root().join("../shared/data/online_retail.csv");
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipping: {} not found", path.display());
            None
        }
    }
}

#[test]
fn online_retail_reconciles_and_matches_pandas() {
    let Some(bytes) = online_retail() else { return };
    let r = reference();
    let d = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let q = &d.quality;
    assert_eq!(d.mapping.preset, Some(Preset::OnlineRetail));
    assert!(q.reconciles(), "{q:?}");
    assert_eq!(q.rows_read, 541_909);
    let n = |k: &str| r[k].as_u64().unwrap();
    assert_eq!(q.rows_read, n("rows_read"));
    assert_eq!(q.rows_used, n("rows_used"));
    assert_eq!(q.duplicates, n("duplicates"));
    assert_eq!(q.returns, n("returns"));
    assert_eq!(q.adjustments, n("adjustments"));
    assert_eq!(q.missing_customer_id, n("missing_customer_id"));
    assert_eq!(q.rejected_total(), 0);
    assert!(r["rejected"].as_object().unwrap().is_empty());
    assert_eq!(
        q.rows_read,
        q.rows_used + q.duplicates + q.returns + q.adjustments + q.rejected_total()
    );

    let t = d.customer_transactions().unwrap();
    assert_eq!(t.len() as u64, q.rows_used);
    assert_eq!(t.customer_ids.len() as u64, n("used_customers"));
    assert_eq!(t.order_ids.len() as u64, n("used_orders"));
    assert_eq!(t.products.len() as u64, n("used_products"));
    assert_eq!(
        t.customer.iter().filter(|&&c| c == NO_ID).count() as u64,
        q.missing_customer_id
    );
    let sum: f64 = t.amount.iter().sum();
    assert!(
        (sum - r["used_amount_sum"].as_f64().unwrap()).abs() < 0.01,
        "{sum}"
    );
    assert_eq!(
        *t.day.iter().min().unwrap() as i64,
        r["used_first_day"].as_i64().unwrap()
    );
    assert_eq!(
        *t.day.iter().max().unwrap() as i64,
        r["used_last_day"].as_i64().unwrap()
    );
    assert!(t.amount.iter().all(|&a| a > 0.0));

    assert_eq!(
        load_reader(&bytes[..], DatasetOptions::new()).unwrap(),
        d,
        "threaded path"
    );
}

#[test]
fn online_retail_netted_returns_keep_every_return_line() {
    let Some(bytes) = online_retail() else { return };
    let r = reference();
    let options = DatasetOptions {
        returns: ReturnsPolicy::Net,
        ..DatasetOptions::new()
    };
    let d = load_bytes(&bytes, options, 1 << 20).unwrap();
    let q = &d.quality;
    assert!(q.reconciles());
    assert_eq!(q.returns, r["returns"].as_u64().unwrap());
    assert_eq!(q.rows_used, r["rows_used"].as_u64().unwrap() + q.returns);
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(
        t.amount.iter().filter(|&&a| a < 0.0).count() as u64,
        q.returns
    );
}

#[test]
fn online_retail_chunking_does_not_matter() {
    let Some(bytes) = online_retail() else { return };
    // A prefix keeps the test quick; odd chunk sizes cut records, UTF-8 and CRLF anywhere.
    let cut = bytes[..3_000_000]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let part = &bytes[..cut];
    let whole = load_bytes(part, DatasetOptions::new(), part.len()).unwrap();
    for chunk in [4093, 65_537] {
        assert_eq!(
            load_bytes(part, DatasetOptions::new(), chunk).unwrap(),
            whole
        );
    }
}
