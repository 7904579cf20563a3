//! The method choice of the cluster report: DBSCAN (noise as its own group) and Gaussian
//! mixtures (BIC sweep), old k-means JSON unchanged, and the worker protocol. Fast (small
//! synthetic data).

use segmint_core::Transactions;
use segmint_core::cluster::{ClusterError, ClusterParams, Covariance, GmmOptions, Method, analyse};
use segmint_core::dataset::{DatasetOptions, load_bytes};
use segmint_core::protocol::{Request, Response, Session};

/// A shop: `n` customers in three behaviour groups, plus `outliers` far-off big spenders.
fn shop(n: usize, outliers: usize) -> Transactions {
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
    for o in 0..outliers {
        let id = format!("x{o}");
        for j in 0..(20 + 7 * o) {
            t.push(
                Some(&id),
                Some(&format!("{id}-{j}")),
                Some("p"),
                200 + 30 * o as i32 + j as i32,
                5000.0 * (o + 1) as f64,
            );
        }
    }
    t
}

#[test]
fn old_json_without_a_method_is_kmeans_and_its_report_json_is_unchanged() {
    let mut json = serde_json::to_value(ClusterParams::new().k(3)).unwrap();
    json.as_object_mut().unwrap().remove("method");
    let params: ClusterParams = serde_json::from_value(json).unwrap();
    assert_eq!(params.method, Method::KMeans);
    let report = analyse(&shop(60, 0), &params).unwrap();
    let out = serde_json::to_value(&report).unwrap();
    for key in ["gmm", "dbscan"] {
        assert!(out.get(key).is_none(), "k-means report has {key}");
    }
    for key in ["bic", "aic", "log_likelihood"] {
        assert!(
            out["sweep"][0].get(key).is_none(),
            "k-means sweep has {key}"
        );
    }
    // The method itself in JSON: a tag and its options, omitted options take defaults.
    let m: Method = serde_json::from_str(r#"{"kind":"dbscan","eps":0.4}"#).unwrap();
    assert_eq!(m, ClusterParams::new().dbscan(0.4, 5).method);
    let m: Method = serde_json::from_str(r#"{"kind":"gmm","covariance":"diag"}"#).unwrap();
    assert_eq!(
        m,
        Method::Gmm(GmmOptions {
            covariance: Covariance::Diag,
            ..GmmOptions::default()
        })
    );
    let m: Method = serde_json::from_str(r#"{"kind":"kmeans"}"#).unwrap();
    assert_eq!(m, Method::KMeans);
    assert!(serde_json::from_str::<Method>(r#"{"kind":"spectral"}"#).is_err());
}

#[test]
fn dbscan_report_keeps_noise_as_its_own_last_group() {
    let t = shop(90, 3);
    let params = ClusterParams::new().dbscan(0.6, 4);
    let report = analyse(&t, &params).unwrap();
    assert_eq!(report, analyse(&t, &params).unwrap());
    let summary = report.dbscan.as_ref().expect("a DBSCAN summary");
    assert!(report.gmm.is_none());
    assert_eq!(summary.clusters, 3, "{}", report.recommendation.reason);
    assert_eq!(report.k, 3);
    assert_eq!(summary.noise, 3);
    assert_eq!(summary.noise_cluster, Some(3));
    assert_eq!(report.profiles.len(), 4);
    assert!(report.profiles[3].name.starts_with("noise"));
    assert_eq!(report.profiles[3].customers, 3);
    assert_eq!(report.centroids.len(), 3);
    for a in &report.assignments {
        let noise = a.customer_id.starts_with('x');
        assert_eq!(a.cluster == 3, noise, "{}", a.customer_id);
    }
    // The three behaviour groups are the three clusters.
    for a in report
        .assignments
        .iter()
        .filter(|a| a.customer_id.starts_with('c'))
    {
        let group = a.customer_id[1..].parse::<usize>().unwrap() % 3;
        assert!(
            report
                .assignments
                .iter()
                .filter(|b| b.customer_id.starts_with('c'))
                .filter(|b| b.customer_id[1..].parse::<usize>().unwrap() % 3 == group)
                .all(|b| b.cluster == a.cluster)
        );
    }
    assert_eq!(report.sweep.len(), 1);
    assert!(report.silhouette.unwrap() > 0.5);
    assert!(
        report
            .recommendation
            .reason
            .contains("no sweep over k applies")
    );
    let shares: f64 = report.profiles.iter().map(|p| p.share).sum();
    assert!((shares - 1.0).abs() < 1e-12);
    // Nothing dense: all noise, one group, a warning that says what to change.
    let all_noise = analyse(&t, &ClusterParams::new().dbscan(1e-3, 50)).unwrap();
    assert_eq!(all_noise.k, 0);
    assert_eq!(all_noise.profiles.len(), 1);
    assert!(all_noise.assignments.iter().all(|a| a.cluster == 0));
    assert!(all_noise.warnings.iter().any(|w| w.contains("raise eps")));
    assert_eq!(
        analyse(&t, &ClusterParams::new().dbscan(-1.0, 5)),
        Err(ClusterError::Eps(-1.0))
    );
}

#[test]
fn gmm_report_sweeps_k_and_recommends_by_bic() {
    let t = shop(90, 0);
    for covariance in [Covariance::Full, Covariance::Diag] {
        let options = GmmOptions {
            covariance,
            n_init: 2,
            ..GmmOptions::default()
        };
        let params = ClusterParams::new()
            .k_range(2..=5)
            .seed(1)
            .gmm(options.clone());
        let report = analyse(&t, &params).unwrap();
        assert_eq!(report, analyse(&t, &params).unwrap());
        assert_eq!(
            report.sweep.iter().map(|r| r.k).collect::<Vec<_>>(),
            [2, 3, 4, 5]
        );
        let bics: Vec<f64> = report.sweep.iter().map(|r| r.bic.unwrap()).collect();
        let lowest = report
            .sweep
            .iter()
            .min_by(|a, b| a.bic.unwrap().total_cmp(&b.bic.unwrap()))
            .unwrap();
        assert_eq!(report.k, lowest.k, "{bics:?}");
        assert!(report.recommendation.reason.contains("lowest BIC"));
        let gmm = report.gmm.as_ref().expect("a mixture summary");
        assert_eq!(gmm.covariance, covariance);
        assert_eq!(gmm.bic, lowest.bic.unwrap());
        assert_eq!(Some(gmm.log_likelihood), lowest.log_likelihood);
        assert!((gmm.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Components in cluster order: the largest cluster first.
        let sizes: Vec<u64> = report.profiles.iter().map(|p| p.customers).collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        assert_eq!(report.centroids.len(), report.k);
        for row in &report.sweep {
            let (ll, bic, aic) = (
                row.log_likelihood.unwrap(),
                row.bic.unwrap(),
                row.aic.unwrap(),
            );
            // BIC − AIC = p (ln n − 2), the same p in both.
            let p = (bic - aic) / (90f64.ln() - 2.0);
            assert!((p - p.round()).abs() < 1e-6, "{p}");
            assert!((aic - (-2.0 * 90.0 * ll + 2.0 * p.round())).abs() < 1e-6);
        }
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["sweep"][0].get("bic").is_some());
        assert!(json["gmm"].get("log_likelihood").is_some());
    }
    // A fixed k is "asked for", still with its BIC.
    let fixed = analyse(&t, &ClusterParams::new().k(3).gmm(GmmOptions::default())).unwrap();
    assert_eq!(fixed.k, 3);
    assert!(fixed.recommendation.reason.contains("asked for"));
    let bad = GmmOptions {
        reg_covar: f64::NAN,
        ..GmmOptions::default()
    };
    assert!(analyse(&t, &ClusterParams::new().k(3).gmm(bad)).is_err());
}

#[test]
fn the_worker_protocol_carries_every_method() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/demo/online_retail_sample.csv"
    );
    let bytes = std::fs::read(path).unwrap();
    let d = load_bytes(&bytes, DatasetOptions::default(), 1 << 20).unwrap();
    let mut session = Session::new();
    let inspect = Request::Inspect {
        file_name: "demo.csv".into(),
        options: Default::default(),
    };
    let mut progress = |_| std::ops::ControlFlow::Continue(());
    session.answer(inspect, Some(&bytes), &mut progress);
    for params in [
        ClusterParams::new().k_range(2..=4).n_init(2),
        ClusterParams::new().dbscan(0.5, 5),
        ClusterParams::new()
            .k_range(2..=4)
            .gmm(GmmOptions::default()),
    ] {
        let request = Request::Cluster {
            params: params.clone(),
        };
        let request: Request =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let response = session.answer(request, None, &mut progress);
        let response: Response =
            serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap();
        let Response::Cluster(report) = response else {
            panic!("expected a cluster report for {}", params.method.name());
        };
        let direct = analyse(d.customer_transactions().unwrap(), &params).unwrap();
        assert_eq!(report.k, direct.k, "{}", params.method.name());
        assert_eq!(report.assignments, direct.assignments);
        assert_eq!(report.dbscan, direct.dbscan);
        assert_eq!(report.gmm.is_some(), params.method.name() == "gmm");
    }
}
