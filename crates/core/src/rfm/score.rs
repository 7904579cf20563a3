use serde::{Deserialize, Serialize};

use super::RfmError;

/// How metric values become scores `1..=bins` (higher is better).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scoring {
    /// `1 + floor(bins × (#customers strictly worse) / n)`: equal values, equal scores.
    #[default]
    TiesEqual,
    /// Equal-size bins over ranks with ties broken by order of appearance, as pandas
    /// `qcut(x.rank(method='first'), bins)`; equal values may get different scores.
    EqualSize,
    /// Explicit breakpoints, `bins - 1` increasing values per metric. Frequency and
    /// monetary: score = 1 + number of breakpoints ≤ x. Recency (days, lower is better):
    /// score = bins − number of breakpoints < x.
    Breakpoints {
        /// Recency breakpoints in days.
        recency: Vec<f64>,
        /// Frequency breakpoints.
        frequency: Vec<f64>,
        /// Monetary breakpoints.
        monetary: Vec<f64>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Scoring {
    pub(crate) fn check(&self, bins: u8) -> Result<(), RfmError> {
        let Scoring::Breakpoints {
            recency,
            frequency,
            monetary,
        } = self
        else {
            return Ok(());
        };
        for (metric, points) in [
            ("recency", recency),
            ("frequency", frequency),
            ("monetary", monetary),
        ] {
            let increasing = points.windows(2).all(|w| w[0] < w[1]);
            let finite = points.iter().all(|p| p.is_finite());
            if points.len() != bins as usize - 1 || !increasing || !finite {
                return Err(RfmError::Breakpoints {
                    metric,
                    expected: bins as usize - 1,
                    got: points.clone(),
                });
            }
        }
        Ok(())
    }

    /// Scores of `values`; `metric` is 0 (recency), 1 (frequency) or 2 (monetary).
    pub(crate) fn scores(
        &self,
        values: &[f64],
        bins: u8,
        direction: Direction,
        metric: usize,
    ) -> Vec<u8> {
        let n = values.len();
        if n == 0 {
            return Vec::new();
        }
        // "goodness": larger is better, so one code path serves both directions.
        let good: Vec<f64> = match direction {
            Direction::HigherIsBetter => values.to_vec(),
            Direction::LowerIsBetter => values.iter().map(|v| -v).collect(),
        };
        match self {
            Scoring::TiesEqual => {
                let mut sorted = good.clone();
                sorted.sort_by(f64::total_cmp);
                good.iter()
                    .map(|x| {
                        let worse = sorted.partition_point(|v| v.total_cmp(x).is_lt());
                        (1 + (bins as usize * worse) / n) as u8
                    })
                    .collect()
            }
            Scoring::EqualSize => {
                // rank(method='first'): ascending goodness, ties in order of appearance.
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| good[a].total_cmp(&good[b]).then(a.cmp(&b)));
                let mut scores = vec![0u8; n];
                for (rank0, &i) in order.iter().enumerate() {
                    scores[i] = qcut_bin(rank0 as f64 + 1.0, n, bins);
                }
                scores
            }
            Scoring::Breakpoints {
                recency,
                frequency,
                monetary,
            } => {
                let points = [recency, frequency, monetary][metric];
                values
                    .iter()
                    .map(|&x| match direction {
                        Direction::HigherIsBetter => {
                            1 + points.iter().filter(|&&p| p <= x).count() as u8
                        }
                        Direction::LowerIsBetter => {
                            bins - points.iter().filter(|&&p| p < x).count() as u8
                        }
                    })
                    .collect()
            }
        }
    }
}

/// The bin (1-based) pandas `qcut(ranks, bins)` gives rank `rank` of ranks `1..=n`: edges
/// at the linear-interpolated quantiles `1 + k (n − 1) / bins`, right-closed, lowest edge
/// included.
fn qcut_bin(rank: f64, n: usize, bins: u8) -> u8 {
    let step = (n as f64 - 1.0) / f64::from(bins);
    for k in 1..bins {
        if rank <= 1.0 + f64::from(k) * step {
            return k;
        }
    }
    bins
}

/// The values behind one score of one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThresholdRow {
    /// The score.
    pub score: u8,
    /// Customers with this score.
    pub customers: u64,
    /// Smallest value with this score (`None` when no customer has it).
    pub min: Option<f64>,
    /// Largest value with this score.
    pub max: Option<f64>,
}

/// The threshold table: for each metric, one row per score `1..=bins`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Recency in days.
    pub recency_days: Vec<ThresholdRow>,
    /// Frequency.
    pub frequency: Vec<ThresholdRow>,
    /// Monetary value.
    pub monetary: Vec<ThresholdRow>,
}

pub(crate) fn threshold_rows(values: &[f64], scores: &[u8], bins: u8) -> Vec<ThresholdRow> {
    let mut rows: Vec<ThresholdRow> = (1..=bins)
        .map(|score| ThresholdRow {
            score,
            customers: 0,
            min: None,
            max: None,
        })
        .collect();
    for (&v, &s) in values.iter().zip(scores) {
        let row = &mut rows[s as usize - 1];
        row.customers += 1;
        row.min = Some(row.min.map_or(v, |m| m.min(v)));
        row.max = Some(row.max.map_or(v, |m| m.max(v)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_equal_gives_equal_values_equal_scores() {
        // 10 customers; value 1 for six of them.
        let v = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 9.0];
        let s = Scoring::TiesEqual.scores(&v, 5, Direction::HigherIsBetter, 1);
        // worse counts: 0 for the 1s, 6 for 2, 7 for the 3s, 9 for 9.
        assert_eq!(s, [1, 1, 1, 1, 1, 1, 4, 4, 4, 5]);
        let r = Scoring::TiesEqual.scores(&v, 5, Direction::LowerIsBetter, 0);
        // recency: larger is worse; worse counts: 4 for the 1s, 3 for 2, 1 for the 3s, 0.
        assert_eq!(r, [3, 3, 3, 3, 3, 3, 2, 1, 1, 1]);
    }

    #[test]
    fn equal_size_matches_pandas_qcut_of_first_ranks() {
        // pandas 2.2: pd.qcut(pd.Series([5,1,1,3,2,2,4]).rank(method='first'), 3,
        //                     labels=[1,2,3]).tolist() == [3, 1, 1, 2, 1, 2, 3]
        let v = [5.0, 1.0, 1.0, 3.0, 2.0, 2.0, 4.0];
        let s = Scoring::EqualSize.scores(&v, 3, Direction::HigherIsBetter, 1);
        assert_eq!(s, [3, 1, 1, 2, 1, 2, 3]);
    }

    #[test]
    fn breakpoints_score_both_directions() {
        let scoring = Scoring::Breakpoints {
            recency: vec![30.0, 90.0],
            frequency: vec![2.0, 5.0],
            monetary: vec![100.0, 1000.0],
        };
        assert!(scoring.check(3).is_ok());
        assert!(scoring.check(4).is_err());
        let f = scoring.scores(&[1.0, 2.0, 5.0, 7.0], 3, Direction::HigherIsBetter, 1);
        assert_eq!(f, [1, 2, 3, 3]);
        let r = scoring.scores(&[0.0, 30.0, 31.0, 365.0], 3, Direction::LowerIsBetter, 0);
        assert_eq!(r, [3, 3, 2, 1]);
    }
}
