//! Clustering against scikit-learn (tests/reference/cluster: the script, its output and the
//! versions — scikit-learn 1.9.1, numpy 2.4.6).
//!
//! - k-means: for k = 2..=8 on the scaled RFM features of UCI Online Retail (4,338 customers,
//!   default cleaning, through segmint's own ingest), our inertia (`n_init` 10, seed 0) is at
//!   most 0.1% above `KMeans(n_init=10, random_state=0)`'s on the same features recomputed
//!   independently by numpy from tests/reference/rfm/online_retail_rfm.csv. At k = 8 the
//!   problem has a second local optimum ~0.25% worse whose basin catches most starts: measured
//!   on this matrix, 29 of 200 single k-means++ starts (seeds 0..199) reach sklearn's optimum
//!   within 0.1%, so a best-of-10 misses it with probability 0.855^10 ≈ 21% (7 of 40 seeds
//!   did) — for sklearn's generator too (random_state=0 on the Rust-exported matrix gives
//!   +0.3%). The test runs exactly the defaults (10 starts, seed 0), which land +0.002% from
//!   sklearn's optimum at k = 8; the fit is deterministic, so the result cannot flip from run
//!   to run, only with a change to the kernel or its generator.
//! - metrics: silhouette, Davies–Bouldin and Calinski–Harabasz of a fixed labelling match
//!   `sklearn.metrics` within 1e-9 (CH relative).
//! - DBSCAN: the same labels (clusters and noise) as `sklearn.cluster.DBSCAN` for three
//!   (eps, min_samples) pairs on that small matrix, and for three pairs on the 4,338-customer
//!   Online Retail matrix (gmm_dbscan.json, make_reference_gmm_dbscan.py). A border point
//!   within `eps` of core points of two clusters joins the cluster that reaches it first,
//!   which depends on the row order (7 and 1 such points in two of the cases), so our matrix
//!   is put in the fixture's row order (by customer id) first; then the labels are identical,
//!   cluster numbers included — not just up to a permutation.
//! - Gaussian mixture, same start: from the labels of sklearn's `KMeans(n_init=1,
//!   random_state=0)` (stored), `fit_from_labels` matches `GaussianMixture` started from the
//!   same responsibilities: mean log-likelihood within 1e-6 and the same number of EM
//!   iterations, k = 2..=6, full and diagonal covariances; BIC/AIC then within 2·n·1e-6.
//! - Gaussian mixture, end to end: `GmmParams(k).n_init(10).seed(0)` against
//!   `GaussianMixture(n_init=10, random_state=0)`, k = 2..=6, full and diag: mean
//!   log-likelihood no more than 2e-3 nats per customer below sklearn's (different random
//!   starts may end in different local optima; sklearn's own best-of-10 varies by up to 6e-4
//!   across random_state 0..4) — above it is allowed, since Segmint runs its winner on to a
//!   1e-6 change where sklearn stops at 1e-3 (k = 2 diag: +2.7e-3) — the same number of free
//!   parameters, BIC no more than 2·n·2e-3 above sklearn's.

use std::path::PathBuf;

use std::collections::HashMap;

