//! Errors of the lifetime-value analysis.

/// Why a lifetime-value analysis could not produce a result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ClvError {
    /// An option is out of range (named as in [`ClvOptions`](super::ClvOptions)).
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A line's amount is NaN or infinite.
    #[error("line {line} (0-based index in the transaction table): amount is not a finite number")]
    NonFiniteAmount {
        /// 0-based index of the line in the [`Transactions`](crate::Transactions) table.
        line: usize,
    },
    /// No customer has a purchase on or before the observation end.
    #[error("no customer has a purchase on or before the observation end {observation_end}")]
    NoCustomers {
        /// The observation end, `YYYY-MM-DD`.
        observation_end: String,
    },
    /// Every customer made their first purchase in the last period, so nobody was observed
    /// for any time and the purchase rate cannot be estimated.
    #[error("every customer first bought at the observation end; there is no history to fit")]
    NoObservationTime,
    /// BG/NBD needs repeat purchases to tell buying rate from drop-out.
    #[error(
        "none of the {customers} customers bought more than once before the observation end; \
         BG/NBD cannot be fitted (choose a later observation end or a shorter time unit)"
    )]
    NoRepeatCustomers {
        /// Number of customers (all one-time buyers).
        customers: usize,
    },
    /// Gamma-Gamma needs several repeat customers with a positive mean repeat value.
    #[error(
        "Gamma-Gamma needs at least {needed} repeat customers with a positive mean repeat \
         value, found {found}"
    )]
    TooFewGammaGammaCustomers {
        /// Customers eligible for Gamma-Gamma.
        found: usize,
        /// The minimum.
        needed: usize,
    },
    /// The optimiser did not reach the maximum likelihood.
    #[error(
        "{model} did not converge after {iterations} iterations (largest gradient component \
         {gradient:e}); try a penalizer such as 0.001"
    )]
    NotConverged {
        /// `"BG/NBD"` or `"Gamma-Gamma"`.
        model: &'static str,
        /// Iterations done.
        iterations: u32,
        /// Largest gradient component at the end.
        gradient: f64,
    },
    /// The caller's progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
    /// Not one bootstrap resample could be fitted.
    #[error(
        "none of the {resamples} bootstrap resamples could be fitted (too few repeat customers \
         in each draw); compute the analysis without intervals (resamples 0)"
    )]
    NoResampleFitted {
        /// Resamples drawn.
        resamples: u32,
    },
    /// The fitted parameters make a prediction undefined (e.g. Gamma-Gamma `q ≤ 1`: the
    /// population mean spend is infinite).
    #[error("{model} fit is degenerate: {reason}")]
    Degenerate {
        /// `"BG/NBD"` or `"Gamma-Gamma"`.
        model: &'static str,
        /// What is wrong.
        reason: String,
    },
}
