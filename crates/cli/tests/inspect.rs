//! `segmint inspect` end to end, on the fixtures.

mod common;

use common::*;

const DESIGN_KEYS: [&str; 12] = [
    "rows_read",
    "rows_used",
    "duplicates",
    "returns",
    "adjustments",
    "missing_customer_id",
    "rejected",
    "mapping",
    "delimiter",
    "encoding",
    "header",
    "preview",
];

#[test]
fn json_has_the_design_keys_and_counts() {
    let path = fixture("online_retail.csv");
    let v = json(&["inspect", path.to_str().unwrap(), "--json"]);
    for key in DESIGN_KEYS {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["rows_read"], 10);
    assert_eq!(v["rows_used"], 6);
    assert_eq!(v["duplicates"], 1);
    assert_eq!(v["returns"], 1);
    assert_eq!(v["adjustments"], 1);
    assert_eq!(v["missing_customer_id"], 2);
    assert_eq!(v["rejected"]["bad_date"], 1);
    assert_eq!(v["rejected_lines"]["bad_date"][0]["line"], 11);
    assert_eq!(v["mapping"]["customer_id"], "CustomerID");
    assert_eq!(v["mapping"]["order_id"], "InvoiceNo");
    assert_eq!(v["confidence"]["customer_id"], 1.0);
    assert_eq!(v["delimiter"], ",");
    assert_eq!(v["encoding"], "utf-8");
    assert_eq!(v["header"][0], "InvoiceNo");
    assert_eq!(
        v["preview"].as_array().unwrap().len(),
        10,
        "all rows, fewer than 20"
    );
    assert_eq!(
        v["preview"][7][2], "REGENCY CAKESTAND 3 TIER",
        "as parsed, quotes removed"
    );
    assert_eq!(
        v["preview"][5][2], "",
        "empty description stays an empty string"
    );
    assert_eq!(v["reconciles"], true);
}

#[test]
fn records_option_limits_the_preview() {
    let path = fixture("online_retail.csv");
    let v = json(&[
        "inspect",
        path.to_str().unwrap(),
        "--json",
        "--records",
        "3",
    ]);
    assert_eq!(v["preview"].as_array().unwrap().len(), 3);
    assert_eq!(v["rows_read"], 10);
}

#[test]
fn returns_net_and_map_override() {
    let path = fixture("online_retail.csv");
    let p = path.to_str().unwrap();
    let v = json(&["inspect", p, "--json", "--returns", "net"]);
    assert_eq!(v["returns_policy"], "net");
    assert_eq!(v["rows_used"], 7);
    let v = json(&[
        "inspect",
        p,
        "--json",
        "--map",
        "product_id=Description",
        "--map",
        "country=",
    ]);
    assert_eq!(v["mapping"]["product_id"], "Description");
    assert_eq!(v["mapping_source"]["product_id"], "user");
    assert!(v["mapping"].get("country").is_none());
    assert!(
        v["missing_roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "country")
    );
}

#[test]
fn any_delimited_file_inspects_with_missing_roles() {
    let path = temp_file("weather.csv", b"station;temp;wind\nA;12,5;3\nB;9,0;4\n");
    let v = json(&["inspect", path.to_str().unwrap(), "--json"]);
    assert_eq!(v["delimiter"], ";");
    assert_eq!(v["rows_read"], 2);
    assert_eq!(v["mapping"], serde_json::json!({}));
    assert_eq!(v["customer_analyses"], false);
    assert!(v["missing_roles"].as_array().unwrap().len() >= 12);
}

#[test]
fn ambiguous_dates_ask_and_date_order_answers() {
    let path = fixture("ambiguous_dates.csv");
    let p = path.to_str().unwrap();
    let v = json(&["inspect", p, "--json"]);
    assert_eq!(v["date_order"]["status"], "ambiguous");
    assert_eq!(v["questions"][0]["kind"], "date_order");
    let v = json(&["inspect", p, "--json", "--date-order", "month_first"]);
    assert_eq!(v["questions"].as_array().unwrap().len(), 0);
    assert_eq!(v["date_order"]["order"], "month_first");
}

#[test]
fn delimiter_and_encoding_overrides() {
    let path = temp_file(
        "latin1.csv",
        b"customer_id|order_date|amount\nJos\xe9|2024-01-02|3\n",
    );
    let p = path.to_str().unwrap();
    let v = json(&["inspect", p, "--json"]);
    assert_eq!(v["encoding"], "windows-1252");
    assert_eq!(v["delimiter"], "|");
    assert_eq!(v["preview"][0][0], "José");
    let v = json(&["inspect", p, "--json", "--delimiter", ","]);
    assert_eq!(v["delimiter"], ",");
    assert_eq!(v["header"].as_array().unwrap().len(), 1);
    // Forced UTF-8 on Windows-1252 bytes: an error naming file, line and column.
    let out = segmint(&["inspect", p, "--json", "--encoding", "utf-8"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("latin1.csv") && err.contains("line 2") && err.contains("column 1"),
        "{err}"
    );
}

#[test]
fn errors_name_file_and_line() {
    let path = temp_file("open_quote.csv", b"a,b\n1,2\n3,\"never closed\n4,5\n");
    let out = segmint(&["inspect", path.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("open_quote.csv") && err.contains("line 3"),
        "{err}"
    );

    let out = segmint(&[
        "inspect",
        fixture("online_retail.csv").to_str().unwrap(),
        "--map",
        "customer_id=Nope",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Nope") && err.contains("CustomerID"), "{err}");

    let out = segmint(&["inspect", "/definitely/not/here.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here.csv"));

    let out = segmint(&[
        "inspect",
        fixture("online_retail.csv").to_str().unwrap(),
        "--returns",
        "keep",
    ]);
    assert!(!out.status.success());
}

#[test]
fn every_preset_fixture_inspects() {
    for (file, preset) in [
        ("online_retail.csv", "online_retail"),
        ("online_retail_ii.csv", "online_retail_ii"),
        ("shopify_orders.csv", "shopify"),
        ("woocommerce_orders.csv", "woocommerce"),
        ("stripe_payments.csv", "stripe"),
        ("hubspot_deals.csv", "hubspot"),
        ("salesforce_opportunities.csv", "salesforce"),
        ("basket_per_line.csv", "basket_per_line"),
    ] {
        let v = json(&["inspect", fixture(file).to_str().unwrap(), "--json"]);
        assert_eq!(v["preset"], preset, "{file}");
        assert_eq!(v["reconciles"], true, "{file}");
    }
}

#[test]
fn human_readable_output() {
    let out = segmint(&["inspect", fixture("shopify_orders.csv").to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("preset     shopify"));
    assert!(text.contains("failed payments      1"));
}

/// The end-to-end tests (tests/e2e/navigation.test.mjs) check that the app's folded file line
/// ("20,000 lines · … · 2 notices") says what `segmint inspect --json` reports for the same
/// file; this keeps their copies of it current. After an intended change:
/// `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-cli --test inspect inspect_fixtures`.
#[test]
fn inspect_fixtures_for_the_browser_are_current() {
    for (data, fixture) in [
        ("www/demo/online_retail_sample.csv", "inspect_demo.json"),
        (
            "tests/e2e/fixtures/ambiguous_dates.csv",
            "inspect_ambiguous_dates.json",
        ),
        (
            "tests/fixtures/presets/basket_per_line.csv",
            "inspect_basket_per_line.json",
        ),
    ] {
        let file = repo(data);
        let out = segmint(&["inspect", file.to_str().unwrap(), "--json"]);
        assert!(
            out.status.success(),
            "{data}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
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
