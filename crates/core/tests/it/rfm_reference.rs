//! RFM of every customer of UCI Online Retail against an independent pandas computation
//! (tests/reference/rfm: the script, its output and the versions; recency and frequency
//! exact, monetary within 1e-6 relative).

use std::collections::HashMap;
use std::path::PathBuf;

use segmint_core::rfm::{RfmParams, analyse};
use segmint_core::{DatasetOptions, load_bytes};

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn shared_data(name: &str) -> Vec<u8> {
    let path = repo().join("../shared/data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the shared data sets must sit beside the repository",
            path.display()
        )
    })
}

#[test]
fn online_retail_matches_pandas_for_every_customer() {
    let dataset = load_bytes(
        &shared_data("online_retail.csv"),
        DatasetOptions::new(),
        1 << 20,
    )
    .expect("online_retail.csv loads");
    let t = dataset
        .customer_transactions()
        .expect("customer roles are mapped");
    let report = analyse(t, &RfmParams::default()).unwrap();

    let reference =
        std::fs::read_to_string(repo().join("tests/reference/rfm/online_retail_rfm.csv")).unwrap();
    let mut expected: HashMap<String, (i64, u64, f64)> = HashMap::new();
    for line in reference.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        expected.insert(
            f[0].to_owned(),
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            ),
        );
    }
    assert_eq!(report.reference_date, "2011-12-10");
    assert_eq!(report.customers.len(), expected.len());
    for c in &report.customers {
        let &(recency, frequency, monetary) = expected
            .get(&c.customer_id)
            .unwrap_or_else(|| panic!("customer {} is not in the reference", c.customer_id));
        assert_eq!(c.recency_days, recency, "recency of {}", c.customer_id);
        assert_eq!(c.frequency, frequency, "frequency of {}", c.customer_id);
        let tolerance = 1e-6 * monetary.abs().max(1.0);
        assert!(
            (c.monetary - monetary).abs() <= tolerance,
            "monetary of {}: {} vs {monetary}",
            c.customer_id,
            c.monetary
        );
    }
    // Equal values get equal scores: every one-time buyer has F = 1, and nobody else does.
    let once = expected.values().filter(|(_, f, _)| *f == 1).count() as u64;
    let f1 = &report.thresholds.frequency[0];
    assert_eq!((f1.customers, f1.min, f1.max), (once, Some(1.0), Some(1.0)));
    for rows in [
        &report.thresholds.recency_days,
        &report.thresholds.frequency,
        &report.thresholds.monetary,
    ] {
        assert_eq!(
            rows.iter().map(|r| r.customers).sum::<u64>(),
            expected.len() as u64
        );
    }
}
