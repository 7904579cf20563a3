//! k-means and the cluster report: invariants, hand-computed oracles, typed errors, and
//! determinism. Fast (small synthetic data).

use std::collections::BTreeMap;

use segmint_core::Transactions;
use segmint_core::cluster::{
    ClusterError, ClusterParams, Feature, KChoice, KMeansParams, Matrix, SweepRow, Transform,
    analyse, recommend, silhouette_score,
};

/// Deterministic pseudo-random blobs: `per` points around each centre (SplitMix-style hash).
fn blobs(centres: &[[f64; 3]], per: usize, spread: f64) -> Matrix {
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut uniform = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut rows = Vec::new();
    for i in 0..per {
        for c in centres {
            let _ = i;
            rows.push(c.iter().map(|v| v + spread * (uniform() - 0.5)).collect());
        }
    }
    Matrix::from_rows(&rows).unwrap()
}

fn sq(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum()
}

#[test]
fn converged_points_are_nearest_their_own_centroid_and_inertia_never_increases() {
    let x = blobs(
        &[
            [0.0, 0.0, 0.0],
            [4.0, 1.0, 0.0],
            [0.0, 5.0, 2.0],
            [3.0, 3.0, 3.0],
        ],
        100,
        3.0,
    );
    for k in 1..=8 {
        for seed in [0, 1, 99] {
            let fit = KMeansParams::new(k).n_init(3).seed(seed).fit(&x).unwrap();
            assert!(fit.converged, "k = {k}");
            assert_eq!(fit.centroids.rows(), k);
            assert!(fit.labels.iter().all(|&l| (l as usize) < k));
            let mut inertia = 0.0;
            for i in 0..x.rows() {
                let own = sq(x.row(i), fit.centroids.row(fit.labels[i] as usize));
                inertia += own;
                for c in 0..k {
                    assert!(
                        own <= sq(x.row(i), fit.centroids.row(c)) + 1e-12,
                        "k = {k}, seed {seed}: point {i} is nearer centroid {c}"
                    );
                }
            }
            assert!((inertia - fit.inertia).abs() <= 1e-9 * inertia.max(1.0));
            let h = &fit.inertia_history;
            assert_eq!(h.len(), fit.n_iter + 1);
            for w in h.windows(2) {
                assert!(w[1] <= w[0] * (1.0 + 1e-12), "k = {k}: {h:?}");
            }
            assert_eq!(*h.last().unwrap(), fit.inertia);
        }
    }
}

#[test]
fn same_seed_same_clusters_other_seed_still_valid() {
    let x = blobs(
        &[[0.0, 0.0, 0.0], [2.0, 2.0, 0.0], [0.0, 2.0, 2.0]],
        80,
        4.0,
    );
    let a = KMeansParams::new(5).seed(7).fit(&x).unwrap();
    let b = KMeansParams::new(5).seed(7).fit(&x).unwrap();
    assert_eq!(a, b);
    let c = KMeansParams::new(5).seed(8).fit(&x).unwrap();
    assert!(c.labels.iter().all(|&l| l < 5));
}

