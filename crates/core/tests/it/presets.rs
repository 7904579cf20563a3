//! Every export preset maps and cleans its fixture (tests/fixtures/presets/) correctly.

use std::path::PathBuf;

use segmint_core::dataset::{Dataset, DatasetOptions, Layout, load_bytes, load_reader};
use segmint_core::roles::Source;
use segmint_core::table::days_from_civil;
use segmint_core::values::{DateOrder, DateOrderDecision, DecimalSeparator};
use segmint_core::{NO_ID, Override, Preset, ReturnsPolicy, Role};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/presets")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_with(name: &str, options: DatasetOptions) -> Dataset {
    let bytes = fixture(name);
    let d = load_bytes(&bytes, options.clone(), 1 << 20).unwrap();
    // Chunking never changes the result.
    for chunk in [1, 7, 64] {
        assert_eq!(
            load_bytes(&bytes, options.clone(), chunk).unwrap(),
            d,
            "{name} chunk {chunk}"
        );
    }
    // The threaded native path gives the same.
    assert_eq!(
        load_reader(&bytes[..], options).unwrap(),
        d,
        "{name} threaded"
    );
    assert!(d.quality.reconciles(), "{name}: {:?}", d.quality);
    d
}

fn load(name: &str) -> Dataset {
    load_with(name, DatasetOptions::new())
}

fn col(d: &Dataset, role: Role) -> Option<&str> {
    d.mapping.roles.get(&role).map(|a| a.name.as_str())
}

fn amounts_by_customer(d: &Dataset) -> Vec<(String, f64)> {
    let t = d.transactions.as_ref().unwrap();
    let mut out: Vec<(String, f64)> = Vec::new();
    for i in 0..t.len() {
        let name = if t.customer[i] == NO_ID {
            "-".to_owned()
        } else {
            t.customer_ids.name(t.customer[i]).to_owned()
        };
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, a)) => *a += t.amount[i],
            None => out.push((name, t.amount[i])),
        }
    }
    for (_, a) in &mut out {
        *a = (*a * 100.0).round() / 100.0;
    }
    out
}

#[test]
fn online_retail() {
    let d = load("online_retail.csv");
    assert_eq!(d.mapping.preset, Some(Preset::OnlineRetail));
    assert_eq!(col(&d, Role::UnitPrice), Some("UnitPrice"));
    let q = &d.quality;
    assert_eq!(q.rows_read, 10);
    assert_eq!(q.duplicates, 1);
    assert_eq!(q.returns, 1, "C536379");
    assert_eq!(q.adjustments, 1, "unit price 0");
    assert_eq!(q.rejected.get("bad_date"), Some(&1));
    assert_eq!(q.rejected_lines["bad_date"][0].line, 11);
    assert_eq!(q.rejected_lines["bad_date"][0].column, Some(5));
    assert_eq!(
        q.rejected_lines["bad_date"][0].value.as_deref(),
        Some("not a date")
    );
    assert_eq!(q.rows_used, 6);
    assert_eq!(q.missing_customer_id, 2);
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(t.day[0], days_from_civil(2010, 12, 1));
    assert_eq!(t.customer_ids.len(), 2, "17850 and 12583");
    assert!(t.customer.iter().filter(|&&c| c == NO_ID).count() == 2);
}

#[test]
fn online_retail_returns_netted() {
    let mut options = DatasetOptions::new();
    options.returns = ReturnsPolicy::Net;
    let d = load_with("online_retail.csv", options);
    assert_eq!(d.quality.returns, 1);
    assert_eq!(d.quality.rows_used, 7);
    let t = d.transactions.as_ref().unwrap();
    assert!(t.amount.contains(&-27.5));
}

#[test]
fn online_retail_ii_month_first_dates() {
    let d = load("online_retail_ii.csv");
    assert_eq!(d.mapping.preset, Some(Preset::OnlineRetailII));
    assert_eq!(col(&d, Role::CustomerId), Some("Customer ID"));
    assert_eq!(col(&d, Role::UnitPrice), Some("Price"));
    // 12/13/2009 decides the whole column: month first.
    assert_eq!(
        d.date_order,
        DateOrderDecision::Detected(DateOrder::MonthFirst)
    );
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(t.day[0], days_from_civil(2009, 12, 1));
    assert!(t.day.contains(&days_from_civil(2009, 12, 2)));
    assert_eq!(d.quality.returns, 1);
    assert_eq!(d.quality.rows_used, 5);
    assert_eq!(d.quality.missing_customer_id, 1);
    assert_eq!(t.customer_ids.name(0), "13085.0");
}

