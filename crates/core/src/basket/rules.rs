//! Association rules A → C from frequent itemsets, with mlxtend's metrics, filters, item
//! constraints, redundancy pruning and top-N.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use super::baskets::Baskets;
use super::errors::BasketError;
use super::mine::FrequentItemsets;
use super::progress::{Phase, Progress, Stop};

/// Rules are enumerated as antecedent bit masks over an itemset's items.
const MAX_RULE_ITEMSET: usize = 31;
const TICK_EVERY: u64 = 1 << 16;

/// A rule metric, named as in mlxtend (and in the JSON keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// `supp(A)`.
    AntecedentSupport,
    /// `supp(C)`.
    ConsequentSupport,
    /// `supp(A ∪ C)`.
    Support,
    /// `supp(A ∪ C) / supp(A)`.
    Confidence,
    /// `confidence / supp(C)`.
    Lift,
    /// `supp(A ∪ C) − supp(A) · supp(C)`.
    Leverage,
    /// `(1 − supp(C)) / (1 − confidence)`; infinite when confidence is 1.
    Conviction,
    /// `leverage / max(supp(AC)·(1 − supp(A)), supp(A)·(supp(C) − supp(AC)))`; 0 when the
    /// denominator is 0.
    ZhangsMetric,
    /// `supp(AC) / (supp(A) + supp(C) − supp(AC))`.
    Jaccard,
    /// `(confidence − supp(C)) / (1 − supp(C))`; 0 when `supp(C)` is 1.
    Certainty,
    /// `(supp(AC)/supp(A) + supp(AC)/supp(C)) / 2`.
    Kulczynski,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 11] = [
        Metric::AntecedentSupport,
        Metric::ConsequentSupport,
        Metric::Support,
        Metric::Confidence,
        Metric::Lift,
        Metric::Leverage,
        Metric::Conviction,
        Metric::ZhangsMetric,
        Metric::Jaccard,
        Metric::Certainty,
        Metric::Kulczynski,
    ];

    /// The snake_case name (as in JSON and mlxtend, which writes the first two with a space).
    pub fn name(self) -> &'static str {
        match self {
            Metric::AntecedentSupport => "antecedent_support",
            Metric::ConsequentSupport => "consequent_support",
            Metric::Support => "support",
            Metric::Confidence => "confidence",
            Metric::Lift => "lift",
            Metric::Leverage => "leverage",
            Metric::Conviction => "conviction",
            Metric::ZhangsMetric => "zhangs_metric",
            Metric::Jaccard => "jaccard",
            Metric::Certainty => "certainty",
            Metric::Kulczynski => "kulczynski",
        }
    }

    /// The metric called `name` (see [`Metric::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The metrics of one rule, computed from basket counts exactly as mlxtend 0.25's
/// `association_rules` computes them from supports.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleMetrics {
    /// `supp(A)`.
    pub antecedent_support: f64,
    /// `supp(C)`.
    pub consequent_support: f64,
    /// `supp(A ∪ C)`.
    pub support: f64,
    /// `supp(A ∪ C) / supp(A)`.
    pub confidence: f64,
    /// `confidence / supp(C)`.
    pub lift: f64,
    /// `supp(A ∪ C) − supp(A) · supp(C)`.
    pub leverage: f64,
    /// `(1 − supp(C)) / (1 − confidence)`, `f64::INFINITY` when confidence is 1 (JSON `null`).
    #[serde(with = "infinite_as_null")]
    pub conviction: f64,
    /// Zhang's metric, in `[-1, 1]`.
    pub zhangs_metric: f64,
    /// Jaccard index of the baskets containing A and those containing C.
    pub jaccard: f64,
    /// Certainty factor.
    pub certainty: f64,
    /// Mean of the confidences A → C and C → A.
    pub kulczynski: f64,
}

