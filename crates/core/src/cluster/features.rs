//! The feature matrix: per-customer columns, transformed and scaled.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ClusterError;
use crate::rfm::Metrics;
use crate::table::Interner;
use crate::{Error, ErrorKind};

/// A dense row-major matrix of finite `f64`s: one row per point, one column per feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A `rows × cols` matrix from row-major `data`; every value must be finite.
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self, ClusterError> {
        if cols == 0 || data.len() != rows * cols {
            return Err(ClusterError::Shape {
                rows,
                cols,
                len: data.len(),
            });
        }
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(ClusterError::NotFinite {
                feature: format!("column {}", i % cols),
                customer_id: format!("row {}", i / cols),
                value: data[i],
            });
        }
        Ok(Self { rows, cols, data })
    }

    /// A matrix from equal-length rows.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self, ClusterError> {
        let cols = rows.first().map_or(0, Vec::len);
        let mut data = Vec::with_capacity(rows.len() * cols);
        for r in rows {
            if r.len() != cols {
                return Err(ClusterError::Shape {
                    rows: rows.len(),
                    cols,
                    len: data.len() + r.len(),
                });
            }
            data.extend_from_slice(r);
        }
        Self::new(rows.len(), cols, data)
    }

    /// Number of rows (points).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (features).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All values, row-major.
    pub fn data(&self) -> &[f64] {
        &self.data
    }

    /// The rows as vectors (for serde output).
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.data.chunks(self.cols).map(<[f64]>::to_vec).collect()
    }

    /// The rows `idx`, in that order.
    pub(crate) fn select(&self, idx: &[usize]) -> Matrix {
        let mut data = Vec::with_capacity(idx.len() * self.cols);
        for &i in idx {
            data.extend_from_slice(self.row(i));
        }
        Matrix {
            rows: idx.len(),
            cols: self.cols,
            data,
        }
    }

    /// Mean over the columns of the per-column population variance (sklearn's scale for
    /// `tol`).
    pub(crate) fn mean_variance(&self) -> f64 {
        let n = self.rows as f64;
        let mut total = 0.0;
        for j in 0..self.cols {
            let mean = (0..self.rows)
                .map(|i| self.data[i * self.cols + j])
                .sum::<f64>()
                / n;
            let var = (0..self.rows)
                .map(|i| {
                    let t = self.data[i * self.cols + j] - mean;
                    t * t
                })
                .sum::<f64>()
                / n;
            total += var;
        }
        total / self.cols as f64
    }

    /// How many distinct rows (exact comparison).
    pub(crate) fn distinct_rows(&self) -> usize {
        let mut order: Vec<usize> = (0..self.rows).collect();
        let cmp = |a: &usize, b: &usize| {
            self.row(*a)
                .iter()
                .zip(self.row(*b))
                .map(|(x, y)| x.total_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        };
        order.sort_unstable_by(cmp);
        let mut distinct = usize::from(self.rows > 0);
        for w in order.windows(2) {
            if cmp(&w[0], &w[1]).is_ne() {
                distinct += 1;
            }
        }
        distinct
    }
}

/// One step of a feature's pipeline, applied in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// `ln(1 + x)`; a value ≤ −1 is a [`ClusterError::Log1pDomain`] error, never a NaN.
    Log1p,
    /// `sign(x) · ln(1 + |x|)`: equal to `log1p` for `x ≥ 0`, odd, defined everywhere —
    /// for monetary values that can be negative under the "net returns" policy.
    SignedLog1p,
    /// `(x − mean) / std` with the population standard deviation (sklearn's
    /// `StandardScaler`); a constant column becomes all zeros.
    ZScore,
    /// `(x − min) / (max − min)`; a constant column becomes all zeros.
    MinMax,
}

impl Transform {
    /// Every step, in the order the command line lists them.
    pub const ALL: [Transform; 4] = [
        Transform::Log1p,
        Transform::SignedLog1p,
        Transform::ZScore,
        Transform::MinMax,
    ];