#[test]
fn shopify_groups_by_name_and_fills_order_fields() {
    let d = load("shopify_orders.csv");
    assert_eq!(d.mapping.preset, Some(Preset::Shopify));
    assert_eq!(col(&d, Role::OrderId), Some("Name"));
    assert_eq!(col(&d, Role::CustomerId), Some("Email"));
    let q = &d.quality;
    assert_eq!(q.rows_read, 7);
    assert_eq!(q.failed_payments, 1, "#1002 voided");
    assert_eq!(q.returns, 1, "#1003 refunded");
    assert_eq!(q.rows_used, 5);
    assert_eq!(
        q.missing_customer_id, 0,
        "second rows inherit the order's email"
    );
    assert!(
        q.rejected.is_empty(),
        "second rows inherit the order's date: {:?}",
        q.rejected
    );
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(t.order_ids.len(), 3, "#1001 #1004 #1005");
    assert_eq!(t.day[1], days_from_civil(2024, 1, 5));
    assert_eq!(
        amounts_by_customer(&d),
        vec![
            ("ana@example.com".into(), 97.0),
            ("dan@example.com".into(), 36.0)
        ]
    );
}

#[test]
fn woocommerce() {
    let d = load("woocommerce_orders.csv");
    assert_eq!(d.mapping.preset, Some(Preset::WooCommerce));
    let q = &d.quality;
    assert_eq!(q.failed_payments, 2, "failed and cancelled");
    assert_eq!(q.returns, 1, "refunded");
    assert_eq!(q.rows_used, 4);
    // The guest checkout (Customer User ID 0) is its billing email, not customer "0".
    assert_eq!(
        amounts_by_customer(&d),
        vec![
            ("17".into(), 58.0),
            ("guest@example.com".into(), 12.0),
            ("31".into(), 24.0)
        ]
    );
    assert_eq!(q.missing_customer_id, 0);
}

#[test]
fn woocommerce_guests_without_email_are_excluded_and_counted() {
    // The same export without its email columns: guests cannot be told apart, so their rows
    // are counted as without customer id (and left out of customer analyses), never merged
    // into one customer "0".
    let text = String::from_utf8(fixture("woocommerce_orders.csv")).unwrap();
    let without_email: String = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let kept: Vec<&str> = f
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != 6)
                .map(|(_, v)| *v)
                .collect();
            kept.join(",") + "\n"
        })
        .collect();
    let d = load_bytes(without_email.as_bytes(), DatasetOptions::new(), 1 << 20).unwrap();
    assert_eq!(d.mapping.preset, Some(Preset::WooCommerce));
    assert_eq!(col(&d, Role::Email), None);
    assert_eq!(d.quality.rows_used, 4);
    assert_eq!(d.quality.missing_customer_id, 1);
    assert!(d.quality.reconciles(), "{:?}", d.quality);
    assert_eq!(
        amounts_by_customer(&d),
        vec![("17".into(), 58.0), ("-".into(), 12.0), ("31".into(), 24.0)]
    );
}

#[test]
fn stripe_drops_failed_and_nets_refunds() {
    let d = load("stripe_payments.csv");
    assert_eq!(d.mapping.preset, Some(Preset::Stripe));
    assert_eq!(col(&d, Role::AmountRefunded), Some("Amount Refunded"));
    let q = &d.quality;
    assert_eq!(q.failed_payments, 1);
    assert_eq!(q.returns, 1, "refunded in full");
    assert_eq!(q.rows_used, 3);
    // The payment without a Stripe customer is its Customer Email's.
    assert_eq!(q.missing_customer_id, 0);
    // 49 + (1,490 − 490 partially refunded).
    assert_eq!(amounts_by_customer(&d)[0], ("cus_PaA1".into(), 1049.0));
    assert!(
        amounts_by_customer(&d)
            .iter()
            .any(|(c, _)| c == "walkin@dune.test")
    );
}

