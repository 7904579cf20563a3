//! Time the stages of file → RFM: `cargo run --profile native -p segmint-core --example
//! rfm_timing -- FILE`.

use std::time::Instant;

use segmint_core::rfm::{RfmParams, analyse};
use segmint_core::{DatasetOptions, load_bytes};

fn main() {
    let path = std::env::args().nth(1).expect("usage: rfm_timing FILE");
    let start = Instant::now();
    let bytes = std::fs::read(&path).expect("readable file");
    let read = start.elapsed();
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    let loaded = start.elapsed();
    let t = dataset.customer_transactions().expect("customer roles");
    let report = analyse(t, &RfmParams::default()).expect("rfm");
    let done = start.elapsed();
    eprintln!(
        "read {read:?}, ingest {:?}, rfm {:?}; {} customers",
        loaded - read,
        done - loaded,
        report.customers.len()
    );
}
