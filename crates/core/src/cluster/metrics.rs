//! Cluster quality scores, defined exactly as in `sklearn.metrics`.
//!
//! Each score needs at least two and at most `n − 1` distinct labels (sklearn raises an error
//! otherwise); here that case gives `None`.

use super::rng::Rng;
use super::{ClusterError, Matrix};

/// Labels re-encoded to `0..m` in order of value (sklearn's `LabelEncoder`), and `m`.
fn encode(labels: &[u32]) -> (Vec<usize>, usize) {
    let mut present: Vec<u32> = labels.to_vec();
    present.sort_unstable();
    present.dedup();
    let codes = labels
        .iter()
        .map(|l| present.binary_search(l).expect("present"))
        .collect();
    (codes, present.len())
}

fn check(x: &Matrix, labels: &[u32]) -> Result<(), ClusterError> {
    if labels.len() != x.rows() {
        return Err(ClusterError::Labels {
            labels: labels.len(),
            rows: x.rows(),
        });
    }
    Ok(())
}

fn valid(m: usize, n: usize) -> bool {
    m >= 2 && m < n
}

/// Mean silhouette coefficient over all points (`sklearn.metrics.silhouette_score`, Euclidean):
/// per point `(b − a) / max(a, b)` with `a` the mean distance to the other members of its
/// cluster and `b` the smallest mean distance to another cluster; 0 for a point alone in its
/// cluster. `O(n² d)` time, `O(n m)` memory.
pub fn silhouette_score(x: &Matrix, labels: &[u32]) -> Result<Option<f64>, ClusterError> {
    check(x, labels)?;
    Ok(silhouette_many(x, &[labels]).pop().flatten())
}

/// The silhouette of a seeded random sample of `sample_size` points when there are more
/// (sklearn's `silhouette_score(sample_size=…)`: a random permutation's first points), of all
/// points otherwise.
pub fn silhouette_score_sampled(
    x: &Matrix,
    labels: &[u32],
    sample_size: usize,
    seed: u64,
) -> Result<Option<f64>, ClusterError> {
    check(x, labels)?;
    Ok(silhouette_sweep(x, &[labels], sample_size, seed)
        .pop()
        .flatten())
}

