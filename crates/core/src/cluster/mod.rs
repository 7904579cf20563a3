//! Customer clusters: k-means on scaled RFM features, a guided choice of k, profiles in words;
//! DBSCAN and Gaussian mixtures as alternatives ([`Method`]).
//!
//! # Steps
//! 1. **Features** ([`features`]): per customer, the RFM metrics of docs/definitions.md §4.2 (`recency_days`,
//!    `frequency`, `monetary`) plus any numeric per-customer column the caller adds
//!    ([`Feature::extra`]; from a second file of per-customer columns, [`columns`]). Each
//!    goes through its transforms in order; the default is
//!    `log1p` then z-score with the population standard deviation (sklearn's
//!    `StandardScaler`). `log1p` of a value ≤ −1 — possible for `monetary` under the "net
//!    returns" policy — is a [`ClusterError::Log1pDomain`] naming the customer, never a NaN;
//!    [`Transform::SignedLog1p`] (`sign(x)·log1p(|x|)`) is the documented alternative.
//! 2. **k-means** ([`KMeansParams`]) for each k of the sweep (default k = 2..=10), exactly
//!    scikit-learn's algorithm: greedy k-means++ seeding (Arthur & Vassilvitskii 2007; each
//!    centre is the best of `2 + ⌊ln k⌋` candidates drawn ∝ D²), then Lloyd iterations (with
//!    Hamerly's bounds to skip provably unchanged points — the same labels as plain Lloyd) until
//!    the labels stop changing or the summed squared centre shift is at most `tol × mean
//!    feature variance` (`tol` 1e-4), at most `max_iter` (300) iterations; an empty cluster
//!    takes the point farthest from its centre. `n_init` (10) starts, the lowest inertia
//!    wins. `inertia` = sum of squared distances to the nearest centroid in the scaled space.
//!    Like sklearn's, the result is a local optimum: on Online Retail at k = 8 about one seed
//!    in five ends ~0.25% above the best known inertia (tests/reference/cluster/VERSIONS).
//! 3. **Quality per k** ([`metrics`], defined exactly as `sklearn.metrics`): silhouette
//!    (exact up to `silhouette_sample` = 10,000 customers, else on a seeded random sample of
//!    that size, as `silhouette_score(sample_size=…)`), Davies–Bouldin, Calinski–Harabasz.
//! 4. **Recommended k**: the k with the highest silhouette among those whose smallest cluster
//!    holds at least `min_cluster_share` (2%) of the customers — a split that isolates a
//!    handful of outliers is not a segmentation; ties go to the smaller k. If no k qualifies,
//!    the best silhouette overall, and the reason says so. The reason is given in words.
//! 5. **Report** at the recommended (or fixed) k: clusters renumbered by size (largest is 0),
//!    profiles in original units (size, share, revenue, median R/F/M) named in words by where
//!    the cluster's medians fall among all customers (thirds: "recent / lapsing / lapsed",
//!    "frequent / occasional / rare or one-time", "high / mid / low spend"), and a 2-D PCA of
//!    the scaled features for a scatter chart ([`pca`]).
//!
//! # Other methods ([`ClusterParams::method`])
//! - **DBSCAN** ([`DbscanParams`], sklearn's labelling point for point): the number of
//!   clusters follows from `eps` (radius in the scaled space) and `min_samples`; there is no
//!   k and no sweep (the report's recommendation says so in words, with the noise count).
//!   Clusters are numbered by size; customers in no dense region ("noise") form one extra
//!   group numbered after them (`dbscan.noise_cluster`), with its own profile named
//!   "noise (no dense group): …". Centroids, inertia and the quality scores describe the
//!   dense clusters only.
//! - **Gaussian mixture** ([`GmmParams`], EM as sklearn's `GaussianMixture`, full or diagonal
//!   covariances): each k of the sweep is fitted and its hard labelling (most responsible
//!   component) scored like a k-means one, plus BIC, AIC and the mean log-likelihood; the
//!   recommended k has the lowest BIC, with the reason in words. `inertia` is the
//!   within-cluster sum of squares of that labelling. The report's `gmm` holds the model.
//!
//! A report's JSON for k-means is unchanged by these: the `gmm`/`dbscan` objects and the
//! sweep's `bic`/`aic`/`log_likelihood` appear only for their method.
//!
//! # Determinism
//! The same file and parameters give the same clusters natively and in wasm: the generator is
//! a seeded xoshiro256** (no OS entropy, no `rand`/`getrandom`), every sum runs in a fixed
//! order, no hash-map order reaches the result, `log1p` comes from `libm` (not the platform's
//! maths library), and PCA uses only `+ − × ÷ √`.
//!
//! # Cost
//! k-means++: `O(n k d log k)` per start; Lloyd: `O(n k d)` per iteration at worst, `O(n d)`
//! for the points the bounds settle. The silhouette is `O(s² d)` for `s = min(n, 10,000)`,
//! computed once for all k of a sweep (every pairwise distance is shared by all labellings),
//! with `s × Σk` accumulators up to 32 MB and point by point (`O(Σk)` memory, each distance
//! computed twice) above; Davies–Bouldin and Calinski–Harabasz are `O(n d)`.
//!
//! # Why an own kernel, not linfa-clustering
//! Measured, not assumed (2026-11-23, the shared 2-core build machine, same load for all, the
//! 4,338 × 3 Online Retail matrix, k = 2..=10 with 10 starts each, tol 1e-4):
//!
//! | implementation | k-means sweep |
//! |---|---|
//! | linfa-clustering 0.8.1 (ndarray 0.16, rayon threads, `params_with_rng(k, Xoshiro256Plus)`, `n_runs(10)`) | 1.80–2.04 s |
//! | this kernel, one thread (`examples/cluster_sweep.rs`), same runs | 0.39–0.41 s |
//! | this kernel, quieter machine | 0.27 s |
//! | scikit-learn 1.9.1 `KMeans(n_init=10)`, OpenMP on both cores, quieter machine | 0.27 s |
//! | scikit-learn 1.9.1, `OMP_NUM_THREADS=1`, loaded machine | 0.44–0.62 s |
//!
//! So linfa is about 5× slower natively (and would be single-threaded in wasm), and it pulls
//! about 65 crates into core, including `rand` 0.8 and `getrandom` 0.2, which on
//! `wasm32-unknown-unknown` needs the "js" feature — a web crate core must never depend on.
//! The own kernel is greedy k-means++ plus Lloyd with Hamerly's bounds (on this data only 18%
//! of the point visits need a scan over all k centres), no threads, no SIMD intrinsics, no
//! allocation inside the iterations: wasm-friendly. Side-by-side numbers against
//! scikit-learn, with the whole sweep including the quality scores:
//! `bench/results/cluster.md` (`bash bench/run.sh --only cluster`). For the same dependency reason
//! [`DbscanParams`] and [`GmmParams`] are own implementations too (sklearn's labelling point
//! for point; EM matching sklearn's to 1e-6 from the same start — see the `gmm` module docs
//! for the linfa check).
//!
//! # References
//! Lloyd (1982), "Least squares quantization in PCM"; Arthur & Vassilvitskii (2007),
//! "k-means++: the advantages of careful seeding"; Hamerly (2010), "Making k-means even
//! faster"; Rousseeuw (1987) for the silhouette;
//! Davies & Bouldin (1979); Caliński & Harabasz (1974); scikit-learn's `KMeans` and
//! `sklearn.metrics` (1.x) for the exact conventions matched here.
//!
//! # Example
//! ```
//! use segmint_core::Transactions;
//! use segmint_core::cluster::{ClusterParams, analyse};
//! let mut t = Transactions::default();
//! for (c, day, amount) in [("a", 1, 10.0), ("b", 2, 12.0), ("c", 300, 900.0), ("d", 301, 950.0),
//!                          ("e", 3, 11.0), ("f", 299, 990.0)] {
//!     t.push(Some(c), Some(&format!("o{c}")), None, day, amount);
//! }
//! let report = analyse(&t, &ClusterParams::new().k(2).seed(42)).unwrap();
//! assert_eq!(report.k, 2);
//! let cluster_of = |id: &str| report.assignments.iter().find(|a| a.customer_id == id).unwrap().cluster;
//! assert_eq!(cluster_of("a"), cluster_of("b"));
//! assert_ne!(cluster_of("a"), cluster_of("c"));
//! assert_eq!(report.profiles[0].customers, 3);
//! ```

