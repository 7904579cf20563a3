//! The item-item model: co-purchase counts, the scoring kernel and the ranking rules.

use std::cmp::Ordering;

use super::matrix::PurchaseMatrix;
use super::{RecommendError, RecommendParams};
use crate::table::Transactions;

/// A fitted item-item collaborative-filtering model (DESIGN §4 "Recommendations").
///
/// Holds, for every item `i`, the sparse row of co-purchase counts `|C(i) ∩ C(j)|` with every
/// candidate `j ≠ i` (an item with at least `min_buyers` buyers). `sim(i, j)` is that count
/// times `a_i · a_j` with `a_i = 1 / sqrt(|C(i)|)`; a customer's score of `j` is
/// `a_j · Σ_{i ∈ B(c)} a_i · |C(i) ∩ C(j)|`, which is `Σ_{i ∈ B(c)} sim(i, j)` summed in
/// ascending item order.
#[derive(Clone, Debug)]
pub struct ItemItem {
    pub(super) matrix: PurchaseMatrix,
    pub(super) params: RecommendParams,
    /// Per item: `|C(i)| ≥ min_buyers`.
    pub(super) candidate: Vec<bool>,
    /// Per item: `1 / sqrt(|C(i)|)` (0 without buyers).
    pub(super) weight: Vec<f64>,
    row_start: Vec<usize>,
    row_item: Vec<u32>,
    row_count: Vec<u32>,
    /// Candidate-local index → item id, and item id → candidate-local index (`u32::MAX` when
    /// not a candidate): the accumulator spans the candidates only.
    local_item: Vec<u32>,
    /// Per item: where its row sits in `dense` (`u32::MAX`: sparse only). A row with at least
    /// a quarter of the candidates as neighbours is also kept dense (counts by local index):
    /// adding it is a streaming loop the compiler vectorises, several times faster than the
    /// scattered adds of a sparse row of the same length.
    dense_slot: Vec<u32>,
    dense: Vec<i32>,
    /// Per item: its position among all items in byte order of the id (the last tie-break).
    pub(super) name_rank: Vec<u32>,
    /// Items with at least one buyer, most buyers first (ties: id byte order).
    pub(super) bestsellers: Vec<u32>,
}

/// One ranked suggestion, by dense ids.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// The item.
    pub item: u32,
    /// Its score (0 for a bestseller fill).
    pub score: f64,
    /// Whether it fills the list from the bestsellers.
    pub bestseller: bool,
}

/// Reusable per-thread buffers of the scoring kernel: one per worker when customers are
/// scored in parallel.
#[derive(Clone, Debug)]
pub struct Scratch {
    /// Per candidate-local index.
    acc: Vec<f64>,
    /// Per item.
    bought: Vec<bool>,
}

