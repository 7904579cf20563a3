//! Cluster profiles in original units, and names in words.

use serde::{Deserialize, Serialize};

use crate::rfm::Metrics;

/// One cluster described in the units of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterProfile {
    /// The cluster number (clusters are numbered by size, largest first).
    pub cluster: u32,
    /// A short name in words, e.g. "recent, frequent, high spend".
    pub name: String,
    /// Customers in the cluster.
    pub customers: u64,
    /// Their share of all clustered customers.
    pub share: f64,
    /// Their revenue (sum of line amounts).
    pub revenue: f64,
    /// Their share of all revenue (0 when total revenue is not positive).
    pub revenue_share: f64,
    /// Median recency in days.
    pub median_recency_days: f64,
    /// Median frequency.
    pub median_frequency: f64,
    /// Median monetary value.
    pub median_monetary: f64,
    /// Median of every clustering feature in original units (same order as
    /// `ClusterReport::features`).
    pub feature_medians: Vec<f64>,
}

/// The median (mean of the two middle values for an even count), as pandas computes it.
pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Mid-rank percentile of `v` among `sorted` values: (#below + ½ #equal) / n.
fn percentile(sorted: &[f64], v: f64) -> f64 {
    let below = sorted.partition_point(|&x| x < v);
    let upto = sorted.partition_point(|&x| x <= v);
    (below as f64 + (upto - below) as f64 / 2.0) / sorted.len() as f64
}

/// Which third of the population a value falls in: 0, 1 or 2.
fn third(sorted: &[f64], v: f64) -> usize {
    let p = percentile(sorted, v);
    if p < 1.0 / 3.0 {
        0
    } else if p < 2.0 / 3.0 {
        1
    } else {
        2
    }
}

/// Profiles of `k` clusters; `feature_raw[i]` is point `i`'s features in original units.
pub(crate) fn profiles(
    metrics: &Metrics,
    labels: &[u32],
    k: usize,
    feature_raw: &[&[f64]],
) -> Vec<ClusterProfile> {
    let n = labels.len();
    let sorted = |v: Vec<f64>| {
        let mut v = v;
        v.sort_by(f64::total_cmp);
        v
    };
    let all_r = sorted(metrics.recency.iter().map(|&r| r as f64).collect());
    let all_f = sorted(metrics.frequency.iter().map(|&f| f as f64).collect());
    let all_m = sorted(metrics.monetary.clone());
    let total_revenue: f64 = metrics.revenue.iter().sum();
    let d = feature_raw.first().map_or(0, |r| r.len());
    let mut out: Vec<ClusterProfile> = (0..k)
        .map(|c| {
            let members: Vec<usize> = (0..n).filter(|&i| labels[i] as usize == c).collect();
            let pick = |f: &dyn Fn(usize) -> f64| members.iter().map(|&i| f(i)).collect::<Vec<_>>();
            let r = median(&mut pick(&|i| metrics.recency[i] as f64));
            let f = median(&mut pick(&|i| metrics.frequency[i] as f64));
            let m = median(&mut pick(&|i| metrics.monetary[i]));
            let revenue: f64 = members.iter().map(|&i| metrics.revenue[i]).sum();
            let feature_medians = (0..d)
                .map(|j| median(&mut pick(&|i| feature_raw[i][j])))
                .collect();
            let name = if members.is_empty() {
                "empty".to_owned()
            } else {
                // Low recency (days since the last order) is recent.
                let recency = ["recent", "lapsing", "lapsed"][third(&all_r, r)];
                let frequency = match third(&all_f, f) {
                    2 => "frequent",
                    1 => "occasional",
                    _ if f <= 1.0 => "one-time",
                    _ => "rare",
                };
                let spend = ["low spend", "mid spend", "high spend"][third(&all_m, m)];
                format!("{recency}, {frequency}, {spend}")
            };
            ClusterProfile {
                cluster: c as u32,
                name,
                customers: members.len() as u64,
                share: members.len() as f64 / n as f64,
                revenue,
                revenue_share: if total_revenue > 0.0 {
                    revenue / total_revenue
                } else {
                    0.0
                },
                median_recency_days: r,
                median_frequency: f,
                median_monetary: m,
                feature_medians,
            }
        })
        .collect();
    // Equal names get a number so a chart legend tells them apart.
    for c in 1..out.len() {
        let same = out[..c].iter().filter(|p| p.name == out[c].name).count();
        if same > 0 {
            out[c].name = format!("{} ({})", out[c].name, same + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_thirds() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        let s = [1.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(third(&s, 1.0), 0); // (0 + 1) / 6
        assert_eq!(third(&s, 3.0), 1); // 3.5 / 6
        assert_eq!(third(&s, 5.0), 2);
    }
}
