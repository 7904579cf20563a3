//! Invariants of the market-basket miner and rules, on random small baskets, against a
//! brute-force oracle (every subset of every basket counted).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use proptest::prelude::*;
use segmint_core::basket::{
    BasketError, BasketParams, Baskets, ItemFilter, Metric, MinSupport, MiningParams, NoProgress,
    Representation, RuleParams, Stop, TopN, analyse_baskets, generate_rules, mine,
};

type Itemsets = BTreeMap<Vec<String>, u64>;

fn names(b: &Baskets, items: &[u32]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|&i| b.name(i).to_owned()).collect();
    v.sort();
    v
}

fn mined(lists: &[Vec<String>], params: &MiningParams) -> Itemsets {
    let b = Baskets::from_lists(lists).unwrap();
    let found = mine(&b, params, &mut NoProgress).unwrap();
    let mut out = Itemsets::new();
    for (items, count) in found.iter() {
        let key = names(&b, items);
        assert!(out.insert(key.clone(), count).is_none(), "{key:?} twice");
    }
    out
}

/// Every itemset of at most `max_len` items in at least `min` baskets, by enumeration.
fn brute_force(lists: &[Vec<String>], min: u64, max_len: usize) -> Itemsets {
    let mut counts = Itemsets::new();
    for list in lists {
        let items: Vec<String> = list
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for mask in 1u32..(1 << items.len()) {
            if mask.count_ones() as usize > max_len {
                continue;
            }
            let subset: Vec<String> = (0..items.len())
                .filter(|b| mask >> b & 1 == 1)
                .map(|b| items[b].clone())
                .collect();
            *counts.entry(subset).or_default() += 1;
        }
    }
    counts.retain(|_, c| *c >= min);
    counts
}

/// Baskets over a small alphabet, so that itemsets recur; some items are chained so that
/// perfect extensions occur.
fn baskets() -> impl Strategy<Value = Vec<Vec<String>>> {
    let basket = prop::collection::vec(0u8..10, 0..6).prop_map(|items| {
        let mut v: Vec<String> = Vec::new();
        for i in items {
            v.push(format!("i{i}"));
            if i == 3 {
                // i3 always comes with i7: i7 is a perfect extension of i3.
                v.push("i7".into());
            }
        }
        v
    });
    prop::collection::vec(basket, 1..40)
}

