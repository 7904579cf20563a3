//! Recommendations of the UCI Online Retail customers against an independent dense
//! computation of DESIGN §4 (tests/reference/recommend: numpy, the whole customer × item
//! matrix, X^T X, X @ S, a sort per row; its script and versions are there). Scores and
//! similarities to 1e-9; lists equal up to ties within 1e-9 at the cut; bestseller fills,
//! audiences and the evaluation's counts exact. The reference cleans the file itself (pandas),
//! so this also checks which lines the recommendations learn from.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use segmint_core::recommend::{
    ItemItem, RecommendParams, SimilarityMethod, Suggestion, content_index, evaluate,
};
use segmint_core::{DatasetOptions, Transactions, load_bytes};

const TOL: f64 = 1e-9;

/// A reference list: (product, method, ranked (id, value)).
type Listed = (String, String, Vec<(String, f64)>);

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn online_retail() -> &'static Transactions {
    static T: OnceLock<Transactions> = OnceLock::new();
    T.get_or_init(|| {
        let path = repo().join("../shared/data/online_retail.csv");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; the shared data sets must sit beside the repository",
                path.display()
            )
        });
        let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
        dataset
            .customer_transactions()
            .expect("customer roles")
            .clone()
    })
}

fn reference(file: &str) -> String {
    std::fs::read_to_string(repo().join("tests/reference/recommend").join(file)).unwrap()
}

