//! Time the choose-k sweep (k = 2..=10, n_init 10, seed 0) on the scaled RFM features of a
//! file: `cargo run --profile native -p segmint-core --example cluster_sweep -- FILE
//! [--reps N] [--write-matrix OUT.csv]`.
//!
//! Prints one JSON line per repetition on stdout: `kmeans_s` (the nine k-means fits),
//! `metrics_s` (silhouette, Davies–Bouldin, Calinski–Harabasz for every k), `sweep_s` (both,
//! as `cluster::sweep` runs them), plus the inertia per k. `--write-matrix` writes the scaled
//! matrix (17 significant digits) so scikit-learn can run on exactly the same numbers
//! (`bash bench/run.sh --only cluster`).

use std::fmt::Write as _;
use std::time::Instant;

use segmint_core::cluster::{ClusterParams, KMeansParams, features, sweep};
use segmint_core::rfm::{Monetary, metrics};
use segmint_core::{DatasetOptions, NO_ID, load_bytes};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: cluster_sweep FILE [--reps N] [--write-matrix OUT]");
    let mut reps = 1;
    let mut matrix_out = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--reps" => reps = args.next().and_then(|v| v.parse().ok()).expect("--reps N"),
            "--write-matrix" => matrix_out = args.next(),
            other => panic!("unknown argument {other}"),
        }
    }
    let bytes = std::fs::read(&path).expect("readable file");
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    let t = dataset.customer_transactions().expect("customer roles");
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .expect("customers");
    let m = metrics(t, last + 1, Monetary::Sum, None);
    let params = ClusterParams::new();
    let fm = features::build(&m, &t.customer_ids, &params.features).expect("features");
    let x = &fm.scaled;
    if let Some(out) = matrix_out {
        let mut s = fm.names.join(",") + "\n";
        for i in 0..x.rows() {
            let row: Vec<String> = x.row(i).iter().map(|v| format!("{v:.17e}")).collect();
            writeln!(s, "{}", row.join(",")).unwrap();
        }
        std::fs::write(&out, s).expect("writable matrix file");
    }
    for _ in 0..reps {
        let start = Instant::now();
        let fits: Vec<_> = (2..=10)
            .map(|k| KMeansParams::new(k).n_init(10).seed(0).fit(x).expect("fit"))
            .collect();
        let kmeans_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let points = sweep(x, &params).expect("sweep");
        let sweep_s = start.elapsed().as_secs_f64();
        let inertia: Vec<String> = fits.iter().map(|f| format!("{:.6}", f.inertia)).collect();
        let silhouette: Vec<String> = points
            .iter()
            .map(|p| format!("{:.6}", p.row.silhouette.unwrap_or(f64::NAN)))
            .collect();
        println!(
            "{{\"customers\": {}, \"kmeans_s\": {kmeans_s:.6}, \"metrics_s\": {:.6}, \
             \"sweep_s\": {sweep_s:.6}, \"inertia\": [{}], \"silhouette\": [{}]}}",
            x.rows(),
            (sweep_s - kmeans_s).max(0.0),
            inertia.join(", "),
            silhouette.join(", ")
        );
    }
}
