//! Baskets: the distinct items of every order, in compressed sparse rows.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::errors::BasketError;
use crate::table::{NO_ID, Transactions};

/// Marks "no basket yet" in the per-order and per-product scratch arrays.
const NONE: u32 = u32::MAX;

/// How the lines of a [`Transactions`] table became baskets; every line is accounted for:
/// `lines = lines_used + duplicate_items + lines_without_order + lines_without_product`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketsSummary {
    /// Lines in the table.
    pub lines: usize,
    /// Lines that put an item into a basket.
    pub lines_used: usize,
    /// Lines repeating an item already in their basket (an order listing a product twice).
    pub duplicate_items: usize,
    /// Lines without an order id (skipped).
    pub lines_without_order: usize,
    /// Lines without a product (skipped).
    pub lines_without_product: usize,
}

/// One transaction per order: the distinct items bought together, as compressed sparse rows
/// (`offsets`, `items`), with the item names and the order each basket came from.
///
/// Item ids are dense, `0..item_count()`; from a [`Transactions`] table they are its product
/// ids. Within a basket the items are distinct, in the order they first appear.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baskets {
    offsets: Vec<u32>,
    items: Vec<u32>,
    names: Vec<String>,
    /// Per item: a name to show beside it (empty when none; the vector is empty when no item
    /// has one).
    labels: Vec<String>,
    orders: Vec<u32>,
    summary: BasketsSummary,
}

impl Baskets {
    /// The baskets of a cleaned table: one per order id, its items the distinct products of
    /// its lines (lines without order id or product are skipped and counted).
    ///
    /// One pass over the lines when each order's lines are contiguous (every export we know
    /// writes them so); otherwise a counting sort by order (two passes). Either way
    /// `O(lines + orders + products)` time, no hashing.
    pub fn from_transactions(t: &Transactions) -> Result<Self, BasketError> {
        let lines = t.order.len().min(t.product.len());
        check_fits(lines)?;
        let b = Self::from_transactions_unlabelled(t)?;
        Ok(Self {
            labels: t.product_labels.clone(),
            ..b
        })
    }

    fn from_transactions_unlabelled(t: &Transactions) -> Result<Self, BasketError> {
        let lines = t.order.len().min(t.product.len());
        let mut summary = BasketsSummary {
            lines,
            ..BasketsSummary::default()
        };
        // Per order: its basket, NONE until seen. Per product: the last basket it went into.
        let mut basket_of = vec![NONE; t.order_ids.len()];
        let mut last_basket = vec![NONE; t.products.len()];
        let mut b = Self {
            offsets: vec![0],
            names: (0..t.products.len())
                .map(|i| t.products.name(i as u32).to_owned())
                .collect(),
            ..Self::default()
        };
        for (&order, &product) in t.order.iter().zip(&t.product) {
            if order == NO_ID || order as usize >= basket_of.len() {
                summary.lines_without_order += 1;
                continue;
            }
            if product == NO_ID || product as usize >= last_basket.len() {
                summary.lines_without_product += 1;
                continue;
            }
            let current = b.orders.len() as u32;
            if basket_of[order as usize] == NONE {
                if current > 0 {
                    b.offsets.push(b.items.len() as u32);
                }
                basket_of[order as usize] = current;
                b.orders.push(order);
            } else if basket_of[order as usize] != current.wrapping_sub(1) {
                // An order's lines are not contiguous: fall back to the counting sort.
                return Ok(Self::by_counting_sort(t, b.names));
            }
            let basket = b.orders.len() as u32 - 1;
            if last_basket[product as usize] == basket {
                summary.duplicate_items += 1;
            } else {
                last_basket[product as usize] = basket;
                b.items.push(product);
                summary.lines_used += 1;
            }
        }
        if !b.orders.is_empty() {
            b.offsets.push(b.items.len() as u32);
        }
        b.summary = summary;
        Ok(b)
    }

