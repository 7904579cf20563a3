//! Customer profile: one row per customer from the analyses (DESIGN §4 "Customer profile").
//!
//! - orders = RFM frequency; revenue = RFM monetary (sum); average order value = revenue /
//!   orders.
//! - average days between orders = (last − first order day) / (distinct order days − 1) for
//!   customers with at least two order days (else empty); expected next order date = last
//!   order day + that average, rounded to the nearest whole day; "overdue by d days" when it
//!   falls before the RFM reference date (d = reference − expected).
//! - churn risk = 1 − P(alive) (BG/NBD of [`crate::clv`]); tier high ≥ 0.7, medium ≥ 0.3,
//!   low otherwise.
//! - CLV tier: high = top 20% of customers by CLV, medium = the next 30%, low = the rest;
//!   ties take the higher tier: a customer is high when fewer than 20% of the customers have
//!   a strictly higher CLV, medium when fewer than 50% do (with a 1e-9 guard against the
//!   rounding of `share × n`). Every threshold is an option ([`Tiers`]).
//! - segment (RFM rules), cluster (k-means at the recommended or a fixed k), and the top 3
//!   next best products ([`crate::recommend`]).
//!
//! When the lifetime-value models cannot be fitted (too few repeat customers), P(alive),
//! churn and CLV fields are empty and [`ProfileReport::warnings`] says why; likewise the
//! cluster when clustering fails. The rest is always there.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::cluster::{ClusterParams, ClusterReport};
use crate::clv::{ClvOptions, ClvReport};
use crate::recommend::{ItemItem, RecommendError, RecommendParams, Suggestion};
use crate::rfm::{RfmError, RfmParams, RfmReport, format_day};
use crate::table::{NO_ID, Transactions};

/// The user-facing sentences of the profile, in one place for translation.
mod text {
    pub const CLV_UNAVAILABLE: &str =
        "lifetime value could not be fitted ({reason}): P(alive), churn risk and CLV are empty";
    pub const CLUSTERS_UNAVAILABLE: &str =
        "clusters could not be computed ({reason}): the cluster column is empty";
}

/// A three-level tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// High.
    High,
    /// Medium.
    Medium,
    /// Low.
    Low,
}

impl Tier {
    /// `high`, `medium` or `low`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }

    /// The tier named `high`, `medium` or `low`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "high" => Some(Tier::High),
            "medium" => Some(Tier::Medium),
            "low" => Some(Tier::Low),
            _ => None,
        }
    }
}

/// Tier thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tiers {
    /// Churn risk at or above this is high.
    pub churn_high: f64,
    /// Churn risk at or above this (and below high) is medium.
    pub churn_medium: f64,
    /// Share of customers in the high CLV tier.
    pub clv_high_share: f64,
    /// Share of customers in the medium CLV tier (after the high ones).
    pub clv_medium_share: f64,
}

impl Default for Tiers {
    fn default() -> Self {
        Self {
            churn_high: 0.7,
            churn_medium: 0.3,
            clv_high_share: 0.2,
            clv_medium_share: 0.3,
        }
    }
}

/// Everything a profile needs; [`ProfileParams::check`] runs first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileParams {
    /// The RFM analysis (segments, reference date).
    pub rfm: RfmParams,
    /// The lifetime-value analysis.
    pub clv: ClvOptions,
    /// The clustering (default: k-means at the recommended k of 2..=10).
    pub cluster: ClusterParams,
    /// Next best products per customer (default 3).
    pub next_best: usize,
    /// Candidate threshold of the recommendations.
    pub min_buyers: u32,
    /// Tier thresholds.
    pub tiers: Tiers,
}

impl Default for ProfileParams {
    fn default() -> Self {
        Self {
            rfm: RfmParams::default(),
            clv: ClvOptions::default(),
            cluster: ClusterParams::new(),
            next_best: 3,
            min_buyers: 5,
            tiers: Tiers::default(),
        }
    }
}