impl ItemItem {
    /// Fit on the purchase matrix of `t` (lines whose day is in `days`, all when `None`).
    pub fn fit_window(
        t: &Transactions,
        params: &RecommendParams,
        days: Option<std::ops::Range<i32>>,
    ) -> Result<Self, RecommendError> {
        params.check()?;
        let matrix = PurchaseMatrix::from_lines(t, days);
        let n = matrix.items();
        let buyers: Vec<u32> = (0..n as u32).map(|i| matrix.buyer_count(i)).collect();
        let candidate: Vec<bool> = buyers.iter().map(|&b| b >= params.min_buyers).collect();
        let weight: Vec<f64> = buyers
            .iter()
            .map(|&b| {
                if b == 0 {
                    0.0
                } else {
                    1.0 / f64::from(b).sqrt()
                }
            })
            .collect();
        let mut by_name: Vec<u32> = (0..n as u32).collect();
        by_name.sort_unstable_by(|&a, &b| {
            t.products
                .name(a)
                .as_bytes()
                .cmp(t.products.name(b).as_bytes())
        });
        let mut name_rank = vec![0u32; n];
        for (rank, &i) in by_name.iter().enumerate() {
            name_rank[i as usize] = rank as u32;
        }
        let mut bestsellers: Vec<u32> = (0..n as u32).filter(|&i| buyers[i as usize] > 0).collect();
        bestsellers.sort_unstable_by(|&a, &b| {
            buyers[b as usize]
                .cmp(&buyers[a as usize])
                .then(name_rank[a as usize].cmp(&name_rank[b as usize]))
        });

        // Co-purchase rows: for item i, count over its buyers c the items of B(c). The work
        // is Σ_c |B(c)|²; rows are independent, so this parallelises per item.
        let mut row_start = Vec::with_capacity(n + 1);
        row_start.push(0);
        let mut row_item = Vec::new();
        let mut row_count = Vec::new();
        let mut count = vec![0u32; n];
        for i in 0..n as u32 {
            let from = row_item.len();
            let mut work = 0usize;
            // Counting is branch-free; finding the non-zero counts afterwards scans the whole
            // count array for a busy row and walks the baskets again for a quiet one.
            for &c in matrix.buyers(i) {
                let basket = matrix.bought(c);
                work += basket.len();
                for &j in basket {
                    count[j as usize] += 1;
                }
            }
            let keep = |j: usize| candidate[j] && j != i as usize;
            if work * 4 >= n {
                for (j, k) in count.iter_mut().enumerate() {
                    if *k != 0 {
                        if keep(j) {
                            row_item.push(j as u32);
                            row_count.push(*k);
                        }
                        *k = 0;
                    }
                }
            } else {
                let mut found: Vec<(u32, u32)> = Vec::new();
                for &c in matrix.buyers(i) {
                    for &j in matrix.bought(c) {
                        let k = std::mem::take(&mut count[j as usize]);
                        if k != 0 && keep(j as usize) {
                            found.push((j, k));
                        }
                    }
                }
                found.sort_unstable();
                for (j, k) in found {
                    row_item.push(j);
                    row_count.push(k);
                }
            }
            debug_assert!(row_item[from..].windows(2).all(|w| w[0] < w[1]));
            row_start.push(row_item.len());
        }
        let mut local_of = vec![u32::MAX; n];
        let local_item: Vec<u32> = (0..n as u32).filter(|&i| candidate[i as usize]).collect();
        for (k, &i) in local_item.iter().enumerate() {
            local_of[i as usize] = k as u32;
        }
        let width = local_item.len();
        let mut dense_slot = vec![u32::MAX; n];
        let mut dense = Vec::new();
        for i in 0..n {
            let (a, b) = (row_start[i], row_start[i + 1]);
            if width > 0 && (b - a) * 4 >= width && b > a {
                dense_slot[i] = (dense.len() / width) as u32;
                let base = dense.len();
                dense.resize(base + width, 0);
                for k in a..b {
                    dense[base + local_of[row_item[k] as usize] as usize] = row_count[k] as i32;
                }
            }
            for k in a..b {
                row_item[k] = local_of[row_item[k] as usize];
            }
        }
        Ok(Self {
            matrix,
            params: params.clone(),
            candidate,
            weight,
            row_start,
            row_item,
            row_count,
            local_item,
            dense_slot,
            dense,
            name_rank,
            bestsellers,
        })
    }

    /// The purchase matrix the model was fitted on.
    pub fn matrix(&self) -> &PurchaseMatrix {
        &self.matrix
    }

    /// The parameters it was fitted with.
    pub fn params(&self) -> &RecommendParams {
        &self.params
    }

    /// Whether item `i` can be recommended (`|C(i)| ≥ min_buyers`).
    pub fn is_candidate(&self, i: u32) -> bool {
        self.candidate[i as usize]
    }

    /// How many items are candidates.
    pub fn candidates(&self) -> usize {
        self.candidate.iter().filter(|&&c| c).count()
    }

    /// `sim(i, j)` for a candidate `j ≠ i` (0 when they share no buyer or `j` is no candidate).
    pub fn similarity(&self, i: u32, j: u32) -> f64 {
        self.row(i)
            .find(|&(item, _)| item == j)
            .map_or(0.0, |(_, k)| {
                f64::from(k) * self.weight[i as usize] * self.weight[j as usize]
            })
    }

    /// Row `i`: (candidate neighbour, co-purchase count), ascending ids.
    pub(super) fn row(&self, i: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (a, b) = (self.row_start[i as usize], self.row_start[i as usize + 1]);
        self.row_item[a..b]
            .iter()
            .zip(&self.row_count[a..b])
            .map(|(&local, &k)| (self.local_item[local as usize], k))
    }

    /// Buffers for [`ItemItem::recommend_into`].
    pub fn scratch(&self) -> Scratch {
        Scratch {
            acc: vec![0.0; self.local_item.len()],
            bought: vec![false; self.matrix.items()],
        }
    }