    fn by_counting_sort(t: &Transactions, names: Vec<String>) -> Self {
        let lines = t.order.len().min(t.product.len());
        let mut summary = BasketsSummary {
            lines,
            ..BasketsSummary::default()
        };
        let valid = |order: u32, product: u32| {
            order != NO_ID
                && (order as usize) < t.order_ids.len()
                && product != NO_ID
                && (product as usize) < t.products.len()
        };
        // Baskets are numbered by first appearance of their order, as in the one-pass path.
        let mut basket_of = vec![NONE; t.order_ids.len()];
        let mut orders = Vec::new();
        let mut sizes: Vec<u32> = Vec::new();
        for (&order, &product) in t.order.iter().zip(&t.product) {
            if !valid(order, product) {
                continue;
            }
            let slot = &mut basket_of[order as usize];
            if *slot == NONE {
                *slot = orders.len() as u32;
                orders.push(order);
                sizes.push(0);
            }
            sizes[*slot as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(orders.len() + 1);
        offsets.push(0u32);
        for s in &sizes {
            offsets.push(offsets[offsets.len() - 1] + s);
        }
        let mut fill: Vec<u32> = offsets[..orders.len()].to_vec();
        let mut placed = vec![0u32; offsets[orders.len()] as usize];
        for (&order, &product) in t.order.iter().zip(&t.product) {
            if !valid(order, product) {
                if order == NO_ID || order as usize >= t.order_ids.len() {
                    summary.lines_without_order += 1;
                } else {
                    summary.lines_without_product += 1;
                }
                continue;
            }
            let basket = basket_of[order as usize] as usize;
            placed[fill[basket] as usize] = product;
            fill[basket] += 1;
        }
        // Dedupe within each basket, compacting in place.
        let mut last_basket = vec![NONE; t.products.len()];
        let mut items = Vec::with_capacity(placed.len());
        let mut new_offsets = Vec::with_capacity(offsets.len());
        new_offsets.push(0u32);
        for basket in 0..orders.len() {
            for &product in &placed[offsets[basket] as usize..offsets[basket + 1] as usize] {
                if last_basket[product as usize] == basket as u32 {
                    summary.duplicate_items += 1;
                } else {
                    last_basket[product as usize] = basket as u32;
                    items.push(product);
                    summary.lines_used += 1;
                }
            }
            new_offsets.push(items.len() as u32);
        }
        Self {
            offsets: new_offsets,
            items,
            names,
            labels: Vec::new(),
            orders,
            summary,
        }
    }

    /// Baskets from lists of item names (one list per transaction; an empty list is an empty
    /// transaction and still counts). Repeated names within a list count once; names are
    /// taken as given (not trimmed).
    pub fn from_lists<L, I, S>(lists: L) -> Result<Self, BasketError>
    where
        L: IntoIterator<Item = I>,
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut b = Self {
            offsets: vec![0],
            ..Self::default()
        };
        let mut last_basket: Vec<u32> = Vec::new();
        for (basket, list) in lists.into_iter().enumerate() {
            check_fits(basket + 1)?;
            for name in list {
                let name = name.as_ref();
                let id = match index.get(name) {
                    Some(&id) => id,
                    None => {
                        let id = b.names.len() as u32;
                        check_fits(b.names.len() + 1)?;
                        b.names.push(name.to_owned());
                        index.insert(name.to_owned(), id);
                        last_basket.push(NONE);
                        id
                    }
                };
                b.summary.lines += 1;
                if last_basket[id as usize] == basket as u32 {
                    b.summary.duplicate_items += 1;
                } else {
                    last_basket[id as usize] = basket as u32;
                    check_fits(b.items.len() + 1)?;
                    b.items.push(id);
                    b.summary.lines_used += 1;
                }
            }
            b.offsets.push(b.items.len() as u32);
            b.orders.push(basket as u32);
        }
        Ok(b)
    }

    /// Number of baskets (transactions).
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no baskets.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The distinct item ids of basket `i`.
    ///
    /// # Panics
    /// When `i >= len()`.
    pub fn basket(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// All baskets, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        self.offsets
            .windows(2)
            .map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// Number of distinct item ids (names), including items that occur in no basket.
    pub fn item_count(&self) -> usize {
        self.names.len()
    }

    /// The name of item `id`.
    ///
    /// # Panics
    /// When `id >= item_count()`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// The display label of item `id` (from [`Transactions::product_labels`]): the product
    /// name beside a product id, when the file has both.
    pub fn label(&self, id: u32) -> Option<&str> {
        self.labels
            .get(id as usize)
            .map(String::as_str)
            .filter(|l| !l.is_empty())
    }

    /// The id of the item called `name`, if any (a linear scan).
    pub fn id_of(&self, name: &str) -> Option<u32> {
        self.names.iter().position(|n| n == name).map(|i| i as u32)
    }

    /// Per basket: the order id (in the source table's order interner; for
    /// [`Baskets::from_lists`], the list's index).
    pub fn orders(&self) -> &[u32] {
        &self.orders
    }

    /// Where the lines went.
    pub fn summary(&self) -> &BasketsSummary {
        &self.summary
    }

    /// Total number of (basket, item) pairs.
    pub fn total_items(&self) -> usize {
        self.items.len()
    }
}

fn check_fits(n: usize) -> Result<(), BasketError> {
    // Ids, offsets and counts are u32; NONE is reserved.
    let limit = (u32::MAX - 1) as usize;
    if n > limit {
        return Err(BasketError::TooLarge { count: n, limit });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lines: &[(Option<&str>, Option<&str>)]) -> Transactions {
        let mut t = Transactions::default();
        for &(o, p) in lines {
            t.push(None, o, p, 0, 1.0);
        }
        t
    }

    fn as_lists(b: &Baskets) -> Vec<Vec<&str>> {
        b.iter()
            .map(|basket| basket.iter().map(|&i| b.name(i)).collect())
            .collect()
    }

    #[test]
    fn contiguous_orders_in_one_pass() {
        let t = table(&[
            (Some("o1"), Some("a")),
            (Some("o1"), Some("b")),
            (Some("o1"), Some("a")),
            (None, Some("a")),
            (Some("o2"), None),
            (Some("o3"), Some("b")),
        ]);
        let b = Baskets::from_transactions(&t).unwrap();
        assert_eq!(as_lists(&b), vec![vec!["a", "b"], vec!["b"]]);
        let s = b.summary();
        assert_eq!((s.lines, s.lines_used, s.duplicate_items), (6, 3, 1));
        assert_eq!((s.lines_without_order, s.lines_without_product), (1, 1));
        assert_eq!(t.order_ids.name(b.orders()[1]), "o3");
    }

    #[test]
    fn interleaved_orders_give_the_same_baskets() {
        let t = table(&[
            (Some("o1"), Some("a")),
            (Some("o2"), Some("c")),
            (Some("o1"), Some("b")),
            (None, Some("a")),
            (Some("o2"), Some("c")),
            (Some("o1"), Some("a")),
            (Some("o3"), None),
        ]);
        let b = Baskets::from_transactions(&t).unwrap();
        assert_eq!(as_lists(&b), vec![vec!["a", "b"], vec!["c"]]);
        let s = b.summary();
        assert_eq!((s.lines, s.lines_used, s.duplicate_items), (7, 3, 2));
        assert_eq!((s.lines_without_order, s.lines_without_product), (1, 1));
    }

    #[test]
    fn from_lists_dedupes() {
        let b = Baskets::from_lists([vec!["x", "y", "x"], vec![], vec!["y"]]).unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(as_lists(&b), vec![vec!["x", "y"], vec![], vec!["y"]]);
        assert_eq!(b.id_of("y"), Some(1));
        assert_eq!(b.summary().duplicate_items, 1);
    }
}
