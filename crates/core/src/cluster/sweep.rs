//! Fitting every k of a sweep and scoring each fit.

use super::{
    ClusterError, ClusterParams, GmmFit, GmmOptions, KMeansFit, Matrix, SweepRow,
    calinski_harabasz_score, davies_bouldin_score, metrics,
};

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
    let end = (*ks.end()).min(distinct);
    let fits = params.kmeans(start).fits(x, start, end, distinct)?;
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
pub(super) fn within_ss(x: &Matrix, labels: &[u32], k: usize) -> f64 {
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