    /// The step's name as `--transform` and the app write it: `log1p`, `signed-log1p`,
    /// `zscore`, `minmax`.
    pub fn name(self) -> &'static str {
        match self {
            Transform::Log1p => "log1p",
            Transform::SignedLog1p => "signed-log1p",
            Transform::ZScore => "zscore",
            Transform::MinMax => "minmax",
        }
    }

    /// A feature's steps written as `--transform FEATURE=STEPS` and the app take them:
    /// comma-separated names applied in order (`log1p,zscore`), `none` (or nothing) for the
    /// raw values. The names of [`Transform::name`] and their spellings `signed_log1p`,
    /// `z-score`, `z_score`, `min-max`, `min_max` are accepted; any other step is an
    /// [`ErrorKind::UnknownTransform`] error.
    pub fn parse_steps(text: &str) -> Result<Vec<Transform>, Error> {
        match text.trim() {
            "none" | "" => Ok(Vec::new()),
            steps => steps
                .split(',')
                .map(|step| match step.trim() {
                    "log1p" => Ok(Transform::Log1p),
                    "signed-log1p" | "signed_log1p" => Ok(Transform::SignedLog1p),
                    "zscore" | "z-score" | "z_score" => Ok(Transform::ZScore),
                    "minmax" | "min-max" | "min_max" => Ok(Transform::MinMax),
                    other => Err(Error::new(ErrorKind::UnknownTransform {
                        step: other.to_owned(),
                    })),
                })
                .collect(),
        }
    }

    /// `steps` as [`Transform::parse_steps`] reads them back: `log1p,zscore`, or `none`.
    pub fn steps_text(steps: &[Transform]) -> String {
        if steps.is_empty() {
            return "none".to_owned();
        }
        steps.iter().map(|t| t.name()).collect::<Vec<_>>().join(",")
    }
}

/// Where a feature's values come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// RFM recency in days.
    RecencyDays,
    /// RFM frequency (distinct orders).
    Frequency,
    /// RFM monetary value.
    Monetary,
    /// A numeric per-customer column supplied by the caller, by customer id. Every clustered
    /// customer needs a finite value.
    Extra(BTreeMap<String, f64>),
}

/// One column of the feature matrix: a source and its transforms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// The column name shown in results.
    pub name: String,
    /// Where the values come from.
    pub source: Source,
    /// Applied in order.
    pub transforms: Vec<Transform>,
}

impl Feature {
    /// The steps of a feature whose transforms are not chosen: log1p, then z-score.
    pub const DEFAULT: [Transform; 2] = [Transform::Log1p, Transform::ZScore];

    /// `recency_days` → log1p → z-score.
    pub fn recency_days() -> Self {
        Self::new("recency_days", Source::RecencyDays)
    }

    /// `frequency` → log1p → z-score.
    pub fn frequency() -> Self {
        Self::new("frequency", Source::Frequency)
    }

    /// `monetary` → log1p → z-score.
    pub fn monetary() -> Self {
        Self::new("monetary", Source::Monetary)
    }

    /// A caller-supplied numeric column (by customer id) → log1p → z-score.
    pub fn extra(name: impl Into<String>, values: BTreeMap<String, f64>) -> Self {
        Self::new(name, Source::Extra(values))
    }

    fn new(name: impl Into<String>, source: Source) -> Self {
        Self {
            name: name.into(),
            source,
            transforms: Self::DEFAULT.to_vec(),
        }
    }

    /// Replace the transforms.
    pub fn transforms(mut self, transforms: impl Into<Vec<Transform>>) -> Self {
        self.transforms = transforms.into();
        self
    }
}

/// The features of every customer: original units and transformed.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMatrix {
    /// Column names.
    pub names: Vec<String>,
    /// Per row, the customer (an index into `Transactions::customer_ids`).
    pub customer: Vec<u32>,
    /// Values in original units.
    pub raw: Matrix,
    /// Values after the transforms: what k-means sees.
    pub scaled: Matrix,
}

