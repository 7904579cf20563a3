//! Cleaning policies (docs/definitions.md §4.1) on small hand-made tables: every row lands in exactly one
//! bucket, in the documented order.

use segmint_core::dataset::{DatasetOptions, load_bytes};
use segmint_core::values::{DateOrder, DateOrderDecision, DecimalSeparator};
use segmint_core::{NO_ID, ReturnsPolicy};

const HEADER: &str = "order_id,customer_id,order_date,product_id,quantity,unit_price\n";

fn load(body: &str, options: DatasetOptions) -> segmint_core::Dataset {
    let bytes = format!("{HEADER}{body}");
    let d = load_bytes(bytes.as_bytes(), options.clone(), 1 << 16).unwrap();
    assert!(d.quality.reconciles(), "{:?}", d.quality);
    for chunk in [1, 3, 10] {
        assert_eq!(
            load_bytes(bytes.as_bytes(), options.clone(), chunk).unwrap(),
            d
        );
    }
    d
}

#[test]
fn each_policy_counts_once_in_order() {
    let body = "\
o1,c1,2024-01-02,p1,2,3.00
o1,c1,2024-01-02,p1,2,3.00
o2,c2,2024-01-03,p2,-1,3.00
C9,c2,2024-01-03,p2,1,3.00
o3,c3,2024-01-04,p3,-5,0
o4,c3,2024-01-04,p3,0,2.00
o5,,2024-01-05,p1,1,1.50
o6,c4,2024-13-45,p1,1,1.50
o7,c4,,p1,1,1.50
o8,c4,2024-01-06,p1,lots,1.50
o9,c4,2024-01-06,p1,,1.50
o10,c4,2024-01-06
";
    let d = load(body, DatasetOptions::new());
    let q = &d.quality;
    assert_eq!(q.rows_read, 12);
    assert_eq!(q.duplicates, 1);
    assert_eq!(q.returns, 2, "negative quantity, C-prefixed order");
    assert_eq!(
        q.adjustments, 2,
        "zero price with negative quantity is an adjustment; zero quantity too"
    );
    assert_eq!(q.rows_used, 2);
    assert_eq!(q.missing_customer_id, 1);
    for (reason, line) in [
        ("bad_date", 9),
        ("missing_date", 10),
        ("bad_number", 11),
        ("missing_number", 12),
        ("wrong_field_count", 13),
    ] {
        assert_eq!(q.rejected.get(reason), Some(&1), "{reason}");
        assert_eq!(q.rejected_lines[reason][0].line, line, "{reason}");
    }
    assert_eq!(q.rejected_lines["bad_number"][0].column, Some(5));
    assert_eq!(
        q.rejected_lines["bad_number"][0].value.as_deref(),
        Some("lots")
    );
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(t.customer, vec![0, NO_ID]);
    assert_eq!(t.amount, vec![6.0, 1.5]);
}

#[test]
fn net_policy_keeps_returns_negative() {
    let body =
        "o1,c1,2024-01-02,p1,2,3.00\no2,c1,2024-01-03,p1,-1,3.00\nC3,c1,2024-01-03,p1,1,3.00\n";
    let d = load(
        body,
        DatasetOptions {
            returns: ReturnsPolicy::Net,
            ..DatasetOptions::new()
        },
    );
    assert_eq!(d.quality.returns, 2);
    assert_eq!(d.quality.rows_used, 3);
    assert_eq!(d.transactions.unwrap().amount, vec![6.0, -3.0, -3.0]);
}

#[test]
fn date_order_decided_by_one_cell_and_conflicts_rejected() {
    let body = "\
o1,c1,01/02/2024,p1,1,1
o2,c1,03/04/2024,p1,1,1
o3,c1,25/12/2024,p1,1,1
o4,c1,26/12/2024,p1,1,1
o5,c1,12/27/2024,p1,1,1
";
    let d = load(body, DatasetOptions::new());
    assert_eq!(
        d.date_order,
        DateOrderDecision::Detected(DateOrder::DayFirst)
    );
    assert_eq!(d.quality.rejected.get("bad_date"), Some(&1));
    assert_eq!(d.quality.rejected_lines["bad_date"][0].line, 6);
    let t = d.transactions.unwrap();
    assert_eq!(t.day[0], segmint_core::table::days_from_civil(2024, 2, 1));
}

#[test]
fn decimal_comma_column_and_conflicts() {
    let bytes = "customer_id;order_date;amount\nc1;2024-01-02;1.234,50\nc1;2024-01-03;2,5\nc2;2024-01-03;7\nc2;2024-01-04;3.25\n";
    let d = load_bytes(bytes.as_bytes(), DatasetOptions::new(), 5).unwrap();
    assert_eq!(d.decimal["amount"], DecimalSeparator::Comma);
    assert_eq!(
        d.quality.rejected.get("bad_number"),
        Some(&1),
        "3.25 has no decimal-comma reading"
    );
    assert_eq!(d.quality.rejected_lines["bad_number"][0].line, 5);
    assert_eq!(d.transactions.unwrap().amount, vec![1234.5, 2.5, 7.0]);
}

#[test]
fn currency_and_parenthesised_negatives() {
    let bytes = "customer_id,order_date,amount\nc1,2024-01-02,\"$1,234.56\"\nc1,2024-01-03,(12.00)\nc2,2024-01-04,EUR 5\n";
    let d = load_bytes(bytes.as_bytes(), DatasetOptions::new(), 7).unwrap();
    assert_eq!(d.quality.returns, 1);
    assert_eq!(d.transactions.unwrap().amount, vec![1234.56, 5.0]);
}

#[test]
fn excel_serial_and_compact_dates() {
    let bytes = "customer_id,order_date,amount\nc1,40886,1\nc1,20111209,2\nc1,2011-12-09T10:00:00+01:00,3\n";
    let d = load_bytes(bytes.as_bytes(), DatasetOptions::new(), 7).unwrap();
    let t = d.transactions.unwrap();
    let day = segmint_core::table::days_from_civil(2011, 12, 9);
    assert_eq!(t.day, vec![day, day, day]);
}

#[test]
fn duplicates_can_be_kept() {
    use segmint_core::DuplicatesPolicy;
    let body = "o1,c1,2024-01-02,p1,2,3.00\no1,c1,2024-01-02,p1,2,3.00\n";
    let d = load(
        body,
        DatasetOptions {
            duplicates: DuplicatesPolicy::Keep,
            ..DatasetOptions::new()
        },
    );
    assert_eq!(d.quality.duplicates, 1);
    assert_eq!(d.quality.rows_used, 2);
    assert_eq!(d.transactions.unwrap().amount, vec![6.0, 6.0]);
}
