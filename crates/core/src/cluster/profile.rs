//! Cluster profiles in original units, and names in words.

use serde::{Deserialize, Serialize};

use crate::rfm::Metrics;

/// One cluster described in the units of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterProfile {
    /// The cluster number (clusters are numbered by size, largest first).
    pub cluster: u32,
    /// A short name in words, e.g. "recent, frequent, high spend": the English text of a
    /// `ClusterName` (`ClusterProfile::typed_name` reads it back).
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

impl ClusterProfile {
    /// The name, typed (`None` only for a name this crate did not write).
    pub fn typed_name(&self) -> Option<ClusterName> {
        ClusterName::parse(&self.name)
    }
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
                ClusterName::empty()
            } else {
                // Low recency (days since the last order) is recent.
                let recency =
                    [Recency::Recent, Recency::Lapsing, Recency::Lapsed][third(&all_r, r)];
                let frequency = match third(&all_f, f) {
                    2 => Frequency::Frequent,
                    1 => Frequency::Occasional,
                    _ if f <= 1.0 => Frequency::OneTime,
                    _ => Frequency::Rare,
                };
                let spend = [Spend::Low, Spend::Mid, Spend::High][third(&all_m, m)];
                ClusterName::described(recency, frequency, spend)
            }
            .to_string();
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
        if same > 0
            && let Some(mut typed) = ClusterName::parse(&out[c].name)
        {
            typed.ordinal = Some(same as u32 + 1);
            out[c].name = typed.to_string();
        }
    }
    out
}

/// How recently a cluster's median customer ordered, against all customers (thirds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recency {
    /// The most recent third.
    Recent,
    /// The middle third.
    Lapsing,
    /// The least recent third.
    Lapsed,
}

/// How often a cluster's median customer orders, against all customers (thirds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    /// The top third.
    Frequent,
    /// The middle third.
    Occasional,
    /// The bottom third, ordering more than once.
    Rare,
    /// The bottom third, ordering once.
    OneTime,
}

/// How much a cluster's median customer spends, against all customers (thirds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spend {
    /// The bottom third.
    Low,
    /// The middle third.
    Mid,
    /// The top third.
    High,
}

/// What a cluster's name says: its three descriptors, or that it is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterKind {
    /// A cluster without members.
    Empty,
    /// Where the cluster's medians fall among all customers.
    Described {
        /// Recency third.
        recency: Recency,
        /// Frequency third.
        frequency: Frequency,
        /// Spend third.
        spend: Spend,
    },
}

/// A cluster's name, typed: `ClusterProfile::name` is its English text (`Display`), which
/// `parse` reads back, so the JSON field stays a string and a page can word the parts in
/// its own language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterName {
    /// DBSCAN's noise group (customers in no dense group).
    pub noise: bool,
    /// The descriptors.
    pub kind: ClusterKind,
    /// The number an equal earlier name makes this one carry ("… (2)").
    pub ordinal: Option<u32>,
}

const NOISE_PREFIX: &str = "noise (no dense group): ";

impl Recency {
    /// All values, in order.
    pub const ALL: [Recency; 3] = [Recency::Recent, Recency::Lapsing, Recency::Lapsed];
    /// The English word (the CLI's and the JSON's).
    pub fn word(self) -> &'static str {
        match self {
            Recency::Recent => "recent",
            Recency::Lapsing => "lapsing",
            Recency::Lapsed => "lapsed",
        }
    }
}

impl Frequency {
    /// All values, in order.
    pub const ALL: [Frequency; 4] = [
        Frequency::Frequent,
        Frequency::Occasional,
        Frequency::Rare,
        Frequency::OneTime,
    ];
    /// The English word (the CLI's and the JSON's).
    pub fn word(self) -> &'static str {
        match self {
            Frequency::Frequent => "frequent",
            Frequency::Occasional => "occasional",
            Frequency::Rare => "rare",
            Frequency::OneTime => "one-time",
        }
    }
}