/// Build the feature matrix of the customers in `metrics`.
pub fn build(
    metrics: &Metrics,
    ids: &Interner,
    features: &[Feature],
) -> Result<FeatureMatrix, ClusterError> {
    if features.is_empty() {
        return Err(ClusterError::NoFeatures);
    }
    for (i, f) in features.iter().enumerate() {
        if features[..i].iter().any(|g| g.name == f.name) {
            return Err(ClusterError::DuplicateFeature(f.name.clone()));
        }
    }
    let n = metrics.customer.len();
    if n == 0 {
        return Err(ClusterError::NoCustomers);
    }
    let who = |i: usize| ids.name(metrics.customer[i]).to_owned();
    let mut raw_cols = Vec::with_capacity(features.len());
    let mut scaled_cols = Vec::with_capacity(features.len());
    for f in features {
        let col: Vec<f64> = match &f.source {
            Source::RecencyDays => metrics.recency.iter().map(|&r| r as f64).collect(),
            Source::Frequency => metrics.frequency.iter().map(|&v| v as f64).collect(),
            Source::Monetary => metrics.monetary.clone(),
            Source::Extra(values) => {
                let col: Vec<Option<f64>> = (0..n)
                    .map(|i| values.get(ids.name(metrics.customer[i])).copied())
                    .collect();
                let missing = col.iter().filter(|v| v.is_none()).count();
                if let Some(first) = col.iter().position(Option::is_none) {
                    return Err(ClusterError::MissingValue {
                        feature: f.name.clone(),
                        customer_id: who(first),
                        missing,
                    });
                }
                col.into_iter().flatten().collect()
            }
        };
        let mut scaled = col.clone();
        for &t in &f.transforms {
            apply(t, &mut scaled).map_err(|(i, value)| match t {
                Transform::Log1p if value.is_finite() => ClusterError::Log1pDomain {
                    feature: f.name.clone(),
                    customer_id: who(i),
                    value,
                },
                _ => ClusterError::NotFinite {
                    feature: f.name.clone(),
                    customer_id: who(i),
                    value,
                },
            })?;
        }
        raw_cols.push(col);
        scaled_cols.push(scaled);
    }
    let interleave = |cols: &[Vec<f64>]| {
        let mut data = Vec::with_capacity(n * cols.len());
        for i in 0..n {
            data.extend(cols.iter().map(|c| c[i]));
        }
        data
    };
    let d = features.len();
    Ok(FeatureMatrix {
        names: features.iter().map(|f| f.name.clone()).collect(),
        customer: metrics.customer.clone(),
        raw: Matrix {
            rows: n,
            cols: d,
            data: interleave(&raw_cols),
        },
        scaled: Matrix {
            rows: n,
            cols: d,
            data: interleave(&scaled_cols),
        },
    })
}

/// Apply one transform in place; on failure, the row and the offending input value.
fn apply(t: Transform, v: &mut [f64]) -> Result<(), (usize, f64)> {
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err((i, v[i]));
    }
    let n = v.len() as f64;
    match t {
        Transform::Log1p => {
            if let Some(i) = v.iter().position(|&x| x <= -1.0) {
                return Err((i, v[i]));
            }
            // libm, not std: std's log1p is the platform's, which may differ by an ulp
            // between native and wasm; the clusters must not.
            v.iter_mut().for_each(|x| *x = libm::log1p(*x));
        }
        Transform::SignedLog1p => v
            .iter_mut()
            .for_each(|x| *x = libm::log1p(x.abs()).copysign(*x)),
        Transform::ZScore => {
            let mean = v.iter().sum::<f64>() / n;
            let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
            let std = var.sqrt();
            let scale = if std > 0.0 { std } else { 1.0 };
            v.iter_mut().for_each(|x| *x = (*x - mean) / scale);
        }
        Transform::MinMax => {
            let min = v.iter().copied().fold(f64::INFINITY, f64::min);
            let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let range = if max > min { max - min } else { 1.0 };
            v.iter_mut().for_each(|x| *x = (*x - min) / range);
        }
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err((i, v[i]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_by_hand() {
        let mut v = vec![0.0, 1.0, 3.0];
        apply(Transform::Log1p, &mut v).unwrap();
        assert_eq!(v, vec![0.0, 2f64.ln(), 4f64.ln()]);
        let mut v = vec![1.0, 2.0, 3.0];
        apply(Transform::ZScore, &mut v).unwrap();
        let s = (2.0f64 / 3.0).sqrt();
        assert_eq!(v, vec![-1.0 / s, 0.0, 1.0 / s]);
        let mut v = vec![2.0, 4.0, 3.0];
        apply(Transform::MinMax, &mut v).unwrap();
        assert_eq!(v, vec![0.0, 1.0, 0.5]);
        let mut v = vec![-3.0, 0.0, 3.0];
        apply(Transform::SignedLog1p, &mut v).unwrap();
        assert_eq!(v, vec![-(4f64.ln()), 0.0, 4f64.ln()]);
        let mut v = vec![5.0, 5.0];
        apply(Transform::ZScore, &mut v).unwrap();
        assert_eq!(v, vec![0.0, 0.0]);
        apply(Transform::MinMax, &mut v).unwrap();
        assert_eq!(v, vec![0.0, 0.0]);
        assert_eq!(apply(Transform::Log1p, &mut [0.5, -1.0]), Err((1, -1.0)));
        assert!(apply(Transform::ZScore, &mut [f64::NAN]).is_err());
    }

    #[test]
    fn matrix_checks_shape_and_values() {
        assert!(Matrix::new(2, 2, vec![0.0; 3]).is_err());
        assert!(Matrix::new(1, 1, vec![f64::NAN]).is_err());
        let m = Matrix::from_rows(&[vec![1.0, 2.0], vec![1.0, 2.0], vec![0.0, 2.0]]).unwrap();
        assert_eq!(m.distinct_rows(), 2);
        assert_eq!(m.row(2), &[0.0, 2.0]);
    }
}