#[test]
fn hand_computed_oracles() {
    // 1-D: {0, 1} and {10, 12}: centroids 0.5 and 11, inertia 0.25·2 + 1·2 = 2.5.
    let x = Matrix::from_rows(&[vec![0.0], vec![1.0], vec![10.0], vec![12.0]]).unwrap();
    let fit = KMeansParams::new(2).fit(&x).unwrap();
    let mut c: Vec<f64> = fit.centroids.data().to_vec();
    c.sort_by(f64::total_cmp);
    assert_eq!(c, vec![0.5, 11.0]);
    assert_eq!(fit.inertia, 2.5);
    assert_eq!(fit.labels[0], fit.labels[1]);
    assert_eq!(fit.labels[2], fit.labels[3]);
    // k = n: every point its own centre, inertia 0.
    let fit = KMeansParams::new(4).fit(&x).unwrap();
    assert_eq!(fit.inertia, 0.0);
    // k = 1: the mean; inertia = n · population variance.
    let fit = KMeansParams::new(1).fit(&x).unwrap();
    assert_eq!(fit.centroids.data(), &[5.75]);
    let var = [0.0f64, 1.0, 10.0, 12.0]
        .iter()
        .map(|v| (v - 5.75).powi(2))
        .sum::<f64>();
    assert!((fit.inertia - var).abs() < 1e-12);
    // Two squares far apart (2-D).
    let x = Matrix::from_rows(&[
        vec![0.0, 0.0],
        vec![0.0, 1.0],
        vec![1.0, 0.0],
        vec![1.0, 1.0],
        vec![10.0, 10.0],
        vec![10.0, 11.0],
        vec![11.0, 10.0],
        vec![11.0, 11.0],
    ])
    .unwrap();
    let fit = KMeansParams::new(2).fit(&x).unwrap();
    assert_eq!(fit.inertia, 4.0); // 4 points × 0.5 per square
    let s = silhouette_score(&x, &fit.labels).unwrap().unwrap();
    assert!(s > 0.9);
}

#[test]
fn bad_parameters_and_data_are_typed_errors() {
    let x = Matrix::from_rows(&[vec![1.0, 1.0], vec![1.0, 1.0], vec![2.0, 1.0]]).unwrap();
    assert_eq!(
        KMeansParams::new(0).fit(&x),
        Err(ClusterError::K { k: 0, min: 1 })
    );
    assert_eq!(
        KMeansParams::new(4).fit(&x),
        Err(ClusterError::TooFewPoints { points: 3, k: 4 })
    );
    assert_eq!(
        KMeansParams::new(3).fit(&x),
        Err(ClusterError::TooFewDistinct { distinct: 2, k: 3 })
    );
    assert!(matches!(
        KMeansParams::new(2).n_init(0).fit(&x),
        Err(ClusterError::Zero { name: "n_init" })
    ));
    assert!(matches!(
        KMeansParams::new(2).tol(f64::NAN).fit(&x),
        Err(ClusterError::Tol(_))
    ));
    assert!(Matrix::from_rows(&[vec![f64::NAN]]).is_err());
    assert!(Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_err());
    let identical = Matrix::from_rows(&vec![vec![3.0, 3.0]; 50]).unwrap();
    assert_eq!(
        KMeansParams::new(2).fit(&identical),
        Err(ClusterError::TooFewDistinct { distinct: 1, k: 2 })
    );
    assert_eq!(KMeansParams::new(1).fit(&identical).unwrap().inertia, 0.0);
}

/// A shop: `n` customers in three behaviour groups.
fn shop(n: usize) -> Transactions {
    let mut t = Transactions::default();
    for c in 0..n {
        let id = format!("c{c:03}");
        let (orders, last, amount) = match c % 3 {
            0 => (1, 10 + (c % 7) as i32, 15.0 + (c % 5) as f64),
            1 => (
                6 + c % 4,
                290 + (c % 9) as i32,
                200.0 + (c % 11) as f64 * 10.0,
            ),
            _ => (3, 150 + (c % 13) as i32, 60.0 + (c % 3) as f64),
        };
        for o in 0..orders {
            t.push(
                Some(&id),
                Some(&format!("{id}-{o}")),
                Some("p"),
                last - 3 * o as i32,
                amount,
            );
        }
    }
    t.push(None, Some("anon"), Some("p"), 5, 1.0);
    t
}

