//! Frequent itemsets and rules of groceries.csv and of the UCI Online Retail invoices against
//! mlxtend 0.25.0 `fpgrowth` + `association_rules` (tests/reference/basket: the script, its
//! outputs and the versions). Itemsets and counts must be identical, rule metrics within 1e-9
//! (relative to max(1, |value|)). The reference builds its baskets independently (pandas,
//! docs/definitions.md §4.1 cleaning), so the basket count and every item's support also check our cleaning.

use std::collections::BTreeMap;
use std::path::PathBuf;

use segmint_core::basket::{
    Baskets, FrequentItemsets, MinSupport, MiningParams, NoProgress, RuleParams, generate_rules,
    mine,
};
use segmint_core::{DatasetOptions, load_bytes};

const METRICS: [&str; 9] = [
    "support",
    "confidence",
    "lift",
    "leverage",
    "conviction",
    "zhangs_metric",
    "jaccard",
    "certainty",
    "kulczynski",
];

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn baskets(name: &str) -> Baskets {
    let path = repo().join("../shared/data").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the shared data sets must sit beside the repository",
            path.display()
        )
    });
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    let t = dataset.basket_transactions().expect("basket roles");
    Baskets::from_transactions(t).unwrap()
}

fn reference(file: &str) -> String {
    std::fs::read_to_string(repo().join("tests/reference/basket").join(file)).unwrap()
}

fn key(b: &Baskets, items: &[u32]) -> String {
    let mut names: Vec<&str> = items.iter().map(|&i| b.name(i)).collect();
    names.sort_unstable();
    names.join("|")
}

fn check(b: &Baskets, case: &str, min_support: f64, min_confidence: f64) {
    let params = MiningParams::new(MinSupport::Fraction(min_support)).max_itemsets(None);
    let found: FrequentItemsets = mine(b, &params, &mut NoProgress).unwrap();

    let expected: BTreeMap<String, u64> = reference(&format!("{case}_itemsets.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let (items, count) = l.rsplit_once(',').unwrap();
            (items.to_owned(), count.parse().unwrap())
        })
        .collect();
    let got: BTreeMap<String, u64> = found.iter().map(|(i, c)| (key(b, i), c)).collect();
    assert_eq!(
        got.len(),
        found.len(),
        "{case}: an itemset was reported twice"
    );
    let missing: Vec<_> = expected
        .keys()
        .filter(|k| !got.contains_key(*k))
        .take(5)
        .collect();
    let extra: Vec<_> = got
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{case}: missing {missing:?}, extra {extra:?}"
    );
    for (items, count) in &expected {
        assert_eq!(got[items], *count, "{case}: count of {items}");
    }

    let rules = generate_rules(
        &found,
        b,
        &RuleParams {
            min_confidence,
            max_rules: None,
            ..RuleParams::default()
        },
        &mut NoProgress,
    )
    .unwrap();
    let expected: BTreeMap<(String, String), Vec<f64>> = reference(&format!("{case}_rules.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let values = f[2..].iter().map(|v| v.parse::<f64>().unwrap()).collect();
            ((f[0].to_owned(), f[1].to_owned()), values)
        })
        .collect();
    // Rules with a confidence of exactly the threshold may differ: mlxtend computes
    // (sAC·N)/(sA·N), which can land one ulp below a ratio like 152/190 = 0.8; we divide the
    // counts. Every other rule must be in both.
    let at_threshold = |conf: f64| (conf - min_confidence).abs() <= 1e-12;
    let mut ours = BTreeMap::new();
    for r in &rules.rules {
        let (a, c) = r.sides(&found);
        ours.insert((key(b, &a), key(b, &c)), r.metrics.confidence);
    }
    let missing: Vec<_> = expected
        .iter()
        .filter(|(k, v)| !ours.contains_key(*k) && !at_threshold(v[1]))
        .take(5)
        .collect();
    let extra: Vec<_> = ours
        .iter()
        .filter(|(k, conf)| !expected.contains_key(*k) && !at_threshold(**conf))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{case}: rules missing {missing:?}, extra {extra:?}"
    );
    let boundary = ours.keys().filter(|k| !expected.contains_key(*k)).count();
    assert!(
        boundary <= 3 * expected.len() / 100,
        "{case}: {boundary} rules at the threshold differ"
    );
    for rule in &rules.rules {
        let (a, c) = rule.sides(&found);
        let k = (key(b, &a), key(b, &c));
        let Some(want) = expected.get(&k) else {
            continue; // at the threshold, checked above
        };
        let m = &rule.metrics;
        let have = [
            m.support,
            m.confidence,
            m.lift,
            m.leverage,
            m.conviction,
            m.zhangs_metric,
            m.jaccard,
            m.certainty,
            m.kulczynski,
        ];
        for ((name, &h), &w) in METRICS.iter().zip(&have).zip(want) {
            let ok = if w.is_infinite() {
                h == w
            } else {
                (h - w).abs() <= 1e-9 * w.abs().max(1.0)
            };
            assert!(ok, "{case}: {name} of {k:?}: {h} vs mlxtend {w}");
        }
    }
}

#[test]
fn groceries_matches_mlxtend() {
    let b = baskets("groceries.csv");
    assert_eq!(b.len(), 9835);
    check(&b, "groceries_0.01", 0.01, 0.0);
    check(&b, "groceries_0.005", 0.005, 0.0);
}

#[test]
fn online_retail_invoices_match_mlxtend() {
    let b = baskets("online_retail.csv");
    assert_eq!(b.len(), 19960);
    check(&b, "online_retail_0.01", 0.01, 0.0);
    check(&b, "online_retail_0.005", 0.005, 0.8);
}
