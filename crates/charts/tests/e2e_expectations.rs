//! What the browser must show for the demo file, computed natively by `segmint-core`.
//!
//! The end-to-end tests (tests/e2e) compare the numbers the app renders with
//! `tests/e2e/fixtures/demo_rfm.json`; this test keeps that file equal to what the native
//! core computes for `www/demo/online_retail_sample.csv`, so the browser and native paths are
//! held to one answer. After an intended change, regenerate it with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-charts --test e2e_expectations`.

use std::collections::BTreeMap;

use segmint_core::rfm::{self, RfmParams};
use segmint_core::{DatasetOptions, load_bytes};

mod fixture;
use fixture::keep_fixture;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

#[test]
fn demo_rfm_expectations_match_the_native_core() {
    check("www/demo/online_retail_sample.csv", "demo_rfm.json");
}

/// The whole UCI Online Retail file, when this machine has it (`../shared/data`).
#[test]
fn online_retail_rfm_expectations_match_the_native_core() {
    let data = "../shared/data/online_retail.csv";
    if std::path::Path::new(&format!("{ROOT}/{data}")).exists() {
        check(data, "online_retail_rfm.json");
    }
}

fn check(data: &str, fixture: &str) {
    let root = ROOT;
    let bytes = std::fs::read(format!("{root}/{data}")).unwrap();
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let table = dataset.customer_transactions().unwrap();
    let report = rfm::analyse(table, &RfmParams::default()).unwrap();
    let segments: BTreeMap<String, u64> = report
        .segments
        .iter()
        .map(|s| (s.name.clone(), s.customers))
        .collect();
    let expected = serde_json::json!({
        "source": format!("{data}, RfmParams::default() (rfm-10, 5 bins)"),
        "rows_read": dataset.quality.rows_read,
        "returns": dataset.quality.returns,
        "missing_customer_id": dataset.quality.missing_customer_id,
        "customers": report.customers.len(),
        "reference_date": report.reference_date,
        "segments": segments,
    });
    keep_fixture(fixture, &expected);
}

/// The clusters and baskets views on the demo file: `tests/e2e/fixtures/demo_clusters_baskets.json`.
/// The parameters are the app's defaults (crates/ui/src/pages/clusters.rs and baskets.rs).
#[test]
fn demo_clusters_and_baskets_expectations_match_the_native_core() {
    use segmint_core::basket::{self, BasketParams, MinSupport, NoProgress, TogetherParams};
    use segmint_core::cluster::{self, ClusterParams};

    let data = "www/demo/online_retail_sample.csv";
    let bytes = std::fs::read(format!("{ROOT}/{data}")).unwrap();
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let clusters = cluster::analyse(
        dataset.customer_transactions().unwrap(),
        &ClusterParams::new(),
    )
    .unwrap();
    let fixed_k = if clusters.k == 3 { 4 } else { 3 };
    let fixed = cluster::analyse(
        dataset.customer_transactions().unwrap(),
        &ClusterParams::new().k(fixed_k),
    )
    .unwrap();
    let profiles = |r: &cluster::ClusterReport| -> Vec<serde_json::Value> {
        r.profiles
            .iter()
            .map(|p| {
                serde_json::json!({
                    "cluster": p.cluster,
                    "name": p.name,
                    "customers": p.customers,
                    "median_recency_days": format!("{:.0}", p.median_recency_days),
                })
            })
            .collect()
    };
    let sizes: Vec<u64> = clusters.profiles.iter().map(|p| p.customers).collect();
    // Members of cluster 0, for the campaign file.
    let first_member = clusters
        .assignments
        .iter()
        .find(|a| a.cluster == 0)
        .map(|a| a.customer_id.clone());

    let t = dataset.basket_transactions().unwrap();
    // The app's default support: the first of 1%, 2%, 5% that asks for at least 15 baskets
    // (pages/baskets.rs, `auto_support`).
    let n = basket::Baskets::from_transactions(t).unwrap().len() as f64;
    let support = [0.01, 0.02, 0.05]
        .into_iter()
        .find(|s| s * n >= 15.0)
        .unwrap_or(0.05);
    let params = BasketParams::new(MinSupport::Fraction(support))
        .min_confidence(0.1)
        .max_len(3);
    let baskets = basket::analyse(t, &params, &mut NoProgress).unwrap();
    // The table lists the first 100 rules in the report's order.
    let rules: Vec<serde_json::Value> = baskets
        .rules
        .iter()
        .take(100)
        .map(|r| {
            serde_json::json!({
                "antecedent": r.antecedent,
                "consequent": r.consequent,
                "count": r.count,
                "confidence": format!("{:.3}", r.metrics.confidence),
                "lift": format!("{:.3}", r.metrics.lift),
            })
        })
        .collect();
    // The most frequent product that has companions: the "what sells with X" example.
    let item = baskets
        .itemsets
        .iter()
        .find(|s| s.items.len() == 1)
        .map(|s| s.items[0].clone())
        .unwrap();
    let mut with = params.clone().max_len(1);
    with.bought_together = Some(TogetherParams {
        item: item.clone(),
        min_count: 1,
        top: Some(20),
    });
    let with_report = basket::analyse(t, &with, &mut NoProgress).unwrap();
    let together = with_report.bought_together.clone().unwrap();
    let companions: Vec<serde_json::Value> = together
        .companions
        .iter()
        .map(|c| {
            serde_json::json!({
                "item": c.item,
                "count": c.count,
                "confidence": format!("{:.1}%", c.confidence * 100.0),
                "lift": format!("{:.2}", c.lift),
            })
        })
        .collect();
    let expected = serde_json::json!({
        "source": format!("{data}; ClusterParams::new() (k = 2..=10, n_init 10, seed 0) and k = {fixed_k}; \
                           BasketParams min_support {support}, min_confidence 0.1, max_len 3"),
        "clusters": {
            "recommended_k": clusters.recommendation.k,
            "reason": clusters.recommendation.reason,
            "sweep_ks": clusters.sweep.iter().map(|r| r.k).collect::<Vec<_>>(),
            "profiles": profiles(&clusters),
            "sizes": sizes,
            "first_member_of_cluster_0": first_member,
            "customers": clusters.assignments.len(),
            "fixed_k": fixed_k,
            "fixed_profiles": profiles(&fixed),
        },
        "baskets": {
            "transactions": baskets.transactions,
            "min_count": baskets.min_count,
            "min_support": support,
            "itemsets": baskets.itemsets.len(),
            "rules_total": baskets.rules.len(),
            "lift_max": format!("{:.3}", baskets.rules.iter().map(|r| r.metrics.lift).fold(0.0, f64::max)),
            "rules_lift_at_least_10": baskets.rules.iter().filter(|r| r.metrics.lift >= 10.0).count(),
            "rules": rules,
            "item_labels": baskets.item_labels,
            "together": {
                "item": together.item,
                "label": baskets.item_labels.get(&item),
                "count": together.count,
                "companions": companions,
                "item_labels": with_report.item_labels,
            },
        },
    });
    keep_fixture("demo_clusters_baskets.json", &expected);
}