/// Why a profile cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// A threshold is out of range.
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option.
        name: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The RFM analysis failed.
    #[error(transparent)]
    Rfm(#[from] RfmError),
    /// The recommendations failed.
    #[error(transparent)]
    Recommend(#[from] RecommendError),
}

impl ProfileParams {
    /// Validate the thresholds and the parts' parameters.
    pub fn check(&self) -> Result<(), ProfileError> {
        let t = &self.tiers;
        let bad = |name, reason: &str| {
            Err(ProfileError::InvalidOption {
                name,
                reason: reason.into(),
            })
        };
        if !(t.churn_medium > 0.0 && t.churn_medium <= t.churn_high && t.churn_high <= 1.0) {
            return bad("churn tiers", "need 0 < medium ≤ high ≤ 1");
        }
        if !(t.clv_high_share > 0.0
            && t.clv_medium_share >= 0.0
            && t.clv_high_share + t.clv_medium_share <= 1.0)
        {
            return bad("clv tiers", "need shares > 0 that add up to at most 1");
        }
        self.rfm.check()?;
        RecommendParams::new()
            .top_n(self.next_best.max(1))
            .min_buyers(self.min_buyers)
            .check()?;
        Ok(())
    }
}

/// One customer's profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// The customer id as in the file.
    pub customer_id: String,
    /// Distinct orders (RFM frequency).
    pub orders: u64,
    /// Sum of line amounts (RFM monetary).
    pub revenue: f64,
    /// revenue / orders.
    pub average_order_value: f64,
    /// First order date.
    pub first_order_date: String,
    /// Last order date.
    pub last_order_date: String,
    /// Days since the last order (RFM recency).
    pub recency_days: i64,
    /// Distinct order days.
    pub order_days: u64,
    /// (last − first) / (order days − 1); empty with fewer than two order days.
    pub average_days_between_orders: Option<f64>,
    /// Last order + that average (nearest whole day).
    pub expected_next_order_date: Option<String>,
    /// Days the expected next order is before the reference date, when it is.
    pub overdue_days: Option<i64>,
    /// P(alive) from BG/NBD.
    pub p_alive: Option<f64>,
    /// 1 − P(alive).
    pub churn_risk: Option<f64>,
    /// Its tier.
    pub churn_tier: Option<Tier>,
    /// Predicted CLV.
    pub clv: Option<f64>,
    /// Its tier.
    pub clv_tier: Option<Tier>,
    /// RFM segment.
    pub segment: String,
    /// Cluster number (0 is the largest).
    pub cluster: Option<u32>,
    /// The cluster's name in words.
    pub cluster_name: Option<String>,
    /// Next best products (best first, bestseller fills marked).
    pub next_best_products: Vec<Suggestion>,
}

/// Every customer's profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileReport {
    /// The RFM reference date (what "overdue" is measured to).
    pub reference_date: String,
    /// One row per customer, in order of first appearance in the file.
    pub customers: Vec<CustomerProfile>,
    /// What could not be computed, in words.
    pub warnings: Vec<String>,
}

impl ProfileReport {
    /// The profile of one customer.
    pub fn customer(&self, customer_id: &str) -> Option<&CustomerProfile> {
        self.customers.iter().find(|c| c.customer_id == customer_id)
    }
}

/// Run every analysis the profile needs and assemble it.
pub fn analyse(t: &Transactions, params: &ProfileParams) -> Result<ProfileReport, ProfileError> {
    params.check()?;
    let rfm = crate::rfm::analyse(t, &params.rfm)?;
    let mut warnings = Vec::new();
    let clv = match crate::clv::analyse(t, &params.clv) {
        Ok(r) => Some(r),
        Err(e) => {
            warnings.push(text::CLV_UNAVAILABLE.replace("{reason}", &e.to_string()));
            None
        }
    };
    let clusters = match crate::cluster::analyse(t, &params.cluster) {
        Ok(r) => Some(r),
        Err(e) => {
            warnings.push(text::CLUSTERS_UNAVAILABLE.replace("{reason}", &e.to_string()));
            None
        }
    };
    let model = ItemItem::fit(
        t,
        &RecommendParams::new()
            .top_n(params.next_best.max(1))
            .min_buyers(params.min_buyers),
    )?;
    let mut report = assemble(
        t,
        &rfm,
        clv.as_ref(),
        clusters.as_ref(),
        &model,
        &params.tiers,
    );
    report.warnings.splice(0..0, warnings);
    Ok(report)
}