#[test]
fn hubspot_counts_closed_won_only() {
    let d = load("hubspot_deals.csv");
    assert_eq!(d.mapping.preset, Some(Preset::HubSpot));
    assert_eq!(d.quality.not_won, 2);
    assert_eq!(d.quality.rows_used, 3);
    assert_eq!(
        amounts_by_customer(&d),
        vec![("501".into(), 15500.5), ("-".into(), 2500.0)]
    );
}

#[test]
fn salesforce_us_dates_and_currency() {
    let d = load("salesforce_opportunities.csv");
    assert_eq!(d.mapping.preset, Some(Preset::Salesforce));
    assert_eq!(col(&d, Role::CustomerId), Some("Account ID"));
    assert_eq!(
        d.date_order,
        DateOrderDecision::Detected(DateOrder::MonthFirst)
    );
    assert_eq!(d.quality.not_won, 2);
    let t = d.transactions.as_ref().unwrap();
    assert_eq!(t.amount, vec![12500.0, 3250.5]);
    assert_eq!(
        t.day,
        vec![days_from_civil(2024, 1, 15), days_from_civil(2024, 3, 28)]
    );
}

#[test]
fn basket_per_line() {
    let d = load("basket_per_line.csv");
    assert_eq!(d.layout, Layout::BasketPerLine);
    assert!(d.header.is_empty());
    assert_eq!(d.quality.rows_read, 12);
    assert_eq!(d.quality.rows_used, 12);
    let t = d.basket_transactions().unwrap();
    assert_eq!(t.order_ids.len(), 12);
    assert_eq!(t.products.name(0), "citrus fruit");
    // line 1 has four items
    assert_eq!(t.order.iter().filter(|&&o| o == 0).count(), 4);
    assert!(d.customer_transactions().is_err());
}

#[test]
fn decimal_comma_with_user_mapping() {
    let mut options = DatasetOptions::new();
    options.map = [
        "customer_id=Kunde",
        "order_id=Bestellung",
        "order_date=Datum",
        "product_name=Artikel",
        "quantity=Menge",
        "unit_price=Einzelpreis",
    ]
    .iter()
    .map(|s| s.parse::<Override>().unwrap())
    .collect();
    let d = load_with("decimal_comma.csv", options);
    assert_eq!(d.dialect.delimiter, b';');
    assert_eq!(d.decimal["unit_price"], DecimalSeparator::Comma);
    assert_eq!(d.mapping.roles[&Role::CustomerId].source, Source::User);
    let t = d.customer_transactions().unwrap();
    assert_eq!(t.amount, vec![2.0 * 4.5, 1.29, 3.0 * 2.1, 1234.0]);
    assert_eq!(t.day[0], days_from_civil(2024, 1, 3));
    assert_eq!(t.day[3], days_from_civil(2024, 2, 2));
}

#[test]
fn unmapped_columns_are_reported_not_errors() {
    let d = load("decimal_comma.csv");
    assert!(!d.mapping.supports_customers());
    assert!(
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("customer analyses need"))
    );
    let e = d.customer_transactions().unwrap_err().to_string();
    assert!(e.contains("customer_id") && e.contains("Kunde"), "{e}");
}

#[test]
fn ambiguous_dates_are_asked_not_guessed() {
    let d = load("ambiguous_dates.csv");
    assert_eq!(d.date_order, DateOrderDecision::Ambiguous);
    assert!(d.transactions.is_none());
    assert_eq!(d.questions.len(), 1);
    assert_eq!(d.questions[0].line, 2);
    assert_eq!(d.questions[0].example, "01/02/2024");
    assert!(
        d.customer_transactions()
            .unwrap_err()
            .to_string()
            .contains("--date-order")
    );
    assert_eq!(
        d.quality.rows_used, 3,
        "the counts do not depend on the answer"
    );

    let mut options = DatasetOptions::new();
    options.date_order = Some(DateOrder::MonthFirst);
    let d = load_with("ambiguous_dates.csv", options);
    assert_eq!(
        d.date_order,
        DateOrderDecision::UserChosen(DateOrder::MonthFirst)
    );
    assert_eq!(
        d.customer_transactions().unwrap().day[0],
        days_from_civil(2024, 1, 2)
    );
}