impl RuleMetrics {
    /// The metrics of A → C from the basket counts of A ∪ C, A and C among `n` baskets.
    pub fn from_counts(count_ac: u64, count_a: u64, count_c: u64, n: u64) -> Self {
        let n = n as f64;
        let (s_ac, s_a, s_c) = (count_ac as f64 / n, count_a as f64 / n, count_c as f64 / n);
        // From the counts, so that a confidence of exactly 4/5 is the double 0.8 and passes a
        // 0.8 threshold (mlxtend's `(sAC·N)/(sA·N)` can land one ulp below).
        let confidence = count_ac as f64 / count_a as f64;
        let leverage = s_ac - s_a * s_c;
        let zhang_denominator = (s_ac * (1.0 - s_a)).max(s_a * (s_c - s_ac));
        Self {
            antecedent_support: s_a,
            consequent_support: s_c,
            support: s_ac,
            confidence,
            lift: confidence / s_c,
            leverage,
            conviction: if confidence < 1.0 {
                (1.0 - s_c) / (1.0 - confidence)
            } else {
                f64::INFINITY
            },
            zhangs_metric: if zhang_denominator == 0.0 {
                0.0
            } else {
                leverage / zhang_denominator
            },
            jaccard: s_ac / (s_a + s_c - s_ac),
            certainty: if 1.0 - s_c == 0.0 {
                0.0
            } else {
                (confidence - s_c) / (1.0 - s_c)
            },
            kulczynski: (confidence + count_ac as f64 / count_c as f64) / 2.0,
        }
    }

    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::AntecedentSupport => self.antecedent_support,
            Metric::ConsequentSupport => self.consequent_support,
            Metric::Support => self.support,
            Metric::Confidence => self.confidence,
            Metric::Lift => self.lift,
            Metric::Leverage => self.leverage,
            Metric::Conviction => self.conviction,
            Metric::ZhangsMetric => self.zhangs_metric,
            Metric::Jaccard => self.jaccard,
            Metric::Certainty => self.certainty,
            Metric::Kulczynski => self.kulczynski,
        }
    }
}

/// Serialises an infinite value as `null` (JSON has no infinity) and reads `null` back as
/// infinity.
pub mod infinite_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialise `value`, infinite as `null`.
    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            s.serialize_f64(*value)
        } else {
            s.serialize_none()
        }
    }

    /// Read a number, `null` as `f64::INFINITY`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// Keep rules whose `metric` lies in `[min, max]` (either bound optional, both inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricFilter {
    /// The metric.
    pub metric: Metric,
    /// Smallest value kept.
    pub min: Option<f64>,
    /// Largest value kept.
    pub max: Option<f64>,
}

impl MetricFilter {
    /// `metric ≥ min`.
    pub fn at_least(metric: Metric, min: f64) -> Self {
        Self {
            metric,
            min: Some(min),
            max: None,
        }
    }

    fn keeps(&self, m: &RuleMetrics) -> bool {
        let v = m.get(self.metric);
        self.min.is_none_or(|lo| v >= lo) && self.max.is_none_or(|hi| v <= hi)
    }
}

/// Which side of a rule an [`ItemFilter`] looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The antecedent A.
    Antecedent,
    /// The consequent C.
    Consequent,
    /// A ∪ C.
    Either,
}

/// How an [`ItemFilter`] compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemMatch {
    /// The side holds exactly these items.
    Exactly,
    /// The side holds all of these items (and maybe more).
    Contains,
    /// The side holds at least one of these items.
    Any,
    /// The side holds none of these items.
    None,
}

/// An item constraint on rules, by item name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFilter {
    /// Which side.
    pub side: Side,
    /// How.
    pub matching: ItemMatch,
    /// Item names.
    pub items: Vec<String>,
}

impl ItemFilter {
    /// Rules whose consequent is exactly `{item}` ("what leads to buying X").
    pub fn consequent_is(item: impl Into<String>) -> Self {
        Self {
            side: Side::Consequent,
            matching: ItemMatch::Exactly,
            items: vec![item.into()],
        }
    }

    /// Rules whose antecedent contains `item` ("what sells with X").
    pub fn antecedent_contains(item: impl Into<String>) -> Self {
        Self {
            side: Side::Antecedent,
            matching: ItemMatch::Contains,
            items: vec![item.into()],
        }
    }
}

/// Keep the `n` best rules by `metric` (descending; ties broken deterministically).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopN {
    /// Ranking metric.
    pub metric: Metric,
    /// How many.
    pub n: usize,
}