/// Rows of a reference CSV, split on commas (no field of these files holds a comma).
fn rows(file: &str) -> Vec<Vec<String>> {
    reference(file)
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// `got` equals `expected` (id, score) position by position, except that ids may differ
/// inside a run of scores within 1e-9 of each other; `expected` may run past `got`'s length
/// with items tied at the cut.
fn assert_ranked(what: &str, got: &[(String, f64)], expected: &[(String, f64)]) {
    assert!(
        expected.len() >= got.len(),
        "{what}: {got:?} longer than {expected:?}"
    );
    for (k, (id, score)) in got.iter().enumerate() {
        let (want_id, want) = &expected[k];
        assert!(
            (score - want).abs() <= TOL,
            "{what} #{}: score {score} vs {want}",
            k + 1
        );
        if id != want_id {
            let tied: Vec<&String> = expected
                .iter()
                .filter(|(_, s)| (s - score).abs() <= TOL)
                .map(|(i, _)| i)
                .collect();
            assert!(
                tied.contains(&id),
                "{what} #{}: {id} ({score}) where the reference has {want_id} ({want}); tied: {tied:?}",
                k + 1
            );
        }
    }
}

#[test]
fn every_customers_top_10_matches_the_dense_reference() {
    let t = online_retail();
    let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
    let got = model.recommend_all(t);
    let mut expected: HashMap<String, Vec<(String, f64, bool)>> = HashMap::new();
    for r in rows("top10.csv") {
        expected.entry(r[0].clone()).or_default().push((
            r[2].clone(),
            r[3].parse().unwrap(),
            r[4] == "true",
        ));
    }
    assert_eq!(got.len(), expected.len(), "customers with a kept order");
    assert_eq!(got.len(), 4338);
    for c in &got {
        let want = &expected[&c.customer_id];
        assert_eq!(c.items.len(), 10, "{}: always N suggestions", c.customer_id);
        let scored: Vec<(String, f64)> = c
            .items
            .iter()
            .filter(|s| !s.bestseller)
            .map(|s| (s.product_id.clone(), s.score))
            .collect();
        let want_scored: Vec<(String, f64)> = want
            .iter()
            .filter(|w| !w.2)
            .map(|w| (w.0.clone(), w.1))
            .collect();
        assert_ranked(&c.customer_id, &scored, &want_scored);
        let fill: Vec<&Suggestion> = c.items.iter().filter(|s| s.bestseller).collect();
        let want_fill: Vec<&str> = want.iter().filter(|w| w.2).map(|w| w.0.as_str()).collect();
        assert_eq!(
            fill.iter()
                .map(|s| s.product_id.as_str())
                .collect::<Vec<_>>(),
            want_fill,
            "{}: bestseller fill",
            c.customer_id
        );
        assert!(fill.iter().all(|s| s.score == 0.0));
        assert!(
            c.items
                .iter()
                .position(|s| s.bestseller)
                .is_none_or(|first| c.items[first..].iter().all(|s| s.bestseller)),
            "bestsellers come after every scored suggestion"
        );
    }
}

#[test]
fn the_single_customer_call_gives_the_same_list() {
    let t = online_retail();
    let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
    let all = model.recommend_all(t);
    for c in all.iter().step_by(97) {
        assert_eq!(model.recommend(t, &c.customer_id).unwrap(), c.items);
    }
    assert!(model.recommend(t, "no such customer").is_none());
    let top3 = ItemItem::fit(t, &RecommendParams::new().top_n(3)).unwrap();
    for c in all.iter().step_by(131) {
        assert_eq!(top3.recommend(t, &c.customer_id).unwrap()[..], c.items[..3]);
    }
}

#[test]
fn audiences_match_the_dense_reference() {
    let t = online_retail();
    let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
    let mut expected: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    for r in rows("audience.csv") {
        if expected.last().is_none_or(|(p, _)| *p != r[0]) {
            expected.push((r[0].clone(), Vec::new()));
        }
        expected
            .last_mut()
            .unwrap()
            .1
            .push((r[2].clone(), r[3].parse().unwrap()));
    }
    assert_eq!(expected.len(), 3);
    for (product, want) in &expected {
        let audience = model.audience(t, product, Some(want.len())).unwrap();
        let got: Vec<(String, f64)> = audience
            .customers
            .iter()
            .map(|m| (m.customer_id.clone(), m.score))
            .collect();
        assert_ranked(product, &got, want);
        // The audience is the same score as the customer's own list would use.
        let first = &audience.customers[0];
        if let Some(s) = model
            .recommend(t, &first.customer_id)
            .unwrap()
            .iter()
            .find(|s| s.product_id == *product)
        {
            assert_eq!(s.score, first.score, "same summation order, same bits");
        }
    }
}

#[test]
fn similar_products_match_the_references() {
    let t = online_retail();
    let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
    let content = content_index(t);
    let mut expected: Vec<Listed> = Vec::new();
    for r in rows("similar.csv") {
        if expected.last().is_none_or(|(p, _, _)| *p != r[0]) {
            expected.push((r[0].clone(), r[1].clone(), Vec::new()));
        }
        expected
            .last_mut()
            .unwrap()
            .2
            .push((r[3].clone(), r[4].parse().unwrap()));
    }
    assert_eq!(expected.len(), 6);
    for (product, method, want) in &expected {
        let similar = model.similar(t, &content, product, want.len()).unwrap();
        let want_method = match method.as_str() {
            "co_purchase" => SimilarityMethod::CoPurchase,
            _ => SimilarityMethod::Content,
        };
        assert_eq!(similar.method, want_method, "{product}");
        let got: Vec<(String, f64)> = similar
            .items
            .iter()
            .map(|s| (s.product_id.clone(), s.similarity))
            .collect();
        assert_ranked(product, &got, want);
    }
}

#[test]
fn evaluation_matches_the_dense_reference() {
    let t = online_retail();
    let want: serde_json::Value = serde_json::from_str(&reference("evaluation.json")).unwrap();
    let e = evaluate(t, &RecommendParams::new(), 30).unwrap();
    assert_eq!(e.cutoff, want["cutoff"]);
    assert_eq!(e.customers as u64, want["customers"].as_u64().unwrap());
    // The counts behind the rates are exact; the rates are compared through them (JSON
    // parsing may be one ulp off).
    let n = e.customers as f64;
    let count = |key: &str| want[key].as_u64().unwrap() as f64;
    assert_eq!(e.hit_rate, count("customers_hit") / n);
    assert_eq!(e.precision, count("hits") / (n * 10.0));
    assert_eq!(e.baseline_hit_rate, count("baseline_customers_hit") / n);
    assert_eq!(e.baseline_precision, count("baseline_hits") / (n * 10.0));
    assert!(
        e.hit_rate > e.baseline_hit_rate,
        "on this data the suggestions beat bestsellers"
    );
    assert_eq!(
        e.summary,
        "Suggestions were right for 33% of returning customers; bestsellers for 23%."
    );
}
