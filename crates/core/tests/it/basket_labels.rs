//! Display labels of basket items: the most frequent product name of each product id.

use segmint_core::basket::{self, BasketParams, MinSupport, NoProgress, TogetherParams};
use segmint_core::{DatasetOptions, load_bytes};

/// Online Retail layout. Product 85123A is named "WHITE HANGING HEART" on two kept lines and
/// "white heart ?" on one; a cancellation (excluded) calls it "damaged" three times, which
/// must not count. 22423 has no description at all; 84029E is named once.
const ORDERS: &str = "\
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom
536365,22423,,2,2010-12-01 08:26,12.75,17850,United Kingdom
536366,85123A,white heart ?,6,2010-12-01 08:28,2.55,17851,United Kingdom
536366,84029E,RED WOOLLY HOTTIE,6,2010-12-01 08:28,3.39,17851,United Kingdom
536367,85123A,WHITE HANGING HEART,1,2010-12-01 08:34,2.55,13047,United Kingdom
536367,22423,,1,2010-12-01 08:34,12.75,13047,United Kingdom
C536368,85123A,damaged,-1,2010-12-01 09:00,2.55,13047,United Kingdom
C536369,85123A,damaged,-2,2010-12-01 09:01,2.55,13047,United Kingdom
C536370,85123A,damaged,-3,2010-12-01 09:02,2.55,13047,United Kingdom
";

#[test]
fn the_most_frequent_name_of_kept_lines_labels_each_product() {
    for chunk in [7, 64, 1 << 20] {
        let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), chunk).unwrap();
        let t = dataset.basket_transactions().unwrap();
        let label = |code: &str| t.product_label(t.products.get(code).unwrap());
        assert_eq!(
            label("85123A"),
            Some("WHITE HANGING HEART"),
            "chunk {chunk}"
        );
        assert_eq!(label("84029E"), Some("RED WOOLLY HOTTIE"));
        assert_eq!(label("22423"), None);

        let mut params = BasketParams::new(MinSupport::Fraction(0.5));
        params.bought_together = Some(TogetherParams {
            item: "84029E".into(),
            ..TogetherParams::default()
        });
        let report = basket::analyse(t, &params, &mut NoProgress).unwrap();
        // Frequent: 85123A (3 of 3 baskets), 22423 (2 of 3); 84029E only as "bought with".
        assert!(report.rules.iter().any(|r| r.antecedent == ["22423"]));
        let labels: Vec<(&str, &str)> = report
            .item_labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("84029E", "RED WOOLLY HOTTIE"),
                ("85123A", "WHITE HANGING HEART")
            ]
        );
    }
}

#[test]
fn ties_go_to_the_first_name_seen_and_names_alone_need_no_label() {
    let csv = "order_id,product_id,product_name,quantity,unit_price,customer_id,order_date\n\
               1,A,First,1,1,c1,2024-01-01\n\
               2,A,Second,1,1,c1,2024-01-02\n";
    let dataset = load_bytes(csv.as_bytes(), DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.basket_transactions().unwrap();
    assert_eq!(t.product_label(t.products.get("A").unwrap()), Some("First"));

    // Without a product id the items are the names: no labels.
    let csv = "order_id,product_name,quantity,unit_price,customer_id,order_date\n1,Mug,1,1,c1,2024-01-01\n";
    let dataset = load_bytes(csv.as_bytes(), DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.basket_transactions().unwrap();
    assert!(t.product_labels.is_empty());
    let report = basket::analyse(
        t,
        &BasketParams::new(MinSupport::Fraction(0.5)),
        &mut NoProgress,
    )
    .unwrap();
    assert!(report.item_labels.is_empty());
}

/// Older answers without the field still read.
#[test]
fn a_report_without_item_labels_still_deserialises() {
    let dataset = load_bytes(ORDERS.as_bytes(), DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.basket_transactions().unwrap();
    let report = basket::analyse(
        t,
        &BasketParams::new(MinSupport::Fraction(0.5)),
        &mut NoProgress,
    )
    .unwrap();
    let mut json = serde_json::to_value(&report).unwrap();
    json.as_object_mut().unwrap().remove("item_labels");
    let back: basket::BasketReport = serde_json::from_value(json).unwrap();
    assert!(back.item_labels.is_empty());
}
