//! Why a clustering cannot run.

use crate::rfm::RfmError;

/// Why a clustering cannot run: bad parameters or data k-means cannot split.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// `k` is 0 (k-means) or below 2 (a sweep or a quality score needs two clusters).
    #[error("k must be at least {min}, not {k}")]
    K {
        /// The k asked for.
        k: usize,
        /// The smallest allowed.
        min: usize,
    },
    /// A k-range whose start is after its end.
    #[error("the k-range {start}..={end} is empty; give it as A..B with 2 <= A <= B")]
    KRange {
        /// First k.
        start: usize,
        /// Last k.
        end: usize,
    },
    /// `n_init` or `max_iter` is 0.
    #[error("{name} must be at least 1, not 0")]
    Zero {
        /// Which parameter.
        name: &'static str,
    },
    /// DBSCAN's `eps` is not a positive finite number.
    #[error("eps must be a finite number > 0, not {0}")]
    Eps(f64),
    /// A Gaussian mixture's `reg_covar` is negative or not a number.
    #[error("reg_covar must be a finite number >= 0, not {0}")]
    RegCovar(f64),
    /// A Gaussian mixture component's covariance is not positive definite.
    #[error(
        "the Gaussian mixture with {k} components has a component whose covariance is not \
         positive definite (it collapsed onto too few distinct customers); choose fewer \
         components, raise reg_covar (now {reg_covar}), or use the diag covariance"
    )]
    IllDefinedCovariance {
        /// Components of the mixture.
        k: usize,
        /// The regularisation used.
        reg_covar: f64,
    },
    /// A starting label outside `0..k`.
    #[error("starting label {label} is not below the {k} components")]
    LabelRange {
        /// The label.
        label: u32,
        /// Components.
        k: usize,
    },
    /// `tol` is negative or not a number.
    #[error("tol must be a finite number >= 0, not {0}")]
    Tol(f64),
    /// `min_cluster_share` outside `[0, 1)`.
    #[error("min_cluster_share must be in [0, 1), not {0}")]
    MinShare(f64),
    /// `silhouette_sample` below 2.
    #[error("silhouette_sample must be at least 2, not {0}")]
    SilhouetteSample(usize),
    /// No feature was chosen.
    #[error("no features chosen; cluster on at least one column")]
    NoFeatures,
    /// Two features have the same name.
    #[error("the feature name {0:?} is used twice")]
    DuplicateFeature(String),
    /// No customer to cluster.
    #[error(
        "no line has a customer id, so there are no customers to cluster; map the customer id \
         column (--map customer_id=COLUMN)"
    )]
    NoCustomers,
    /// Fewer points than clusters asked for.
    #[error("cannot make {k} clusters from {points} customers; choose k <= {points}")]
    TooFewPoints {
        /// Points (customers) available.
        points: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// Fewer distinct points than clusters: some cluster would have to be empty or a copy.
    #[error(
        "only {distinct} customers have distinct feature values, so {k} clusters cannot be \
         told apart; choose k <= {distinct}"
    )]
    TooFewDistinct {
        /// Distinct rows of the feature matrix.
        distinct: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// `log1p` of a value ≤ −1 (e.g. a net-negative monetary value under the "net returns"
    /// policy) is undefined.
    #[error(
        "feature {feature:?} of customer {customer_id:?} is {value}, and log1p is undefined \
         at or below -1 (a net refund?); use the signed_log1p transform (sign(x)·log1p(|x|)), \
         drop log1p for this feature, or exclude returns"
    )]
    Log1pDomain {
        /// The feature.
        feature: String,
        /// The customer whose value it is.
        customer_id: String,
        /// The value.
        value: f64,
    },
    /// A feature value is NaN or infinite (raw or after a transform).
    #[error("feature {feature:?} of customer {customer_id:?} is {value}, not a finite number")]
    NotFinite {
        /// The feature.
        feature: String,
        /// The customer (or `row N` for a bare matrix).
        customer_id: String,
        /// The value.
        value: f64,
    },
    /// An extra feature column has no value for some customers.
    #[error(
        "feature {feature:?} has no value for customer {customer_id:?}{}; every clustered \
         customer needs one: add their rows to the file of customer columns, or leave the \
         column out",
        if *missing > 1 { format!(" and {} more", missing - 1) } else { String::new() }
    )]
    MissingValue {
        /// The feature.
        feature: String,
        /// The first customer without one (in order of first appearance in the orders).
        customer_id: String,
        /// How many customers have none.
        missing: usize,
    },
    /// A matrix whose data length is not rows × cols, or with no columns.
    #[error("a {rows}×{cols} matrix needs {} values, got {len}", rows * cols)]
    Shape {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
        /// Values given.
        len: usize,
    },
    /// Labels whose count differs from the matrix rows.
    #[error("{labels} labels for {rows} points")]
    Labels {
        /// Labels given.
        labels: usize,
        /// Rows of the matrix.
        rows: usize,
    },
    /// The RFM step failed (e.g. a reference date before the last order).
    #[error(transparent)]
    Rfm(#[from] RfmError),
}
