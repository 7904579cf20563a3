//! `segmint rfm`, `cluster`, `clv` and `cohort` end to end: docs/definitions.md §5 keys, CSV export, errors.

mod common;

use common::*;

/// A small orders file whose customer ids would be formulas in a spreadsheet.
const HOSTILE: &str = "order_id,customer_id,order_date,amount\n\
    o1,=HYPERLINK(\"http://x\"),2024-01-02,10\n\
    o2,=HYPERLINK(\"http://x\"),2024-02-03,12\n\
    o3,+cmd,2024-02-10,5\n\
    o4,@SUM(A1),2024-03-01,7\n\
    o5,plain,2024-03-02,9\n";

#[test]
fn rfm_json_has_the_design_keys() {
    let file = repo("tests/fixtures/presets/online_retail.csv");
    let v = json(&["rfm", file.to_str().unwrap(), "--json"]);
    for key in ["reference_date", "customers", "segments", "thresholds"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let customer = &v["customers"][0];
    for key in [
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "segment",
    ] {
        assert!(customer.get(key).is_some(), "customer misses {key}");
    }
    for key in ["name", "customers", "revenue"] {
        assert!(v["segments"][0].get(key).is_some(), "segment misses {key}");
    }
    let total: u64 = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, v["customers"].as_array().unwrap().len());
}

