//! Customer clusters: k-means on scaled RFM features, a guided choice of k, profiles in words.
//!
//! # Steps
//! 1. **Features** ([`features`]): per customer, the RFM metrics of DESIGN §4 (`recency_days`,
//!    `frequency`, `monetary`) plus any numeric per-customer column the caller adds
//!    ([`Feature::extra`]). Each goes through its transforms in order; the default is
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
//! `bench/results/cluster.md` (`bench/cluster/run.sh`). For the same dependency reason
//! [`DbscanParams`] is an own implementation too (sklearn's labelling, point for point);
//! Gaussian mixtures are not offered yet.
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

mod dbscan;
mod error;
pub mod features;
mod kmeans;
pub mod metrics;
pub mod pca;
mod profile;
mod rng;

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

pub use dbscan::{DbscanFit, DbscanParams};
pub use error::ClusterError;
pub use features::{Feature, FeatureMatrix, Matrix, Source, Transform};
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

/// Parameters of a clustering; a consuming builder, checked before anything runs.
///
/// `ClusterParams::new().k(4).n_init(10).seed(0)`, or `.k_range(2..=8)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterParams {
    /// The feature columns (default: recency_days, frequency, monetary, each log1p → z-score).
    pub features: Vec<Feature>,
    /// Fixed k or a range (default 2..=10).
    pub k: KChoice,
    /// k-means++ starts per k (default 10).
    pub n_init: usize,
    /// Lloyd iterations per start at most (default 300).
    pub max_iter: usize,
    /// Relative tolerance on the centre shift (default 1e-4).
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

impl ClusterParams {
    /// The defaults of DESIGN §4.
    pub fn new() -> Self {
        Self {
            features: vec![
                Feature::recency_days(),
                Feature::frequency(),
                Feature::monetary(),
            ],
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

    /// Set the k-means++ starts per k.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Set the iteration cap.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Set the relative tolerance.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Set the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
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
}

/// The recommended k and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The recommended number of clusters.
    pub k: usize,
    /// The reason in words.
    pub reason: String,
}

/// The result of [`analyse`] (JSON keys of DESIGN §5 plus profiles, PCA, recommendation).
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

/// Cluster the customers of `t`: features, sweep, recommendation, report.
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
    let x = &fm.scaled;
    let points = sweep(x, params)?;
    let rows: Vec<SweepRow> = points.iter().map(|p| p.row.clone()).collect();
    let mut warnings = Vec::new();
    if let KChoice::Range { end, .. } = params.k {
        let last_k = rows.last().map_or(0, |r| r.k);
        if last_k < end {
            warnings.push(format!(
                "only {last_k} customers have distinct feature values, so the sweep stops at \
                 k = {last_k} instead of {end}"
            ));
        }
    }
    let recommendation = recommend(&rows, params.min_cluster_share);
    let chosen = points
        .into_iter()
        .find(|p| p.row.k == recommendation.k)
        .expect("the recommendation is one of the rows");
    let k = chosen.row.k;
    let fit = chosen.fit;
    // Renumber clusters by size, largest first (ties: lower original number).
    let mut size = vec![0usize; k];
    fit.labels.iter().for_each(|&l| size[l as usize] += 1);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    let mut new_label = vec![0u32; k];
    for (new, &old) in order.iter().enumerate() {
        new_label[old] = new as u32;
    }
    let labels: Vec<u32> = fit.labels.iter().map(|&l| new_label[l as usize]).collect();
    let centroids = order
        .iter()
        .map(|&c| fit.centroids.row(c).to_vec())
        .collect();
    if size.contains(&0) {
        warnings.push(format!(
            "k-means left {} of the {k} clusters empty (too many identical customers)",
            size.iter().filter(|&&s| s == 0).count()
        ));
    }
    if !fit.converged {
        warnings.push(format!(
            "k-means stopped after max_iter = {} iterations without converging",
            params.max_iter
        ));
    }
    let raw_rows: Vec<&[f64]> = (0..fm.raw.rows()).map(|i| fm.raw.row(i)).collect();
    let profiles = profile::profiles(&m, &labels, k, &raw_rows);
    let assignments = fm
        .customer
        .iter()
        .zip(&labels)
        .map(|(&c, &cluster)| Assignment {
            customer_id: t.customer_ids.name(c).to_owned(),
            cluster,
        })
        .collect();
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
        pca: pca::pca2(x),
        n_iter: fit.n_iter,
        converged: fit.converged,
        reference_date: format_day(reference_day),
        warnings,
    })
}
