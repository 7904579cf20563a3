//! Clustering against scikit-learn (tests/reference/cluster: the script, its output and the
//! versions — scikit-learn 1.9.1, numpy 2.4.6).
//!
//! - k-means: for k = 2..=8 on the scaled RFM features of UCI Online Retail (4,338 customers,
//!   default cleaning, through segmint's own ingest), our inertia (`n_init` 10, seed 0) is at
//!   most 0.1% above `KMeans(n_init=10, random_state=0)`'s on the same features recomputed
//!   independently by numpy from tests/reference/rfm/online_retail_rfm.csv. (Caveat, measured:
//!   at k = 8 about one seed in five lands in a local optimum ~0.25% worse, for sklearn's
//!   generator as for ours — see tests/reference/cluster/VERSIONS.)
//! - metrics: silhouette, Davies–Bouldin and Calinski–Harabasz of a fixed labelling match
//!   `sklearn.metrics` within 1e-9 (CH relative).
//! - DBSCAN: the same labels (clusters and noise) as `sklearn.cluster.DBSCAN` for three
//!   (eps, min_samples) pairs on that small matrix.

use std::path::PathBuf;

use segmint_core::cluster::{
    ClusterParams, DbscanParams, KMeansParams, Matrix, calinski_harabasz_score,
    davies_bouldin_score, features, silhouette_score,
};
use segmint_core::rfm::{Monetary, metrics};
use segmint_core::{DatasetOptions, NO_ID, load_bytes};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn reference() -> Value {
    let text = std::fs::read_to_string(repo().join("tests/reference/cluster/reference.json"))
        .expect("reference.json");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn online_retail_inertia_within_0_1_percent_of_sklearn() {
    let path = repo().join("../shared/data/online_retail.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the shared data sets must sit beside the repository",
            path.display()
        )
    });
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    let t = dataset.customer_transactions().expect("customer roles");
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .unwrap();
    let m = metrics(t, last + 1, Monetary::Sum, None);
    let fm = features::build(&m, &t.customer_ids, &ClusterParams::new().features).unwrap();
    assert_eq!(fm.scaled.rows(), 4338);
    let reference = reference();
    let expected = reference["online_retail"]["sweep"].as_array().unwrap();
    for k in 2..=8 {
        let fit = KMeansParams::new(k)
            .n_init(10)
            .seed(0)
            .fit(&fm.scaled)
            .unwrap();
        let sk = expected
            .iter()
            .find(|r| r["k"].as_u64() == Some(k as u64))
            .unwrap();
        let sk_inertia = sk["inertia"].as_f64().unwrap();
        assert!(
            fit.inertia <= sk_inertia * 1.001,
            "k = {k}: inertia {} vs sklearn {sk_inertia}",
            fit.inertia
        );
    }
}

#[test]
fn metrics_match_sklearn_on_a_fixed_labelling() {
    let text =
        std::fs::read_to_string(repo().join("tests/reference/cluster/small_labelled.csv")).unwrap();
    let mut rows = Vec::new();
    let mut labels: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        rows.push(f[..3].iter().map(|v| v.parse::<f64>().unwrap()).collect());
        labels[0].push(f[3].parse().unwrap());
        labels[1].push(f[4].parse().unwrap());
    }
    let x = Matrix::from_rows(&rows).unwrap();
    let reference = reference();
    for (labels, key) in labels.iter().zip(["label", "label_b"]) {
        let expected = &reference["small_labelled"][key];
        let want = |name: &str| expected[name].as_f64().unwrap();
        let sil = silhouette_score(&x, labels).unwrap().unwrap();
        let db = davies_bouldin_score(&x, labels).unwrap().unwrap();
        let ch = calinski_harabasz_score(&x, labels).unwrap().unwrap();
        assert!(
            (sil - want("silhouette")).abs() < 1e-9,
            "{key}: silhouette {sil}"
        );
        // "label" has a singleton cluster, whose spread sklearn computes as sqrt(rounding
        // error) ≈ 3e-8 instead of 0 (see make_reference.py); exact elsewhere.
        let db_tolerance = if key == "label" { 1e-8 } else { 1e-9 };
        assert!(
            (db - want("davies_bouldin")).abs() < db_tolerance,
            "{key}: davies_bouldin {db}"
        );
        assert!(
            (ch - want("calinski_harabasz")).abs() < 1e-9 * want("calinski_harabasz"),
            "{key}: calinski_harabasz {ch}"
        );
    }
}

#[test]
fn dbscan_labels_match_sklearn() {
    let text =
        std::fs::read_to_string(repo().join("tests/reference/cluster/small_labelled.csv")).unwrap();
    let rows: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(3).map(|v| v.parse().unwrap()).collect())
        .collect();
    let x = Matrix::from_rows(&rows).unwrap();
    let reference = reference();
    let cases = reference["small_dbscan"].as_object().unwrap();
    assert_eq!(cases.len(), 3);
    for (key, labels) in cases {
        let (eps, min_samples) = key.split_once(',').unwrap();
        let eps: f64 = eps.trim_start_matches("eps=").parse().unwrap();
        let min_samples: usize = min_samples
            .trim_start_matches("min_samples=")
            .parse()
            .unwrap();
        let fit = DbscanParams::new(eps)
            .min_samples(min_samples)
            .fit(&x)
            .unwrap();
        let expected: Vec<Option<u32>> = labels
            .as_array()
            .unwrap()
            .iter()
            .map(|v| u32::try_from(v.as_i64().unwrap()).ok())
            .collect();
        assert_eq!(fit.labels, expected, "{key}");
    }
}