/// The builder setters every restartable fit shares (k-means, Gaussian mixture, and the k-means
/// settings of [`ClusterParams`]), defined once so their wording and checks cannot drift
/// apart: `restart_setters!(Type { path.to.n_init, max_iter, tol, seed })`.
macro_rules! restart_setters {
    ($ty:ty { $($n_init:ident).+, $($max_iter:ident).+, $($tol:ident).+, $($seed:ident).+ }) => {
        impl $ty {
            /// Set the number of independent starts; the best fit is kept.
            pub fn n_init(mut self, n_init: usize) -> Self {
                self.$($n_init).+ = n_init;
                self
            }

            /// Set the iteration cap per start.
            pub fn max_iter(mut self, max_iter: usize) -> Self {
                self.$($max_iter).+ = max_iter;
                self
            }

            /// Set the convergence tolerance.
            pub fn tol(mut self, tol: f64) -> Self {
                self.$($tol).+ = tol;
                self
            }

            /// Set the seed of every random choice (same seed and data, same result).
            pub fn seed(mut self, seed: u64) -> Self {
                self.$($seed).+ = seed;
                self
            }
        }
    };
}

pub mod columns;
mod dbscan;
mod error;
pub mod features;
mod gmm;
mod kmeans;
pub mod metrics;
pub mod pca;
mod profile;
pub(crate) mod rng;

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