/// Which rules to generate and keep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleParams {
    /// Smallest confidence kept (0 keeps every rule).
    pub min_confidence: f64,
    /// Further ranges on any metric; all must hold.
    pub filters: Vec<MetricFilter>,
    /// Item constraints; all must hold.
    pub items: Vec<ItemFilter>,
    /// Drop redundant rules: A → C is redundant when a more general rule A′ → C (A′ a
    /// non-empty proper subset of A) has confidence at least as high (arules'
    /// `is.redundant`, judged against all rules of the frequent itemsets, before filters).
    pub prune_redundant: bool,
    /// Keep only the best rules by a metric.
    pub top: Option<TopN>,
    /// Stop with [`BasketError::BudgetExceeded`] once more rules than this pass the filters
    /// (not counting rules a [`TopN`] discards along the way).
    pub max_rules: Option<u64>,
}

impl Default for RuleParams {
    fn default() -> Self {
        Self {
            min_confidence: 0.0,
            filters: Vec::new(),
            items: Vec::new(),
            prune_redundant: false,
            top: None,
            max_rules: Some(1_000_000),
        }
    }
}

impl RuleParams {
    /// Validate everything that does not depend on the data.
    pub fn check(&self) -> Result<(), BasketError> {
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(BasketError::InvalidOption {
                name: "min_confidence",
                reason: format!("must be in [0, 1], got {}", self.min_confidence),
            });
        }
        for f in &self.filters {
            if f.min.is_some_and(f64::is_nan) || f.max.is_some_and(f64::is_nan) {
                return Err(BasketError::InvalidOption {
                    name: "filters",
                    reason: format!("the bound on {} is not a number", f.metric.name()),
                });
            }
        }
        for f in &self.items {
            if f.items.is_empty() {
                return Err(BasketError::InvalidOption {
                    name: "items",
                    reason: "an item filter names no item".into(),
                });
            }
        }
        Ok(())
    }
}

/// One rule over [`FrequentItemsets`] item ids: the itemset A ∪ C and which of its items are
/// the antecedent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    /// Index of A ∪ C in the [`FrequentItemsets`].
    pub itemset: u32,
    /// Bit `b` set: item `b` of the itemset is in the antecedent.
    pub antecedent_mask: u32,
    /// Basket counts of A ∪ C, A and C.
    pub counts: [u64; 3],
    /// The metrics.
    pub metrics: RuleMetrics,
}

impl Rule {
    /// Antecedent and consequent item ids.
    pub fn sides(&self, itemsets: &FrequentItemsets) -> (Vec<u32>, Vec<u32>) {
        let (items, _) = itemsets.get(self.itemset as usize);
        let mut a = Vec::new();
        let mut c = Vec::new();
        for (b, &item) in items.iter().enumerate() {
            if self.antecedent_mask >> b & 1 == 1 {
                a.push(item);
            } else {
                c.push(item);
            }
        }
        (a, c)
    }
}

/// The rules kept, and how many were looked at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSet {
    /// Rules kept, best first when a [`TopN`] is given, otherwise in generation order.
    pub rules: Vec<Rule>,
    /// Every rule of every frequent itemset of size ≥ 2 (`Σ 2^k − 2`).
    pub candidates: u64,
    /// Rules dropped as redundant (among those passing every other filter).
    pub redundant: u64,
}

/// An item constraint with names resolved to item ids (a handful: linear scans suffice).
struct ResolvedFilter {
    side: Side,
    matching: ItemMatch,
    items: Vec<u32>,
}

impl ResolvedFilter {
    fn keeps(&self, a: &[u32], c: &[u32]) -> bool {
        let holds = |side: &[u32], item: u32| side.contains(&item);
        let on = |item: u32| match self.side {
            Side::Antecedent => holds(a, item),
            Side::Consequent => holds(c, item),
            Side::Either => holds(a, item) || holds(c, item),
        };
        match self.matching {
            ItemMatch::Contains => self.items.iter().all(|&i| on(i)),
            ItemMatch::Any => self.items.iter().any(|&i| on(i)),
            ItemMatch::None => !self.items.iter().any(|&i| on(i)),
            ItemMatch::Exactly => {
                let len = match self.side {
                    Side::Antecedent => a.len(),
                    Side::Consequent => c.len(),
                    Side::Either => a.len() + c.len(),
                };
                len == self.items.len() && self.items.iter().all(|&i| on(i))
            }
        }
    }
}

/// FxHash (rustc's hasher): itemset keys are short runs of small integers, for which SipHash
/// is needlessly slow.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Every frequent itemset's count by its canonical item sequence.
pub(crate) struct CountIndex<'a> {
    map: FxMap<&'a [u32], u64>,
}