use segmint_core::cluster::{
    ClusterParams, Covariance, DbscanParams, GmmParams, KMeansParams, Matrix,
    calinski_harabasz_score, davies_bouldin_score, features, silhouette_score,
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

/// The scaled RFM matrix of Online Retail through segmint's own pipeline, and each row's
/// customer id.
fn online_retail() -> (Matrix, Vec<String>) {
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
    let ids = fm
        .customer
        .iter()
        .map(|&c| t.customer_ids.name(c).to_owned())
        .collect();
    (fm.scaled, ids)
}

fn gmm_dbscan() -> Value {
    let text = std::fs::read_to_string(repo().join("tests/reference/cluster/gmm_dbscan.json"))
        .expect("gmm_dbscan.json");
    serde_json::from_str(&text).unwrap()
}

/// Our Online Retail matrix with its rows in the order of the fixture's `customer_ids`.
fn online_retail_in_fixture_order(reference: &Value) -> Matrix {
    let (x, ids) = online_retail();
    let row: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let order: Vec<Vec<f64>> = reference["customer_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| x.row(row[c.as_str().unwrap()]).to_vec())
        .collect();
    assert_eq!(order.len(), x.rows(), "the same customers");
    Matrix::from_rows(&order).unwrap()
}

fn covariance(name: &str) -> Covariance {
    match name {
        "full" => Covariance::Full,
        "diag" => Covariance::Diag,
        other => panic!("unknown covariance {other}"),
    }
}

#[test]
fn online_retail_inertia_within_0_1_percent_of_sklearn() {
    let (x, _) = online_retail();
    assert_eq!(x.rows(), 4338);
    let reference = reference();
    let expected = reference["online_retail"]["sweep"].as_array().unwrap();
    for k in 2..=8 {
        // Exactly the contract: the defaults (n_init 10, the fixed default seed), which
        // is what the CLI and the app run. The fit is deterministic, so this cannot be flaky;
        // the k = 8 basin caveat is in tests/reference/cluster/VERSIONS.
        let params = KMeansParams::new(k);
        assert_eq!(params.n_init, 10, "the default n_init");
        let fit = params.fit(&x).unwrap();
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

#[test]
fn online_retail_dbscan_labels_match_sklearn() {
    let reference = gmm_dbscan();
    let x = online_retail_in_fixture_order(&reference);
    let cases = reference["dbscan"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    let mut ambiguous = 0;
    for case in cases {
        let eps = case["eps"].as_f64().unwrap();
        let min_samples = case["min_samples"].as_u64().unwrap() as usize;
        let fit = DbscanParams::new(eps)
            .min_samples(min_samples)
            .fit(&x)
            .unwrap();
        let expected: Vec<Option<u32>> = case["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| u32::try_from(v.as_i64().unwrap()).ok())
            .collect();
        let differ = (0..x.rows())
            .filter(|&i| fit.labels[i] != expected[i])
            .count();
        assert_eq!(
            differ, 0,
            "eps {eps}, min_samples {min_samples}: {differ} labels differ"
        );
        assert_eq!(fit.n_clusters as u64, case["clusters"].as_u64().unwrap());
        assert_eq!(
            fit.core.iter().filter(|&&c| c).count() as u64,
            case["core_points"].as_u64().unwrap()
        );
        ambiguous += case["ambiguous_border_points"].as_u64().unwrap();
    }
    // The comparison exercises the order-dependent border rule, not only easy points.
    assert!(ambiguous > 0);
}

#[test]
fn online_retail_gmm_same_start_matches_sklearn_em() {
    let reference = gmm_dbscan();
    let x = online_retail_in_fixture_order(&reference);
    let n = x.rows() as f64;
    let cases = reference["gmm_same_start"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    let mut worst = 0.0f64;
    for case in cases {
        let k = case["k"].as_u64().unwrap() as usize;
        let cov = case["covariance"].as_str().unwrap();
        let labels: Vec<u32> = reference["kmeans_labels"][k.to_string()]
            .as_str()
            .unwrap()
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .collect();
        let fit = GmmParams::new(k)
            .covariance(covariance(cov))
            .fit_from_labels(&x, &labels)
            .unwrap();
        let want = |key: &str| case[key].as_f64().unwrap();
        let what = format!("k = {k}, {cov}");
        assert!(
            (fit.log_likelihood - want("score")).abs() <= 1e-6,
            "{what}: score {} vs sklearn {}",
            fit.log_likelihood,
            want("score")
        );
        assert!(
            (fit.lower_bound - want("lower_bound")).abs() <= 1e-6,
            "{what}"
        );
        assert_eq!(
            fit.n_iter as u64,
            case["n_iter"].as_u64().unwrap(),
            "{what}"
        );
        assert_eq!(
            fit.converged,
            case["converged"].as_bool().unwrap(),
            "{what}"
        );
        assert!(
            (fit.bic - want("bic")).abs() <= 2.0 * n * 1e-6,
            "{what}: bic {}",
            fit.bic
        );
        assert!(
            (fit.aic - want("aic")).abs() <= 2.0 * n * 1e-6,
            "{what}: aic {}",
            fit.aic
        );
        worst = worst.max((fit.log_likelihood - want("score")).abs());
    }
    eprintln!("GMM same start: largest |score - sklearn| = {worst:e}");
}

#[test]
fn online_retail_gmm_within_tolerance_of_sklearn() {
    let reference = gmm_dbscan();
    let (x, _) = online_retail();
    let n = x.rows() as f64;
    let cases = reference["gmm_end_to_end"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    let mut diffs = Vec::new();
    for case in cases {
        let k = case["k"].as_u64().unwrap() as usize;
        let cov = case["covariance"].as_str().unwrap();
        let fit = GmmParams::new(k)
            .covariance(covariance(cov))
            .n_init(10)
            .seed(0)
            .fit(&x)
            .unwrap();
        let want = |key: &str| case[key].as_f64().unwrap();
        let what = format!("k = {k}, {cov}");
        assert_eq!(
            fit.n_parameters as u64,
            case["n_parameters"].as_u64().unwrap(),
            "{what}"
        );
        assert!(
            fit.log_likelihood - want("score") >= -2e-3,
            "{what}: score {} vs sklearn {}",
            fit.log_likelihood,
            want("score")
        );
        assert!(
            fit.bic - want("bic") <= 2.0 * n * 2e-3,
            "{what}: bic {} vs sklearn {}",
            fit.bic,
            want("bic")
        );
        diffs.push(format!(
            "{k}{cov}:{:+.1e}",
            fit.log_likelihood - want("score")
        ));
    }
    eprintln!("GMM end to end, score - sklearn: {}", diffs.join(" "));
}