pub use columns::{ColumnChoice, ColumnsSummary, Coverage, CustomerColumns};
pub use dbscan::{DbscanFit, DbscanParams};
pub use error::ClusterError;
pub use features::{Feature, FeatureMatrix, Matrix, Source, Transform};
pub use gmm::{Covariance, GmmFit, GmmInit, GmmOptions, GmmParams};
pub use kmeans::{KMeansFit, KMeansParams};
pub use metrics::{calinski_harabasz_score, davies_bouldin_score, silhouette_score};
pub use pca::Pca;
pub use profile::ClusterProfile;

use crate::rfm::{Monetary, RfmError, format_day, metrics as rfm_metrics};
use crate::table::{NO_ID, Transactions};

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
    fn ks(&self) -> RangeInclusive<usize> {
        match self.k {
            KChoice::Fixed(k) => k..=k,
            KChoice::Range { start, end } => start..=end,
        }
    }

    fn gmm_params(&self, k: usize, options: &GmmOptions) -> GmmParams {
        GmmParams::with_options(k, options.clone()).seed(self.seed)
    }

    fn kmeans(&self, k: usize) -> KMeansParams {
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

/// The result of [`analyse`] (JSON keys of docs/definitions.md §5 plus profiles, PCA, recommendation).
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

/// One k of a sweep: the fit and its quality row.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    /// The best fit for this k.
    pub fit: KMeansFit,
    /// Its quality.
    pub row: SweepRow,
}

/// Fit every k of `params`' k choice on `x` and score each fit. The k values above the
/// number of distinct rows are skipped (an error if that leaves none).
pub fn sweep(x: &Matrix, params: &ClusterParams) -> Result<Vec<SweepPoint>, ClusterError> {
    params.check()?;
    let ks = params.ks();
    let distinct = x.distinct_rows();
    let start = *ks.start();
    params.kmeans(start).check_data(x)?;
    if start > distinct {
        return Err(ClusterError::TooFewDistinct { distinct, k: start });
    }
    let fits = ks
        .take_while(|&k| k <= distinct)
        .map(|k| params.kmeans(k).fit(x))
        .collect::<Result<Vec<_>, _>>()?;
    let labellings: Vec<&[u32]> = fits.iter().map(|f| f.labels.as_slice()).collect();
    let silhouettes =
        metrics::silhouette_sweep(x, &labellings, params.silhouette_sample, params.seed);
    let n = x.rows() as f64;
    fits.into_iter()
        .zip(silhouettes)
        .map(|(fit, silhouette)| {
            let k = fit.centroids.rows();
            let mut size = vec![0usize; k];
            fit.labels.iter().for_each(|&l| size[l as usize] += 1);
            let row = SweepRow {
                k,
                inertia: fit.inertia,
                silhouette,
                davies_bouldin: davies_bouldin_score(x, &fit.labels)?,
                calinski_harabasz: calinski_harabasz_score(x, &fit.labels)?,
                smallest_share: size.iter().copied().min().unwrap_or(0) as f64 / n,
                bic: None,
                aic: None,
                log_likelihood: None,
            };
            Ok(SweepPoint { fit, row })
        })
        .collect()
}

