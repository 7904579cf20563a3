//! The overview (docs/definitions.md §4.11) against an independent pandas computation
//! (tests/reference/overview: the script, its output with the versions; counts exact, money
//! and rates within 1e-9 relative), on UCI Online Retail and on a small hand-made file, and
//! through the protocol's `Request::Overview`.

use std::path::PathBuf;

use segmint_core::overview::{self, KeyNumber, Overview, OverviewOptions};
use segmint_core::protocol::{Request, Response, Session};
use segmint_core::{DatasetOptions, InspectOptions, load_bytes};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn overview_of(bytes: &[u8]) -> Overview {
    let dataset = load_bytes(bytes, DatasetOptions::new(), 1 << 20).expect("the file loads");
    let t = dataset.customer_transactions().expect("customer roles");
    overview::analyse(t, &OverviewOptions::default()).unwrap()
}

fn close(what: &str, got: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (got - expected).abs() <= tolerance,
        "{what}: got {got}, pandas {expected}"
    );
}

fn close_opt(what: &str, got: Option<f64>, expected: &Value) {
    match (got, expected.as_f64()) {
        (Some(g), Some(e)) => close(what, g, e),
        (None, None) => {}
        (g, _) => panic!("{what}: got {g:?}, pandas {expected}"),
    }
}

fn check_key(name: &str, got: &KeyNumber, expected: &Value) {
    close(name, got.value, expected["value"].as_f64().unwrap());
    close_opt(
        &format!("{name} current"),
        got.current,
        &expected["current"],
    );
    close_opt(
        &format!("{name} previous"),
        got.previous,
        &expected["previous"],
    );
    if let (Some(c), Some(p)) = (got.current, got.previous)
        && p != 0.0
    {
        close(&format!("{name} change"), got.change.unwrap(), c / p - 1.0);
    }
}

fn check(got: &Overview, reference: &str) {
    let expected: Value = serde_json::from_slice(&read(
        repo().join("tests/reference/overview").join(reference),
    ))
    .unwrap();
    assert_eq!(got.first_date, expected["first_date"]);
    assert_eq!(got.last_date, expected["last_date"]);
    assert_eq!(
        got.comparison.as_ref().map(|c| i64::from(c.days)),
        expected["period_days"].as_i64()
    );
    for (name, key) in [
        ("customers", &got.customers),
        ("orders", &got.orders),
        ("revenue", &got.revenue),
        ("average_order_value", &got.average_order_value),
        ("repeat_rate", &got.repeat_rate),
        ("revenue_at_risk", &got.revenue_at_risk),
    ] {
        check_key(name, key, &expected[name]);
    }
    let months = expected["months"].as_array().unwrap();
    assert_eq!(got.months.len(), months.len());
    for (g, e) in got.months.iter().zip(months) {
        assert_eq!(g.month, e["month"]);
        assert_eq!(g.customers, e["customers"].as_u64().unwrap(), "{}", g.month);
        assert_eq!(g.orders, e["orders"].as_u64().unwrap(), "{}", g.month);
        close(&g.month, g.revenue, e["revenue"].as_f64().unwrap());
    }
    let segments = expected["segments"].as_object().unwrap();
    assert_eq!(got.segments.len(), segments.len());
    for s in &got.segments {
        let e = &segments[&s.name];
        assert_eq!(s.customers, e["customers"].as_u64().unwrap(), "{}", s.name);
        close(&s.name, s.revenue, e["revenue"].as_f64().unwrap());
    }
    let products = expected["top_products"].as_array().unwrap();
    assert_eq!(got.top_products.len(), products.len());
    for (g, e) in got.top_products.iter().zip(products) {
        assert_eq!(g.product_id, e["product_id"]);
        assert_eq!(g.orders, e["orders"].as_u64().unwrap(), "{}", g.product_id);
        assert_eq!(
            g.customers,
            e["customers"].as_u64().unwrap(),
            "{}",
            g.product_id
        );
        close(&g.product_id, g.revenue, e["revenue"].as_f64().unwrap());
    }
}

#[test]
fn small_file_matches_pandas() {
    let got = overview_of(&read(repo().join("tests/fixtures/overview_small.csv")));
    check(&got, "small.json");
    // By hand: 7 customers (fay's only line is a zero-price adjustment), the 30 days from
    // 2024-03-02 against the 30 before; bob's return and the line without customer left out.
    assert_eq!(got.customers.value, 7.0);
    let c = got.comparison.as_ref().unwrap();
    assert_eq!(
        (c.current_start.as_str(), c.previous_start.as_str()),
        ("2024-03-02", "2024-02-01")
    );
    assert_eq!(got.revenue.value, 339.0);
    assert_eq!(got.top_products[0].name.as_deref(), Some("Green plate"));
    assert!(!got.months[0].complete && got.months[1].complete && got.months[2].complete);
}

#[test]
fn online_retail_matches_pandas() {
    let got = overview_of(&read(repo().join("../shared/data/online_retail.csv")));
    check(&got, "online_retail.json");
    assert!(got.revenue_at_risk.value > 0.0);
    assert!(got.segments.iter().any(|s| s.at_risk));
}

#[test]
fn served_by_the_session() {
    let bytes = read(repo().join("tests/fixtures/overview_small.csv"));
    let mut session = Session::new();
    let mut progress = |_| std::ops::ControlFlow::Continue(());
    let inspect = Request::Inspect {
        file_name: "overview_small.csv".into(),
        options: InspectOptions::default(),
    };
    let inspected = session.answer(inspect, Some(&bytes), &mut progress);
    assert_eq!(inspected.kind(), "inspected");
    let request: Request = serde_json::from_str(r#"{"type":"overview"}"#).unwrap();
    match session.answer(request, None, &mut progress) {
        Response::Overview(o) => assert_eq!(o, overview_of(&bytes)),
        other => panic!("expected an overview, got {}", other.kind()),
    }
}
