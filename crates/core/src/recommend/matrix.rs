//! The customer × product purchase matrix of DESIGN §4, sparse both ways.

use crate::table::{NO_ID, Transactions};

/// Who bought what: `B(c)` per customer and `C(i)` per item, as sorted id lists.
///
/// Customers and items keep the dense ids of the [`Transactions`] they come from, so a
/// customer id indexes `Transactions::customer_ids` and an item id `Transactions::products`.
#[derive(Clone, Debug, PartialEq)]
pub struct PurchaseMatrix {
    /// `B(c)` of customer `c`: `items[item_start[c]..item_start[c + 1]]`, ascending ids.
    item_start: Vec<usize>,
    items: Vec<u32>,
    /// `C(i)` of item `i`: `buyers[buyer_start[i]..buyer_start[i + 1]]`, ascending ids.
    buyer_start: Vec<usize>,
    buyers: Vec<u32>,
    /// Whether the customer has at least one line in the window (with or without a product).
    active: Vec<bool>,
}

impl PurchaseMatrix {
    /// The matrix of the customer lines of `t` whose day is in `days` (all days when `None`).
    /// A line counts when it has a customer and a product; a customer with lines but no
    /// product is still [active](Self::is_active) (they get bestsellers).
    pub fn from_lines(t: &Transactions, days: Option<std::ops::Range<i32>>) -> Self {
        let customers = t.customer_ids.len();
        let products = t.products.len();
        let in_window = |i: usize| days.as_ref().is_none_or(|r| r.contains(&t.day[i]));
        let mut active = vec![false; customers];
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for i in 0..t.len() {
            let c = t.customer[i];
            if c == NO_ID || !in_window(i) {
                continue;
            }
            active[c as usize] = true;
            let p = t.product[i];
            if p != NO_ID {
                pairs.push((c, p));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut item_start = vec![0usize; customers + 1];
        let mut buyer_count = vec![0usize; products + 1];
        for &(c, p) in &pairs {
            item_start[c as usize + 1] += 1;
            buyer_count[p as usize + 1] += 1;
        }
        for c in 0..customers {
            item_start[c + 1] += item_start[c];
        }
        for p in 0..products {
            buyer_count[p + 1] += buyer_count[p];
        }
        let items: Vec<u32> = pairs.iter().map(|&(_, p)| p).collect();
        let buyer_start = buyer_count.clone();
        let mut fill = buyer_count;
        let mut buyers = vec![0u32; pairs.len()];
        // Pairs are sorted by customer, so each item's buyers come out ascending.
        for &(c, p) in &pairs {
            let slot = &mut fill[p as usize];
            buyers[*slot] = c;
            *slot += 1;
        }
        Self {
            item_start,
            items,
            buyer_start,
            buyers,
            active,
        }
    }

    /// Customer ids the matrix spans (`Transactions::customer_ids.len()`).
    pub fn customers(&self) -> usize {
        self.active.len()
    }

    /// Item ids the matrix spans (`Transactions::products.len()`).
    pub fn items(&self) -> usize {
        self.buyer_start.len() - 1
    }

    /// `B(c)`: the distinct items customer `c` bought, ascending.
    pub fn bought(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.items[self.item_start[c]..self.item_start[c + 1]]
    }

    /// `C(i)`: the customers who bought item `i`, ascending.
    pub fn buyers(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.buyers[self.buyer_start[i]..self.buyer_start[i + 1]]
    }

    /// `|C(i)|`.
    pub fn buyer_count(&self, i: u32) -> u32 {
        let i = i as usize;
        (self.buyer_start[i + 1] - self.buyer_start[i]) as u32
    }

    /// Whether customer `c` has a line in the window.
    pub fn is_active(&self, c: u32) -> bool {
        self.active[c as usize]
    }

    /// Distinct (customer, item) pairs.
    pub fn pairs(&self) -> usize {
        self.items.len()
    }
}
