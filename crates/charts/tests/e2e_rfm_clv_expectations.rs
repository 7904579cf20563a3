//! What the RFM and lifetime-value views must show after the user edits something — a
//! remapped column, their own segment rules, another comparison date — computed natively by
//! `segmint-core`. `tests/e2e/rfm_clv_views.test.mjs` compares the page with
//! `tests/e2e/fixtures/rfm_clv_views.json`; this test keeps that file equal to the native
//! answer. After an intended change, regenerate it with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-charts --test e2e_rfm_clv_expectations`.

use std::collections::BTreeMap;

use segmint_core::rfm::{self, MigrationParams, RfmParams, RfmReport, SegmentRules};
use segmint_core::table::checked_days_from_civil;
use segmint_core::{ClvOptions, DatasetOptions, Override, Role, clv, load_bytes};

mod fixture;
use fixture::keep_fixture;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const DEMO: &str = "www/demo/online_retail_sample.csv";
/// The 1/10 CDNOW sample (Fader, Hardie & Lee 2005), long enough for a 90-day propensity.
const CDNOW: &str = "tests/e2e/fixtures/cdnow_sample.csv";

fn segments(report: &RfmReport) -> BTreeMap<String, u64> {
    report
        .segments
        .iter()
        .map(|s| (s.name.clone(), s.customers))
        .collect()
}

fn rfm_json(report: &RfmReport) -> serde_json::Value {
    serde_json::json!({
        "customers": report.customers.len(),
        "reference_date": report.reference_date,
        "segments": segments(report),
    })
}

fn load(path: &str, options: DatasetOptions) -> segmint_core::Dataset {
    let bytes = std::fs::read(format!("{ROOT}/{path}")).unwrap();
    load_bytes(&bytes, options, 1 << 20).unwrap()
}

/// The rules the end-to-end test types into the editor: rfm-10 with its first rule renamed
/// "Best" and widened to recency scores 4–5.
fn edited_rules() -> SegmentRules {
    let mut rules = SegmentRules::rfm_package();
    rules.name = "custom".into();
    rules.rules[0].name = "Best".into();
    rules.rules[0].r = [4, 5];
    rules
}

#[test]
fn rfm_and_clv_view_expectations_match_the_native_core() {
    // 1. Customer id remapped to the Country column (#8), as the mapping editor sends it.
    let mut options = DatasetOptions::new();
    options.map.push(Override {
        role: Role::CustomerId,
        column: "#8".into(),
    });
    let remapped = load(DEMO, options);
    let remapped_rfm = rfm::analyse(
        remapped.customer_transactions().unwrap(),
        &RfmParams::default(),
    )
    .unwrap();

    // 2. The demo with the edited rules, and 3. its migration, default and from 2010-12-07.
    let demo = load(DEMO, DatasetOptions::new());
    let t = demo.customer_transactions().unwrap();
    let edited = rfm::analyse(
        t,
        &RfmParams {
            rules: edited_rules(),
            ..RfmParams::default()
        },
    )
    .unwrap();
    let with_migration = |from_day| {
        rfm::analyse(
            t,
            &RfmParams {
                migration: Some(MigrationParams { from_day }),
                ..RfmParams::default()
            },
        )
        .unwrap()
        .migration
        .unwrap()
    };
    let default_migration = with_migration(None);
    let dec7 = with_migration(checked_days_from_civil(2010, 12, 7));
    let clv_options = ClvOptions {
        propensity_window_days: Some(90),
        ..ClvOptions::default()
    };
    let demo_clv = clv::analyse(t, &clv_options).unwrap();

    // 4. Lifetime value and propensity on the CDNOW sample.
    let cdnow = load(CDNOW, DatasetOptions::new());
    let report = clv::analyse(cdnow.customer_transactions().unwrap(), &clv_options).unwrap();
    let p = report
        .propensity
        .as_ref()
        .expect("CDNOW supports a 90-day propensity");
    let mut bands = [0u64; 10];
    for c in &report.customers {
        bands[((c.p_alive * 10.0).floor().max(0.0) as usize).min(9)] += 1;
    }
    let expected = serde_json::json!({
        "remapped": {
            "source": format!("{DEMO}, --map customer_id=#8 (Country), rfm-10, 5 bins"),
            "customer_id_column": remapped.mapping.names().get("customer_id"),
            "rfm": rfm_json(&remapped_rfm),
        },
        "edited_rules": {
            "source": format!("{DEMO}, rfm-10 with rule 1 renamed Best and R 4–5"),
            "rfm": rfm_json(&edited),
        },
        "migration": {
            "default": default_migration,
            "from_2010_12_07": dec7,
        },
        "demo_propensity_unavailable": demo_clv.propensity_unavailable,
        "cdnow": {
            "source": format!("{CDNOW}, ClvOptions::default() + 90-day propensity"),
            "customers": report.customers.len(),
            "p_alive_bands": bands,
            "auc": format!("{:.3}", p.auc),
            "calibration_rows": p.calibration.len(),
            "test_customers": p.test.customers,
        },
    });
    keep_fixture("rfm_clv_views.json", &expected);
}
