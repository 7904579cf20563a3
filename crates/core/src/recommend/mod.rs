//! Next best products: item-item collaborative filtering, the reverse audience ("who is most
//! likely to buy X"), similar products, and a time-split evaluation against bestsellers.
//!
//! # Definitions (DESIGN §4)
//! Input: the kept customer lines (the cleaning of RFM); an item is a product id (the product
//! name when the file has no id). `B(c)` = the distinct items customer `c` bought, `C(i)` =
//! the customers who bought item `i`.
//! - Candidates: items with `|C(j)| ≥ min_buyers` (default 5).
//! - `sim(i, j) = |C(i) ∩ C(j)| / sqrt(|C(i)| · |C(j)|)` for `i ≠ j`.
//! - `score(c, j) = Σ_{i ∈ B(c)} sim(i, j)` for a candidate `j ∉ B(c)`; only a positive score
//!   is a recommendation. The top `top_n` (default 10) by score descending, then `|C(j)|`
//!   descending, then item id ascending (byte order). A customer with fewer gets the rest from
//!   the bestsellers (most buyers, then id byte order; not already bought nor listed), marked
//!   `bestseller: true` with score 0.
//! - Audience of product `x` ([`ItemItem::audience`]): every customer who has not bought `x`
//!   with `score(c, x) > 0`, best first (ties: customer id byte order). `x` must be a
//!   candidate: with fewer buyers there is too little to learn from.
//! - Similar products of `x` ([`ItemItem::similar`]): the candidates `j` with the largest
//!   `sim(x, j)` when `x` has at least `min_buyers` buyers and shares a buyer with one; else
//!   content similarity ([`content`]: TF-IDF of the product descriptions, cosine).
//! - Evaluation ([`evaluate`]): cutoff = latest order day − `holdout_days` (default 30); the
//!   model is fitted on the lines before the cutoff; a customer's test items are the items
//!   bought on or after it that are not in their training `B(c)`; evaluated customers have a
//!   training history and at least one test item. hit rate@N = share of them with at least
//!   one of their top N (the list as delivered, bestseller fill included) among their test
//!   items; precision@N = mean `|top N ∩ test| / N`. Baseline: the N bestsellers of the
//!   training period each customer has not bought.
//!
//! # Algorithm and cost
//! Fit: the purchase matrix in both orientations (one sort of the `(customer, item)` pairs),
//! then for every item the sparse row of co-purchase counts with the candidates, counted over
//! its buyers' baskets: `Σ_c |B(c)|²` increments, `O(nnz)` memory (8 bytes per non-zero).
//! Scoring one customer adds the rows of their items into a dense accumulator
//! (`Σ_{i ∈ B(c)} nnz(row i)` multiply-adds) and keeps the best N with an insertion list.
//! Every customer is independent ([`ItemItem::recommend_into`] with its own [`Scratch`]), so
//! scoring parallelises per customer. On Online Retail (4,338 customers, 3,665 items, 266,792
//! pairs, 8.3 M co-purchase pairs) fitting and scoring everyone takes a fraction of a second
//! natively (`bench/results/recommend.md`).
//!
//! # References
//! G. Linden, B. Smith & J. York, *Amazon.com recommendations: item-to-item collaborative
//! filtering*, IEEE Internet Computing 2003; B. Sarwar et al., *Item-based collaborative
//! filtering recommendation algorithms*, WWW 2001; `implicit`'s `CosineRecommender` (the
//! benchmark peer); scikit-learn's `TfidfVectorizer` (the content weights).
//!
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::recommend::{RecommendParams, analyse};
//! let mut t = Transactions::default();
//! for (c, p) in [("ann", "tea"), ("ann", "cup"), ("bob", "tea"), ("bob", "cup"),
//!                ("cat", "tea"), ("cat", "pot"), ("dan", "cup")] {
//!     t.push(Some(c), Some(&format!("o-{c}")), Some(p), 0, 1.0);
//! }
//! let report = analyse(&t, &RecommendParams::new().min_buyers(1).top_n(2)).unwrap();
//! let dan = report.customers.iter().find(|c| c.customer_id == "dan").unwrap();
//! // dan bought a cup; tea shares 2 of its 3 buyers with cup's 3: sim = 2/3.
//! assert_eq!(dan.items[0].product_id, "tea");
//! assert!((dan.items[0].score - 2.0 / 3.0).abs() < 1e-12);
//! assert!(dan.items[1].bestseller || dan.items[1].score > 0.0);
//! ```