/// The profile from analyses already run (the app keeps them): RFM is required, lifetime
/// value and clusters are optional, `model` gives the next best products.
pub fn assemble(
    t: &Transactions,
    rfm: &RfmReport,
    clv: Option<&ClvReport>,
    clusters: Option<&ClusterReport>,
    model: &ItemItem,
    tiers: &Tiers,
) -> ProfileReport {
    // First and last order day and distinct order days per customer.
    let n = t.customer_ids.len();
    let mut days: Vec<Vec<i32>> = vec![Vec::new(); n];
    for i in 0..t.len() {
        if t.customer[i] != NO_ID {
            days[t.customer[i] as usize].push(t.day[i]);
        }
    }
    for d in &mut days {
        d.sort_unstable();
        d.dedup();
    }
    let reference = parse_day(&rfm.reference_date);
    let clv_by_id: HashMap<&str, (f64, f64)> = clv
        .map(|r| {
            r.customers
                .iter()
                .map(|c| (c.customer_id.as_str(), (c.p_alive, c.clv)))
                .collect()
        })
        .unwrap_or_default();
    let clv_tiers = clv.map(|r| {
        let values: Vec<f64> = r.customers.iter().map(|c| c.clv).collect();
        let tiers = clv_tiers(&values, tiers);
        r.customers
            .iter()
            .zip(tiers)
            .map(|(c, tier)| (c.customer_id.as_str(), tier))
            .collect::<HashMap<&str, Tier>>()
    });
    let cluster_of: HashMap<&str, u32> = clusters
        .map(|r| {
            r.assignments
                .iter()
                .map(|a| (a.customer_id.as_str(), a.cluster))
                .collect()
        })
        .unwrap_or_default();
    let mut scratch = model.scratch();
    let mut list = Vec::new();
    let customers = rfm
        .customers
        .iter()
        .map(|r| {
            let id = t
                .customer_ids
                .get(&r.customer_id)
                .expect("RFM customers come from t");
            let d = &days[id as usize];
            let (first, last) = (d[0], d[d.len() - 1]);
            let average = (d.len() >= 2).then(|| f64::from(last - first) / (d.len() - 1) as f64);
            let expected = average.map(|a| last + a.round() as i32);
            let overdue = match (expected, reference) {
                (Some(e), Some(reference)) if e < reference => Some(i64::from(reference - e)),
                _ => None,
            };
            let (p_alive, clv_value) = match clv_by_id.get(r.customer_id.as_str()) {
                Some(&(p, v)) => (Some(p), Some(v)),
                None => (None, None),
            };
            let churn = p_alive.map(|p| 1.0 - p);
            let cluster = cluster_of.get(r.customer_id.as_str()).copied();
            model.recommend_into(id, &mut scratch, &mut list);
            CustomerProfile {
                customer_id: r.customer_id.clone(),
                orders: r.frequency,
                revenue: r.monetary,
                average_order_value: r.monetary / r.frequency as f64,
                first_order_date: format_day(first),
                last_order_date: format_day(last),
                recency_days: r.recency_days,
                order_days: d.len() as u64,
                average_days_between_orders: average,
                expected_next_order_date: expected.map(format_day),
                overdue_days: overdue,
                p_alive,
                churn_risk: churn,
                churn_tier: churn.map(|c| {
                    if c >= tiers.churn_high {
                        Tier::High
                    } else if c >= tiers.churn_medium {
                        Tier::Medium
                    } else {
                        Tier::Low
                    }
                }),
                clv: clv_value,
                clv_tier: clv_tiers
                    .as_ref()
                    .and_then(|m| m.get(r.customer_id.as_str()).copied()),
                segment: r.segment.clone(),
                cluster,
                cluster_name: cluster.and_then(|k| {
                    clusters
                        .and_then(|c| c.profiles.get(k as usize))
                        .map(|p| p.name.clone())
                }),
                next_best_products: list
                    .iter()
                    .map(|s| Suggestion {
                        product_id: t.products.name(s.item).to_owned(),
                        product_name: t.product_label(s.item).map(str::to_owned),
                        score: s.score,
                        bestseller: s.bestseller,
                    })
                    .collect(),
            }
        })
        .collect();
    ProfileReport {
        reference_date: rfm.reference_date.clone(),
        customers,
        warnings: Vec::new(),
    }
}

/// The CLV tier of each value (see the module docs): by the number of strictly higher values.
pub fn clv_tiers(values: &[f64], tiers: &Tiers) -> Vec<Tier> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let n = values.len() as f64;
    let (high, medium) = (
        tiers.clv_high_share * n - 1e-9,
        (tiers.clv_high_share + tiers.clv_medium_share) * n - 1e-9,
    );
    values
        .iter()
        .map(|&v| {
            let above = sorted.partition_point(|&s| s > v) as f64;
            if above < high {
                Tier::High
            } else if above < medium {
                Tier::Medium
            } else {
                Tier::Low
            }
        })
        .collect()
}

fn parse_day(date: &str) -> Option<i32> {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    crate::table::checked_days_from_civil(y as i32, m as u32, d as u32)
}

