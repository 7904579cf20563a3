//! DBSCAN: density-based clusters and noise, exactly as `sklearn.cluster.DBSCAN` labels them.

use serde::{Deserialize, Serialize};

use super::{ClusterError, Matrix};

/// Parameters of DBSCAN (Ester, Kriegel, Sander & Xu 1996); a consuming builder.
///
/// A point is a *core* point when at least `min_samples` points (itself included) lie within
/// Euclidean distance `eps` (inclusive). Clusters grow from core points in index order: each
/// takes every point density-reachable from its first core point; a border point (not core,
/// within `eps` of a core point) joins the first cluster that reaches it; the rest is noise.
/// This is sklearn's labelling, point for point. Time `O(n²d)` at worst (neighbour search in a
/// window sorted on the first feature), memory `O(n)`. No randomness.
///
/// ```
/// use segmint_core::cluster::{DbscanParams, Matrix};
/// let x = Matrix::from_rows(&[vec![0.0], vec![0.1], vec![0.2], vec![5.0], vec![5.1], vec![9.0]])
///     .unwrap();
/// let fit = DbscanParams::new(0.15).min_samples(2).fit(&x).unwrap();
/// assert_eq!(fit.labels, vec![Some(0), Some(0), Some(0), Some(1), Some(1), None]);
/// assert_eq!(fit.n_clusters, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbscanParams {
    /// Neighbourhood radius (> 0). sklearn's default is 0.5.
    pub eps: f64,
    /// Points within `eps` (itself included) that make a core point. Default 5.
    #[serde(default = "default_min_samples")]
    pub min_samples: usize,
}

fn default_min_samples() -> usize {
    5
}

impl DbscanParams {
    /// Radius `eps`, `min_samples` 5.
    pub fn new(eps: f64) -> Self {
        Self {
            eps,
            min_samples: default_min_samples(),
        }
    }

    /// Set `min_samples`.
    pub fn min_samples(mut self, min_samples: usize) -> Self {
        self.min_samples = min_samples;
        self
    }

    /// Validate the parameters.
    pub fn check(&self) -> Result<(), ClusterError> {
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(ClusterError::Eps(self.eps));
        }
        if self.min_samples == 0 {
            return Err(ClusterError::Zero {
                name: "min_samples",
            });
        }
        Ok(())
    }

    /// Label every point of `x`.
    pub fn fit(&self, x: &Matrix) -> Result<DbscanFit, ClusterError> {
        self.check()?;
        let n = x.rows();
        let eps2 = self.eps * self.eps;
        // Points sorted on the first feature: neighbours lie in a window of width 2·eps.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| x.row(a)[0].total_cmp(&x.row(b)[0]).then(a.cmp(&b)));
        let mut rank = vec![0usize; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let neighbours = |i: usize, out: &mut Vec<usize>| {
            out.clear();
            let (p, key) = (x.row(i), x.row(i)[0]);
            let r = rank[i];
            for &j in order[..r].iter().rev() {
                if key - x.row(j)[0] > self.eps {
                    break;
                }
                if sq_dist(p, x.row(j)) <= eps2 {
                    out.push(j);
                }
            }
            for &j in &order[r..] {
                if x.row(j)[0] - key > self.eps {
                    break;
                }
                if sq_dist(p, x.row(j)) <= eps2 {
                    out.push(j);
                }
            }
        };
        let mut buf = Vec::new();
        let core: Vec<bool> = (0..n)
            .map(|i| {
                neighbours(i, &mut buf);
                buf.len() >= self.min_samples
            })
            .collect();
        let mut labels: Vec<Option<u32>> = vec![None; n];
        let mut stack = Vec::new();
        let mut next = 0u32;
        for start in 0..n {
            if labels[start].is_some() || !core[start] {
                continue;
            }
            stack.push(start);
            while let Some(i) = stack.pop() {
                if labels[i].is_some() {
                    continue;
                }
                labels[i] = Some(next);
                if core[i] {
                    neighbours(i, &mut buf);
                    stack.extend(buf.iter().copied().filter(|&j| labels[j].is_none()));
                }
            }
            next += 1;
        }
        Ok(DbscanFit {
            labels,
            core,
            n_clusters: next as usize,
        })
    }
}

/// The result of [`DbscanParams::fit`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbscanFit {
    /// Per point, its cluster in `0..n_clusters`, or `None` for noise (sklearn's −1).
    pub labels: Vec<Option<u32>>,
    /// Per point, whether it is a core point.
    pub core: Vec<bool>,
    /// Number of clusters found.
    pub n_clusters: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_point_joins_the_first_cluster_and_noise_stays_out() {
        // Cores 0..=3 and 11..=14; 7 is within eps of 3 and of 11 but not core; 30 is noise.
        let pts = [0.0, 1.0, 2.0, 3.0, 7.0, 11.0, 12.0, 13.0, 14.0, 30.0];
        let x = Matrix::from_rows(&pts.iter().map(|&p| vec![p, 0.0]).collect::<Vec<_>>()).unwrap();
        let fit = DbscanParams::new(4.5).min_samples(4).fit(&x).unwrap();
        let l = |v: &[Option<u32>]| v.to_vec();
        assert_eq!(
            fit.labels,
            l(&[
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                None
            ])
        );
        assert_eq!(fit.n_clusters, 2);
        assert!(!fit.core[4] && fit.core[3] && fit.core[5] && !fit.core[9]);
        // Nothing dense enough: all noise.
        let fit = DbscanParams::new(0.5).min_samples(2).fit(&x).unwrap();
        assert_eq!(fit.n_clusters, 0);
        assert!(fit.labels.iter().all(Option::is_none));
        assert!(DbscanParams::new(0.0).fit(&x).is_err());
        assert!(DbscanParams::new(f64::NAN).fit(&x).is_err());
        assert!(DbscanParams::new(1.0).min_samples(0).fit(&x).is_err());
    }
}