/// The recommendation rule of the module docs over `rows` (k = 0 when `rows` is empty).
pub fn recommend(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let better = |a: &&SweepRow, b: &&SweepRow| {
        let s = |r: &SweepRow| r.silhouette.unwrap_or(f64::NEG_INFINITY);
        // max_by keeps the last maximum; reversing k makes ties go to the smaller k.
        s(a).total_cmp(&s(b)).then(b.k.cmp(&a.k))
    };
    if rows.is_empty() {
        return Recommendation {
            k: 0,
            reason: "no k was fitted.".to_owned(),
        };
    }
    if let [only] = rows {
        return Recommendation {
            k: only.k,
            reason: format!("k = {} was asked for.", only.k),
        };
    }
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let sil = |r: &SweepRow| {
        r.silhouette
            .map_or("undefined".to_owned(), |s| format!("{s:.3}"))
    };
    let eligible: Vec<&SweepRow> = rows
        .iter()
        .filter(|r| r.smallest_share >= min_share)
        .collect();
    let overall = rows.iter().max_by(better).expect("a sweep has rows");
    match eligible.iter().copied().max_by(better) {
        Some(best) => {
            let mut reason = format!(
                "k = {}: the highest silhouette ({}) among the {} of {} cluster counts whose \
                 smallest cluster holds at least {} of the customers",
                best.k,
                sil(best),
                eligible.len(),
                rows.len(),
                pct(min_share)
            );
            if overall.k != best.k {
                reason.push_str(&format!(
                    "; k = {} scores higher ({}) but its smallest cluster holds only {}",
                    overall.k,
                    sil(overall),
                    pct(overall.smallest_share)
                ));
            }
            reason.push('.');
            Recommendation { k: best.k, reason }
        }
        None => Recommendation {
            k: overall.k,
            reason: format!(
                "k = {}: the highest silhouette ({}); no k gives every cluster at least {} of \
                 the customers, so expect some very small clusters.",
                overall.k,
                sil(overall),
                pct(min_share)
            ),
        },
    }
}

/// One k of a Gaussian-mixture sweep: the fit and its quality row.
#[derive(Clone, Debug, PartialEq)]
pub struct GmmSweepPoint {
    /// The best fit for this k.
    pub fit: GmmFit,
    /// Its quality (with `bic`, `aic` and `log_likelihood`).
    pub row: SweepRow,
}

