//! Exact frequent-itemset mining over [`Baskets`]: projected databases with occurrence
//! delivery (see the module documentation of [`basket`](super) for the essay).

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use super::baskets::Baskets;
use super::errors::BasketError;
use super::progress::{Phase, Progress, Stop};

/// Steps between two calls of [`Progress::tick`] (a few milliseconds of work).
const TICK_EVERY: u64 = 1 << 18;
const NONE: u32 = u32::MAX;
/// Conditional databases of at most `64 ×` this many transactions are mined vertically.
const VERTICAL_MAX_WORDS: usize = 8;
/// A word operation on masks costs about this fraction of a scattered counter increment.
const VERTICAL_ADVANTAGE: u64 = 2;

/// The support threshold: a fraction of the baskets or a basket count.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinSupport {
    /// A fraction in `(0, 1]`: an itemset is frequent when `count ≥ ceil(fraction × N)`.
    Fraction(f64),
    /// An absolute basket count, at least 1.
    Count(u64),
}

impl MinSupport {
    /// The smallest count that is frequent among `n` baskets.
    ///
    /// For a fraction `s` this is `ceil(s × n)` (docs/definitions.md §4.4) computed so that the rounding of
    /// the binary product cannot move it: it is the smallest `c` with `c / n ≥ s` in `f64`,
    /// which is also how mlxtend filters its final supports. (`0.07 × 100` is
    /// `7.000000000000001` in binary, whose plain ceiling would be 8.)
    pub fn min_count(self, n: u64) -> Result<u64, BasketError> {
        match self {
            Self::Count(0) => Err(BasketError::InvalidOption {
                name: "min_support",
                reason: "an absolute support must be at least 1 basket".into(),
            }),
            Self::Count(c) => Ok(c),
            Self::Fraction(s) if !(s > 0.0 && s <= 1.0) => Err(BasketError::InvalidOption {
                name: "min_support",
                reason: format!("a support fraction must be in (0, 1], got {s}"),
            }),
            Self::Fraction(s) => {
                let nf = n as f64;
                let mut c = (s * nf).ceil().max(1.0) as u64;
                while c > 1 && (c - 1) as f64 / nf >= s {
                    c -= 1;
                }
                while (c as f64) / nf < s {
                    c += 1;
                }
                Ok(c)
            }
        }
    }
}

/// How conditional databases are stored while mining (the result is the same; only speed
/// differs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Representation {
    /// Lists while large, bit sets once small and dense enough (measured best).
    #[default]
    Auto,
    /// Always transaction lists (occurrence delivery).
    Lists,
    /// Bit sets as soon as a database has at most 512 transactions, whatever its density.
    Bitsets,
}

/// What to mine and the guards that keep it bounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MiningParams {
    /// The support threshold.
    pub min_support: MinSupport,
    /// Largest itemset size (`None`: unlimited).
    pub max_len: Option<usize>,
    /// Baskets with more distinct items than this are left out of the analysis entirely (not
    /// counted in `N` either) and reported in [`MiningStats::oversized_baskets`]. `None`: no
    /// cap.
    pub max_basket_size: Option<usize>,
    /// Stop with [`BasketError::BudgetExceeded`] once more itemsets than this are frequent.
    pub max_itemsets: Option<u64>,
    /// Stop with [`BasketError::BudgetExceeded`] after this many steps (deterministic: the same
    /// data and parameters always stop at the same point, unlike a clock).
    pub max_steps: Option<u64>,
    /// Storage of the conditional databases (a speed knob; leave at `Auto`).
    pub representation: Representation,
}

impl Default for MiningParams {
    fn default() -> Self {
        Self {
            min_support: MinSupport::Fraction(0.01),
            max_len: None,
            max_basket_size: None,
            max_itemsets: Some(1_000_000),
            max_steps: None,
            representation: Representation::Auto,
        }
    }
}

impl MiningParams {
    /// Default guards at this support.
    pub fn new(min_support: MinSupport) -> Self {
        Self {
            min_support,
            ..Self::default()
        }
    }

    /// Set `max_len`.
    pub fn max_len(mut self, max_len: usize) -> Self {
        self.max_len = Some(max_len);
        self
    }

    /// Set `max_basket_size`.
    pub fn max_basket_size(mut self, cap: usize) -> Self {
        self.max_basket_size = Some(cap);
        self
    }