/// Silhouettes of several labellings of the same points, sharing the distance computations
/// (each pairwise distance is computed once for all of them).
pub(crate) fn silhouette_sweep(
    x: &Matrix,
    labellings: &[&[u32]],
    sample_size: usize,
    seed: u64,
) -> Vec<Option<f64>> {
    let n = x.rows();
    if n <= sample_size {
        return silhouette_many(x, labellings);
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(seed);
    for i in 0..sample_size {
        let j = i + rng.below(n - i);
        idx.swap(i, j);
    }
    idx.truncate(sample_size);
    idx.sort_unstable();
    let sub = x.select(&idx);
    let subs: Vec<Vec<u32>> = labellings
        .iter()
        .map(|l| idx.iter().map(|&i| l[i]).collect())
        .collect();
    let refs: Vec<&[u32]> = subs.iter().map(Vec::as_slice).collect();
    silhouette_many(&sub, &refs)
}

/// Above this many accumulator entries (`points × Σ clusters`, 32 MB of f64) the silhouette
/// works point by point in `O(Σ clusters)` memory, computing each distance twice.
const SYMMETRIC_BUDGET: usize = 1 << 22;

fn silhouette_many(x: &Matrix, labellings: &[&[u32]]) -> Vec<Option<f64>> {
    silhouette_with_budget(x, labellings, SYMMETRIC_BUDGET)
}

/// Both strategies add the distances of point `i` in the order `j = 0, 1, …` and the point
/// scores in the order `i = 0, 1, …`, so they give the same bits.
fn silhouette_with_budget(x: &Matrix, labellings: &[&[u32]], budget: usize) -> Vec<Option<f64>> {
    let n = x.rows();
    let encoded: Vec<(Vec<usize>, usize)> = labellings.iter().map(|l| encode(l)).collect();
    let mut offsets = Vec::with_capacity(encoded.len());
    let mut width = 0;
    for (_, m) in &encoded {
        offsets.push(width);
        width += m;
    }
    let sizes: Vec<Vec<usize>> = encoded
        .iter()
        .map(|(codes, m)| {
            let mut size = vec![0usize; *m];
            codes.iter().for_each(|&c| size[c] += 1);
            size
        })
        .collect();
    // slot[j * L + l]: where point j's distances go in labelling l's accumulator.
    let l_count = encoded.len();
    let mut slot = vec![0usize; n * l_count];
    for (l, ((codes, _), &off)) in encoded.iter().zip(&offsets).enumerate() {
        for (j, &c) in codes.iter().enumerate() {
            slot[j * l_count + l] = off + c;
        }
    }
    let mut totals = vec![0.0f64; l_count];
    // The score of point i from its summed distances to every cluster of every labelling.
    let score = |i: usize, row: &[f64], totals: &mut [f64]| {
        for (l, ((codes, m), &off)) in encoded.iter().zip(&offsets).enumerate() {
            let size = &sizes[l];
            let own = codes[i];
            if size[own] == 1 {
                continue;
            }
            let row = &row[off..off + m];
            let a = row[own] / (size[own] - 1) as f64;
            let b = (0..*m)
                .filter(|&c| c != own)
                .map(|c| row[c] / size[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let top = a.max(b);
            if top > 0.0 {
                totals[l] += (b - a) / top;
            }
        }
    };
    if n.saturating_mul(width) <= budget {
        // Each pair once: sums[i * width + slot]: distance from point i to a cluster.
        let mut sums = vec![0.0f64; n * width];
        for i in 0..n {
            let xi = x.row(i);
            let si = &slot[i * l_count..(i + 1) * l_count];
            for j in i + 1..n {
                let dist = sq_dist(xi, x.row(j)).sqrt();
                let sj = &slot[j * l_count..(j + 1) * l_count];
                for (&a, &b) in si.iter().zip(sj) {
                    sums[i * width + b] += dist;
                    sums[j * width + a] += dist;
                }
            }
        }
        for i in 0..n {
            score(i, &sums[i * width..(i + 1) * width], &mut totals);
        }
    } else {
        let mut row = vec![0.0f64; width];
        for i in 0..n {
            row.iter_mut().for_each(|v| *v = 0.0);
            let xi = x.row(i);
            for j in (0..n).filter(|&j| j != i) {
                let dist = sq_dist(x.row(j), xi).sqrt();
                for &s in &slot[j * l_count..(j + 1) * l_count] {
                    row[s] += dist;
                }
            }
            score(i, &row, &mut totals);
        }
    }
    encoded
        .iter()
        .zip(totals)
        .map(|((_, m), total)| valid(*m, n).then(|| total / n as f64))
        .collect()
}

#[inline]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for (x, y) in a.iter().zip(b) {
        let t = x - y;
        s += t * t;
    }
    s
}

/// Per cluster: size and mean (centroid), over the encoded labels.
fn centroids(x: &Matrix, codes: &[usize], m: usize) -> (Vec<usize>, Vec<f64>) {
    let d = x.cols();
    let mut size = vec![0usize; m];
    let mut mean = vec![0.0; m * d];
    for (i, &c) in codes.iter().enumerate() {
        size[c] += 1;
        for (s, v) in mean[c * d..(c + 1) * d].iter_mut().zip(x.row(i)) {
            *s += v;
        }
    }
    for c in 0..m {
        mean[c * d..(c + 1) * d]
            .iter_mut()
            .for_each(|v| *v /= size[c] as f64);
    }
    (size, mean)
}

/// Davies–Bouldin index (`sklearn.metrics.davies_bouldin_score`): the mean over clusters of
/// the worst `(s_i + s_j) / d(c_i, c_j)`, with `s` the mean distance of a cluster's points to
/// its centroid. Lower is better; 0 when every spread or every centroid distance is within
/// 1e-8 of 0 (numpy's `allclose`).
pub fn davies_bouldin_score(x: &Matrix, labels: &[u32]) -> Result<Option<f64>, ClusterError> {
    check(x, labels)?;
    let (codes, m) = encode(labels);
    if !valid(m, x.rows()) {
        return Ok(None);
    }
    let d = x.cols();
    let (size, mean) = centroids(x, &codes, m);
    let mut spread = vec![0.0; m];
    for (i, &c) in codes.iter().enumerate() {
        spread[c] += sq_dist(x.row(i), &mean[c * d..(c + 1) * d]).sqrt();
    }
    for c in 0..m {
        spread[c] /= size[c] as f64;
    }
    let centre = |c: usize| &mean[c * d..(c + 1) * d];
    let mut all_centre_zero = true;
    let mut worst = vec![f64::NEG_INFINITY; m];
    for i in 0..m {
        for j in 0..m {
            if i == j {
                continue;
            }
            let dist = sq_dist(centre(i), centre(j)).sqrt();
            if dist.abs() > 1e-8 {
                all_centre_zero = false;
            }
            let ratio = if dist == 0.0 {
                0.0
            } else {
                (spread[i] + spread[j]) / dist
            };
            worst[i] = worst[i].max(ratio);
        }
    }
    // numpy's `allclose(…, 0)`: within 1e-8.
    if spread.iter().all(|s| s.abs() <= 1e-8) || all_centre_zero {
        return Ok(Some(0.0));
    }
    Ok(Some(worst.iter().sum::<f64>() / m as f64))
}

/// Calinski–Harabasz index (`sklearn.metrics.calinski_harabasz_score`): between-cluster over
/// within-cluster dispersion, times `(n − m) / (m − 1)`. Higher is better; 1 when every cluster
/// is a single repeated point.
pub fn calinski_harabasz_score(x: &Matrix, labels: &[u32]) -> Result<Option<f64>, ClusterError> {
    check(x, labels)?;
    let (codes, m) = encode(labels);
    let n = x.rows();
    if !valid(m, n) {
        return Ok(None);
    }
    let d = x.cols();
    let (size, mean) = centroids(x, &codes, m);
    let mut overall = vec![0.0; d];
    for i in 0..n {
        overall.iter_mut().zip(x.row(i)).for_each(|(s, v)| *s += v);
    }
    overall.iter_mut().for_each(|v| *v /= n as f64);
    let mut within = 0.0;
    for (i, &c) in codes.iter().enumerate() {
        within += sq_dist(x.row(i), &mean[c * d..(c + 1) * d]);
    }
    let mut between = 0.0;
    for c in 0..m {
        between += size[c] as f64 * sq_dist(&mean[c * d..(c + 1) * d], &overall);
    }
    if within == 0.0 {
        return Ok(Some(1.0));
    }
    Ok(Some(between * (n - m) as f64 / (within * (m - 1) as f64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_pairs_by_hand() {
        // Points 0, 1 | 10, 12 on a line.
        let x = Matrix::from_rows(&[vec![0.0], vec![1.0], vec![10.0], vec![12.0]]).unwrap();
        let l = [0, 0, 1, 1];
        // a = 1, 1, 2, 2; b = 11, 10, 9.5, 11.5.
        let s = [
            (11.0 - 1.0) / 11.0,
            (10.0 - 1.0) / 10.0,
            (9.5 - 2.0) / 9.5,
            (11.5 - 2.0) / 11.5,
        ];
        let expected = s.iter().sum::<f64>() / 4.0;
        assert!((silhouette_score(&x, &l).unwrap().unwrap() - expected).abs() < 1e-14);
        // Spreads 0.5 and 1, centroids 0.5 and 11: DB = 1.5 / 10.5.
        let db = davies_bouldin_score(&x, &l).unwrap().unwrap();
        assert!((db - 1.5 / 10.5).abs() < 1e-15);
        // Between 2·(5.25² + 5.25²) = 110.25, within 0.5 + 2 = 2.5; × (4−2)/(2−1).
        let ch = calinski_harabasz_score(&x, &l).unwrap().unwrap();
        assert!((ch - 110.25 * 2.0 / 2.5).abs() < 1e-12);
        assert_eq!(silhouette_score(&x, &[0, 0, 0, 0]).unwrap(), None);
        assert_eq!(davies_bouldin_score(&x, &[0, 1, 2, 3]).unwrap(), None);
        assert!(calinski_harabasz_score(&x, &[0, 1]).is_err());
    }

    #[test]
    fn both_silhouette_strategies_give_the_same_bits() {
        let rows: Vec<Vec<f64>> = (0..40)
            .map(|i| vec![(i * 7 % 13) as f64 * 0.37, (i * 5 % 11) as f64 - 2.0])
            .collect();
        let x = Matrix::from_rows(&rows).unwrap();
        let a: Vec<u32> = (0..40).map(|i| i % 3).collect();
        let b: Vec<u32> = (0..40).map(|i| (i * 7 % 5) as u32).collect();
        let single: Vec<u32> = vec![4; 40];
        let ls: [&[u32]; 3] = [&a, &b, &single];
        let paired = silhouette_with_budget(&x, &ls, usize::MAX);
        let rowwise = silhouette_with_budget(&x, &ls, 0);
        assert_eq!(paired, rowwise);
        assert!(paired[0].is_some() && paired[2].is_none());
    }
}
