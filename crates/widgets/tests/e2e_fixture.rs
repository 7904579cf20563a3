//! What the widgets must show for the demo file, computed natively by `segmint-core` with the
//! very requests the widgets send (`segmint_widgets::request`) through the core's protocol
//! `Session`, as the worker answers them. `tests/e2e/widgets.test.mjs` compares the browser with
//! `tests/e2e/fixtures/widgets_demo.json`; this test keeps that file equal to what the native
//! core computes. After an intended change regenerate it with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-widgets --test e2e_fixture`.

use std::collections::BTreeMap;

use std::cell::RefCell;
use std::ops::ControlFlow;

use segmint_core::InspectOptions;
use segmint_core::protocol::{Request, Response, Session};
use segmint_widgets::{Kind, request};
use serde_json::json;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const DEMO: &str = "www/demo/online_retail_sample.csv";
/// The attributes the end-to-end test gives the basket widget.
const BASKET: &[(&str, &str)] = &[("min-support", "0.02"), ("item", "85123A")];

fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn widget_expectations_match_the_native_core() {
    let bytes = std::fs::read(format!("{ROOT}/{DEMO}")).unwrap();
    let session = RefCell::new(Session::new());
    let mut go = |_| ControlFlow::Continue(());
    let inspect = Request::Inspect {
        file_name: "demo".into(),
        options: InspectOptions::default(),
    };
    let loaded = session.borrow_mut().answer(inspect, Some(&bytes), &mut go);
    assert!(matches!(loaded, Response::Inspected(_)));
    let run = |kind: Kind, pairs: &[(&str, &str)]| {
        let request = request(kind, &attrs(pairs)).unwrap();
        session
            .borrow_mut()
            .answer(request, None, &mut |_| ControlFlow::Continue(()))
    };
    let Response::Rfm(rfm) = run(Kind::Rfm, &[]) else {
        panic!("rfm failed")
    };
    // Members in the report's customer order: the order the select event lists them in.
    let mut members: BTreeMap<String, Vec<String>> = rfm
        .segments
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .collect();
    for c in &rfm.customers {
        members
            .get_mut(&c.segment)
            .unwrap()
            .push(c.customer_id.clone());
    }
    let Response::Rfm(rfm3) = run(Kind::Rfm, &[("bins", "3")]) else {
        panic!("rfm bins=3 failed")
    };
    let Response::Cluster(clusters) = run(Kind::Clusters, &[]) else {
        panic!("clusters failed")
    };
    let Response::Basket(basket) = run(Kind::Basket, BASKET) else {
        panic!("basket failed")
    };
    let Response::Clv(clv) = run(Kind::Clv, &[]) else {
        panic!("clv failed")
    };
    let Response::Profile(profiles) = run(Kind::Profile, &[]) else {
        panic!("profile failed")
    };
    let Response::Recommend(recommended) = run(Kind::Recommend, &[]) else {
        panic!("recommend failed")
    };
    // The contact the test shows: the first customer with a co-purchase suggestion (the
    // bestseller fills are shown by the first customers of the demo already).
    let mine = recommended
        .customers
        .iter()
        .find(|c| c.items.iter().any(|s| !s.bestseller))
        .expect("a customer with a co-purchase suggestion");
    let contact = profiles
        .customers
        .iter()
        .find(|c| c.customer_id == mine.customer_id)
        .expect("every recommended customer has a profile");
    let suggestions = |items: &[segmint_core::recommend::Suggestion]| {
        items
            .iter()
            .map(|s| json!([s.product_id, s.bestseller]))
            .collect::<Vec<_>>()
    };
    let recommended_items = &mine.items;
    let expected = json!({
        "source": format!("{DEMO}, the widgets' default requests (segmint_widgets::request)"),
        "rfm": {
            "customers": rfm.customers.len(),
            "reference_date": rfm.reference_date,
            "segment_order": rfm.segments.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            "members": members,
        },
        "rfm_bins_3": {
            "segments": rfm3.segments.iter().map(|s| (s.name.clone(), s.customers)).collect::<BTreeMap<_, _>>(),
        },
        "clusters": {
            "k": clusters.k,
            "sizes": clusters.profiles.iter().map(|p| p.customers).collect::<Vec<_>>(),
            "names": clusters.profiles.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
        },
        "basket": {
            "attributes": attrs(BASKET),
            "transactions": basket.transactions,
            "itemsets": basket.itemsets.len(),
            "rules": basket.rules.len(),
            "companions": basket.bought_together.as_ref().map(|t| t.companions.len()),
        },
        "clv": {
            "customers": clv.customers.len(),
        },
        "profile": {
            "customer_id": contact.customer_id,
            "customers": profiles.customers.len(),
            "orders": contact.orders,
            "segment": contact.segment,
            "next_best": suggestions(&contact.next_best_products),
        },
        "recommend": {
            "customer_id": contact.customer_id,
            "customers": recommended.customers.len(),
            "items": suggestions(recommended_items),
        },
    });
    let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    let path = format!("{ROOT}/tests/e2e/fixtures/widgets_demo.json");
    if std::env::var_os("SEGMINT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no {path}; run with SEGMINT_UPDATE_SNAPSHOTS=1"));
    assert_eq!(stored, text, "{path} is out of date");
}