#[test]
fn report_has_the_design_keys_and_is_deterministic() {
    let t = shop(90);
    let params = ClusterParams::new().k_range(2..=6).seed(3);
    let report = analyse(&t, &params).unwrap();
    assert_eq!(report, analyse(&t, &params).unwrap());
    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    for key in [
        "k",
        "inertia",
        "silhouette",
        "centroids",
        "assignments",
        "sweep",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert!(json["assignments"][0].get("customer_id").is_some());
    assert!(json["assignments"][0].get("cluster").is_some());
    for key in [
        "k",
        "inertia",
        "silhouette",
        "davies_bouldin",
        "calinski_harabasz",
    ] {
        assert!(json["sweep"][0].get(key).is_some(), "sweep lacks {key}");
    }
    assert_eq!(
        report.sweep.iter().map(|r| r.k).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6]
    );
    // Three well-separated behaviour groups: k = 3 wins, named in words.
    assert_eq!(report.k, 3, "{}", report.recommendation.reason);
    assert!(report.recommendation.reason.contains("k = 3"));
    assert_eq!(report.assignments.len(), 90);
    assert_eq!(report.centroids.len(), 3);
    assert_eq!(report.pca.points.len(), 90);
    let mut names: Vec<&str> = report.profiles.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "lapsed, one-time, low spend",
            "lapsing, occasional, mid spend",
            "recent, frequent, high spend"
        ]
    );
    // Clusters are numbered by size and every group is one cluster.
    let sizes: Vec<u64> = report.profiles.iter().map(|p| p.customers).collect();
    assert_eq!(sizes, [30, 30, 30]);
    for a in &report.assignments {
        let group = a.customer_id[1..].parse::<usize>().unwrap() % 3;
        let same = report
            .assignments
            .iter()
            .filter(|b| b.customer_id[1..].parse::<usize>().unwrap() % 3 == group);
        assert!(same.clone().all(|b| b.cluster == a.cluster));
    }
    let revenue: f64 = report.profiles.iter().map(|p| p.revenue_share).sum();
    assert!((revenue - 1.0).abs() < 1e-12);
}

#[test]
fn fixed_k_and_extra_features() {
    let t = shop(30);
    let loyalty: BTreeMap<String, f64> = (0..30).map(|c| (format!("c{c:03}"), c as f64)).collect();
    let params = ClusterParams::new()
        .k(2)
        .feature(Feature::extra("loyalty_points", loyalty.clone()).transforms([Transform::MinMax]));
    let report = analyse(&t, &params).unwrap();
    assert_eq!(report.k, 2);
    assert_eq!(report.sweep.len(), 1);
    assert_eq!(report.recommendation.reason, "k = 2 was asked for.");
    assert_eq!(report.features.len(), 4);
    assert_eq!(report.centroids[0].len(), 4);
    // A missing value is named.
    let mut partial = loyalty;
    partial.remove("c007");
    partial.remove("c011");
    let err = analyse(
        &t,
        &ClusterParams::new()
            .k(2)
            .feature(Feature::extra("loyalty_points", partial)),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ClusterError::MissingValue {
            feature: "loyalty_points".into(),
            customer_id: "c007".into(),
            missing: 2,
        }
    );
    assert!(err.to_string().contains("\"c007\" and 1 more"), "{err}");
    let mut nan: BTreeMap<String, f64> = (0..30).map(|c| (format!("c{c:03}"), 1.0)).collect();
    nan.insert("c003".into(), f64::NAN);
    let err = analyse(
        &t,
        &ClusterParams::new().k(2).feature(Feature::extra("x", nan)),
    )
    .unwrap_err();
    assert!(
        matches!(err, ClusterError::NotFinite { ref customer_id, .. } if customer_id == "c003")
    );
}

#[test]
fn net_refunds_are_a_typed_error_or_signed_log1p() {
    let mut t = shop(12);
    // Under the "net returns" policy a customer can owe money back overall.
    t.push(Some("refunder"), Some("r1"), Some("p"), 100, 50.0);
    t.push(Some("refunder"), Some("r2"), Some("p"), 101, -80.0);
    let err = analyse(&t, &ClusterParams::new().k(2)).unwrap_err();
    assert_eq!(
        err,
        ClusterError::Log1pDomain {
            feature: "monetary".into(),
            customer_id: "refunder".into(),
            value: -30.0
        }
    );
    assert!(err.to_string().contains("signed_log1p"));
    let signed = Feature::monetary().transforms([Transform::SignedLog1p, Transform::ZScore]);
    let params = ClusterParams::new().k(2).features(vec![
        Feature::recency_days(),
        Feature::frequency(),
        signed,
    ]);
    let report = analyse(&t, &params).unwrap();
    assert!(report.inertia.is_finite());
    assert!(report.centroids.iter().flatten().all(|v| v.is_finite()));
}

