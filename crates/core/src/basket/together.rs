//! "Frequently bought together": the companions of one product, counted directly.

use serde::{Deserialize, Serialize};

use super::baskets::Baskets;
use super::errors::BasketError;

/// What to look up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TogetherParams {
    /// The product (item name).
    pub item: String,
    /// Smallest number of baskets a companion must share with the product.
    pub min_count: u64,
    /// Keep at most this many companions (`None`: all).
    pub top: Option<usize>,
}

impl Default for TogetherParams {
    fn default() -> Self {
        Self {
            item: String::new(),
            min_count: 1,
            top: Some(20),
        }
    }
}

/// Another product in baskets with the chosen one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Companion {
    /// Its name.
    pub item: String,
    /// Baskets holding both.
    pub count: u64,
    /// `count / N`.
    pub support: f64,
    /// Share of the chosen product's baskets that hold it: confidence of `{item} → {this}`.
    pub confidence: f64,
    /// `confidence / supp(this)`.
    pub lift: f64,
}

/// The companions of one product, most shared first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoughtTogether {
    /// The product.
    pub item: String,
    /// Baskets holding it.
    pub count: u64,
    /// `count / N`.
    pub support: f64,
    /// Companions by descending count, then lift, then name.
    pub companions: Vec<Companion>,
}

/// The products bought with `params.item`, counted over every basket of at most `cap` items
/// (the same baskets the mining sees). Exact and independent of any support threshold:
/// one pass over the baskets, `O(total items)`.
pub fn bought_together(
    baskets: &Baskets,
    params: &TogetherParams,
    cap: Option<usize>,
) -> Result<BoughtTogether, BasketError> {
    let target = baskets
        .id_of(&params.item)
        .ok_or_else(|| BasketError::UnknownItem {
            name: params.item.clone(),
        })?;
    let cap = cap.unwrap_or(usize::MAX);
    let mut item_count = vec![0u64; baskets.item_count()];
    let mut pair_count = vec![0u64; baskets.item_count()];
    let mut n = 0u64;
    for basket in baskets.iter().filter(|b| b.len() <= cap) {
        n += 1;
        let has = basket.contains(&target);
        for &i in basket {
            item_count[i as usize] += 1;
            if has {
                pair_count[i as usize] += 1;
            }
        }
    }
    let count = item_count[target as usize];
    if count == 0 {
        return Err(BasketError::UnknownItem {
            name: params.item.clone(),
        });
    }
    let nf = n as f64;
    let mut companions: Vec<Companion> = (0..baskets.item_count())
        .filter(|&i| i != target as usize && pair_count[i] >= params.min_count.max(1))
        .map(|i| {
            let confidence = pair_count[i] as f64 / count as f64;
            Companion {
                item: baskets.name(i as u32).to_owned(),
                count: pair_count[i],
                support: pair_count[i] as f64 / nf,
                confidence,
                lift: confidence / (item_count[i] as f64 / nf),
            }
        })
        .collect();
    companions.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.lift.total_cmp(&a.lift))
            .then_with(|| a.item.cmp(&b.item))
    });
    if let Some(top) = params.top {
        companions.truncate(top);
    }
    Ok(BoughtTogether {
        item: params.item.clone(),
        count,
        support: count as f64 / nf,
        companions,
    })
}