    /// Set or lift (`None`) the itemset budget.
    pub fn max_itemsets(mut self, budget: Option<u64>) -> Self {
        self.max_itemsets = budget;
        self
    }

    /// Set the step budget.
    pub fn max_steps(mut self, budget: u64) -> Self {
        self.max_steps = Some(budget);
        self
    }

    /// Validate everything that does not depend on the data.
    pub fn check(&self) -> Result<(), BasketError> {
        self.min_support.min_count(1)?;
        if self.max_len == Some(0) {
            return Err(BasketError::InvalidOption {
                name: "max_len",
                reason: "must be at least 1".into(),
            });
        }
        if self.max_basket_size == Some(0) {
            return Err(BasketError::InvalidOption {
                name: "max_basket_size",
                reason: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// Counters of one mining run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiningStats {
    /// Baskets left out because they exceed `max_basket_size`.
    pub oversized_baskets: u64,
    /// Size of the largest basket (before the cap).
    pub largest_basket: u64,
    /// Items that are frequent on their own.
    pub frequent_items: u64,
    /// Distinct baskets after dropping infrequent items (identical ones are merged).
    pub distinct_baskets: u64,
    /// Elementary steps (item occurrences touched).
    pub steps: u64,
}

/// Every frequent itemset with its basket count, in compressed sparse rows.
///
/// Itemsets come in depth-first order; within an itemset the items are in descending order of
/// their rank (rank 0 is the most frequent item, ties by id), so any sub-itemset read in the
/// same order is a canonical key. Items are the [`Baskets`] item ids.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrequentItemsets {
    items: Vec<u32>,
    offsets: Vec<u32>,
    counts: Vec<u32>,
    rank: Vec<u32>,
    /// Baskets mined (`N`, after the basket-size cap).
    pub transactions: u64,
    /// The count threshold used.
    pub min_count: u64,
    /// Counters.
    pub stats: MiningStats,
}

impl FrequentItemsets {
    /// Number of frequent itemsets.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no itemset is frequent.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Itemset `i`: its items (canonical order) and basket count.
    ///
    /// # Panics
    /// When `i >= len()`.
    pub fn get(&self, i: usize) -> (&[u32], u64) {
        (
            &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize],
            u64::from(self.counts[i]),
        )
    }

    /// All itemsets with their counts.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&[u32], u64)> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Support of a count: `count / N`.
    pub fn support(&self, count: u64) -> f64 {
        count as f64 / self.transactions as f64
    }

    /// The frequency rank of item `id` (0 = most frequent), or `None` when it is not frequent.
    pub fn rank(&self, id: u32) -> Option<u32> {
        self.rank.get(id as usize).copied().filter(|&r| r != NONE)
    }

    /// Sort `items` (frequent item ids) into the canonical order of [`FrequentItemsets::get`].
    pub fn canonicalise(&self, items: &mut [u32]) {
        items.sort_unstable_by_key(|&i| std::cmp::Reverse(self.rank.get(i as usize)));
    }
}

/// What [`mine_each`] found, besides the itemsets it handed to its sink.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiningSummary {
    /// Baskets mined (`N`, after the basket-size cap).
    pub transactions: u64,
    /// The count threshold used.
    pub min_count: u64,
    /// Frequent itemsets found.
    pub itemsets: u64,
    /// Counters.
    pub stats: MiningStats,
}

/// Mine every frequent itemset of `baskets` into memory.
///
/// Errors: invalid parameters, no baskets (or all over the cap), a budget exceeded (itemsets,
/// steps, or the progress callback's [`Stop::OutOfTime`]), or [`BasketError::Cancelled`].
pub fn mine(
    baskets: &Baskets,
    params: &MiningParams,
    progress: &mut impl Progress,
) -> Result<FrequentItemsets, BasketError> {
    let mut out = FrequentItemsets {
        offsets: vec![0],
        ..FrequentItemsets::default()
    };
    let (summary, rank) = run(
        baskets,
        params,
        progress,
        &mut |items: &[u32], count: u64| {
            // Offsets are u32: stop (as a budget error) rather than wrap.
            if out.items.len() + items.len() >= u32::MAX as usize {
                return ControlFlow::Break(());
            }
            out.items.extend_from_slice(items);
            out.offsets.push(out.items.len() as u32);
            out.counts.push(count as u32);
            ControlFlow::Continue(())
        },
    )?;
    out.transactions = summary.transactions;
    out.min_count = summary.min_count;
    out.stats = summary.stats;
    out.rank = rank;
    Ok(out)
}

/// Mine every frequent itemset of `baskets`, handing each to `sink` (items in the canonical
/// order of [`FrequentItemsets::get`], and the count) instead of keeping them: memory stays
/// that of the search, whatever the number of itemsets. `sink` returning
/// `ControlFlow::Break(())` stops the search with [`BasketError::BudgetExceeded`].
pub fn mine_each(
    baskets: &Baskets,
    params: &MiningParams,
    progress: &mut impl Progress,
    mut sink: impl FnMut(&[u32], u64) -> ControlFlow<()>,
) -> Result<MiningSummary, BasketError> {
    run(baskets, params, progress, &mut sink).map(|(summary, _)| summary)
}

fn run<S: FnMut(&[u32], u64) -> ControlFlow<()>>(
    baskets: &Baskets,
    params: &MiningParams,
    progress: &mut impl Progress,
    sink: &mut S,
) -> Result<(MiningSummary, Vec<u32>), BasketError> {
    params.check()?;
    progress.phase(Phase::Preparing);
    let cap = params.max_basket_size.unwrap_or(usize::MAX);
    let mut stats = MiningStats::default();
    let mut n = 0u64;
    let mut item_count = vec![0u32; baskets.item_count()];
    for basket in baskets.iter() {
        stats.largest_basket = stats.largest_basket.max(basket.len() as u64);
        if basket.len() > cap {
            stats.oversized_baskets += 1;
            continue;
        }
        n += 1;
        for &i in basket {
            item_count[i as usize] += 1;
        }
    }
    if n == 0 {
        return Err(if stats.oversized_baskets > 0 {
            BasketError::AllBasketsOversized {
                oversized: stats.oversized_baskets as usize,
                cap,
            }
        } else {
            BasketError::NoBaskets {
                lines: baskets.summary().lines,
                without_order: baskets.summary().lines_without_order,
                without_product: baskets.summary().lines_without_product,
            }
        });
    }
    let min_count = params.min_support.min_count(n)?;
    let min = u32::try_from(min_count).unwrap_or(u32::MAX);
    let budget = |what: String| BasketError::BudgetExceeded {
        what,
        min_support: min_count as f64 / n as f64,
        min_count,
        transactions: n,
        suggested_min_support: ((2 * min_count) as f64 / n as f64).min(1.0),
    };

    // Frequent items, ranked by count (descending), ties by id.
    let mut frequent: Vec<u32> = (0..item_count.len() as u32)
        .filter(|&i| item_count[i as usize] >= min)
        .collect();
    frequent.sort_unstable_by_key(|&i| (std::cmp::Reverse(item_count[i as usize]), i));
    let mut rank = vec![NONE; item_count.len()];
    for (r, &i) in frequent.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    stats.frequent_items = frequent.len() as u64;

    let max_itemsets = params.max_itemsets.unwrap_or(u64::MAX);
    let max_len = params.max_len.unwrap_or(usize::MAX);
    let mut itemsets = 0;
    if !frequent.is_empty() {
        let root = root_db(baskets, cap, &rank, &item_count, &frequent);
        stats.distinct_baskets = root.weights.len() as u64;
        progress.phase(Phase::Mining);
        let mut miner = Miner {
            min,
            max_len,
            max_itemsets,
            max_steps: params.max_steps.unwrap_or(u64::MAX),
            representation: params.representation,
            item_of: &frequent,
            sink,
            emitted: 0,
            scratch: Vec::new(),
            prefix: Vec::new(),
            perfect: Vec::new(),
            sorted_perfect: Vec::new(),
            steps: 0,
            next_tick: TICK_EVERY.min(params.max_steps.map_or(u64::MAX, |m| m.saturating_add(1))),
            cnt: vec![0; frequent.len()],
            remap: vec![NONE; frequent.len()],
            pool: Vec::new(),
            planes: Vec::new(),
            unit_weights: true,
            progress,
        };
        let result = miner.expand(&root);
        stats.steps = miner.steps;
        itemsets = miner.emitted;
        match result {
            Ok(()) => {}
            Err(Halt::Cancel) => return Err(BasketError::Cancelled),
            Err(Halt::OutOfTime) => {
                return Err(budget(
                    "the time budget ran out while mining itemsets".into(),
                ));
            }
            Err(Halt::Itemsets) => {
                return Err(budget(format!(
                    "more than {max_itemsets} frequent itemsets"
                )));
            }
            Err(Halt::Steps) => {
                return Err(budget(format!(
                    "more than {} steps of mining",
                    params.max_steps.unwrap_or(0)
                )));
            }
            Err(Halt::Full) => {
                return Err(budget(format!(
                    "the itemset output is full after {itemsets} itemsets"
                )));
            }
        }
    }
    let summary = MiningSummary {
        transactions: n,
        min_count,
        itemsets,
        stats,
    };
    Ok((summary, rank))
}

/// A conditional database: transactions of local item codes (ascending within each), merged
/// transactions carry weights. Local code `j` is global rank `map[j]`; every local item is
/// frequent, with weighted support `supp[j]` in `occ[j]` transactions.
#[derive(Default)]
struct Db {
    items: Vec<u32>,
    starts: Vec<u32>,
    weights: Vec<u32>,
    supp: Vec<u32>,
    occ: Vec<u32>,
    map: Vec<u32>,
}

impl Db {
    fn clear(&mut self) {
        self.items.clear();
        self.starts.clear();
        self.weights.clear();
        self.supp.clear();
        self.occ.clear();
        self.map.clear();
    }
}

/// The baskets as ranks of their frequent items, sorted; identical transactions merged.
fn root_db(
    baskets: &Baskets,
    cap: usize,
    rank: &[u32],
    item_count: &[u32],
    frequent: &[u32],
) -> Db {
    let mut flat = Vec::new();
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for basket in baskets.iter() {
        if basket.len() > cap {
            continue;
        }
        let start = flat.len();
        flat.extend(
            basket
                .iter()
                .map(|&i| rank[i as usize])
                .filter(|&r| r != NONE),
        );
        if flat.len() - start >= 1 {
            flat[start..].sort_unstable();
            spans.push((start as u32, flat.len() as u32));
        }
    }
    let slice = |&(s, e): &(u32, u32)| &flat[s as usize..e as usize];
    spans.sort_unstable_by(|a, b| slice(a).cmp(slice(b)));
    let k = frequent.len();
    let mut db = Db {
        starts: vec![0],
        supp: frequent.iter().map(|&i| item_count[i as usize]).collect(),
        occ: vec![0; k],
        map: (0..k as u32).collect(),
        ..Db::default()
    };
    let mut i = 0;
    while i < spans.len() {
        let mut j = i + 1;
        while j < spans.len() && slice(&spans[j]) == slice(&spans[i]) {
            j += 1;
        }
        let t = slice(&spans[i]);
        for &r in t {
            db.occ[r as usize] += 1;
        }
        db.items.extend_from_slice(t);
        db.starts.push(db.items.len() as u32);
        db.weights.push((j - i) as u32);
        i = j;
    }
    db
}

enum Halt {
    Full,
    Cancel,
    OutOfTime,
    Itemsets,
    Steps,
}

/// Per-depth buffers, reused across siblings.
#[derive(Default)]
struct Level {
    occ_start: Vec<u32>,
    occ_fill: Vec<u32>,
    /// Occurrences: (transaction, position of the item in `items`).
    occ: Vec<(u32, u32)>,
    child: Db,
    frequent: Vec<u32>,
    /// Vertical form: per item, `words` words of transaction bits.
    masks: Vec<u64>,
    supp: Vec<u32>,
    map: Vec<u32>,
}

struct Miner<'a, P: Progress, S> {
    min: u32,
    max_len: usize,
    max_itemsets: u64,
    max_steps: u64,
    representation: Representation,
    /// Global rank → item id.
    item_of: &'a [u32],
    sink: &'a mut S,
    emitted: u64,
    scratch: Vec<u32>,
    /// The current itemset as global ranks, strictly descending.
    prefix: Vec<u32>,
    /// Perfect extensions of the current itemset (global ranks): items in every one of its
    /// baskets, removed from its databases and added back in every combination on output.
    perfect: Vec<u32>,
    sorted_perfect: Vec<u32>,
    steps: u64,
    next_tick: u64,
    /// Scratch counts per local code; all zero between uses.
    cnt: Vec<u32>,
    /// Scratch remapping per local code; all NONE between uses.
    remap: Vec<u32>,
    pool: Vec<Level>,
    /// Bit planes of the weights of the database turned vertical (see `weights_vertical`).
    planes: Vec<u64>,
    unit_weights: bool,
    progress: &'a mut P,
}

