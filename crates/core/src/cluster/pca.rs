//! Two principal components of the scaled features, for a scatter chart.

use serde::{Deserialize, Serialize};

use super::Matrix;

/// A 2-D projection of the clustered points (principal component analysis of the scaled
/// features: centred, eigenvectors of the covariance matrix by cyclic Jacobi rotations).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pca {
    /// The two component directions in feature space (unit length; the sign makes each
    /// direction's largest-magnitude loading positive, as sklearn's `svd_flip` does). A
    /// missing dimension (one feature) is all zeros.
    pub components: [Vec<f64>; 2],
    /// Share of the total variance each component explains.
    pub explained_variance_ratio: [f64; 2],
    /// Per point (in assignment order), its coordinates on the two components.
    pub points: Vec<[f64; 2]>,
}

/// Project `x` on its two leading principal components.
pub fn pca2(x: &Matrix) -> Pca {
    let (n, d) = (x.rows(), x.cols());
    let mut mean = vec![0.0; d];
    for i in 0..n {
        mean.iter_mut().zip(x.row(i)).for_each(|(m, v)| *m += v);
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut cov = vec![0.0; d * d];
    for i in 0..n {
        let r = x.row(i);
        for a in 0..d {
            for b in a..d {
                cov[a * d + b] += (r[a] - mean[a]) * (r[b] - mean[b]);
            }
        }
    }
    for a in 0..d {
        for b in a..d {
            cov[b * d + a] = cov[a * d + b];
        }
    }
    let (values, vectors) = jacobi(cov, d);
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    let component = |rank: usize| -> (Vec<f64>, f64) {
        let Some(&c) = order.get(rank) else {
            return (vec![0.0; d], 0.0);
        };
        let mut v: Vec<f64> = (0..d).map(|a| vectors[a * d + c]).collect();
        let big = v
            .iter()
            .copied()
            .reduce(|a, b| if b.abs() > a.abs() { b } else { a })
            .unwrap_or(0.0);
        if big < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        let ratio = if total > 0.0 {
            values[c].max(0.0) / total
        } else {
            0.0
        };
        (v, ratio)
    };
    let (c0, r0) = component(0);
    let (c1, r1) = component(1);
    let points = (0..n)
        .map(|i| {
            let r = x.row(i);
            let mut p = [0.0; 2];
            for a in 0..d {
                p[0] += (r[a] - mean[a]) * c0[a];
                p[1] += (r[a] - mean[a]) * c1[a];
            }
            p
        })
        .collect();
    Pca {
        components: [c0, c1],
        explained_variance_ratio: [r0, r1],
        points,
    }
}

/// Eigenvalues and eigenvectors (columns of a row-major `d × d`) of a symmetric matrix by
/// cyclic Jacobi rotations (only `+ − × ÷ √`, so the same on every platform).
fn jacobi(mut a: Vec<f64>, d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; d * d];
    for i in 0..d {
        v[i * d + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|p| (0..d).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[p * d + q] * a[p * d + q])
            .sum();
        let diag: f64 = (0..d).map(|p| a[p * d + p] * a[p * d + p]).sum();
        if off <= 1e-30 * diag.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = a[p * d + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * d + q] - a[p * d + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..d {
                    let arp = a[r * d + p];
                    let arq = a[r * d + q];
                    a[r * d + p] = c * arp - s * arq;
                    a[r * d + q] = s * arp + c * arq;
                }
                for r in 0..d {
                    let apr = a[p * d + r];
                    let aqr = a[q * d + r];
                    a[p * d + r] = c * apr - s * aqr;
                    a[q * d + r] = s * apr + c * aqr;
                }
                for r in 0..d {
                    let vrp = v[r * d + p];
                    let vrq = v[r * d + q];
                    v[r * d + p] = c * vrp - s * vrq;
                    v[r * d + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..d).map(|p| a[p * d + p]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_a_diagonal_line() {
        let x = Matrix::from_rows(&[vec![1.0, 1.0], vec![2.0, 2.0], vec![3.0, 3.0]]).unwrap();
        let p = pca2(&x);
        let h = 0.5f64.sqrt();
        assert!((p.components[0][0] - h).abs() < 1e-12 && (p.components[0][1] - h).abs() < 1e-12);
        assert!((p.explained_variance_ratio[0] - 1.0).abs() < 1e-12);
        assert!((p.points[0][0] + 2f64.sqrt()).abs() < 1e-12);
        assert!(p.points.iter().all(|q| q[1].abs() < 1e-12));
    }

    #[test]
    fn jacobi_diagonalises() {
        let (vals, vecs) = jacobi(vec![2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0], 3);
        let mut sorted = vals.clone();
        sorted.sort_by(f64::total_cmp);
        for (got, want) in sorted.iter().zip([1.0, 3.0, 5.0]) {
            assert!((got - want).abs() < 1e-12);
        }
        // Columns are orthonormal.
        for a in 0..3 {
            for b in 0..3 {
                let dot: f64 = (0..3).map(|r| vecs[r * 3 + a] * vecs[r * 3 + b]).sum();
                assert!((dot - f64::from(u8::from(a == b))).abs() < 1e-12);
            }
        }
    }
}