pub mod content;
mod evaluate;
mod matrix;
mod model;

use serde::{Deserialize, Serialize};

pub use evaluate::{Evaluation, Unevaluable, evaluate};
pub use matrix::PurchaseMatrix;
pub use model::{ItemItem, Ranked, Scratch};

use crate::table::Transactions;

/// Parameters of the recommendations; [`RecommendParams::check`] runs before any fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendParams {
    /// Suggestions per customer (N).
    pub top_n: usize,
    /// Smallest `|C(j)|` of a recommendable item.
    pub min_buyers: u32,
    /// Also evaluate on a holdout of this many days at the end (`None`: no evaluation).
    pub holdout_days: Option<u32>,
}

impl Default for RecommendParams {
    fn default() -> Self {
        Self {
            top_n: 10,
            min_buyers: 5,
            holdout_days: None,
        }
    }
}

impl RecommendParams {
    /// The defaults: top 10, at least 5 buyers, no evaluation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Suggestions per customer.
    pub fn top_n(mut self, n: usize) -> Self {
        self.top_n = n;
        self
    }

    /// Smallest number of buyers of a recommendable item.
    pub fn min_buyers(mut self, k: u32) -> Self {
        self.min_buyers = k;
        self
    }

    /// Evaluate on the last `days` days (30 is the documented default).
    pub fn holdout_days(mut self, days: Option<u32>) -> Self {
        self.holdout_days = days;
        self
    }

    /// Validate the parameters.
    pub fn check(&self) -> Result<(), RecommendError> {
        if self.top_n == 0 || self.top_n > 1000 {
            return Err(RecommendError::InvalidOption {
                name: "top_n",
                reason: format!("must be between 1 and 1000, not {}", self.top_n),
            });
        }
        if self.min_buyers == 0 {
            return Err(RecommendError::InvalidOption {
                name: "min_buyers",
                reason: "must be at least 1".into(),
            });
        }
        if self.holdout_days == Some(0) {
            return Err(RecommendError::InvalidOption {
                name: "holdout_days",
                reason: "must be at least 1 day".into(),
            });
        }
        Ok(())
    }
}

/// Why recommendations cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecommendError {
    /// A parameter is out of range.
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option.
        name: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// No kept line has a customer id.
    #[error(
        "no line has a customer id, so there is no one to recommend to; map the customer id \
         column (--map customer_id=COLUMN)"
    )]
    NoCustomers,
    /// No kept customer line has a product.
    #[error(
        "no customer line has a product, so there is nothing to recommend; map the product \
         column (--map product_id=COLUMN)"
    )]
    NoProducts,
    /// A product named by the caller is not in the data.
    #[error("product {product:?} is not among the products customers bought; check the id")]
    UnknownProduct {
        /// The id as given.
        product: String,
    },
    /// A product has too few buyers for collaborative filtering.
    #[error(
        "product {product:?} has {buyers} buyer(s), fewer than min_buyers = {min_buyers}: too \
         few to learn who else would buy it; lower --min-buyers to {buyers} or pick another \
         product"
    )]
    TooFewBuyers {
        /// The product.
        product: String,
        /// Its buyers.
        buyers: u32,
        /// The threshold.
        min_buyers: u32,
    },
    /// The holdout leaves nothing to learn from or nothing to test on.
    #[error("{0}")]
    NoHoldout(Unevaluable),
}

/// One suggestion (DESIGN §5 `items` entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The product id (or name, when the file has no id).
    pub product_id: String,
    /// The product's description, when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// `score(c, j)`; 0 for a bestseller fill.
    pub score: f64,
    /// Whether this fills the list from the bestsellers.
    pub bestseller: bool,
}

/// One customer's suggestions (DESIGN §5 `customers` entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerSuggestions {
    /// The customer id as in the file.
    pub customer_id: String,
    /// Best first.
    pub items: Vec<Suggestion>,
}

/// The result of [`analyse`], serialised with the keys of DESIGN §5.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecommendReport {
    /// Every customer with a kept order, in order of first appearance in the file.
    pub customers: Vec<CustomerSuggestions>,
    /// The time-split evaluation, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    /// Why the evaluation asked for could not be made (a history shorter than the holdout),
    /// in words, when a host asked for the suggestions anyway ([`analyse_or_explain`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_unavailable: Option<String>,
    /// The same reason, typed, for a host that words it in its own language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unevaluable: Option<Unevaluable>,
    /// Suggestions per customer.
    pub top_n: usize,
    /// The candidate threshold used.
    pub min_buyers: u32,
    /// Items with at least `min_buyers` buyers.
    pub candidates: usize,
    /// Items bought by at least one customer.
    pub items: usize,
    /// Customers whose whole list comes from the bestsellers.
    pub bestsellers_only: usize,
}