/// The clusters view on the demo file with the customer columns of
/// `tests/fixtures/online_retail_customers.csv` (every numeric column, as the app ticks them
/// by default): `tests/e2e/fixtures/demo_cluster_columns.json`. Computed the CLI's way
/// (`CustomerColumns::read`, `features`, `coverage`), not through the protocol the app uses.
#[test]
fn demo_cluster_columns_expectations_match_the_native_core() {
    use segmint_core::cluster::{self, ClusterParams, ColumnChoice, CustomerColumns};

    let data = "www/demo/online_retail_sample.csv";
    let file = "online_retail_customers.csv";
    let bytes = std::fs::read(format!("{ROOT}/{data}")).unwrap();
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.customer_transactions().unwrap();
    let columns = CustomerColumns::read(
        &std::fs::read(format!("{ROOT}/tests/fixtures/{file}")).unwrap(),
        None,
    )
    .unwrap();
    let (features, mut warnings) = columns.features(file, &ColumnChoice::default()).unwrap();
    let coverage = columns.coverage(t);
    warnings.extend(coverage.warning(file));
    let names: Vec<String> = features.iter().map(|f| f.name.clone()).collect();
    let mut params = ClusterParams::new();
    params.features.extend(features);
    let clusters = cluster::analyse(t, &params).unwrap();
    let profiles: Vec<serde_json::Value> = clusters
        .profiles
        .iter()
        .map(|p| {
            serde_json::json!({
                "cluster": p.cluster,
                "name": p.name,
                "customers": p.customers,
                "extra_medians": p.feature_medians[3..].iter().map(|m| format!("{m:.2}")).collect::<Vec<_>>(),
            })
        })
        .collect();
    let expected = serde_json::json!({
        "source": format!("{data} with tests/fixtures/{file}, every numeric column, ClusterParams::new()"),
        "rows": columns.ids.len(),
        "id_column": columns.id_column,
        "matched": coverage.matched,
        "missing": coverage.missing,
        "numeric": names,
        "not_numeric": columns.columns.iter().filter(|c| c.problem.is_some()).map(|c| c.name.clone()).collect::<Vec<_>>(),
        "warnings": warnings,
        "features": clusters.features,
        "recommended_k": clusters.recommendation.k,
        "profiles": profiles,
    });
    keep_fixture("demo_cluster_columns.json", &expected);
}
