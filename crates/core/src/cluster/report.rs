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
    /// The reason in the command line's words: `why` in English ([`Reason`]'s `Display`).
    pub reason: String,
    /// The reason, typed: which rule chose `k` and the numbers it went by, for a host to word
    /// in its own language.
    pub why: Reason,
}

impl Recommendation {
    /// `k`, recommended for `why`.
    pub fn new(k: usize, why: Reason) -> Self {
        Self {
            k,
            reason: why.to_string(),
            why,
        }
    }
}

/// Why a k is recommended. In JSON one object tagged by `kind` (`"best_silhouette"`, …) with
/// the numbers as fields (docs/definitions.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// No k was fitted.
    NoneFitted,
    /// One k was asked for (k-means).
    AskedFor {
        /// The k.
        k: usize,
    },
    /// The highest silhouette among the cluster counts whose smallest cluster holds at least
    /// `min_share` of the customers.
    BestSilhouette {
        /// The k.
        k: usize,
        /// Its silhouette (`None`: undefined).
        silhouette: Option<f64>,
        /// Cluster counts whose smallest cluster is large enough.
        eligible: usize,
        /// Cluster counts fitted.
        fitted: usize,
        /// The smallest share a cluster must hold.
        min_share: f64,
        /// A k with a higher silhouette whose smallest cluster is too small, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        higher: Option<SmallerClusterK>,
    },
    /// No cluster count gives every cluster `min_share` of the customers: the highest
    /// silhouette overall.
    NoneLargeEnough {
        /// The k.
        k: usize,
        /// Its silhouette (`None`: undefined).
        silhouette: Option<f64>,
        /// The smallest share a cluster should hold.
        min_share: f64,
    },
    /// A Gaussian mixture with one k asked for.
    BicAskedFor {
        /// The k.
        k: usize,
        /// Its BIC (`None`: not computed).
        bic: Option<f64>,
        /// Its mean log-likelihood per customer.
        log_likelihood: Option<f64>,
    },
    /// Gaussian mixtures: the lowest BIC of the range.
    LowestBic {
        /// The k.
        k: usize,
        /// Its BIC (`None`: not computed).
        bic: Option<f64>,
        /// Its mean log-likelihood per customer.
        log_likelihood: Option<f64>,
        /// The first k of the range.
        first: usize,
        /// The last k of the range.
        last: usize,
        /// The k with the next lowest BIC and how much higher it is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        runner_up: Option<RunnerUp>,
        /// The lowest BIC is at the end of the range (a wider range may go lower).
        at_range_end: bool,
        /// The share of its smallest cluster, when below the smallest share wanted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        small_share: Option<f64>,
    },
    /// DBSCAN finds the number of clusters itself.
    Dbscan {
        /// Dense clusters found.
        clusters: usize,
        /// The radius.
        eps: f64,
        /// Customers within eps that make a core customer.
        min_samples: usize,
        /// Customers in no dense cluster.
        noise: usize,
        /// Customers clustered or noise.
        customers: usize,
    },
}

/// A k that scores higher but whose smallest cluster is too small.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmallerClusterK {
    /// The k.
    pub k: usize,
    /// Its silhouette (`None`: undefined).
    pub silhouette: Option<f64>,
    /// The share of its smallest cluster.
    pub smallest_share: f64,
}

/// The runner-up of a BIC sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunnerUp {
    /// The k.
    pub k: usize,
    /// How much higher its BIC is.
    pub bic_gap: f64,
}

/// A silhouette as the reasons show it: three decimals, or `undefined`.
fn silhouette_text(s: Option<f64>) -> String {
    s.map_or("undefined".to_owned(), |s| format!("{s:.3}"))
}

/// A share as the reasons show it: `2.0%`.
fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The command line's words.
impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::NoneFitted => f.write_str("no k was fitted."),
            Reason::AskedFor { k } => write!(f, "k = {k} was asked for."),
            Reason::BestSilhouette {
                k,
                silhouette,
                eligible,
                fitted,
                min_share,
                higher,
            } => {
                write!(
                    f,
                    "k = {k}: the highest silhouette ({}) among the {eligible} of {fitted} \
                     cluster counts whose smallest cluster holds at least {} of the customers",
                    silhouette_text(*silhouette),
                    pct(*min_share)
                )?;
                if let Some(h) = higher {
                    write!(
                        f,
                        "; k = {} scores higher ({}) but its smallest cluster holds only {}",
                        h.k,
                        silhouette_text(h.silhouette),
                        pct(h.smallest_share)
                    )?;
                }
                f.write_str(".")
            }
            Reason::NoneLargeEnough {
                k,
                silhouette,
                min_share,
            } => write!(
                f,
                "k = {k}: the highest silhouette ({}); no k gives every cluster at least {} of \
                 the customers, so expect some very small clusters.",
                silhouette_text(*silhouette),
                pct(*min_share)
            ),
            Reason::BicAskedFor {
                k,
                bic,
                log_likelihood,
            } => write!(
                f,
                "k = {k} was asked for (BIC {:.1}{}).",
                bic.unwrap_or(f64::INFINITY),
                log_likelihood_text(*log_likelihood)
            ),
            Reason::LowestBic {
                k,
                bic,
                log_likelihood,
                first,
                last,
                runner_up,
                at_range_end,
                small_share,
            } => {
                write!(
                    f,
                    "k = {k}: the lowest BIC ({:.1}{}) of k = {first}..={last}. BIC rewards how \
                     well the mixture explains the customers and charges ln(n) for every extra \
                     parameter, so a larger k must earn its extra components",
                    bic.unwrap_or(f64::INFINITY),
                    log_likelihood_text(*log_likelihood)
                )?;
                if let Some(r) = runner_up {
                    write!(
                        f,
                        "; the runner-up, k = {}, is {:.1} higher",
                        r.k, r.bic_gap
                    )?;
                }
                if *at_range_end {
                    f.write_str(
                        "; the lowest BIC is at the end of the range, so a wider range may go \
                         lower",
                    )?;
                }
                if let Some(share) = small_share {
                    write!(
                        f,
                        "; note that its smallest cluster holds only {:.1}% of the customers",
                        100.0 * share
                    )?;
                }
                f.write_str(".")
            }
            Reason::Dbscan {
                clusters,
                eps,
                min_samples,
                noise,
                customers,
            } => write!(
                f,
                "DBSCAN finds the number of clusters itself: with eps = {eps} and min_samples = \
                 {min_samples} it found {clusters} dense cluster{} and {noise} noise customer{} \
                 ({:.1}%), shown as their own group; no sweep over k applies. Quality scores \
                 cover the clustered customers only.",
                if *clusters == 1 { "" } else { "s" },
                if *noise == 1 { "" } else { "s" },
                100.0 * *noise as f64 / *customers as f64
            ),
        }
    }
}

/// `, mean log-likelihood -1.234 per customer`, or nothing.
fn log_likelihood_text(l: Option<f64>) -> String {
    l.map_or(String::new(), |l| {
        format!(", mean log-likelihood {l:.3} per customer")
    })
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