/// A customer of a product's audience.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudienceMember {
    /// The customer id as in the file.
    pub customer_id: String,
    /// `score(c, x)`.
    pub score: f64,
}

/// The customers most likely to buy one product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Audience {
    /// The product.
    pub product_id: String,
    /// Its buyers.
    pub buyers: u32,
    /// Customers who have not bought it and score it above 0, best first.
    pub customers: Vec<AudienceMember>,
}

/// How [`SimilarProducts`] were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SimilarityMethod {
    /// Bought by the same customers (`sim(x, j)`).
    CoPurchase,
    /// Similar descriptions (TF-IDF cosine).
    Content,
}

/// One product similar to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarProduct {
    /// The product id.
    pub product_id: String,
    /// Its description, when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// Cosine similarity (co-purchase or content).
    pub similarity: f64,
}

/// Products similar to one product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarProducts {
    /// The product.
    pub product_id: String,
    /// Its buyers.
    pub buyers: u32,
    /// How the list was made.
    pub method: SimilarityMethod,
    /// Most similar first.
    pub items: Vec<SimilarProduct>,
}

impl ItemItem {
    /// Fit on every kept customer line of `t`.
    pub fn fit(t: &Transactions, params: &RecommendParams) -> Result<Self, RecommendError> {
        if !t.customer.iter().any(|&c| c != crate::table::NO_ID) {
            return Err(RecommendError::NoCustomers);
        }
        let model = Self::fit_window(t, params, None)?;
        if model.matrix.pairs() == 0 {
            return Err(RecommendError::NoProducts);
        }
        Ok(model)
    }

    fn suggestion(&self, t: &Transactions, r: &Ranked) -> Suggestion {
        Suggestion {
            product_id: t.products.name(r.item).to_owned(),
            product_name: t.product_label(r.item).map(str::to_owned),
            score: r.score,
            bestseller: r.bestseller,
        }
    }

    /// The suggestions of one customer by id, or `None` for a customer without a kept line.
    pub fn recommend(&self, t: &Transactions, customer_id: &str) -> Option<Vec<Suggestion>> {
        let c = t.customer_ids.get(customer_id)?;
        if !self.matrix.is_active(c) {
            return None;
        }
        let mut out = Vec::new();
        self.recommend_into(c, &mut self.scratch(), &mut out);
        Some(out.iter().map(|r| self.suggestion(t, r)).collect())
    }

    /// Every customer with a kept line, in id order (first appearance in the file).
    /// Customers are scored in parallel (crate::par), each with its thread's own scratch.
    pub fn recommend_all(&self, t: &Transactions) -> Vec<CustomerSuggestions> {
        let active: Vec<u32> = (0..self.matrix.customers() as u32)
            .filter(|&c| self.matrix.is_active(c))
            .collect();
        crate::par::map_with(
            active.len(),
            || (self.scratch(), Vec::new()),
            |(scratch, out), k| {
                let c = active[k];
                self.recommend_into(c, scratch, out);
                CustomerSuggestions {
                    customer_id: t.customer_ids.name(c).to_owned(),
                    items: out.iter().map(|r| self.suggestion(t, r)).collect(),
                }
            },
        )
    }

    fn product(&self, t: &Transactions, product_id: &str) -> Result<u32, RecommendError> {
        t.products
            .get(product_id)
            .ok_or_else(|| RecommendError::UnknownProduct {
                product: product_id.to_owned(),
            })
    }

    /// The customers most likely to buy `product_id`, best first (at most `limit`).
    pub fn audience(
        &self,
        t: &Transactions,
        product_id: &str,
        limit: Option<usize>,
    ) -> Result<Audience, RecommendError> {
        let x = self.product(t, product_id)?;
        let buyers = self.matrix.buyer_count(x);
        if !self.is_candidate(x) {
            return Err(RecommendError::TooFewBuyers {
                product: product_id.to_owned(),
                buyers,
                min_buyers: self.params.min_buyers,
            });
        }
        let scores = self.scores_of(x);
        let mut members: Vec<(u32, f64)> = scores
            .iter()
            .enumerate()
            .filter(|&(c, &s)| s > 0.0 && self.matrix.is_active(c as u32))
            .map(|(c, &s)| (c as u32, s))
            .collect();
        members.sort_by(|a, b| {
            b.1.total_cmp(&a.1).then_with(|| {
                t.customer_ids
                    .name(a.0)
                    .as_bytes()
                    .cmp(t.customer_ids.name(b.0).as_bytes())
            })
        });
        members.truncate(limit.unwrap_or(usize::MAX));
        Ok(Audience {
            product_id: product_id.to_owned(),
            buyers,
            customers: members
                .into_iter()
                .map(|(c, score)| AudienceMember {
                    customer_id: t.customer_ids.name(c).to_owned(),
                    score,
                })
                .collect(),
        })
    }