    /// The `top_n` suggestions of customer `c` (dense id) into `out`: scored candidates not
    /// bought, best first, then bestsellers marked as such. The kernel touches only `c`'s
    /// rows and the scratch buffers, so customers can be scored on any number of threads.
    pub fn recommend_into(&self, c: u32, scratch: &mut Scratch, out: &mut Vec<Ranked>) {
        out.clear();
        let n = self.params.top_n;
        let bought = self.matrix.bought(c);
        let acc = &mut scratch.acc;
        let width = acc.len();
        for &i in bought {
            let a = self.weight[i as usize];
            let slot = self.dense_slot[i as usize];
            if slot != u32::MAX {
                let base = slot as usize * width;
                for (v, &k) in acc.iter_mut().zip(&self.dense[base..base + width]) {
                    *v += a * f64::from(k);
                }
            } else {
                let (from, to) = (self.row_start[i as usize], self.row_start[i as usize + 1]);
                for (&j, &k) in self.row_item[from..to]
                    .iter()
                    .zip(&self.row_count[from..to])
                {
                    acc[j as usize] += a * f64::from(k);
                }
            }
        }
        for &i in bought {
            scratch.bought[i as usize] = true;
        }
        for (local, value) in acc.iter_mut().enumerate() {
            if *value != 0.0 {
                let j = self.local_item[local];
                if !scratch.bought[j as usize] {
                    let score = *value * self.weight[j as usize];
                    if score > 0.0 {
                        self.offer(out, n, j, score);
                    }
                }
                *value = 0.0;
            }
        }
        for &b in &self.bestsellers {
            if out.len() >= n {
                break;
            }
            if !scratch.bought[b as usize] && !out.iter().any(|r| r.item == b) {
                out.push(Ranked {
                    item: b,
                    score: 0.0,
                    bestseller: true,
                });
            }
        }
        for &i in bought {
            scratch.bought[i as usize] = false;
        }
    }

    /// Keep `out` as the best `n` of what it holds and `(j, score)`, in rank order.
    fn offer(&self, out: &mut Vec<Ranked>, n: usize, j: u32, score: f64) {
        if n == 0 {
            return;
        }
        let new = Ranked {
            item: j,
            score,
            bestseller: false,
        };
        if out.len() == n && self.order(&new, &out[n - 1]) != Ordering::Less {
            return;
        }
        let at = out
            .iter()
            .position(|r| self.order(&new, r) == Ordering::Less)
            .unwrap_or(out.len());
        if out.len() == n {
            out.pop();
        }
        out.insert(at, new);
    }

    /// The ranking of DESIGN §4: score descending, then more buyers, then id byte order.
    pub(super) fn order(&self, a: &Ranked, b: &Ranked) -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then(
                self.matrix
                    .buyer_count(b.item)
                    .cmp(&self.matrix.buyer_count(a.item)),
            )
            .then(self.name_rank[a.item as usize].cmp(&self.name_rank[b.item as usize]))
    }

    /// The first `n` bestsellers `c` has not bought (the evaluation's baseline).
    pub fn bestsellers_for(&self, c: u32, n: usize) -> Vec<u32> {
        let bought = self.matrix.bought(c);
        self.bestsellers
            .iter()
            .copied()
            .filter(|b| bought.binary_search(b).is_err())
            .take(n)
            .collect()
    }

    /// `score(c, x)` for every customer `c` (0 for customers who bought `x`), summed in the
    /// same order as [`ItemItem::recommend_into`], so the two agree to the bit.
    pub fn scores_of(&self, x: u32) -> Vec<f64> {
        // |C(i) ∩ C(x)| for every item i, from x's buyers.
        let mut co = vec![0u32; self.matrix.items()];
        for &c in self.matrix.buyers(x) {
            for &i in self.matrix.bought(c) {
                co[i as usize] += 1;
            }
        }
        let wx = self.weight[x as usize];
        (0..self.matrix.customers() as u32)
            .map(|c| {
                let bought = self.matrix.bought(c);
                if bought.binary_search(&x).is_ok() {
                    return 0.0;
                }
                let mut acc = 0.0;
                for &i in bought {
                    acc += self.weight[i as usize] * f64::from(co[i as usize]);
                }
                acc * wx
            })
            .collect()
    }
}
