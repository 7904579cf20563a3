//! Throughput of the record layer on `../shared/data/online_retail.csv` (or `SEGMINT_BENCH_FILE`).
//! Ignored by default; run natively with
//! `cargo test -p segmint-core --profile native --test ingest_throughput -- --ignored --nocapture`.

use std::time::Instant;

use segmint_core::{Error, Record, RecordReader, sniff};

#[test]
#[ignore = "a measurement, not a check; needs the shared data file"]
fn record_reader_throughput() {
    let path = std::env::var("SEGMINT_BENCH_FILE").unwrap_or_else(|_| {
        format!(
            "{}/../../../shared/data/online_retail.csv",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: {path} not found");
        return;
    };
    let dialect = sniff(&bytes[..bytes.len().min(64 * 1024)]);
    for chunk in [64 * 1024, 1 << 20, bytes.len()] {
        let start = Instant::now();
        let mut records = 0u64;
        let mut fields = 0usize;
        let mut count = |r: &Record<'_>| -> Result<(), Error> {
            records += 1;
            fields += r.len();
            Ok(())
        };
        let mut reader = RecordReader::new(&dialect);
        for piece in bytes.chunks(chunk) {
            reader.feed(piece, &mut count).expect("parses");
        }
        reader.finish(&mut count).expect("parses");
        if path.ends_with("online_retail.csv") {
            // 541,909 lines and the header; the UCI file has no quoted line breaks.
            assert_eq!(records, 541_910);
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{} MB in chunks of {chunk}: {records} records, {fields} fields, {:.0} ms, {:.0} MB/s",
            bytes.len() / 1_000_000,
            secs * 1e3,
            bytes.len() as f64 / 1e6 / secs
        );
    }
}