/// Fit a Gaussian mixture for every k of `params`' k choice on `x` and score each fit's hard
/// labelling like a k-means one. `inertia` is the within-cluster sum of squares of the
/// labelling (squared distances to each cluster's member mean). The k values above the number
/// of distinct rows are skipped (an error if that leaves none).
pub fn gmm_sweep(
    x: &Matrix,
    params: &ClusterParams,
    options: &GmmOptions,
) -> Result<Vec<GmmSweepPoint>, ClusterError> {
    params.check()?;
    options.check()?;
    let ks = params.ks();
    let distinct = x.distinct_rows();
    let start = *ks.start();
    params.gmm_params(start, options).check_data(x)?;
    if start > distinct {
        return Err(ClusterError::TooFewDistinct { distinct, k: start });
    }
    let fits = ks
        .take_while(|&k| k <= distinct)
        .map(|k| params.gmm_params(k, options).fit(x))
        .collect::<Result<Vec<_>, _>>()?;
    let labellings: Vec<&[u32]> = fits.iter().map(|f| f.labels.as_slice()).collect();
    let silhouettes =
        metrics::silhouette_sweep(x, &labellings, params.silhouette_sample, params.seed);
    let n = x.rows() as f64;
    fits.into_iter()
        .zip(silhouettes)
        .map(|(fit, silhouette)| {
            let k = fit.weights.len();
            let mut size = vec![0usize; k];
            fit.labels.iter().for_each(|&l| size[l as usize] += 1);
            let row = SweepRow {
                k,
                inertia: within_ss(x, &fit.labels, k),
                silhouette,
                davies_bouldin: davies_bouldin_score(x, &fit.labels)?,
                calinski_harabasz: calinski_harabasz_score(x, &fit.labels)?,
                smallest_share: size.iter().copied().min().unwrap_or(0) as f64 / n,
                bic: Some(fit.bic),
                aic: Some(fit.aic),
                log_likelihood: Some(fit.log_likelihood),
            };
            Ok(GmmSweepPoint { fit, row })
        })
        .collect()
}

/// Sum of squared distances of the points to their cluster's mean (labels in `0..k`).
fn within_ss(x: &Matrix, labels: &[u32], k: usize) -> f64 {
    let d = x.cols();
    let mut sums = vec![0.0; k * d];
    let mut counts = vec![0usize; k];
    for (i, &l) in labels.iter().enumerate() {
        let l = l as usize;
        counts[l] += 1;
        sums[l * d..(l + 1) * d]
            .iter_mut()
            .zip(x.row(i))
            .for_each(|(s, v)| *s += v);
    }
    for (c, &count) in counts.iter().enumerate() {
        if count > 0 {
            sums[c * d..(c + 1) * d]
                .iter_mut()
                .for_each(|s| *s /= count as f64);
        }
    }
    labels
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            let l = l as usize;
            x.row(i)
                .iter()
                .zip(&sums[l * d..(l + 1) * d])
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
        })
        .sum()
}

/// The BIC rule for Gaussian mixtures: the lowest BIC wins (ties: the smaller k), with the
/// reason in words (k = 0 when `rows` is empty).
pub fn recommend_by_bic(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let bic = |r: &SweepRow| r.bic.unwrap_or(f64::INFINITY);
    let Some(best) = rows
        .iter()
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
    else {
        return Recommendation {
            k: 0,
            reason: "no k was fitted.".to_owned(),
        };
    };
    let ll = best.log_likelihood.map_or(String::new(), |l| {
        format!(", mean log-likelihood {l:.3} per customer")
    });
    if rows.len() == 1 {
        return Recommendation {
            k: best.k,
            reason: format!("k = {} was asked for (BIC {:.1}{ll}).", best.k, bic(best)),
        };
    }
    let mut reason = format!(
        "k = {}: the lowest BIC ({:.1}{ll}) of k = {}..={}. BIC rewards how well the mixture \
         explains the customers and charges ln(n) for every extra parameter, so a larger k \
         must earn its extra components",
        best.k,
        bic(best),
        rows[0].k,
        rows[rows.len() - 1].k
    );
    if let Some(next) = rows
        .iter()
        .filter(|r| r.k != best.k)
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
    {
        reason.push_str(&format!(
            "; the runner-up, k = {}, is {:.1} higher",
            next.k,
            bic(next) - bic(best)
        ));
    }
    if best.k == rows[rows.len() - 1].k {
        reason
            .push_str("; the lowest BIC is at the end of the range, so a wider range may go lower");
    }
    if best.smallest_share < min_share {
        reason.push_str(&format!(
            "; note that its smallest cluster holds only {:.1}% of the customers",
            100.0 * best.smallest_share
        ));
    }
    reason.push('.');
    Recommendation { k: best.k, reason }
}

