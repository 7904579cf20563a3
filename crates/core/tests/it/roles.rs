//! Auto-mapping: confidence per role, unsure guesses reported, overrides win.

use segmint_core::dataset::{DatasetOptions, load_bytes};
use segmint_core::roles::{MIN_CONFIDENCE, SURE_CONFIDENCE, Source, auto_map, detect_preset};
use segmint_core::{Override, Role};

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn common_names_map_with_high_confidence() {
    let header = strings(&[
        "Customer ID",
        "Order Number",
        "Order Date",
        "SKU",
        "Qty",
        "Unit Price",
        "Email",
    ]);
    let sample = vec![strings(&[
        "c1",
        "o1",
        "2024-01-02",
        "A-1",
        "2",
        "3.50",
        "a@b.c",
    ])];
    let m = auto_map(&header, header.len(), &sample);
    for (role, col) in [
        (Role::CustomerId, "Customer ID"),
        (Role::OrderId, "Order Number"),
        (Role::OrderDate, "Order Date"),
        (Role::ProductId, "SKU"),
        (Role::Quantity, "Qty"),
        (Role::UnitPrice, "Unit Price"),
        (Role::Email, "Email"),
    ] {
        let a = &m.roles[&role];
        assert_eq!(a.name, col, "{role:?}");
        assert!(a.confidence >= SURE_CONFIDENCE, "{role:?} {}", a.confidence);
        assert_eq!(a.source, Source::Auto);
    }
    assert!(m.supports_customers());
    assert!(m.supports_baskets());
}

#[test]
fn values_that_do_not_fit_sink_a_guess() {
    // "Date" holding words is not a date column.
    let header = strings(&["Date", "Amount"]);
    let sample = vec![strings(&["soon", "1"]), strings(&["later", "2"])];
    let m = auto_map(&header, 2, &sample);
    assert!(!m.has(Role::OrderDate));
    assert!(
        m.suggestions
            .iter()
            .any(|s| s.role == Role::OrderDate && s.confidence < MIN_CONFIDENCE)
    );
}

#[test]
fn email_stands_in_for_a_missing_customer_id() {
    let header = strings(&["email", "date", "total"]);
    let sample = vec![strings(&["a@b.c", "2024-01-02", "3"])];
    let m = auto_map(&header, 3, &sample);
    assert_eq!(m.roles[&Role::CustomerId].name, "email");
    assert!(m.supports_customers());
}

#[test]
fn unsure_mappings_are_warned_about() {
    let bytes = b"client,when,value\nc1,2024-01-02,3\nc2,2024-01-03,4\n";
    let d = load_bytes(bytes, DatasetOptions::new(), 1024).unwrap();
    assert_eq!(d.mapping.roles[&Role::Amount].name, "value");
    assert!(d.mapping.unsure().contains(&Role::Amount));
    assert!(
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("amount was guessed")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn overrides_take_the_column_from_other_roles() {
    let bytes = b"Customer,Date,Amount,Product\nc1,2024-01-02,3,p\n";
    let mut options = DatasetOptions::new();
    options.map = vec![
        "product_name=Customer".parse::<Override>().unwrap(),
        "order_id=#4".parse().unwrap(),
    ];
    let d = load_bytes(bytes, options, 1024).unwrap();
    assert_eq!(d.mapping.roles[&Role::ProductName].name, "Customer");
    assert_eq!(d.mapping.roles[&Role::ProductName].confidence, 1.0);
    assert!(
        !d.mapping.has(Role::CustomerId),
        "the column moved to product_name"
    );
    assert_eq!(d.mapping.roles[&Role::OrderId].name, "Product");
}

#[test]
fn bad_overrides_are_errors_listing_the_columns() {
    assert!(
        "nonsense=Customer"
            .parse::<Override>()
            .unwrap_err()
            .contains("customer_id")
    );
    let mut options = DatasetOptions::new();
    options.map = vec!["customer_id=Nope".parse().unwrap()];
    let e = load_bytes(b"a,b\n1,2\n", options, 1024)
        .unwrap_err()
        .to_string();
    assert!(e.contains("Nope") && e.contains("a, b"), "{e}");
}

#[test]
fn presets_need_their_whole_signature() {
    let full = strings(&[
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
        "CustomerID",
        "Country",
    ]);
    assert!(detect_preset(&full).is_some());
    let partial = strings(&["InvoiceNo", "StockCode", "Quantity"]);
    assert!(detect_preset(&partial).is_none());
}