#[test]
fn degenerate_inputs_never_panic() {
    // No customers at all.
    let mut t = Transactions::default();
    t.push(None, Some("o"), Some("p"), 1, 1.0);
    assert_eq!(
        analyse(&t, &ClusterParams::new()).unwrap_err(),
        ClusterError::NoCustomers
    );
    // k larger than the customers.
    let t = shop(5);
    assert!(matches!(
        analyse(&t, &ClusterParams::new().k(9)).unwrap_err(),
        ClusterError::TooFewPoints { points: 5, k: 9 }
    ));
    // Identical customers.
    let mut t = Transactions::default();
    for c in 0..20 {
        t.push(
            Some(&format!("c{c}")),
            Some(&format!("o{c}")),
            None,
            7,
            10.0,
        );
    }
    assert!(matches!(
        analyse(&t, &ClusterParams::new()).unwrap_err(),
        ClusterError::TooFewDistinct { distinct: 1, k: 2 }
    ));
    let one = analyse(&t, &ClusterParams::new().k(1)).unwrap();
    assert_eq!((one.k, one.inertia, one.silhouette), (1, 0.0, None));
    // A sweep longer than the distinct customers stops early with a warning.
    let t = shop(6);
    let r = analyse(&t, &ClusterParams::new().k_range(2..=10)).unwrap();
    assert!(r.sweep.len() < 9);
    assert!(!r.warnings.is_empty());
    // Bad parameters.
    for (params, what) in [
        (ClusterParams::new().k_range(1..=3), "k"),
        (
            ClusterParams {
                k: KChoice::Range { start: 5, end: 3 },
                ..ClusterParams::new()
            },
            "range",
        ),
        (ClusterParams::new().min_cluster_share(1.5), "share"),
        (ClusterParams::new().silhouette_sample(1), "sample"),
        (ClusterParams::new().features(vec![]), "features"),
        (ClusterParams::new().max_iter(0), "max_iter"),
    ] {
        assert!(analyse(&t, &params).is_err(), "{what}");
    }
    let dup = ClusterParams::new().feature(Feature::monetary());
    assert_eq!(
        analyse(&t, &dup).unwrap_err(),
        ClusterError::DuplicateFeature("monetary".into())
    );
}

#[test]
fn sampled_silhouette_is_seeded_and_close_to_exact() {
    let t = shop(300);
    let exact = analyse(&t, &ClusterParams::new().k(3)).unwrap();
    let sampled = ClusterParams::new().k(3).silhouette_sample(120);
    let a = analyse(&t, &sampled).unwrap();
    let b = analyse(&t, &sampled).unwrap();
    assert_eq!(a.silhouette, b.silhouette);
    let (e, s) = (exact.silhouette.unwrap(), a.silhouette.unwrap());
    assert_ne!(e, s);
    assert!((e - s).abs() < 0.05, "{e} vs {s}");
}

#[test]
fn recommendation_rule() {
    let row = |k, silhouette, smallest_share| SweepRow {
        k,
        inertia: 0.0,
        silhouette: Some(silhouette),
        davies_bouldin: None,
        calinski_harabasz: None,
        smallest_share,
        bic: None,
        aic: None,
        log_likelihood: None,
    };
    let rows = [
        row(2, 0.50, 0.01),
        row(3, 0.40, 0.10),
        row(4, 0.40, 0.05),
        row(5, 0.30, 0.03),
    ];
    let r = recommend(&rows, 0.02);
    assert_eq!(r.k, 3, "ties go to the smaller k");
    assert!(r.reason.contains("k = 2 scores higher"), "{}", r.reason);
    let r = recommend(&rows, 0.2);
    assert_eq!(r.k, 2);
    assert!(
        r.reason.contains("no k gives every cluster"),
        "{}",
        r.reason
    );
}