/// Cluster the customers of `t`: features, then the chosen method (k-means or a Gaussian
/// mixture: sweep, recommendation; DBSCAN: one labelling), then the report.
pub fn analyse(t: &Transactions, params: &ClusterParams) -> Result<ClusterReport, ClusterError> {
    params.check()?;
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .ok_or(ClusterError::NoCustomers)?;
    let reference_day = params.reference_day.unwrap_or(last + 1);
    if reference_day < last {
        return Err(RfmError::ReferenceTooEarly {
            reference: format_day(reference_day),
            last: format_day(last),
        }
        .into());
    }
    let m = rfm_metrics(t, reference_day, params.monetary, None);
    let fm = features::build(&m, &t.customer_ids, &params.features)?;
    let input = Input {
        t,
        m: &m,
        fm: &fm,
        reference_day,
    };
    match &params.method {
        Method::KMeans => analyse_kmeans(&input, params),
        Method::Gmm(options) => analyse_gmm(&input, params, options),
        Method::Dbscan(dbscan) => analyse_dbscan(&input, params, dbscan),
    }
}

/// What every method's report is built from.
struct Input<'a> {
    t: &'a Transactions,
    m: &'a crate::rfm::Metrics,
    fm: &'a FeatureMatrix,
    reference_day: i32,
}

/// A labelling renumbered for the report: `groups` groups, largest first.
struct Grouped {
    labels: Vec<u32>,
    /// Per new number, the old one.
    order: Vec<usize>,
    size: Vec<usize>,
}

/// Renumber `labels` in `0..k` by size, largest first (ties: lower original number).
fn by_size(labels: &[u32], k: usize) -> Grouped {
    let mut size = vec![0usize; k];
    labels.iter().for_each(|&l| size[l as usize] += 1);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    let mut new_label = vec![0u32; k];
    for (new, &old) in order.iter().enumerate() {
        new_label[old] = new as u32;
    }
    Grouped {
        labels: labels.iter().map(|&l| new_label[l as usize]).collect(),
        size: order.iter().map(|&o| size[o]).collect(),
        order,
    }
}

/// The sweep's range warning (a sweep cut short by too few distinct customers).
fn range_warning(params: &ClusterParams, rows: &[SweepRow], warnings: &mut Vec<String>) {
    if let KChoice::Range { end, .. } = params.k {
        let last_k = rows.last().map_or(0, |r| r.k);
        if last_k < end {
            warnings.push(format!(
                "only {last_k} customers have distinct feature values, so the sweep stops at \
                 k = {last_k} instead of {end}"
            ));
        }
    }
}

/// The parts every report shares: profiles, assignments and the PCA.
fn report_base(
    input: &Input<'_>,
    labels: &[u32],
    groups: usize,
) -> (Vec<ClusterProfile>, Vec<Assignment>, Pca) {
    let fm = input.fm;
    let raw_rows: Vec<&[f64]> = (0..fm.raw.rows()).map(|i| fm.raw.row(i)).collect();
    let profiles = profile::profiles(input.m, labels, groups, &raw_rows);
    let assignments = fm
        .customer
        .iter()
        .zip(labels)
        .map(|(&c, &cluster)| Assignment {
            customer_id: input.t.customer_ids.name(c).to_owned(),
            cluster,
        })
        .collect();
    (profiles, assignments, pca::pca2(&fm.scaled))
}

fn analyse_kmeans(
    input: &Input<'_>,
    params: &ClusterParams,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let points = sweep(x, params)?;
    let rows: Vec<SweepRow> = points.iter().map(|p| p.row.clone()).collect();
    let mut warnings = Vec::new();
    range_warning(params, &rows, &mut warnings);
    let recommendation = recommend(&rows, params.min_cluster_share);
    let chosen = points
        .into_iter()
        .find(|p| p.row.k == recommendation.k)
        .expect("the recommendation is one of the rows");
    let k = chosen.row.k;
    let fit = chosen.fit;
    let g = by_size(&fit.labels, k);
    let centroids = g
        .order
        .iter()
        .map(|&c| fit.centroids.row(c).to_vec())
        .collect();
    if g.size.contains(&0) {
        warnings.push(format!(
            "k-means left {} of the {k} clusters empty (too many identical customers)",
            g.size.iter().filter(|&&s| s == 0).count()
        ));
    }
    if !fit.converged {
        warnings.push(format!(
            "k-means stopped after max_iter = {} iterations without converging",
            params.max_iter
        ));
    }
    let (profiles, assignments, pca) = report_base(input, &g.labels, k);
    Ok(ClusterReport {
        k,
        inertia: fit.inertia,
        silhouette: chosen.row.silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: rows,
        recommendation,
        profiles,
        pca,
        n_iter: fit.n_iter,
        converged: fit.converged,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: None,
        dbscan: None,
    })
}

