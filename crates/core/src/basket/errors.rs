//! Errors of the market-basket analysis.

/// Why a market-basket analysis stopped without a result.
///
/// Every budget error says what was exceeded, at which threshold, and suggests a higher
/// support: the number of frequent itemsets grows steeply as the support falls, and raising it
/// is almost always the right fix.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BasketError {
    /// A parameter is out of range (named as in [`BasketParams`](super::BasketParams)).
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// No line has both an order id and a product: there is nothing to mine.
    #[error(
        "no baskets: none of the {lines} lines has both an order id and a product \
         ({without_order} without order id, {without_product} without product)"
    )]
    NoBaskets {
        /// Lines in the table.
        lines: usize,
        /// Lines without an order id.
        without_order: usize,
        /// Lines without a product.
        without_product: usize,
    },
    /// Every basket is larger than the basket-size cap.
    #[error(
        "all {oversized} baskets have more than {cap} distinct items (the basket-size cap); \
         raise `max_basket_size`"
    )]
    AllBasketsOversized {
        /// Baskets over the cap.
        oversized: usize,
        /// The cap.
        cap: usize,
    },
    /// More baskets or items than the 32-bit counters hold.
    #[error("too many baskets or items: {count} (at most {limit})")]
    TooLarge {
        /// What was counted.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A named item is not among the products of the data.
    #[error("item `{name}` does not occur in any basket")]
    UnknownItem {
        /// The name as given.
        name: String,
    },
    /// A budget ran out: the itemset count, the work steps, the caller's clock, or the rule
    /// count.
    #[error(
        "stopped: {what} (at min_support {min_support} = at least {min_count} of \
         {transactions} baskets); raise min_support, e.g. to {suggested_min_support}, \
         or lower max_len"
    )]
    BudgetExceeded {
        /// Which budget, in words ("more than 1000000 frequent itemsets").
        what: String,
        /// The support used, as a fraction of the baskets.
        min_support: f64,
        /// The support used, as a basket count.
        min_count: u64,
        /// Number of baskets mined.
        transactions: u64,
        /// A support worth trying instead (double the count, as a fraction).
        suggested_min_support: f64,
    },
    /// The caller's progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
}