impl<P: Progress, S: FnMut(&[u32], u64) -> ControlFlow<()>> Miner<'_, P, S> {
    /// Every frequent itemset `prefix ∪ {i} ∪ …` for the items `i` of `db`, the conditional
    /// database of the current prefix (whose items are its frequent, non-perfect extensions).
    fn expand(&mut self, db: &Db) -> Result<(), Halt> {
        let k = db.supp.len();
        let depth = self.prefix.len();
        if self.pool.len() <= depth {
            self.pool.resize_with(depth + 1, Level::default);
        }
        let mut level = std::mem::take(&mut self.pool[depth]);
        // Items of `db` extend the prefix to depth + 1 items; they have children only below
        // max_len.
        let counting = depth + 1 < self.max_len && k > 1;
        if counting && db.weights.len() <= VERTICAL_MAX_WORDS * 64 && self.vertical_pays(db) {
            let words = db.weights.len().div_ceil(64).max(1);
            self.weights_vertical(db, words);
            level.masks.clear();
            level.masks.resize(k * words, 0);
            for t in 0..db.weights.len() {
                let (word, bit) = (t / 64, 1u64 << (t % 64));
                for p in db.starts[t]..db.starts[t + 1] {
                    level.masks[db.items[p as usize] as usize * words + word] |= bit;
                }
            }
            self.steps += db.items.len() as u64;
            level.supp.clear();
            level.supp.extend_from_slice(&db.supp);
            level.map.clear();
            level.map.extend_from_slice(&db.map);
            self.pool[depth] = level;
            return self.vertical(depth, words);
        }
        if counting {
            // Occurrence delivery: for every item, where it occurs (one pass over `db`).
            level.occ_start.clear();
            level.occ_start.push(0);
            let mut total = 0u32;
            for &o in &db.occ {
                total += o;
                level.occ_start.push(total);
            }
            level.occ_fill.clear();
            level.occ_fill.extend_from_slice(&level.occ_start[..k]);
            level.occ.clear();
            level.occ.resize(total as usize, (0, 0));
            for t in 0..db.weights.len() {
                for p in db.starts[t]..db.starts[t + 1] {
                    let item = db.items[p as usize] as usize;
                    let slot = &mut level.occ_fill[item];
                    level.occ[*slot as usize] = (t as u32, p);
                    *slot += 1;
                }
            }
            self.steps += db.items.len() as u64;
        }
        let result = self.extend_each(db, &mut level, counting);
        self.pool[depth] = level;
        result
    }

    fn extend_each(&mut self, db: &Db, level: &mut Level, counting: bool) -> Result<(), Halt> {
        for i in 0..db.supp.len() {
            let support = db.supp[i];
            self.prefix.push(db.map[i]);
            let perfect_mark = self.perfect.len();
            level.frequent.clear();
            let occ = if counting {
                &level.occ[level.occ_start[i] as usize..level.occ_start[i + 1] as usize]
            } else {
                &[][..]
            };
            if counting && i > 0 {
                // Count every item j < i over the transactions containing i.
                let mut scanned = occ.len() as u64;
                for &(t, p) in occ {
                    let s = db.starts[t as usize];
                    let w = db.weights[t as usize];
                    for q in s..p {
                        self.cnt[db.items[q as usize] as usize] += w;
                    }
                    scanned += u64::from(p - s);
                }
                self.steps += scanned;
                for j in 0..i {
                    let c = self.cnt[j];
                    if c == support {
                        self.perfect.push(db.map[j]);
                    } else if c >= self.min {
                        level.frequent.push(j as u32);
                    }
                }
            }
            self.emit_with_perfect(support)?;
            match level.frequent.len() {
                0 => {}
                1 => {
                    // A single extension has an empty conditional database: emit it directly.
                    let j = level.frequent[0] as usize;
                    self.prefix.push(db.map[j]);
                    let result = self.emit_with_perfect(self.cnt[j]);
                    self.prefix.pop();
                    result?;
                }
                _ => self.project(db, occ, &level.frequent, &mut level.child),
            }
            if counting {
                self.cnt[..i].fill(0);
            }
            if level.frequent.len() >= 2 {
                let child = std::mem::take(&mut level.child);
                let result = self.expand(&child);
                level.child = child;
                result?;
            }
            self.perfect.truncate(perfect_mark);
            self.prefix.pop();
            if self.steps >= self.next_tick {
                self.tick()?;
            }
        }
        Ok(())
    }

    /// Whether counting pairs on bit masks (`k²/2 × words` word operations) is cheaper than
    /// counting along the transactions (`Σ len²/2` scattered increments).
    fn vertical_pays(&self, db: &Db) -> bool {
        let k = db.supp.len() as u64;
        let words = db.weights.len().div_ceil(64) as u64;
        let vertical = k * k / 2 * words;
        let horizontal: u64 = db
            .starts
            .windows(2)
            .map(|w| {
                let len = u64::from(w[1] - w[0]);
                len * len / 2
            })
            .sum();
        match self.representation {
            Representation::Auto => vertical <= VERTICAL_ADVANTAGE * horizontal,
            Representation::Lists => false,
            Representation::Bitsets => true,
        }
    }

    /// Bit planes of the transaction weights of `db` (plane `b`: transactions whose weight has
    /// bit `b`), so that a weighted count is `Σ_b popcount(mask & plane_b) << b`.
    fn weights_vertical(&mut self, db: &Db, words: usize) {
        let max_weight = db.weights.iter().copied().max().unwrap_or(1);
        self.unit_weights = max_weight == 1;
        let planes = (32 - max_weight.leading_zeros()) as usize;
        self.planes.clear();
        self.planes.resize(planes * words, 0);
        for (t, &w) in db.weights.iter().enumerate() {
            let (word, bit) = (t / 64, 1u64 << (t % 64));
            for b in 0..planes {
                if w >> b & 1 == 1 {
                    self.planes[b * words + word] |= bit;
                }
            }
        }
    }

    /// The depth-first search of [`Miner::expand`] on the vertical form in
    /// `self.pool[depth]` (Eclat): the count of `prefix ∪ {i, j}` is the weighted popcount of
    /// the AND of the two items' transaction masks.
    fn vertical(&mut self, depth: usize, words: usize) -> Result<(), Halt> {
        if self.pool.len() <= depth + 1 {
            self.pool.resize_with(depth + 2, Level::default);
        }
        let level = std::mem::take(&mut self.pool[depth]);
        let mut next = std::mem::take(&mut self.pool[depth + 1]);
        let result = self.vertical_each(&level, &mut next, depth, words);
        self.pool[depth] = level;
        self.pool[depth + 1] = next;
        result
    }

    fn vertical_each(
        &mut self,
        level: &Level,
        next: &mut Level,
        depth: usize,
        words: usize,
    ) -> Result<(), Halt> {
        let k = level.supp.len();
        let counting = depth + 1 < self.max_len;
        for i in 0..k {
            let support = level.supp[i];
            self.prefix.push(level.map[i]);
            let perfect_mark = self.perfect.len();
            next.masks.clear();
            next.supp.clear();
            next.map.clear();
            if counting {
                let mi = &level.masks[i * words..(i + 1) * words];
                for j in 0..i {
                    let mj = &level.masks[j * words..(j + 1) * words];
                    let at = next.masks.len();
                    next.masks.extend(mi.iter().zip(mj).map(|(a, b)| a & b));
                    let c = self.weighted_count(&next.masks[at..]);
                    if c == support {
                        self.perfect.push(level.map[j]);
                    } else if c >= self.min {
                        next.supp.push(c);
                        next.map.push(level.map[j]);
                        continue;
                    }
                    next.masks.truncate(at);
                }
                self.steps += (i * words) as u64;
            }
            self.emit_with_perfect(support)?;
            match next.supp.len() {
                0 => {}
                1 => {
                    self.prefix.push(next.map[0]);
                    let result = self.emit_with_perfect(next.supp[0]);
                    self.prefix.pop();
                    result?;
                }
                _ => {
                    std::mem::swap(&mut self.pool[depth + 1], next);
                    let result = self.vertical(depth + 1, words);
                    std::mem::swap(&mut self.pool[depth + 1], next);
                    result?;
                }
            }
            self.perfect.truncate(perfect_mark);
            self.prefix.pop();
            if self.steps >= self.next_tick {
                self.tick()?;
            }
        }
        Ok(())
    }

    fn weighted_count(&self, mask: &[u64]) -> u32 {
        if self.unit_weights {
            return mask.iter().map(|m| m.count_ones()).sum();
        }
        let words = mask.len();
        let mut total = 0u32;
        for (b, plane) in self.planes.chunks_exact(words).enumerate() {
            let ones: u32 = mask
                .iter()
                .zip(plane)
                .map(|(m, p)| (m & p).count_ones())
                .sum();
            total += ones << b;
        }
        total
    }

    /// Build the conditional database of item `i` (whose occurrences are `occ`) from the
    /// counts in `self.cnt`, keeping only its `frequent` items.
    fn project(&mut self, db: &Db, occ: &[(u32, u32)], frequent: &[u32], child: &mut Db) {
        child.clear();
        for (local, &j) in frequent.iter().enumerate() {
            self.remap[j as usize] = local as u32;
            child.map.push(db.map[j as usize]);
            child.supp.push(self.cnt[j as usize]);
            child.occ.push(0);
        }
        child.starts.push(0);
        for &(t, p) in occ {
            let s = db.starts[t as usize];
            let before = child.items.len();
            for q in s..p {
                let r = self.remap[db.items[q as usize] as usize];
                if r != NONE {
                    child.items.push(r);
                    child.occ[r as usize] += 1;
                }
            }
            if child.items.len() > before {
                child.starts.push(child.items.len() as u32);
                child.weights.push(db.weights[t as usize]);
            }
        }
        self.steps += child.items.len() as u64;
        for &j in frequent {
            self.remap[j as usize] = NONE;
        }
    }

    /// Emit the prefix joined with every subset of its perfect extensions (all have the
    /// prefix's count), up to `max_len` items.
    fn emit_with_perfect(&mut self, count: u32) -> Result<(), Halt> {
        let room = self.max_len - self.prefix.len();
        if self.perfect.is_empty() || room == 0 {
            return self.emit(&[], count);
        }
        let mut sorted = std::mem::take(&mut self.sorted_perfect);
        sorted.clear();
        sorted.extend_from_slice(&self.perfect);
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let mut chosen = Vec::with_capacity(sorted.len().min(room));
        let result = self.subsets(&sorted, 0, room, &mut chosen, count);
        self.sorted_perfect = sorted;
        result
    }

    fn subsets(
        &mut self,
        sorted: &[u32],
        from: usize,
        room: usize,
        chosen: &mut Vec<u32>,
        count: u32,
    ) -> Result<(), Halt> {
        self.emit(chosen, count)?;
        if chosen.len() < room {
            for next in from..sorted.len() {
                chosen.push(sorted[next]);
                let result = self.subsets(sorted, next + 1, room, chosen, count);
                chosen.pop();
                result?;
            }
        }
        Ok(())
    }

    /// Emit prefix ∪ `extra` (both descending ranks) in canonical order.
    fn emit(&mut self, extra: &[u32], count: u32) -> Result<(), Halt> {
        if self.emitted >= self.max_itemsets {
            return Err(Halt::Itemsets);
        }
        let items = &mut self.scratch;
        items.clear();
        if extra.is_empty() {
            items.extend(self.prefix.iter().map(|&r| self.item_of[r as usize]));
        } else {
            // Merge two descending runs.
            let (a, b) = (&self.prefix, extra);
            let (mut x, mut y) = (0, 0);
            while x < a.len() || y < b.len() {
                let take_a = y == b.len() || (x < a.len() && a[x] > b[y]);
                let r = if take_a {
                    x += 1;
                    a[x - 1]
                } else {
                    y += 1;
                    b[y - 1]
                };
                items.push(self.item_of[r as usize]);
            }
            self.steps += items.len() as u64;
        }
        self.emitted += 1;
        if (self.sink)(items, u64::from(count)).is_break() {
            return Err(Halt::Full);
        }
        if self.steps >= self.next_tick {
            self.tick()?;
        }
        Ok(())
    }

    fn tick(&mut self) -> Result<(), Halt> {
        self.next_tick = (self.steps + TICK_EVERY).min(self.max_steps.saturating_add(1));
        if self.steps > self.max_steps {
            return Err(Halt::Steps);
        }
        match self.progress.tick(self.steps) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(Stop::Cancel) => Err(Halt::Cancel),
            ControlFlow::Break(Stop::OutOfTime) => Err(Halt::OutOfTime),
        }
    }
}
