//! What the basket item labels cost at ingest: the same file read with and without its
//! product name column mapped (`product_name=` unmaps it), alternately, median of each.
//! `cargo run --profile native -p segmint-core --example ingest_labels -- FILE [REPS]`.

use std::time::{Duration, Instant};

use segmint_core::roles::{Override, Role};
use segmint_core::{DatasetOptions, load_bytes};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: ingest_labels FILE [REPS]");
    let reps: usize = std::env::args()
        .nth(2)
        .map_or(9, |r| r.parse().expect("REPS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let unmapped = DatasetOptions {
        map: vec![Override {
            role: Role::ProductName,
            column: String::new(),
        }],
        ..DatasetOptions::new()
    };
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        for (options, times) in [
            (DatasetOptions::new(), &mut with),
            (unmapped.clone(), &mut without),
        ] {
            let start = Instant::now();
            let dataset = load_bytes(&bytes, options, 4 << 20).expect("loads");
            times.push(start.elapsed());
            std::hint::black_box(&dataset);
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (w, wo) = (median(&mut with), median(&mut without));
    println!(
        "{path}: ingest with product labels {w:?}, without {wo:?} (median of {reps}); {:+.1}%",
        (w.as_secs_f64() / wo.as_secs_f64() - 1.0) * 100.0
    );
}