    /// Up to `n` products similar to `product_id` (see the module docs for the method).
    /// `content` is the TF-IDF of the product descriptions ([`content_index`]).
    pub fn similar(
        &self,
        t: &Transactions,
        content: &content::TfIdf,
        product_id: &str,
        n: usize,
    ) -> Result<SimilarProducts, RecommendError> {
        let x = self.product(t, product_id)?;
        let buyers = self.matrix.buyer_count(x);
        let wx = self.weight[x as usize];
        let pairs: Vec<(u32, f64)> = self
            .row(x)
            .map(|(j, k)| (j, f64::from(k) * wx * self.weight[j as usize]))
            .collect();
        let (method, mut ranked): (SimilarityMethod, Vec<(u32, f64)>) =
            if self.is_candidate(x) && !pairs.is_empty() {
                (SimilarityMethod::CoPurchase, pairs)
            } else {
                (SimilarityMethod::Content, content.neighbours(x))
            };
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(
                    self.matrix
                        .buyer_count(b.0)
                        .cmp(&self.matrix.buyer_count(a.0)),
                )
                .then(self.name_rank[a.0 as usize].cmp(&self.name_rank[b.0 as usize]))
        });
        ranked.truncate(n);
        Ok(SimilarProducts {
            product_id: product_id.to_owned(),
            buyers,
            method,
            items: ranked
                .into_iter()
                .map(|(j, similarity)| SimilarProduct {
                    product_id: t.products.name(j).to_owned(),
                    product_name: t.product_label(j).map(str::to_owned),
                    similarity,
                })
                .collect(),
        })
    }
}

/// The TF-IDF rows of every product's description: its most frequent name when the file maps
/// one, else the product id itself (files whose only product column is the name).
pub fn content_index(t: &Transactions) -> content::TfIdf {
    let labelled = !t.product_labels.is_empty();
    content::TfIdf::fit((0..t.products.len() as u32).map(|p| {
        if labelled {
            t.product_label(p)
        } else {
            Some(t.products.name(p))
        }
    }))
}

/// Every customer's suggestions, and the evaluation when `params.holdout_days` asks for it.
pub fn analyse(
    t: &Transactions,
    params: &RecommendParams,
) -> Result<RecommendReport, RecommendError> {
    let model = ItemItem::fit(t, params)?;
    let customers = model.recommend_all(t);
    let bestsellers_only = customers
        .iter()
        .filter(|c| c.items.iter().all(|s| s.bestseller))
        .count();
    let evaluation = match params.holdout_days {
        Some(days) => Some(evaluate(t, params, days)?),
        None => None,
    };
    Ok(RecommendReport {
        customers,
        evaluation,
        evaluation_unavailable: None,
        unevaluable: None,
        top_n: params.top_n,
        min_buyers: params.min_buyers,
        candidates: model.candidates(),
        items: model.bestsellers.len(),
        bestsellers_only,
    })
}

/// Like [`analyse`], but a holdout that leaves nothing to learn from or to test on is not an
/// error: the suggestions come without the evaluation, and
/// [`RecommendReport::evaluation_unavailable`] says why (a view shows the suggestions of a
/// short history and explains the missing evaluation).
pub fn analyse_or_explain(
    t: &Transactions,
    params: &RecommendParams,
) -> Result<RecommendReport, RecommendError> {
    match analyse(t, params) {
        Err(RecommendError::NoHoldout(why)) => {
            let mut report = analyse(t, &params.clone().holdout_days(None))?;
            report.evaluation_unavailable = Some(why.to_string());
            report.unevaluable = Some(why);
            Ok(report)
        }
        other => other,
    }
}

