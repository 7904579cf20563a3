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
//!    Then, beyond sklearn, the winner is **polished** (Lloyd to a fixed point, Hartigan's
//!    single-point moves, Lloyd again) and improved by **centre swaps** (the cheapest centre
//!    to remove is replaced by a greedy k-means++ draw; kept when the inertia drops), and in a
//!    sweep the fits of **neighbouring k** improve each other (k − 1 plus a centre, k + 1
//!    minus each centre; up to 3 rounds) — see [`KMeansParams::fit`]. Each step only lowers
//!    the inertia. Measured against sklearn's `KMeans(n_init=10)` over 20 random states on
//!    nine data sets and k = 2..=10: at or below its median in 80 of 81 cases, the other
//!    +0.09% (tests/it/cluster_quality.rs).
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

mod analyse;
pub mod columns;
mod dbscan;
mod error;
pub mod features;
mod gmm;
mod kmeans;
pub mod metrics;
mod params;
pub mod pca;
mod profile;
mod recommend;
mod report;
pub(crate) mod rng;
mod sweep;

pub use analyse::analyse;
pub use columns::{ColumnChoice, ColumnsSummary, Coverage, CustomerColumns};
pub use dbscan::{DbscanFit, DbscanParams};
pub use error::ClusterError;
pub use features::{Feature, FeatureMatrix, Matrix, Source, Transform};
pub use gmm::{Covariance, GmmFit, GmmInit, GmmOptions, GmmParams};
pub use kmeans::{KMeansFit, KMeansParams};
pub use metrics::{calinski_harabasz_score, davies_bouldin_score, silhouette_score};
pub use params::{ClusterParams, KChoice, Method};
pub use pca::Pca;
pub use profile::{ClusterKind, ClusterName, ClusterProfile, Frequency, Recency, Spend};
pub use recommend::{recommend, recommend_by_bic};
pub use report::{
    Assignment, ClusterReport, DbscanSummary, GmmSummary, Reason, Recommendation, RunnerUp,
    SmallerClusterK, SweepRow,
};
pub use sweep::{GmmSweepPoint, SweepPoint, gmm_sweep, sweep};
