//! What a clustering reports (docs/definitions.md §5 `cluster` keys plus profiles, PCA, recommendation).

use serde::{Deserialize, Serialize};

use super::{ClusterProfile, Covariance, Pca};

/// One customer's cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The customer id as in the file.
    pub customer_id: String,
    /// The cluster, `0..k`.
    pub cluster: u32,
}

/// Quality of the best clustering for one k.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    /// Number of clusters.
    pub k: usize,
    /// Sum of squared distances to the nearest centroid (scaled space).
    pub inertia: f64,
    /// Mean silhouette (higher is better, −1..=1); `null` when undefined.
    pub silhouette: Option<f64>,
    /// Davies–Bouldin index (lower is better); `null` when undefined.
    pub davies_bouldin: Option<f64>,
    /// Calinski–Harabasz index (higher is better); `null` when undefined.
    pub calinski_harabasz: Option<f64>,
    /// Share of customers in the smallest cluster.
    pub smallest_share: f64,
    /// Gaussian mixtures only: Bayesian information criterion (lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<f64>,
    /// Gaussian mixtures only: Akaike information criterion (lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aic: Option<f64>,
    /// Gaussian mixtures only: mean log-likelihood per customer (scaled space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_likelihood: Option<f64>,
}

/// The recommended k and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The recommended number of clusters.
    pub k: usize,
    /// The reason in words.
    pub reason: String,
}

/// The result of [`analyse`](super::analyse) (JSON keys of docs/definitions.md §5 plus profiles, PCA, recommendation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterReport {
    /// The number of clusters reported.
    pub k: usize,
    /// Its inertia (scaled space).
    pub inertia: f64,
    /// Its mean silhouette; `null` when undefined (k = 1).
    pub silhouette: Option<f64>,
    /// The feature names, in centroid column order.
    pub features: Vec<String>,
    /// `k` centroids in the scaled space, one row per cluster.
    pub centroids: Vec<Vec<f64>>,
    /// Every customer's cluster, in order of first appearance in the file.
    pub assignments: Vec<Assignment>,
    /// One row per k fitted.
    pub sweep: Vec<SweepRow>,
    /// The recommended k (the reported one) and the reason.
    pub recommendation: Recommendation,
    /// One profile per cluster, in cluster order.
    pub profiles: Vec<ClusterProfile>,
    /// 2-D PCA coordinates of every customer (assignment order).
    pub pca: Pca,
    /// Lloyd iterations of the reported fit.
    pub n_iter: usize,
    /// Whether the reported fit converged before `max_iter`.
    pub converged: bool,
    /// The RFM reference date, `YYYY-MM-DD`.
    pub reference_date: String,
    /// Things worth telling the user.
    pub warnings: Vec<String>,
    /// Gaussian mixtures only: the fitted model at the reported k.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmm: Option<GmmSummary>,
    /// DBSCAN only: its parameters and what it found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dbscan: Option<DbscanSummary>,
}

/// The Gaussian mixture behind a report (components in cluster order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GmmSummary {
    /// Full or diagonal covariances.
    pub covariance: Covariance,
    /// Mean log-likelihood per customer under the model (scaled space; sklearn's `score`).
    pub log_likelihood: f64,
    /// Bayesian information criterion.
    pub bic: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Free parameters of the model.
    pub n_parameters: usize,
    /// Mixing weight of each component.
    pub weights: Vec<f64>,
    /// Covariance of each component: `d × d` row-major (full) or `d` variances (diag).
    pub covariances: Vec<Vec<f64>>,
}

/// What DBSCAN found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbscanSummary {
    /// The radius used (scaled space).
    pub eps: f64,
    /// The core-point threshold used.
    pub min_samples: usize,
    /// Dense clusters found (noise not counted).
    pub clusters: usize,
    /// Customers in no dense region.
    pub noise: usize,
    /// Customers with at least `min_samples` neighbours within `eps`.
    pub core_points: usize,
    /// The cluster number that holds the noise in `assignments` and `profiles` (always the
    /// last, `clusters`); `null` when there is no noise.
    pub noise_cluster: Option<u32>,
}