fn params(min: u64, max_len: Option<usize>, representation: Representation) -> MiningParams {
    MiningParams {
        min_support: MinSupport::Count(min),
        max_len,
        representation,
        ..MiningParams::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn mining_is_exact_in_every_representation(
        lists in baskets(),
        min in 1u64..6,
        max_len in prop::option::of(1usize..5),
    ) {
        let expected = brute_force(&lists, min, max_len.unwrap_or(usize::MAX));
        for representation in [Representation::Auto, Representation::Lists, Representation::Bitsets] {
            prop_assert_eq!(&mined(&lists, &params(min, max_len, representation)), &expected);
        }
    }

    #[test]
    fn raising_min_support_never_adds_itemsets(lists in baskets(), min in 1u64..5, more in 1u64..4) {
        let low = mined(&lists, &params(min, None, Representation::Auto));
        let high = mined(&lists, &params(min + more, None, Representation::Auto));
        for (items, count) in &high {
            prop_assert_eq!(low.get(items), Some(count));
        }
        prop_assert!(high.len() <= low.len());
    }

    #[test]
    fn results_do_not_depend_on_basket_or_item_order(
        lists in baskets(),
        min in 1u64..5,
        seed in any::<u64>(),
    ) {
        let mut shuffled = lists.clone();
        // A seeded Fisher–Yates over baskets, and a rotation of the items of each.
        let mut state = seed | 1;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for i in (1..shuffled.len()).rev() {
            let j = next(i + 1);
            shuffled.swap(i, j);
        }
        for b in &mut shuffled {
            if !b.is_empty() {
                let k = next(b.len());
                b.rotate_left(k);
            }
        }
        let mut p = BasketParams::new(MinSupport::Count(min));
        p.rules.top = Some(TopN { metric: Metric::Lift, n: 5 });
        let a = analyse_baskets(&Baskets::from_lists(&lists).unwrap(), &p, &mut NoProgress).unwrap();
        let b = analyse_baskets(&Baskets::from_lists(&shuffled).unwrap(), &p, &mut NoProgress).unwrap();
        prop_assert_eq!(&a.itemsets, &b.itemsets);
        prop_assert_eq!(&a.rules, &b.rules);
    }

    #[test]
    fn rules_are_consistent(lists in baskets(), min in 1u64..5) {
        let b = Baskets::from_lists(&lists).unwrap();
        let found = mine(&b, &MiningParams::new(MinSupport::Count(min)), &mut NoProgress).unwrap();
        let counts: Itemsets = found.iter().map(|(i, c)| (names(&b, i), c)).collect();
        let rules = generate_rules(&found, &b, &RuleParams::default(), &mut NoProgress).unwrap();
        let n = found.transactions as f64;
        // Every split of every itemset of size >= 2 is a rule.
        let expected: u64 = counts.keys().filter(|k| k.len() >= 2).map(|k| (1u64 << k.len()) - 2).sum();
        prop_assert_eq!(rules.rules.len() as u64, expected);
        prop_assert_eq!(rules.candidates, expected);
        for r in &rules.rules {
            let (a, c) = r.sides(&found);
            let (a, c) = (names(&b, &a), names(&b, &c_ids(&c)));
            prop_assert!(!a.is_empty() && !c.is_empty());
            prop_assert!(a.iter().all(|x| !c.contains(x)), "A ∩ C = ∅");
            let mut ac = a.clone();
            ac.extend(c.iter().cloned());
            ac.sort();
            let (s_ac, s_a, s_c) = (counts[&ac] as f64 / n, counts[&a] as f64 / n, counts[&c] as f64 / n);
            let m = &r.metrics;
            prop_assert!((m.support - s_ac).abs() < 1e-12);
            prop_assert!((m.confidence - s_ac / s_a).abs() < 1e-12);
            prop_assert!((m.lift - s_ac / s_a / s_c).abs() < 1e-9);
            prop_assert!((m.leverage - (s_ac - s_a * s_c)).abs() < 1e-12);
            prop_assert!(m.zhangs_metric.abs() <= 1.0 + 1e-12);
            prop_assert!(m.jaccard > 0.0 && m.jaccard <= 1.0 + 1e-12);
            if m.confidence == 1.0 {
                prop_assert!(m.conviction.is_infinite());
            } else {
                prop_assert!((m.conviction - (1.0 - s_c) / (1.0 - m.confidence)).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn redundant_rules_are_exactly_those_with_a_better_general_rule(lists in baskets(), min in 1u64..4) {
        let b = Baskets::from_lists(&lists).unwrap();
        let found = mine(&b, &MiningParams::new(MinSupport::Count(min)), &mut NoProgress).unwrap();
        let all = generate_rules(&found, &b, &RuleParams::default(), &mut NoProgress).unwrap();
        let pruned = generate_rules(
            &found,
            &b,
            &RuleParams { prune_redundant: true, ..RuleParams::default() },
            &mut NoProgress,
        )
        .unwrap();
        let key = |r: &segmint_core::basket::Rule| {
            let (a, c) = r.sides(&found);
            (names(&b, &a), names(&b, &c))
        };
        let conf: BTreeMap<_, f64> = all.rules.iter().map(|r| (key(r), r.metrics.confidence)).collect();
        let kept: BTreeSet<_> = pruned.rules.iter().map(key).collect();
        for ((a, c), &confidence) in &conf {
            let redundant = conf.iter().any(|((a2, c2), &conf2)| {
                c2 == c && a2.len() < a.len() && a2.iter().all(|x| a.contains(x))
                    && conf2 >= confidence - 1e-12
            });
            prop_assert_eq!(!redundant, kept.contains(&(a.clone(), c.clone())), "{:?} -> {:?}", a, c);
        }
        prop_assert_eq!(pruned.redundant as usize + pruned.rules.len(), all.rules.len());
    }
}

fn c_ids(c: &[u32]) -> Vec<u32> {
    c.to_vec()
}

fn lists(raw: &[&[&str]]) -> Vec<Vec<String>> {
    raw.iter()
        .map(|b| b.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn fractional_support_is_a_ceiling_without_binary_rounding() {
    assert_eq!(MinSupport::Fraction(0.07).min_count(100).unwrap(), 7);
    assert_eq!(MinSupport::Fraction(0.01).min_count(9835).unwrap(), 99);
    assert_eq!(MinSupport::Fraction(0.005).min_count(9835).unwrap(), 50);
    assert_eq!(MinSupport::Fraction(1.0).min_count(3).unwrap(), 3);
    assert_eq!(MinSupport::Fraction(1e-9).min_count(3).unwrap(), 1);
    for bad in [0.0, -0.1, 1.5, f64::NAN] {
        assert!(matches!(
            MinSupport::Fraction(bad).min_count(10),
            Err(BasketError::InvalidOption {
                name: "min_support",
                ..
            })
        ));
    }
    assert!(MinSupport::Count(0).min_count(10).is_err());
}

#[test]
fn budgets_stop_with_a_suggestion() {
    let data = lists(&[
        &["a", "b", "c", "d"],
        &["a", "b", "c", "d"],
        &["a", "b", "c"],
    ]);
    let b = Baskets::from_lists(&data).unwrap();
    let p = MiningParams::new(MinSupport::Count(2)).max_itemsets(Some(5));
    let err = mine(&b, &p, &mut NoProgress).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("more than 5 frequent itemsets"),
        "{message}"
    );
    assert!(
        message.contains("raise min_support, e.g. to 1"),
        "{message}"
    );

    let p = MiningParams::new(MinSupport::Count(1)).max_steps(3);
    let err = mine(&b, &p, &mut NoProgress).unwrap_err();
    assert!(err.to_string().contains("more than 3 steps"), "{err}");
}

#[test]
fn cancel_and_time_budget_come_from_the_callback() {
    // Enough work for several ticks: 200 baskets of 14 items over 16 names, all frequent.
    let data: Vec<Vec<String>> = (0..200)
        .map(|i| {
            (0..16)
                .filter(|j| (i + j) % 8 != 0)
                .map(|j| format!("p{j}"))
                .collect()
        })
        .collect();
    let b = Baskets::from_lists(&data).unwrap();
    let p = MiningParams::new(MinSupport::Count(1)).max_itemsets(None);
    let mut ticks = 0;
    let mut cancel = |_done: u64| {
        ticks += 1;
        ControlFlow::Break(Stop::Cancel)
    };
    assert_eq!(
        mine(&b, &p, &mut cancel).unwrap_err(),
        BasketError::Cancelled
    );
    assert_eq!(ticks, 1);
    let mut out_of_time = |_done: u64| ControlFlow::Break(Stop::OutOfTime);
    let err = mine(&b, &p, &mut out_of_time).unwrap_err();
    assert!(err.to_string().contains("time budget"), "{err}");
}

#[test]
fn oversized_baskets_are_left_out_and_reported() {
    let data = lists(&[&["a", "b"], &["a", "b"], &["a", "b", "c", "d", "e"], &["c"]]);
    let b = Baskets::from_lists(&data).unwrap();
    let mut p = BasketParams::new(MinSupport::Count(2));
    p.mining.max_basket_size = Some(4);
    let report = analyse_baskets(&b, &p, &mut NoProgress).unwrap();
    assert_eq!(report.transactions, 3);
    assert_eq!(report.mining.oversized_baskets, 1);
    assert_eq!(report.mining.largest_basket, 5);
    assert!(report.warnings[0].contains("1 baskets have more than 4 distinct items"));
    let found: Vec<_> = report
        .itemsets
        .iter()
        .map(|i| (i.items.join("+"), i.count))
        .collect();
    assert_eq!(
        found,
        vec![("a".into(), 2), ("b".into(), 2), ("a+b".into(), 2)]
    );
    p.mining.max_basket_size = Some(1);
    let b = Baskets::from_lists(lists(&[&["a", "b"], &["c", "d"]])).unwrap();
    let err = analyse_baskets(&b, &p, &mut NoProgress).unwrap_err();
    assert!(err.to_string().contains("distinct items"), "{err}");
}

#[test]
fn item_constraints_top_n_and_bought_together() {
    let data = lists(&[
        &["bread", "milk", "butter"],
        &["bread", "milk"],
        &["bread", "butter"],
        &["milk", "beer"],
        &["bread", "milk", "beer"],
    ]);
    let b = Baskets::from_lists(&data).unwrap();
    let mut p = BasketParams::new(MinSupport::Count(1));
    p.rules.items = vec![ItemFilter::consequent_is("milk")];
    let report = analyse_baskets(&b, &p, &mut NoProgress).unwrap();
    assert!(!report.rules.is_empty());
    assert!(report.rules.iter().all(|r| r.consequent == ["milk"]));

    p.rules.items = vec![ItemFilter::antecedent_contains("beer")];
    p.rules.top = Some(TopN {
        metric: Metric::Lift,
        n: 2,
    });
    let report = analyse_baskets(&b, &p, &mut NoProgress).unwrap();
    assert_eq!(report.rules.len(), 2);
    assert!(
        report
            .rules
            .iter()
            .all(|r| r.antecedent.contains(&"beer".to_owned()))
    );
    assert!(report.rules[0].metrics.lift >= report.rules[1].metrics.lift);

    p.rules.items = vec![ItemFilter::consequent_is("caviar")];
    assert_eq!(
        analyse_baskets(&b, &p, &mut NoProgress).unwrap_err(),
        BasketError::UnknownItem {
            name: "caviar".into()
        }
    );

    p.rules = RuleParams::default();
    p.bought_together = Some(segmint_core::basket::TogetherParams {
        item: "bread".into(),
        ..Default::default()
    });
    let together = analyse_baskets(&b, &p, &mut NoProgress)
        .unwrap()
        .bought_together
        .unwrap();
    assert_eq!(together.count, 4);
    let got: Vec<_> = together
        .companions
        .iter()
        .map(|c| (c.item.as_str(), c.count))
        .collect();
    assert_eq!(got, vec![("milk", 3), ("butter", 2), ("beer", 1)]);
    assert!((together.companions[0].confidence - 0.75).abs() < 1e-15);
}

#[test]
fn json_uses_design_keys_and_null_for_infinite_conviction() {
    let data = lists(&[&["a", "b"], &["a", "b"], &["b"]]);
    let b = Baskets::from_lists(&data).unwrap();
    let report = analyse_baskets(
        &b,
        &BasketParams::new(MinSupport::Count(2)),
        &mut NoProgress,
    )
    .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["transactions"], 3);
    assert_eq!(json["itemsets"][0]["items"], serde_json::json!(["b"]));
    assert_eq!(json["itemsets"][0]["count"], 3);
    let rule = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["antecedent"] == serde_json::json!(["a"]))
        .unwrap();
    for key in [
        "antecedent",
        "consequent",
        "support",
        "confidence",
        "lift",
        "leverage",
        "conviction",
        "zhangs_metric",
        "jaccard",
        "certainty",
        "kulczynski",
    ] {
        assert!(rule.get(key).is_some(), "{key}");
    }
    assert_eq!(rule["confidence"], 1.0);
    assert!(rule["conviction"].is_null());
    let back: segmint_core::BasketReport = serde_json::from_value(json).unwrap();
    assert!(
        back.rules
            .iter()
            .any(|r| r.metrics.conviction.is_infinite())
    );
}

#[test]
fn baskets_from_a_table_keep_lines_without_customer() {
    let mut t = segmint_core::Transactions::default();
    t.push(Some("c1"), Some("o1"), Some("a"), 0, 1.0);
    t.push(None, Some("o1"), Some("b"), 0, 1.0);
    t.push(None, Some("o2"), Some("a"), 0, 1.0);
    t.push(None, Some("o2"), Some("b"), 0, 1.0);
    t.push(None, None, Some("b"), 0, 1.0);
    let report = segmint_core::basket::analyse(
        &t,
        &BasketParams::new(MinSupport::Count(2)),
        &mut NoProgress,
    )
    .unwrap();
    assert_eq!(report.transactions, 2);
    assert_eq!(report.baskets.lines_without_order, 1);
    assert_eq!(report.itemsets.len(), 3);
    let empty = segmint_core::Transactions::default();
    assert!(matches!(
        segmint_core::basket::analyse(&empty, &BasketParams::default(), &mut NoProgress),
        Err(BasketError::NoBaskets { .. })
    ));
}

#[test]
fn streaming_hands_out_exactly_the_collected_itemsets() {
    let data: Vec<Vec<String>> = (0..60)
        .map(|i| {
            (0..9)
                .filter(|j| (i * 7 + j * 3) % 5 != 0)
                .map(|j| format!("p{j}"))
                .collect()
        })
        .collect();
    let b = Baskets::from_lists(&data).unwrap();
    let p = MiningParams::new(MinSupport::Count(3)).max_itemsets(None);
    let collected = mine(&b, &p, &mut NoProgress).unwrap();
    let mut streamed = Vec::new();
    let summary = segmint_core::basket::mine_each(&b, &p, &mut NoProgress, |items, count| {
        streamed.push((items.to_vec(), count));
        ControlFlow::Continue(())
    })
    .unwrap();
    let kept: Vec<_> = collected.iter().map(|(i, c)| (i.to_vec(), c)).collect();
    assert_eq!(streamed, kept);
    assert_eq!(summary.itemsets, collected.len() as u64);
    assert_eq!(summary.transactions, 60);
    let mut calls = 0;
    let full = segmint_core::basket::mine_each(&b, &p, &mut NoProgress, |_, _| {
        calls += 1;
        if calls == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(full, Err(BasketError::BudgetExceeded { .. })));
}