impl<'a> CountIndex<'a> {
    pub(crate) fn new(itemsets: &'a FrequentItemsets) -> Self {
        let mut map = FxMap::default();
        map.reserve(itemsets.len());
        for (items, count) in itemsets.iter() {
            map.insert(items, count);
        }
        Self { map }
    }

    pub(crate) fn count(&self, items: &[u32]) -> u64 {
        // Every subset of a frequent itemset is frequent, so it is in the map; 0 would only
        // come from inconsistent input and yields no rule.
        self.map.get(items).copied().unwrap_or(0)
    }
}

/// Generate the rules of every frequent itemset of size ≥ 2 (every split into a non-empty
/// antecedent and consequent, as mlxtend does) and keep those passing `params`.
///
/// Cost: `Σ (2^k − 2)` rules over the itemsets of size `k`, each with two hash look-ups;
/// redundancy pruning adds `2^|A|` look-ups per surviving rule.
///
/// `itemsets` must come from [`mine`](super::mine()) over `baskets` (item names resolve the
/// item filters and break ties of the top-N ranking, so that the result does not depend on
/// the order of the baskets).
pub fn generate_rules(
    itemsets: &FrequentItemsets,
    baskets: &Baskets,
    params: &RuleParams,
    progress: &mut impl Progress,
) -> Result<RuleSet, BasketError> {
    params.check()?;
    progress.phase(Phase::Rules);
    let filters = resolve(&params.items, baskets)?;
    let names = |items: &[u32]| -> Vec<&str> {
        let mut v: Vec<&str> = items.iter().map(|&i| baskets.name(i)).collect();
        v.sort_unstable();
        v
    };
    let order = |x: &Rule, y: &Rule, metric: Metric| {
        rank_order(x, y, metric).then_with(|| {
            let (xa, xc) = x.sides(itemsets);
            let (ya, yc) = y.sides(itemsets);
            (names(&xa), names(&xc)).cmp(&(names(&ya), names(&yc)))
        })
    };
    let index = CountIndex::new(itemsets);
    let n = itemsets.transactions;
    let budget = |what: String| BasketError::BudgetExceeded {
        what,
        min_support: itemsets.min_count as f64 / n as f64,
        min_count: itemsets.min_count,
        transactions: n,
        suggested_min_support: ((2 * itemsets.min_count) as f64 / n as f64).min(1.0),
    };
    let max_rules = params.max_rules.unwrap_or(u64::MAX);
    let mut out = RuleSet::default();
    let (mut a, mut c) = (Vec::new(), Vec::new());
    let mut steps = 0u64;
    let mut next_tick = TICK_EVERY;
    for (index_of_set, (items, count_ac)) in itemsets.iter().enumerate() {
        let k = items.len();
        if k < 2 {
            continue;
        }
        if k > MAX_RULE_ITEMSET {
            return Err(budget(format!(
                "an itemset of {k} items would give 2^{k} − 2 rules"
            )));
        }
        let full = (1u32 << k) - 1;
        for mask in 1..full {
            out.candidates += 1;
            steps += 1;
            if steps >= next_tick {
                next_tick = steps + TICK_EVERY;
                match progress.tick(steps) {
                    ControlFlow::Continue(()) => {}
                    ControlFlow::Break(Stop::Cancel) => return Err(BasketError::Cancelled),
                    ControlFlow::Break(Stop::OutOfTime) => {
                        return Err(budget(
                            "the time budget ran out while generating rules".into(),
                        ));
                    }
                }
            }
            split(items, mask, &mut a, &mut c);
            if !filters.iter().all(|f| f.keeps(&a, &c)) {
                continue;
            }
            let count_a = index.count(&a);
            let count_c = index.count(&c);
            if count_a == 0 || count_c == 0 {
                continue;
            }
            let metrics = RuleMetrics::from_counts(count_ac, count_a, count_c, n);
            if metrics.confidence < params.min_confidence
                || !params.filters.iter().all(|f| f.keeps(&metrics))
            {
                continue;
            }
            if params.prune_redundant
                && is_redundant(items, mask, count_ac, count_a, &index, &mut a)
            {
                out.redundant += 1;
                continue;
            }
            out.rules.push(Rule {
                itemset: index_of_set as u32,
                antecedent_mask: mask,
                counts: [count_ac, count_a, count_c],
                metrics,
            });
            if let Some(top) = params.top {
                if out.rules.len() > 2 * top.n + 1024 {
                    keep_best(&mut out.rules, top, &order);
                }
            } else if out.rules.len() as u64 > max_rules {
                return Err(budget(format!(
                    "more than {max_rules} rules pass the filters (raise min_confidence, \
                     or ask for the top N)"
                )));
            }
        }
    }
    if let Some(top) = params.top {
        keep_best(&mut out.rules, top, &order);
        out.rules.sort_by(|x, y| order(x, y, top.metric));
    }
    Ok(out)
}