/// The profiles as a formula-safe CSV (next best products as `id; id; id`).
pub fn profiles_csv(report: &ProfileReport) -> crate::export::Table {
    use crate::export::{Cell, Table};
    let mut csv = Table::new(&[
        "customer_id",
        "orders",
        "revenue",
        "average_order_value",
        "first_order_date",
        "last_order_date",
        "average_days_between_orders",
        "expected_next_order_date",
        "overdue_days",
        "p_alive",
        "churn_risk",
        "churn_tier",
        "clv",
        "clv_tier",
        "segment",
        "cluster",
        "next_best_products",
    ]);
    let opt = |v: Option<f64>| v.map_or(Cell::Text(""), Cell::Number);
    for c in &report.customers {
        let products: Vec<&str> = c
            .next_best_products
            .iter()
            .map(|s| s.product_id.as_str())
            .collect();
        let products = products.join("; ");
        let overdue = c.overdue_days.map_or(Cell::Text(""), Cell::Int);
        let cluster = c
            .cluster
            .map_or(Cell::Text(""), |k| Cell::Int(i64::from(k)));
        csv.row(&[
            Cell::Text(&c.customer_id),
            Cell::Int(c.orders as i64),
            Cell::Number(c.revenue),
            Cell::Number(c.average_order_value),
            Cell::Text(&c.first_order_date),
            Cell::Text(&c.last_order_date),
            opt(c.average_days_between_orders),
            Cell::Text(c.expected_next_order_date.as_deref().unwrap_or("")),
            overdue,
            opt(c.p_alive),
            opt(c.churn_risk),
            Cell::Text(c.churn_tier.map_or("", Tier::name)),
            opt(c.clv),
            Cell::Text(c.clv_tier.map_or("", Tier::name)),
            Cell::Text(&c.segment),
            cluster,
            Cell::Text(&products),
        ]);
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_orders_next_order_and_overdue() {
        let mut t = Transactions::default();
        // ann: order days 0, 10, 20 (two orders on day 20); bob: day 100 only.
        for (c, o, p, day) in [
            ("ann", "o1", "x", 0),
            ("ann", "o2", "y", 10),
            ("ann", "o3", "x", 20),
            ("ann", "o4", "z", 20),
            ("bob", "o5", "x", 100),
        ] {
            t.push(Some(c), Some(o), Some(p), day, 5.0);
        }
        let params = ProfileParams {
            min_buyers: 1,
            ..ProfileParams::default()
        };
        let report = analyse(&t, &params).unwrap();
        assert_eq!(report.reference_date, format_day(101));
        let ann = report.customer("ann").unwrap();
        assert_eq!((ann.orders, ann.order_days, ann.revenue), (4, 3, 20.0));
        assert_eq!(ann.average_order_value, 5.0);
        assert_eq!(ann.average_days_between_orders, Some(10.0));
        assert_eq!(
            ann.expected_next_order_date.as_deref(),
            Some(format_day(30).as_str())
        );
        assert_eq!(ann.overdue_days, Some(71));
        let bob = report.customer("bob").unwrap();
        assert_eq!(
            (bob.average_days_between_orders, bob.overdue_days),
            (None, None)
        );
        assert_eq!(
            bob.next_best_products[0].product_id, "y",
            "ann's other products"
        );
        // Two customers cannot carry a lifetime-value fit: said, not hidden; the rest stays.
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.starts_with("lifetime value could not be fitted")),
            "{:?}",
            report.warnings
        );
        assert!(ann.p_alive.is_none() && ann.churn_tier.is_none() && ann.clv_tier.is_none());
    }

    #[test]
    fn clv_tiers_by_strictly_higher_with_ties_up() {
        let t = Tiers::default();
        // n = 10: high = fewer than 2 above, medium = fewer than 5 above.
        let v = [10.0, 9.0, 8.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0];
        let tiers = clv_tiers(&v, &t);
        use Tier::*;
        assert_eq!(
            tiers,
            [High, High, Medium, Medium, Medium, Low, Low, Low, Low, Low]
        );
        // A tie across the high boundary lifts both.
        let tiers = clv_tiers(&[5.0, 4.0, 4.0, 1.0, 0.0], &t);
        assert_eq!(tiers, [High, Medium, Medium, Low, Low]);
        let tiers = clv_tiers(&[5.0, 5.0, 4.0, 1.0, 0.0], &t);
        assert_eq!(tiers, [High, High, Medium, Low, Low]);
        // n = 15: 0.2 × 15 = 3.0000000000000004 must still give exactly 3 high customers.
        let v: Vec<f64> = (0..15).map(f64::from).rev().collect();
        assert_eq!(clv_tiers(&v, &t).iter().filter(|&&x| x == High).count(), 3);
    }
}