/// The suggestions as a formula-safe CSV: one row per suggestion.
pub fn suggestions_csv(report: &RecommendReport) -> crate::export::Table {
    use crate::export::{Cell, Table};
    let mut csv = Table::new(&[
        "customer_id",
        "rank",
        "product_id",
        "product_name",
        "score",
        "bestseller",
    ]);
    for c in &report.customers {
        for (k, s) in c.items.iter().enumerate() {
            csv.row(&[
                Cell::Text(&c.customer_id),
                Cell::Int(k as i64 + 1),
                Cell::Text(&s.product_id),
                Cell::Text(s.product_name.as_deref().unwrap_or("")),
                Cell::Number(s.score),
                Cell::Text(if s.bestseller { "true" } else { "false" }),
            ]);
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four customers, hand-computed: a = {x, y}, b = {x, y}, c = {x, z}, d = {y}.
    fn small() -> Transactions {
        let mut t = Transactions::default();
        for (c, p) in [
            ("a", "x"),
            ("a", "y"),
            ("b", "x"),
            ("b", "y"),
            ("c", "x"),
            ("c", "z"),
            ("d", "y"),
        ] {
            t.push(Some(c), Some(c), Some(p), 0, 1.0);
        }
        t
    }

    #[test]
    fn scores_ties_and_fill_follow_the_definition() {
        let t = small();
        let model = ItemItem::fit(&t, &RecommendParams::new().min_buyers(1).top_n(2)).unwrap();
        // |C(x)| = 3, |C(y)| = 3, |C(z)| = 1; sim(y, x) = 2/3, sim(y, z) = 0, sim(x, z) = 1/√3.
        let d = model.recommend(&t, "d").unwrap();
        assert_eq!(d[0].product_id, "x");
        assert!((d[0].score - 2.0 / 3.0).abs() < 1e-15);
        // z shares no buyer with y: not a recommendation, so the list is filled by the
        // bestseller z (x and y are bought or listed).
        assert_eq!(
            (d[1].product_id.as_str(), d[1].bestseller, d[1].score),
            ("z", true, 0.0)
        );
        let c = model.recommend(&t, "c").unwrap();
        // c bought x and z: y scores sim(x, y) + sim(z, y) = 2/3 + 0.
        assert_eq!(c.len(), 1, "nothing else exists to suggest");
        assert_eq!(c[0].product_id, "y");
    }

    #[test]
    fn min_buyers_removes_candidates_and_audience_refuses_them() {
        let t = small();
        let model = ItemItem::fit(&t, &RecommendParams::new().min_buyers(2)).unwrap();
        let a = model.recommend(&t, "a").unwrap();
        // z has one buyer: not a candidate, so a's list is the bestseller z only.
        assert_eq!(a.len(), 1);
        assert!(a[0].bestseller);
        assert!(matches!(
            model.audience(&t, "z", None),
            Err(RecommendError::TooFewBuyers {
                buyers: 1,
                min_buyers: 2,
                ..
            })
        ));
        let audience = model.audience(&t, "y", None).unwrap();
        assert_eq!(audience.customers.len(), 1);
        assert_eq!(audience.customers[0].customer_id, "c");
        assert!(matches!(
            model.audience(&t, "nope", None),
            Err(RecommendError::UnknownProduct { .. })
        ));
    }

    #[test]
    fn ties_go_to_more_buyers_then_byte_order() {
        let mut t = Transactions::default();
        // q bought p; p's co-buyers bought "b" and "a" equally, "c" once more buyer elsewhere.
        for (c, p) in [
            ("q", "p"),
            ("u", "p"),
            ("u", "b"),
            ("u", "a"),
            ("v", "a"),
            ("w", "b"),
        ] {
            t.push(Some(c), Some(c), Some(p), 0, 1.0);
        }
        let model = ItemItem::fit(&t, &RecommendParams::new().min_buyers(1)).unwrap();
        let q = model.recommend(&t, "q").unwrap();
        // sim(p, a) = sim(p, b) = 1/√(2·2): equal scores, equal buyers, so byte order.
        assert_eq!(q[0].product_id, "a");
        assert_eq!(q[1].product_id, "b");
        assert_eq!(q[0].score, q[1].score);
    }

    #[test]
    fn bad_parameters_are_typed_errors() {
        assert!(RecommendParams::new().top_n(0).check().is_err());
        assert!(RecommendParams::new().min_buyers(0).check().is_err());
        assert!(
            RecommendParams::new()
                .holdout_days(Some(0))
                .check()
                .is_err()
        );
        assert_eq!(
            ItemItem::fit(&Transactions::default(), &RecommendParams::new()).unwrap_err(),
            RecommendError::NoCustomers
        );
    }
}