fn resolve(filters: &[ItemFilter], baskets: &Baskets) -> Result<Vec<ResolvedFilter>, BasketError> {
    if filters.is_empty() {
        return Ok(Vec::new());
    }
    let ids: HashMap<&str, u32> = (0..baskets.item_count() as u32)
        .map(|i| (baskets.name(i), i))
        .collect();
    filters
        .iter()
        .map(|f| {
            let items = f
                .items
                .iter()
                .map(|name| {
                    ids.get(name.as_str())
                        .copied()
                        .ok_or_else(|| BasketError::UnknownItem { name: name.clone() })
                })
                .collect::<Result<Vec<u32>, _>>()?;
            Ok(ResolvedFilter {
                side: f.side,
                matching: f.matching,
                items,
            })
        })
        .collect()
}

fn split(items: &[u32], mask: u32, a: &mut Vec<u32>, c: &mut Vec<u32>) {
    a.clear();
    c.clear();
    for (b, &item) in items.iter().enumerate() {
        if mask >> b & 1 == 1 {
            a.push(item);
        } else {
            c.push(item);
        }
    }
}

/// Whether some A′ ⊊ A, A′ ≠ ∅, has `conf(A′ → C) ≥ conf(A → C)`, compared exactly on counts:
/// `count(A′C) · count(A) ≥ count(AC) · count(A′)`.
fn is_redundant(
    items: &[u32],
    antecedent: u32,
    count_ac: u64,
    count_a: u64,
    index: &CountIndex<'_>,
    scratch: &mut Vec<u32>,
) -> bool {
    let consequent = ((1u32 << items.len()) - 1) & !antecedent;
    // Walk the non-empty proper sub-masks of the antecedent.
    let mut sub = (antecedent - 1) & antecedent;
    while sub != 0 {
        let general_ac = pick(items, sub | consequent, scratch);
        let count_general_ac = index.count(general_ac);
        let count_general_a = index.count(pick(items, sub, scratch));
        if count_general_a > 0
            && u128::from(count_general_ac) * u128::from(count_a)
                >= u128::from(count_ac) * u128::from(count_general_a)
        {
            return true;
        }
        sub = (sub - 1) & antecedent;
    }
    false
}

fn pick<'s>(items: &[u32], mask: u32, scratch: &'s mut Vec<u32>) -> &'s [u32] {
    scratch.clear();
    scratch.extend(
        items
            .iter()
            .enumerate()
            .filter(|(b, _)| mask >> b & 1 == 1)
            .map(|(_, &i)| i),
    );
    scratch
}

/// Descending by metric, then by support and confidence (the caller breaks remaining ties by
/// item names).
fn rank_order(x: &Rule, y: &Rule, metric: Metric) -> std::cmp::Ordering {
    let key = |r: &Rule| {
        [
            r.metrics.get(metric),
            r.metrics.support,
            r.metrics.confidence,
        ]
    };
    let (kx, ky) = (key(x), key(y));
    for (a, b) in kx.iter().zip(&ky) {
        match b.total_cmp(a) {
            std::cmp::Ordering::Equal => {}
            other => return other,
        }
    }
    std::cmp::Ordering::Equal
}

fn keep_best(
    rules: &mut Vec<Rule>,
    top: TopN,
    order: &impl Fn(&Rule, &Rule, Metric) -> std::cmp::Ordering,
) {
    if rules.len() > top.n {
        if top.n > 0 {
            rules.select_nth_unstable_by(top.n - 1, |x, y| order(x, y, top.metric));
        }
        rules.truncate(top.n);
    }
}