fn analyse_gmm(
    input: &Input<'_>,
    params: &ClusterParams,
    options: &GmmOptions,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let points = gmm_sweep(x, params, options)?;
    let rows: Vec<SweepRow> = points.iter().map(|p| p.row.clone()).collect();
    let mut warnings = Vec::new();
    range_warning(params, &rows, &mut warnings);
    let recommendation = recommend_by_bic(&rows, params.min_cluster_share);
    let chosen = points
        .into_iter()
        .find(|p| p.row.k == recommendation.k)
        .expect("the recommendation is one of the rows");
    let k = chosen.row.k;
    let fit = chosen.fit;
    let g = by_size(&fit.labels, k);
    let centroids = g.order.iter().map(|&c| fit.means.row(c).to_vec()).collect();
    let empty = g.size.iter().filter(|&&s| s == 0).count();
    if empty > 0 {
        warnings.push(format!(
            "{empty} of the {k} mixture components is the most likely one for no customer; \
             their profiles are empty"
        ));
    }
    if !fit.converged {
        warnings.push(format!(
            "the Gaussian mixture stopped after max_iter = {} EM iterations without \
             converging; raise max_iter or tol",
            options.max_iter
        ));
    }
    // A component squeezed onto one value of a feature (e.g. every one-time buyer has the
    // same frequency) has a near-zero variance there and an enormous likelihood: say so.
    let d = x.cols();
    let mut flat_clusters = Vec::new();
    for (new, &old) in g.order.iter().enumerate() {
        let cov = &fit.covariances[old];
        let variance = |j: usize| match options.covariance {
            Covariance::Full => cov[j * d + j],
            Covariance::Diag => cov[j],
        };
        let flat: Vec<&str> = (0..d)
            .filter(|&j| variance(j) <= 10.0 * options.reg_covar.max(1e-12))
            .map(|j| fm.names[j].as_str())
            .collect();
        if !flat.is_empty() && g.size[new] > 0 {
            flat_clusters.push(format!("{new} ({})", flat.join(", ")));
        }
    }
    if !flat_clusters.is_empty() {
        warnings.push(format!(
            "cluster{} {} (almost) no spread in the feature named — their customers share one \
             value — so the mixture's likelihood there is very high and BIC favours such \
             splits; compare with k-means before acting on them",
            if flat_clusters.len() == 1 { "" } else { "s" },
            flat_clusters.join(", ")
                + if flat_clusters.len() == 1 {
                    " has"
                } else {
                    " have"
                },
        ));
    }
    let (profiles, assignments, pca) = report_base(input, &g.labels, k);
    Ok(ClusterReport {
        k,
        inertia: chosen.row.inertia,
        silhouette: chosen.row.silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: rows,
        recommendation,
        profiles,
        pca,
        n_iter: fit.n_iter,
        converged: fit.converged,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: Some(GmmSummary {
            covariance: options.covariance,
            log_likelihood: fit.log_likelihood,
            bic: fit.bic,
            aic: fit.aic,
            n_parameters: fit.n_parameters,
            weights: g.order.iter().map(|&c| fit.weights[c]).collect(),
            covariances: g
                .order
                .iter()
                .map(|&c| fit.covariances[c].clone())
                .collect(),
        }),
        dbscan: None,
    })
}

