//! The parameters of a clustering: which k, which method, and the k-means settings.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::{ClusterError, DbscanParams, Feature, GmmOptions, GmmParams, KMeansParams};
use crate::rfm::Monetary;

/// Which k to fit: one, or a sweep over a range with a recommendation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KChoice {
    /// Exactly this many clusters (the sweep then has this one row).
    Fixed(usize),
    /// Every k of `start..=end`; the report is at the recommended k.
    Range {
        /// First k (≥ 2).
        start: usize,
        /// Last k.
        end: usize,
    },
}

/// Which algorithm groups the customers.
///
/// In JSON: `{"kind": "kmeans"}`, `{"kind": "dbscan", "eps": 0.3, "min_samples": 5}` or
/// `{"kind": "gmm", "covariance": "full", "n_init": 1, …}` (omitted fields take their
/// defaults); a [`ClusterParams`] without `method` is k-means.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// k-means (module docs): k fixed or swept, recommended by silhouette.
    #[default]
    #[serde(rename = "kmeans")]
    KMeans,
    /// DBSCAN: the number of clusters follows from `eps` and `min_samples`; points in no
    /// dense region are noise, reported as their own group. The k choice does not apply.
    Dbscan(DbscanParams),
    /// A Gaussian mixture (EM, [`GmmParams`]) per k; a sweep is recommended by BIC. Its
    /// `n_init`, `max_iter` and `tol` are in the options (sklearn's defaults), not the
    /// k-means ones of [`ClusterParams`].
    Gmm(GmmOptions),
}

impl Method {
    /// `kmeans`, `dbscan` or `gmm`.
    pub fn name(&self) -> &'static str {
        match self {
            Method::KMeans => "kmeans",
            Method::Dbscan(_) => "dbscan",
            Method::Gmm(_) => "gmm",
        }
    }
}

/// Parameters of a clustering; a consuming builder, checked before anything runs.
///
/// `ClusterParams::new().k(4).n_init(10).seed(0)`, or `.k_range(2..=8)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterParams {
    /// The feature columns (default: recency_days, frequency, monetary, each log1p → z-score).
    pub features: Vec<Feature>,
    /// The algorithm (default k-means).
    #[serde(default)]
    pub method: Method,
    /// Fixed k or a range (default 2..=10); k-means and Gaussian mixtures.
    pub k: KChoice,
    /// k-means++ starts per k (default 10); k-means only.
    pub n_init: usize,
    /// Lloyd iterations per start at most (default 300); k-means only.
    pub max_iter: usize,
    /// Relative tolerance on the centre shift (default 1e-4); k-means only.
    pub tol: f64,
    /// Seed of every random choice (default 0).
    pub seed: u64,
    /// Silhouettes are exact up to this many customers, sampled above (default 10,000).
    pub silhouette_sample: usize,
    /// A k is recommended only if its smallest cluster holds at least this share of the
    /// customers (default 0.02).
    pub min_cluster_share: f64,
    /// RFM reference day (days since 1970-01-01); `None`: the day after the last order.
    pub reference_day: Option<i32>,
    /// How RFM monetary value is computed.
    pub monetary: Monetary,
}

impl Default for ClusterParams {
    fn default() -> Self {
        Self::new()
    }
}

restart_setters!(ClusterParams {
    n_init,
    max_iter,
    tol,
    seed
});

impl ClusterParams {
    /// The defaults of docs/definitions.md §4.3.
    pub fn new() -> Self {
        Self {
            features: vec![
                Feature::recency_days(),
                Feature::frequency(),
                Feature::monetary(),
            ],
            method: Method::KMeans,
            k: KChoice::Range { start: 2, end: 10 },
            n_init: 10,
            max_iter: 300,
            tol: 1e-4,
            seed: 0,
            silhouette_sample: 10_000,
            min_cluster_share: 0.02,
            reference_day: None,
            monetary: Monetary::Sum,
        }
    }

    /// Choose the algorithm.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// DBSCAN with radius `eps` and `min_samples`.
    pub fn dbscan(self, eps: f64, min_samples: usize) -> Self {
        self.method(Method::Dbscan(
            DbscanParams::new(eps).min_samples(min_samples),
        ))
    }

    /// A Gaussian mixture with these options.
    pub fn gmm(self, options: GmmOptions) -> Self {
        self.method(Method::Gmm(options))
    }

    /// Fit exactly `k` clusters.
    pub fn k(mut self, k: usize) -> Self {
        self.k = KChoice::Fixed(k);
        self
    }

    /// Sweep `range` and report the recommended k.
    pub fn k_range(mut self, range: RangeInclusive<usize>) -> Self {
        self.k = KChoice::Range {
            start: *range.start(),
            end: *range.end(),
        };
        self
    }

    /// Replace the feature columns.
    pub fn features(mut self, features: Vec<Feature>) -> Self {
        self.features = features;
        self
    }

    /// Add a feature column.
    pub fn feature(mut self, feature: Feature) -> Self {
        self.features.push(feature);
        self
    }

    /// Set the silhouette sample size.
    pub fn silhouette_sample(mut self, size: usize) -> Self {
        self.silhouette_sample = size;
        self
    }

    /// Set the smallest cluster share a recommended k must have.
    pub fn min_cluster_share(mut self, share: f64) -> Self {
        self.min_cluster_share = share;
        self
    }

    /// Set the RFM reference day.
    pub fn reference_day(mut self, day: Option<i32>) -> Self {
        self.reference_day = day;
        self
    }

    /// Set how monetary value is computed.
    pub fn monetary(mut self, monetary: Monetary) -> Self {
        self.monetary = monetary;
        self
    }

    /// The k values to fit.
    pub(super) fn ks(&self) -> RangeInclusive<usize> {
        match self.k {
            KChoice::Fixed(k) => k..=k,
            KChoice::Range { start, end } => start..=end,
        }
    }

    pub(super) fn gmm_params(&self, k: usize, options: &GmmOptions) -> GmmParams {
        GmmParams::with_options(k, options.clone()).seed(self.seed)
    }

    pub(super) fn kmeans(&self, k: usize) -> KMeansParams {
        KMeansParams::new(k)
            .n_init(self.n_init)
            .max_iter(self.max_iter)
            .tol(self.tol)
            .seed(self.seed)
    }

    /// Validate the parameters.
    pub fn check(&self) -> Result<(), ClusterError> {
        match self.k {
            KChoice::Fixed(k) => {
                if k == 0 {
                    return Err(ClusterError::K { k, min: 1 });
                }
            }
            KChoice::Range { start, end } => {
                if start < 2 {
                    return Err(ClusterError::K { k: start, min: 2 });
                }
                if start > end {
                    return Err(ClusterError::KRange { start, end });
                }
            }
        }
        self.kmeans(1).check()?;
        match &self.method {
            Method::KMeans => {}
            Method::Dbscan(p) => p.check()?,
            Method::Gmm(o) => o.check()?,
        }
        if self.silhouette_sample < 2 {
            return Err(ClusterError::SilhouetteSample(self.silhouette_sample));
        }
        if !(0.0..1.0).contains(&self.min_cluster_share) {
            return Err(ClusterError::MinShare(self.min_cluster_share));
        }
        if self.features.is_empty() {
            return Err(ClusterError::NoFeatures);
        }
        Ok(())
    }
}