impl Spend {
    /// All values, in order.
    pub const ALL: [Spend; 3] = [Spend::Low, Spend::Mid, Spend::High];
    /// The English words (the CLI's and the JSON's).
    pub fn word(self) -> &'static str {
        match self {
            Spend::Low => "low spend",
            Spend::Mid => "mid spend",
            Spend::High => "high spend",
        }
    }
}

impl ClusterName {
    /// The name of a cluster without members.
    pub fn empty() -> Self {
        ClusterName {
            noise: false,
            kind: ClusterKind::Empty,
            ordinal: None,
        }
    }

    /// The name of a cluster from its three descriptors.
    pub fn described(recency: Recency, frequency: Frequency, spend: Spend) -> Self {
        ClusterName {
            noise: false,
            kind: ClusterKind::Described {
                recency,
                frequency,
                spend,
            },
            ordinal: None,
        }
    }

    /// The same name marked as DBSCAN's noise group.
    pub fn as_noise(self) -> Self {
        ClusterName {
            noise: true,
            ..self
        }
    }

    /// Read a name this type wrote (`ClusterProfile::name`); `None` for any other text.
    pub fn parse(text: &str) -> Option<Self> {
        let (noise, rest) = match text.strip_prefix(NOISE_PREFIX) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (rest, ordinal) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
            Some((head, n)) => match n.parse::<u32>() {
                Ok(v) if v >= 2 && v.to_string() == n => (head, Some(v)),
                _ => return None,
            },
            None => (rest, None),
        };
        let kind = if rest == "empty" {
            ClusterKind::Empty
        } else {
            let mut parts = rest.split(", ");
            let (r, f, s) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            ClusterKind::Described {
                recency: *Recency::ALL.iter().find(|x| x.word() == r)?,
                frequency: *Frequency::ALL.iter().find(|x| x.word() == f)?,
                spend: *Spend::ALL.iter().find(|x| x.word() == s)?,
            }
        };
        Some(ClusterName {
            noise,
            kind,
            ordinal,
        })
    }
}

impl std::fmt::Display for ClusterName {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.noise {
            out.write_str(NOISE_PREFIX)?;
        }
        match self.kind {
            ClusterKind::Empty => out.write_str("empty")?,
            ClusterKind::Described {
                recency,
                frequency,
                spend,
            } => write!(
                out,
                "{}, {}, {}",
                recency.word(),
                frequency.word(),
                spend.word()
            )?,
        }
        if let Some(n) = self.ordinal {
            write!(out, " ({n})")?;
        }
        Ok(())
    }
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

    /// Every typed name writes the CLI's English words and reads back as itself.
    #[test]
    fn typed_names_write_the_english_words_and_read_back() {
        let name = ClusterName::described(Recency::Recent, Frequency::Frequent, Spend::High);
        assert_eq!(name.to_string(), "recent, frequent, high spend");
        let odd = ClusterName {
            ordinal: Some(2),
            ..ClusterName::described(Recency::Lapsed, Frequency::OneTime, Spend::Low).as_noise()
        };
        assert_eq!(
            odd.to_string(),
            "noise (no dense group): lapsed, one-time, low spend (2)"
        );
        assert_eq!(ClusterName::empty().to_string(), "empty");
        let mut all = vec![ClusterName::empty(), ClusterName::empty().as_noise()];
        for r in Recency::ALL {
            for f in Frequency::ALL {
                for s in Spend::ALL {
                    all.push(ClusterName::described(r, f, s));
                }
            }
        }
        for base in all {
            for ordinal in [None, Some(2), Some(11)] {
                let name = ClusterName { ordinal, ..base };
                assert_eq!(ClusterName::parse(&name.to_string()), Some(name));
            }
        }
        for other in [
            "",
            "recent",
            "recent, frequent",
            "recent, often, high spend",
            "empty (1)",
            "empty (x)",
        ] {
            assert_eq!(ClusterName::parse(other), None, "{other}");
        }
    }
}