fn analyse_dbscan(
    input: &Input<'_>,
    params: &ClusterParams,
    dbscan: &DbscanParams,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let fit = dbscan.fit(x)?;
    let clusters = fit.n_clusters;
    let noise = fit.labels.iter().filter(|l| l.is_none()).count();
    let n = x.rows();
    // Dense clusters by size, largest first; the noise after them as its own group.
    let dense: Vec<usize> = (0..n).filter(|&i| fit.labels[i].is_some()).collect();
    let dense_labels: Vec<u32> = dense.iter().filter_map(|&i| fit.labels[i]).collect();
    let g = by_size(&dense_labels, clusters);
    let mut labels = vec![clusters as u32; n];
    for (&i, &l) in dense.iter().zip(&g.labels) {
        labels[i] = l;
    }
    let groups = clusters + usize::from(noise > 0);
    // Quality scores of the dense clusters alone: noise is not a cluster.
    let sub = x.select(&dense);
    let (silhouette, davies_bouldin, calinski_harabasz) = if clusters >= 2 {
        let s = metrics::silhouette_sweep(
            &sub,
            &[g.labels.as_slice()],
            params.silhouette_sample,
            params.seed,
        );
        (
            s[0],
            davies_bouldin_score(&sub, &g.labels)?,
            calinski_harabasz_score(&sub, &g.labels)?,
        )
    } else {
        (None, None, None)
    };
    let inertia = if clusters > 0 {
        within_ss(&sub, &g.labels, clusters)
    } else {
        0.0
    };
    let d = x.cols();
    let centroids: Vec<Vec<f64>> = (0..clusters)
        .map(|c| {
            let mut mean = vec![0.0; d];
            for (&i, &l) in dense.iter().zip(&g.labels) {
                if l as usize == c {
                    mean.iter_mut().zip(x.row(i)).for_each(|(m, v)| *m += v);
                }
            }
            mean.iter_mut().for_each(|m| *m /= g.size[c] as f64);
            mean
        })
        .collect();
    let pct = |count: usize| 100.0 * count as f64 / n as f64;
    let mut warnings = Vec::new();
    if clusters == 0 {
        warnings.push(format!(
            "DBSCAN found no dense region: every customer is noise; raise eps (now {}) or \
             lower min_samples (now {})",
            dbscan.eps, dbscan.min_samples
        ));
    } else if clusters == 1 {
        warnings.push(format!(
            "DBSCAN found a single dense cluster; lower eps (now {}) to split it",
            dbscan.eps
        ));
    }
    if pct(noise) > 25.0 {
        warnings.push(format!(
            "{:.1}% of the customers are noise; raise eps or lower min_samples to cluster more \
             of them",
            pct(noise)
        ));
    }
    let recommendation = Recommendation {
        k: clusters,
        reason: format!(
            "DBSCAN finds the number of clusters itself: with eps = {} and min_samples = {} \
             it found {clusters} dense cluster{} and {noise} noise customer{} ({:.1}%), shown \
             as their own group; no sweep over k applies. Quality scores cover the clustered \
             customers only.",
            dbscan.eps,
            dbscan.min_samples,
            if clusters == 1 { "" } else { "s" },
            if noise == 1 { "" } else { "s" },
            pct(noise)
        ),
    };
    let (mut profiles, assignments, pca) = report_base(input, &labels, groups);
    if noise > 0 {
        let p = profiles.last_mut().expect("the noise group");
        p.name = format!("noise (no dense group): {}", p.name);
    }
    Ok(ClusterReport {
        k: clusters,
        inertia,
        silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: vec![SweepRow {
            k: clusters,
            inertia,
            silhouette,
            davies_bouldin,
            calinski_harabasz,
            smallest_share: g.size.iter().copied().min().unwrap_or(0) as f64 / n as f64,
            bic: None,
            aic: None,
            log_likelihood: None,
        }],
        recommendation,
        profiles,
        pca,
        n_iter: 0,
        converged: true,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: None,
        dbscan: Some(DbscanSummary {
            eps: dbscan.eps,
            min_samples: dbscan.min_samples,
            clusters,
            noise,
            core_points: fit.core.iter().filter(|&&c| c).count(),
            noise_cluster: (noise > 0).then_some(clusters as u32),
        }),
    })
}