#[test]
fn rfm_options_change_the_result() {
    let file = repo("tests/fixtures/presets/online_retail.csv");
    let file = file.to_str().unwrap();
    let v = json(&[
        "rfm",
        file,
        "--json",
        "--bins",
        "3",
        "--reference-date",
        "2030-01-01",
        "--segments",
        "rf-grid",
    ]);
    assert_eq!(v["reference_date"], "2030-01-01");
    assert_eq!(v["bins"], 3);
    assert!(
        v["customers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["r"].as_u64().unwrap() <= 3)
    );
    assert!(
        v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Hibernating")
    );
}

#[test]
fn rfm_csv_export_is_formula_safe() {
    let input = temp_path("hostile.csv");
    std::fs::write(&input, HOSTILE).unwrap();
    let output = temp_path("scored.csv");
    let out = segmint(&[
        "rfm",
        input.to_str().unwrap(),
        "--out",
        output.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&output).unwrap();
    assert!(csv.starts_with("customer_id,recency_days,frequency,monetary,r,f,m,segment\r\n"));
    assert!(
        csv.contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",29,2,22,"),
        "{csv}"
    );
    assert!(csv.contains("\r\n\"'+cmd\","), "{csv}");
    assert!(csv.contains("\r\n\"'@SUM(A1)\","), "{csv}");
    assert!(csv.contains("\r\nplain,1,1,9,"), "{csv}");
    for line in csv.lines().skip(1) {
        assert!(!line.starts_with(['=', '+', '-', '@']), "{line}");
    }
}

#[test]
fn bad_options_and_files_fail_with_a_message() {
    let file = repo("tests/fixtures/presets/online_retail.csv");
    let file = file.to_str().unwrap();
    let out = segmint(&["rfm", file, "--bins", "12"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bins must be between 3 and 10"));
    let out = segmint(&["rfm", file, "--reference-date", "2024-02-31"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    let baskets = repo("tests/fixtures/presets/basket_per_line.csv");
    let out = segmint(&["rfm", baskets.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("basket_per_line.csv"), "{stderr}");
}

#[test]
fn clv_json_has_the_design_keys() {
    let file = repo("../shared/data/cdnow_sample.csv");
    let v = json(&[
        "clv",
        file.to_str().unwrap(),
        "--json",
        "--observation-end",
        "1997-09-30",
        "--time-unit",
        "week",
        "--horizon-days",
        "70",
    ]);
    for key in ["r", "alpha", "a", "b"] {
        assert!(v["model"][key].is_f64(), "model.{key}");
    }
    for key in ["p", "q", "v"] {
        assert!(v["gamma_gamma"][key].is_f64(), "gamma_gamma.{key}");
    }
    let c = &v["customers"][0];
    for key in [
        "customer_id",
        "frequency",
        "recency",
        "t",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "clv",
    ] {
        assert!(c.get(key).is_some(), "customer misses {key}");
    }
    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426 (within 1%).
    for (key, published) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        let fitted = v["model"][key].as_f64().unwrap();
        assert!((fitted / published - 1.0).abs() < 0.01, "{key} = {fitted}");
    }
    // How each fit went (issue 20): converged, with its log-likelihood.
    for fit in ["model_fit", "gamma_gamma_fit"] {
        assert_eq!(v[fit]["converged"], true, "{fit}");
        assert!(v[fit]["log_likelihood"].as_f64().unwrap() < 0.0, "{fit}");
        assert!(v[fit]["gradient_norm"].as_f64().unwrap() <= 1e-9, "{fit}");
    }
    // 90% bootstrap intervals by default (200 resamples, seed 0), around the estimates.
    let i = &v["intervals"];
    assert_eq!(
        (i["resamples"].as_u64(), i["seed"].as_u64()),
        (Some(200), Some(0))
    );
    for key in ["r", "alpha", "a", "b"] {
        let (low, high) = (
            i["model"][key]["low"].as_f64().unwrap(),
            i["model"][key]["high"].as_f64().unwrap(),
        );
        let estimate = v["model"][key].as_f64().unwrap();
        assert!(low < estimate && estimate < high, "{key}: {low}..{high}");
    }
    assert!(
        c["clv_interval"]["low"].as_f64().unwrap() <= c["clv_interval"]["high"].as_f64().unwrap()
    );
    assert!(c["expected_purchases_interval"]["high"].is_f64());
    // --resamples 0: no intervals at all.
    let none = json(&[
        "clv",
        file.to_str().unwrap(),
        "--json",
        "--observation-end",
        "1997-09-30",
        "--time-unit",
        "week",
        "--resamples",
        "0",
    ]);
    assert!(none.get("intervals").is_none());
    assert!(none["customers"][0].get("clv_interval").is_none());
}

#[test]
fn cohort_json_marks_incomplete_cells() {
    let file = repo("tests/fixtures/presets/online_retail.csv");
    let v = json(&["cohort", file.to_str().unwrap(), "--json"]);
    let cohorts = v["cohorts"].as_array().unwrap();
    assert!(!cohorts.is_empty());
    let last_cells = cohorts[0]["cells"].as_array().unwrap();
    assert_eq!(last_cells[0]["share"], 1.0);
    assert_eq!(last_cells.last().unwrap()["complete"], false);
}

#[test]
fn basket_json_has_the_design_keys() {
    let file = repo("tests/fixtures/presets/basket_per_line.csv");
    let v = json(&[
        "basket",
        file.to_str().unwrap(),
        "--json",
        "--min-support",
        "2",
    ]);
    assert!(v["transactions"].as_u64().unwrap() > 0);
    let itemset = &v["itemsets"][0];
    for key in ["items", "count", "support"] {
        assert!(itemset.get(key).is_some(), "itemset misses {key}");
    }
    let rules = v["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for key in [
        "antecedent",
        "consequent",
        "support",
        "confidence",
        "lift",
        "leverage",
        "conviction",
        "zhangs_metric",
        "jaccard",
        "certainty",
        "kulczynski",
    ] {
        assert!(rules[0].get(key).is_some(), "rule misses {key}");
    }
    // Infinite conviction (confidence 1) is written as null.
    for r in rules {
        if r["confidence"] == 1.0 {
            assert!(r["conviction"].is_null(), "{r}");
        }
    }
}

#[test]
fn basket_refuses_a_nonsense_support() {
    let file = repo("tests/fixtures/presets/basket_per_line.csv");
    let out = segmint(&["basket", file.to_str().unwrap(), "--min-support", "1.5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("fraction like 0.01"));
}

#[test]
fn cluster_json_has_the_design_keys() {
    let file = repo("www/demo/online_retail_sample.csv");
    let file = file.to_str().unwrap();
    let v = json(&[
        "cluster",
        file,
        "--json",
        "--k-range",
        "2..3",
        "--n-init",
        "3",
    ]);
    for key in [
        "k",
        "inertia",
        "silhouette",
        "centroids",
        "assignments",
        "sweep",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["sweep"].as_array().unwrap().len(), 2);
    for key in [
        "k",
        "inertia",
        "silhouette",
        "davies_bouldin",
        "calinski_harabasz",
    ] {
        assert!(v["sweep"][0].get(key).is_some(), "sweep misses {key}");
    }
    for key in ["customer_id", "cluster"] {
        assert!(
            v["assignments"][0].get(key).is_some(),
            "assignment misses {key}"
        );
    }
    // The same seed gives the same clusters.
    let again = json(&[
        "cluster",
        file,
        "--json",
        "--k-range",
        "2..3",
        "--n-init",
        "3",
    ]);
    assert_eq!(v["assignments"], again["assignments"]);
    // k or a range is required, and the message says how to give one.
    let out = segmint(&["cluster", file]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--k N, or --k-range A..B"));
}

/// Runs `segmint cluster` with `args` and expects a failure whose message contains `needle`.
fn cluster_fails_with(args: &[&str], needle: &str) {
    let file = repo("www/demo/online_retail_sample.csv");
    let mut all = vec!["cluster", file.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = segmint(&all);
    assert!(!out.status.success(), "{args:?} succeeded");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn cluster_dbscan_reports_noise_as_its_own_group() {
    let file = repo("www/demo/online_retail_sample.csv");
    let file = file.to_str().unwrap();
    let args = [
        "cluster",
        file,
        "--json",
        "--method",
        "dbscan",
        "--eps",
        "0.5",
        "--min-samples",
        "5",
    ];
    let v = json(&args);
    let d = &v["dbscan"];
    assert_eq!(d["eps"], 0.5);
    assert_eq!(d["min_samples"], 5);
    let clusters = d["clusters"].as_u64().unwrap();
    let noise = d["noise"].as_u64().unwrap();
    assert_eq!(v["k"].as_u64().unwrap(), clusters);
    assert!(clusters >= 1 && noise >= 1, "{d}");
    let profiles = v["profiles"].as_array().unwrap();
    assert_eq!(profiles.len() as u64, clusters + 1);
    assert!(
        profiles.last().unwrap()["name"]
            .as_str()
            .unwrap()
            .starts_with("noise")
    );
    let in_noise = v["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["cluster"].as_u64() == d["noise_cluster"].as_u64())
        .count() as u64;
    assert_eq!(in_noise, noise);
    assert!(
        v["recommendation"]["reason"]
            .as_str()
            .unwrap()
            .contains("no sweep over k applies")
    );
    assert_eq!(json(&args), v, "deterministic");
    // The text report says the same in words.
    let out = segmint(
        &args[..2]
            .iter()
            .chain(&args[3..])
            .copied()
            .collect::<Vec<_>>(),
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("clusters = {clusters}, noise = {noise}")),
        "{text}"
    );
}

#[test]
fn cluster_gmm_sweeps_with_bic() {
    let file = repo("www/demo/online_retail_sample.csv");
    let file = file.to_str().unwrap();
    for covariance in ["full", "diag"] {
        let v = json(&[
            "cluster",
            file,
            "--json",
            "--method",
            "gmm",
            "--k-range",
            "2..4",
            "--covariance",
            covariance,
            "--n-init",
            "2",
        ]);
        assert_eq!(v["gmm"]["covariance"], covariance);
        let sweep = v["sweep"].as_array().unwrap();
        assert_eq!(sweep.len(), 3);
        let best = sweep
            .iter()
            .min_by(|a, b| {
                a["bic"]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&b["bic"].as_f64().unwrap())
            })
            .unwrap();
        assert_eq!(v["k"], best["k"]);
        assert_eq!(v["gmm"]["bic"], best["bic"]);
        for key in ["aic", "log_likelihood", "silhouette", "inertia"] {
            assert!(best.get(key).is_some(), "sweep misses {key}");
        }
        assert!(
            v["recommendation"]["reason"]
                .as_str()
                .unwrap()
                .contains("lowest BIC")
        );
    }
    let out = segmint(&["cluster", file, "--method", "gmm", "--k", "3"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("k = 3, full covariance, BIC"), "{text}");
    // One-time buyers all share one frequency: a component squeezed onto it is flagged.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("(frequency)") && stderr.contains("no spread"),
        "{stderr}"
    );
}

#[test]
fn cluster_options_that_do_not_fit_the_method_are_named() {
    cluster_fails_with(
        &["--method", "spectral", "--k", "3"],
        "expected kmeans, dbscan or gmm",
    );
    cluster_fails_with(&["--method", "dbscan"], "--method dbscan needs --eps R");
    cluster_fails_with(
        &["--method", "dbscan", "--eps", "0.3", "--k", "3"],
        "DBSCAN finds the number",
    );
    cluster_fails_with(
        &["--method", "dbscan", "--eps", "0"],
        "eps must be a finite number > 0",
    );
    cluster_fails_with(
        &["--method", "dbscan", "--eps", "-1"],
        "eps must be a finite number > 0",
    );
    cluster_fails_with(&["--method", "dbscan", "--eps", "abc"], "--eps");
    cluster_fails_with(
        &["--method", "dbscan", "--eps", "0.3", "--min-samples", "0"],
        "min_samples must be at least 1",
    );
    cluster_fails_with(
        &["--method", "dbscan", "--eps", "0.3", "--covariance", "full"],
        "--covariance applies to --method gmm only",
    );
    cluster_fails_with(
        &["--k", "3", "--eps", "0.3"],
        "--eps applies to --method dbscan only",
    );
    cluster_fails_with(
        &["--method", "gmm", "--k", "3", "--min-samples", "4"],
        "--min-samples applies to --method dbscan only",
    );
    cluster_fails_with(
        &["--method", "gmm"],
        "--method gmm needs the number of clusters",
    );
    cluster_fails_with(
        &["--method", "gmm", "--k", "3", "--covariance", "tied"],
        "expected full or diag",
    );
    cluster_fails_with(
        &["--method", "gmm", "--k", "3", "--reg-covar", "-1"],
        "reg_covar must be",
    );
    cluster_fails_with(
        &["--method", "gmm", "--k", "3", "--n-init", "0"],
        "n_init must be at least 1",
    );
    cluster_fails_with(&["--k", "0"], "k must be at least 1");
    cluster_fails_with(
        &["--k", "3", "--covariance", "diag"],
        "--covariance applies to --method gmm only",
    );
    cluster_fails_with(&["--k", "3", "--k-range", "2..4"], "cannot be used with");
}

#[test]
fn cluster_adds_customer_columns_from_a_second_file() {
    let file = repo("www/demo/online_retail_sample.csv");
    let file = file.to_str().unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cluster-columns");
    std::fs::create_dir_all(&dir).unwrap();
    let v = json(&["cluster", file, "--json", "--k", "3"]);
    let ids: Vec<String> = v["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["customer_id"].as_str().unwrap().to_owned())
        .collect();
    let mut crm = String::from("Customer ID,points,tier\n");
    for (i, id) in ids.iter().enumerate() {
        crm.push_str(&format!(
            "{id},{},{}\n",
            (i * 37) % 101,
            ["gold", "silver"][i % 2]
        ));
    }
    crm.push_str("NEVER-ORDERED,5,gold\n");
    let path = dir.join("crm.csv");
    std::fs::write(&path, &crm).unwrap();
    let crm_path = path.to_str().unwrap();
    let args = [
        "cluster",
        file,
        "--json",
        "--k",
        "3",
        "--customer-columns",
        crm_path,
        "--transform",
        "points=minmax",
    ];
    let out = segmint(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("column \"tier\" is not numeric"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 of its customers have no orders"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let features: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        features,
        ["recency_days", "frequency", "monetary", "points"]
    );
    assert_eq!(v["centroids"][0].as_array().unwrap().len(), 4);
    // Min-max keeps the column in [0, 1], so no centroid coordinate leaves it.
    for c in v["centroids"].as_array().unwrap() {
        let x = c[3].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{x}");
    }
    // Chosen columns must be numeric; the cell is named.
    cluster_fails_with(
        &[
            "--k",
            "3",
            "--customer-columns",
            crm_path,
            "--columns",
            "tier",
        ],
        "crm.csv: line 2, column 3: column \"tier\" needs a number in every row",
    );
    cluster_fails_with(
        &["--k", "3", "--transform", "points=log1p"],
        "--transform names \"points\", which is not a feature",
    );
    cluster_fails_with(
        &["--k", "3", "--transform", "recency_days=cube"],
        "unknown transform",
    );
    // A clustered customer missing from the file is an error that says what to do.
    let short: String = crm
        .lines()
        .filter(|l| !l.starts_with(&ids[0]))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, short).unwrap();
    cluster_fails_with(
        &["--k", "3", "--customer-columns", crm_path],
        &format!("has no value for customer {:?}", ids[0]),
    );
}

/// The app's Clusters tab, given the same customer file, id column and transforms, shows
/// what this prints (tests/e2e/clusters_baskets.test.mjs compares every customer's cluster
/// and PCA point, the sweep and the profiles); this keeps its copy current. After an intended
/// change: `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-cli --test analyses
/// cluster_transforms_fixture`.
#[test]
fn cluster_transforms_fixture_for_the_browser_is_current() {
    let file = repo("www/demo/online_retail_sample.csv");
    let crm = repo("tests/fixtures/crm_members.csv");
    let (file, crm) = (file.to_str().unwrap(), crm.to_str().unwrap());
    // The id column found by its name is the CRM's own, which no order knows.
    cluster_fails_with(
        &["--k-range", "2..10", "--customer-columns", crm],
        "has no value for customer",
    );
    // The right id column, but log1p of a negative balance.
    cluster_fails_with(
        &[
            "--k-range",
            "2..10",
            "--customer-columns",
            crm,
            "--id-column",
            "member_ref",
        ],
        "feature \"balance\" of customer",
    );
    cluster_fails_with(
        &[
            "--k-range",
            "2..10",
            "--customer-columns",
            crm,
            "--id-column",
            "member",
        ],
        "there is no column \"member\"; the columns are: customer_id, member_ref, visits, \
         balance, points",
    );
    let out = segmint(&[
        "cluster",
        file,
        "--json",
        "--k-range",
        "2..10",
        "--customer-columns",
        crm,
        "--id-column",
        "member_ref",
        "--transform",
        "recency_days=zscore",
        "--transform",
        "balance=signed-log1p,zscore",
        "--transform",
        "visits=minmax",
        "--transform",
        "points=log1p,minmax",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = repo("tests/e2e/fixtures/cluster_transforms.json");
    if std::env::var_os("SEGMINT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
    }
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let now: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        now["features"],
        serde_json::json!([
            "recency_days",
            "frequency",
            "monetary",
            "visits",
            "balance",
            "points"
        ])
    );
    assert_eq!(
        now, kept,
        "cluster_transforms.json is stale: regenerate it (see above)"
    );
}

/// `--threads 1` and `--threads 2` write the same bytes: the k-means sweep and starts, the CLV
/// bootstrap and recommendation scoring run in parallel to the same result (issue 21).
#[test]
fn analyses_print_the_same_on_one_and_two_threads() {
    let retail = repo("../shared/data/online_retail.csv");
    let cdnow = repo("../shared/data/cdnow_sample.csv");
    let (retail, cdnow) = (retail.to_str().unwrap(), cdnow.to_str().unwrap());
    let cases: [&[&str]; 3] = [
        &["cluster", retail, "--k-range", "2..4", "--json"],
        &[
            "clv",
            cdnow,
            "--json",
            "--observation-end",
            "1997-09-30",
            "--time-unit",
            "week",
            "--resamples",
            "20",
        ],
        &["recommend", retail, "--json"],
    ];
    for args in cases {
        let run = |threads: &str| {
            let out = segmint(&[args, &["--threads", threads]].concat());
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let one = run("1");
        assert!(one.len() > 100, "{args:?}");
        assert!(
            one == run("2"),
            "{args:?}: two threads print something else"
        );
    }
}

#[test]
fn summary_json_has_the_documented_keys_and_the_core_numbers() {
    let file = repo("tests/fixtures/overview_small.csv");
    let v = json(&["summary", file.to_str().unwrap(), "--json"]);
    for key in [
        "first_date",
        "last_date",
        "comparison",
        "months",
        "segments",
        "top_products",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in [
        "customers",
        "orders",
        "revenue",
        "average_order_value",
        "repeat_rate",
        "revenue_at_risk",
    ] {
        for field in ["value", "current", "previous", "change"] {
            assert!(v[key].get(field).is_some(), "{key} misses {field}");
        }
    }
    // Checked by hand and against pandas (tests/reference/overview/small.json).
    assert_eq!(v["revenue"]["value"], 339.0);
    assert_eq!(v["revenue"]["current"], 141.0);
    assert_eq!(v["revenue"]["previous"], 126.0);
    assert_eq!(v["comparison"]["days"], 30);
    assert_eq!(v["comparison"]["current_start"], "2024-03-02");
    assert_eq!(v["months"][2]["month"], "2024-03");
    assert_eq!(v["top_products"][0]["product_id"], "P3");
    assert_eq!(v["top_products"][0]["name"], "Green plate");
    for key in [
        "name",
        "customers",
        "share",
        "revenue",
        "revenue_share",
        "at_risk",
    ] {
        assert!(v["segments"][0].get(key).is_some(), "segment misses {key}");
    }
}

#[test]
fn summary_text_and_a_short_file_without_comparison() {
    let file = temp_file(
        "ten_days.csv",
        b"order_id,customer_id,order_date,amount\no1,a,2024-05-01,10\no2,b,2024-05-04,20\no3,a,2024-05-10,30\n",
    );
    let out = segmint(&["summary", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("less than twice 30 days"), "{text}");
    assert!(text.contains("average order value"), "{text}");
    let v = json(&["summary", file.to_str().unwrap(), "--json"]);
    assert!(v["comparison"].is_null());
    assert!(v["revenue"]["change"].is_null());
    assert_eq!(v["revenue"]["value"], 60.0);
    assert_eq!(v["repeat_rate"]["value"], 0.5);
}

#[test]
fn summary_without_customers_names_the_file_and_the_missing_role() {
    let file = fixture("basket_per_line.csv");
    let out = segmint(&["summary", file.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("basket_per_line.csv"), "{stderr}");
}

/// The end-to-end tests (tests/e2e/dashboard.test.mjs) check that the app's dashboard shows
/// exactly what `segmint summary --json` prints; this keeps their copies of it current.
/// After an intended change: `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-cli --test
/// analyses summary_fixtures`.
#[test]
fn summary_fixtures_for_the_browser_are_current() {
    for (data, fixture) in [
        ("www/demo/online_retail_sample.csv", "summary_demo.json"),
        ("tests/fixtures/overview_small.csv", "summary_small.json"),
    ] {
        let file = repo(data);
        let out = segmint(&["summary", file.to_str().unwrap(), "--json"]);
        assert!(out.status.success());
        let path = repo("tests/e2e/fixtures").join(fixture);
        if std::env::var_os("SEGMINT_UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &out.stdout).unwrap();
        }
        let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let now: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(now, kept, "{fixture} is stale: regenerate it (see above)");
    }
}
