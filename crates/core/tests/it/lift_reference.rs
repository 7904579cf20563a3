//! Campaign lift against scipy (tests/reference/lift: the script, the synthetic campaign and
//! scipy's numbers; versions in VERSIONS). Counts exact, statistics to 1e-9 relative.

use std::path::PathBuf;

use segmint_core::lift::{self, Key, LiftError};
use segmint_core::table::days_from_civil;
use segmint_core::{DatasetOptions, load_bytes};

fn file(name: &str) -> Vec<u8> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/reference/lift"
    ));
    std::fs::read(dir.join(name)).unwrap()
}

fn close(got: f64, want: &serde_json::Value, what: &str) {
    let want = want.as_f64().unwrap();
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: {got} vs scipy {want}"
    );
}

#[test]
fn lift_statistics_equal_scipys() {
    let expected: serde_json::Value = serde_json::from_slice(&file("expected.json")).unwrap();
    let treatment = lift::read_group(&file("treatment.csv"), "treatment.csv").unwrap();
    let control = lift::read_group(&file("control.csv"), "control.csv").unwrap();
    assert_eq!(treatment.key, Key::CustomerId);
    let dataset = load_bytes(&file("next_orders.csv"), DatasetOptions::new(), 1 << 16).unwrap();
    let t = dataset.customer_transactions().unwrap();
    for case in expected.as_array().unwrap() {
        let since = case["since"].as_str().map(|_| days_from_civil(2012, 1, 10));
        let r = lift::analyse(&treatment, &control, t, None, since).unwrap();
        for (got, want) in [
            (&r.treatment, &case["treatment"]),
            (&r.control, &case["control"]),
        ] {
            assert_eq!(got.customers as u64, want["customers"].as_u64().unwrap());
            assert_eq!(got.converted as u64, want["converted"].as_u64().unwrap());
            close(got.revenue, &want["revenue"], "revenue");
            close(
                got.revenue_per_customer,
                &want["revenue_per_customer"],
                "revenue/customer",
            );
            close(got.revenue_sd, &want["revenue_sd"], "revenue sd");
        }
        for (got, want) in [
            (&r.conversion, &case["conversion"]),
            (&r.revenue_per_customer, &case["revenue_per_customer"]),
        ] {
            close(got.difference, &want["difference"], "difference");
            close(got.low, &want["low"], "low");
            close(got.high, &want["high"], "high");
            close(got.statistic, &want["statistic"], "statistic");
            close(got.p_value, &want["p_value"], "p-value");
            if let Some(df) = got.df {
                close(df, &want["df"], "df");
            }
        }
        assert_eq!(r.summary.len(), 3);
    }
}

#[test]
fn group_files_are_checked_with_line_and_column() {
    let err = lift::read_group(b"Name,Score\nann,1\n", "g.csv").unwrap_err();
    assert!(
        matches!(&err, LiftError::BadGroup(m) if m.starts_with("g.csv: no customer-id or email column"))
    );
    let err = lift::read_group(b"x,customer_id\n1,a\n2,\n", "g.csv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.csv: line 3, column 2: the customer id is empty; fill it in or remove the row"
    );
    let g = lift::read_group(b"Email Address,Tags\nA@x.org,t\na@x.org,t\n", "g.csv").unwrap();
    assert_eq!((g.key, g.members.len(), g.duplicates), (Key::Email, 1, 1));
    let t = lift::read_group(b"customer_id\n1\n2\n", "t").unwrap();
    let c = lift::read_group(b"customer_id\n2\n3\n", "c").unwrap();
    let dataset = load_bytes(&file("next_orders.csv"), DatasetOptions::new(), 1 << 16).unwrap();
    let err = lift::analyse(&t, &c, dataset.customer_transactions().unwrap(), None, None);
    assert!(matches!(err, Err(LiftError::Overlap(_))));
}

#[test]
fn groups_named_by_email_match_the_orders_emails() {
    // Orders whose customer id is the email (as in Shopify exports), groups as Shopify files.
    let orders = b"Name,Email,Created at,Lineitem quantity,Lineitem price\n#1,ann@x.org,2024-02-01,1,10\n#2,cy@x.org,2024-02-02,2,5\n";
    let dataset = load_bytes(orders, DatasetOptions::new(), 64).unwrap();
    let t = dataset.customer_transactions().unwrap();
    let treatment =
        lift::read_group(b"First Name,Email,Tags\n,ANN@x.org,a\n,bob@x.org,a\n", "t").unwrap();
    let control =
        lift::read_group(b"First Name,Email,Tags\n,Cy@X.org,a\n,dee@x.org,a\n", "c").unwrap();
    let r = lift::analyse(&treatment, &control, t, None, None).unwrap();
    assert_eq!((r.treatment.converted, r.control.converted), (1, 1));
    assert_eq!((r.treatment.revenue, r.control.revenue), (10.0, 10.0));
}
