//! Campaign lift: did the customers who got a campaign buy more than the held-out control
//! group? (DESIGN §4 "Campaign lift".)
//!
//! Inputs: the treatment and control files (any import file Segmint wrote, or any CSV with a
//! customer-id or email column, [`read_group`]) and a later orders file. A customer converted
//! when they have at least one kept order in it (optionally on or after `since`); their
//! revenue is the sum of those lines (0 when they did not buy). Per group: customers,
//! converted, conversion rate, revenue per customer. Differences (treatment − control) with
//! 95% intervals:
//! - conversion: Wald, `d ± z·sqrt(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀)`, `z = Φ⁻¹(0.975)`; test: the
//!   pooled two-proportion z-test, `z = d / sqrt(p(1−p)(1/n₁ + 1/n₀))` with `p` the pooled
//!   rate, two-sided p-value `2(1 − Φ(|z|))`;
//! - revenue per customer: Welch, `d ± t·sqrt(s₁²/n₁ + s₀²/n₀)` with sample variances and the
//!   Welch–Satterthwaite degrees of freedom, `t` the Student quantile; its two-sided p-value.
//!
//! Checked against scipy (tests/reference/lift).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::clv::special::ln_gamma;
use crate::export::contacts::CustomerEmails;
use crate::ingest::{Record, RecordReader, sniff};
use crate::table::{NO_ID, Transactions};

/// The user-facing sentences of the lift, in one place for translation.
mod text {
    pub const CONVERSION: &str = "{treatment}% of the customers who got the campaign bought ({t_conv} of {t_n}), against {control}% of the control group ({c_conv} of {c_n}): a difference of {diff} points (95% interval {low} to {high}).";
    pub const SIGNIFICANT: &str = "That difference is unlikely to be chance (p = {p}).";
    pub const NOT_SIGNIFICANT: &str =
        "That difference could well be chance (p = {p}); the campaign's effect is not shown.";
    pub const REVENUE: &str = "Revenue per customer: {treatment} with the campaign, {control} without, a difference of {diff} (95% interval {low} to {high}).";
    pub const NO_ID_COLUMN: &str = "{file}: no customer-id or email column (looked for {names}); export the group from Segmint or add such a column";
    pub const EMPTY_ID: &str = "{file}: line {line}, column {column}: the customer id is empty; fill it in or remove the row";
    pub const EMPTY_GROUP: &str =
        "{file}: the group has no customer; a lift needs customers in both groups";
    pub const IN_BOTH: &str = "customer {id} is in both the treatment and the control file; a customer must be in one group only";
    pub const UNREAD: &str = "{file}: {reason}";
}

/// Header names (case-insensitive) of a customer-id column, in order of preference.
pub const ID_COLUMNS: [&str; 5] = [
    "customer_id",
    "Customer ID",
    "External ID",
    "Segmint Customer ID",
    "CustomerID",
];
/// Header names of an email column.
pub const EMAIL_COLUMNS: [&str; 4] = ["Email", "Email Address", "email", "e-mail"];

/// Why a lift cannot be measured.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LiftError {
    /// A group file cannot be used, with file, line and column where they apply.
    #[error("{0}")]
    BadGroup(String),
    /// A customer is in both groups.
    #[error("{0}")]
    Overlap(String),
}

/// How a group file names its customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    /// By customer id.
    CustomerId,
    /// By email (matched case-insensitively to the orders file's emails).
    Email,
}

/// The customers of one group file.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// How they are named.
    pub key: Key,
    /// Distinct ids or emails, in file order.
    pub members: Vec<String>,
    /// Rows naming a member already listed.
    pub duplicates: usize,
}

/// Read a group file (`name` is used in messages).
pub fn read_group(bytes: &[u8], name: &str) -> Result<Group, LiftError> {
    let dialect = sniff(bytes);
    let mut reader = RecordReader::new(&dialect);
    let mut header: Option<Vec<String>> = None;
    let mut column = None;
    let mut key = Key::CustomerId;
    let mut seen = HashSet::new();
    let mut group_members = Vec::new();
    let mut duplicates = 0;
    let mut problem: Option<String> = None;
    let mut on = |r: &Record<'_>| -> Result<(), crate::Error> {
        if problem.is_some() {
            return Ok(());
        }
        let Some(h) = &header else {
            let fields: Vec<String> = r.fields().iter().map(|f| f.trim().to_owned()).collect();
            let find = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|n| fields.iter().position(|f| f.eq_ignore_ascii_case(n)))
            };
            column = find(&ID_COLUMNS);
            if column.is_none() {
                column = find(&EMAIL_COLUMNS);
                key = Key::Email;
            }
            if column.is_none() {
                let names: Vec<&str> = ID_COLUMNS.iter().chain(&EMAIL_COLUMNS).copied().collect();
                problem = Some(
                    text::NO_ID_COLUMN
                        .replace("{file}", name)
                        .replace("{names}", &names.join(", ")),
                );
            }
            header = Some(fields);
            return Ok(());
        };
        let _ = h;
        let c = column.expect("checked with the header");
        let value = r.get(c).map_or("", str::trim);
        if value.is_empty() {
            problem = Some(
                text::EMPTY_ID
                    .replace("{file}", name)
                    .replace("{line}", &r.line.to_string())
                    .replace("{column}", &(c + 1).to_string()),
            );
            return Ok(());
        }
        let value = if key == Key::Email {
            value.to_lowercase()
        } else {
            value.to_owned()
        };
        if seen.insert(value.clone()) {
            group_members.push(value);
        } else {
            duplicates += 1;
        }
        Ok(())
    };
    let unread = |e: crate::Error| {
        LiftError::BadGroup(
            text::UNREAD
                .replace("{file}", name)
                .replace("{reason}", &e.to_string()),
        )
    };
    reader.feed(bytes, &mut on).map_err(unread)?;
    reader.finish(&mut on).map_err(unread)?;
    if let Some(p) = problem {
        return Err(LiftError::BadGroup(p));
    }
    if group_members.is_empty() {
        return Err(LiftError::BadGroup(
            text::EMPTY_GROUP.replace("{file}", name),
        ));
    }
    Ok(Group {
        key,
        members: group_members,
        duplicates,
    })
}

/// A number that is not one (a p-value of two groups that all converted, the deviation of a
/// group of one) is written as JSON `null`; it reads back as NaN, so a report crosses the
/// worker's JSON whole.
fn null_is_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// One group's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupOutcome {
    /// Customers in the group.
    pub customers: usize,
    /// Of them, customers with a kept order in the window.
    pub converted: usize,
    /// converted / customers.
    pub conversion_rate: f64,
    /// Their revenue in the window.
    pub revenue: f64,
    /// revenue / customers.
    pub revenue_per_customer: f64,
    /// Sample standard deviation of the revenue per customer.
    #[serde(deserialize_with = "null_is_nan")]
    pub revenue_sd: f64,
}

/// A difference with its 95% interval and test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Treatment − control.
    #[serde(deserialize_with = "null_is_nan")]
    pub difference: f64,
    /// Lower end of the 95% interval.
    #[serde(deserialize_with = "null_is_nan")]
    pub low: f64,
    /// Upper end.
    #[serde(deserialize_with = "null_is_nan")]
    pub high: f64,
    /// The test statistic (z or Welch's t).
    #[serde(deserialize_with = "null_is_nan")]
    pub statistic: f64,
    /// Two-sided p-value.
    #[serde(deserialize_with = "null_is_nan")]
    pub p_value: f64,
    /// Degrees of freedom (Welch only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub df: Option<f64>,
}

/// The result of [`analyse`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiftReport {
    /// First day counted (`YYYY-MM-DD`), when `since` was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Customers who got the campaign.
    pub treatment: GroupOutcome,
    /// The held-out customers.
    pub control: GroupOutcome,
    /// Conversion: Wald interval, pooled two-proportion z-test.
    pub conversion: Difference,
    /// Revenue per customer: Welch interval and t-test.
    pub revenue_per_customer: Difference,
    /// The result in words.
    pub summary: Vec<String>,
}

/// `Φ⁻¹(0.975)`.
const Z_975: f64 = 1.959_963_984_540_054;

fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// Regularised incomplete beta `I_x(a, b)` (continued fraction, Numerical Recipes §6.4).
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// Two-sided tail `P(|T| > t)` of Student's t with `df` degrees of freedom.
fn student_two_sided(t: f64, df: f64) -> f64 {
    incomplete_beta(df / (df + t * t), df / 2.0, 0.5)
}

/// The 0.975 quantile of Student's t (bisection on the tail to full precision).
fn student_975(df: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while student_two_sided(hi, df) > 0.05 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_two_sided(mid, df) > 0.05 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-15 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

fn outcome(revenue: &[f64], converted: usize) -> GroupOutcome {
    let n = revenue.len() as f64;
    let total: f64 = revenue.iter().sum();
    let mean = total / n;
    let var = revenue.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1.0);
    GroupOutcome {
        customers: revenue.len(),
        converted,
        conversion_rate: converted as f64 / n,
        revenue: total,
        revenue_per_customer: mean,
        revenue_sd: var.sqrt(),
    }
}

/// Measure the lift of `treatment` over `control` on the orders `t` (with `emails`, for
/// groups named by email), counting lines on or after `since` (day number) when given.
pub fn analyse(
    treatment: &Group,
    control: &Group,
    t: &Transactions,
    emails: Option<&CustomerEmails>,
    since: Option<i32>,
) -> Result<LiftReport, LiftError> {
    let mut revenue: HashMap<&str, f64> = HashMap::new();
    for i in 0..t.len() {
        if t.customer[i] == NO_ID || since.is_some_and(|s| t.day[i] < s) {
            continue;
        }
        *revenue
            .entry(t.customer_ids.name(t.customer[i]))
            .or_insert(0.0) += t.amount[i];
    }
    let by_email: HashMap<String, String> =
        emails.map(|e| e.customers_by_email()).unwrap_or_default();
    // Groups named by email match the orders file's emails, or its customer ids when those
    // are emails (Shopify), case-insensitively.
    let revenue_by_lower: HashMap<String, f64> = revenue
        .iter()
        .map(|(k, v)| (k.to_lowercase(), *v))
        .collect();
    let resolve = |g: &Group, m: &str| -> Option<f64> {
        match g.key {
            Key::CustomerId => revenue.get(m).copied(),
            Key::Email => match by_email.get(m) {
                Some(id) => revenue.get(id.as_str()).copied(),
                None => revenue_by_lower.get(m).copied(),
            },
        }
    };
    let treated: HashSet<&str> = treatment.members.iter().map(String::as_str).collect();
    if let Some(both) = control
        .members
        .iter()
        .find(|m| treated.contains(m.as_str()))
    {
        return Err(LiftError::Overlap(text::IN_BOTH.replace("{id}", both)));
    }
    let values = |g: &Group| {
        let mut converted = 0;
        let v: Vec<f64> = g
            .members
            .iter()
            .map(|m| match resolve(g, m) {
                Some(r) => {
                    converted += 1;
                    r
                }
                None => 0.0,
            })
            .collect();
        (v, converted)
    };
    let (rt, ct) = values(treatment);
    let (rc, cc) = values(control);
    let (a, b) = (outcome(&rt, ct), outcome(&rc, cc));
    let (n1, n0) = (a.customers as f64, b.customers as f64);
    let (p1, p0) = (a.conversion_rate, b.conversion_rate);
    let d = p1 - p0;
    let se = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0).sqrt();
    let pooled = (ct + cc) as f64 / (n1 + n0);
    let se0 = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    let z = d / se0;
    let conversion = Difference {
        difference: d,
        low: d - Z_975 * se,
        high: d + Z_975 * se,
        statistic: z,
        p_value: if se0 > 0.0 {
            2.0 * normal_sf(z.abs())
        } else {
            1.0
        },
        df: None,
    };
    let (v1, v0) = (a.revenue_sd.powi(2) / n1, b.revenue_sd.powi(2) / n0);
    let se_r = (v1 + v0).sqrt();
    let df = (v1 + v0).powi(2) / (v1 * v1 / (n1 - 1.0) + v0 * v0 / (n0 - 1.0));
    let dr = a.revenue_per_customer - b.revenue_per_customer;
    let tq = student_975(df);
    let tr = dr / se_r;
    let revenue_diff = Difference {
        difference: dr,
        low: dr - tq * se_r,
        high: dr + tq * se_r,
        statistic: tr,
        p_value: student_two_sided(tr, df),
        df: Some(df),
    };
    let pct = |v: f64| format!("{:.1}", v * 100.0);
    let signed = |v: f64| format!("{:+.1}", v * 100.0);
    let money = |v: f64| format!("{v:.2}");
    let p = |v: f64| {
        if v < 0.001 {
            "< 0.001".to_owned()
        } else {
            format!("{v:.3}")
        }
    };
    let mut summary = vec![
        text::CONVERSION
            .replace("{treatment}", &pct(p1))
            .replace("{t_conv}", &ct.to_string())
            .replace("{t_n}", &a.customers.to_string())
            .replace("{control}", &pct(p0))
            .replace("{c_conv}", &cc.to_string())
            .replace("{c_n}", &b.customers.to_string())
            .replace("{diff}", &signed(d))
            .replace("{low}", &signed(conversion.low))
            .replace("{high}", &signed(conversion.high)),
    ];
    summary.push(
        if conversion.p_value < 0.05 {
            text::SIGNIFICANT
        } else {
            text::NOT_SIGNIFICANT
        }
        .replace("{p}", &p(conversion.p_value)),
    );
    summary.push(
        text::REVENUE
            .replace("{treatment}", &money(a.revenue_per_customer))
            .replace("{control}", &money(b.revenue_per_customer))
            .replace("{diff}", &format!("{dr:+.2}"))
            .replace("{low}", &format!("{:+.2}", revenue_diff.low))
            .replace("{high}", &format!("{:+.2}", revenue_diff.high)),
    );
    Ok(LiftReport {
        since: since.map(crate::rfm::format_day),
        treatment: a,
        control: b,
        conversion,
        revenue_per_customer: revenue_diff,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_quantile_and_tail() {
        // Table values: t(0.975, 10) = 2.228138851986274, t(0.975, 1) = 12.706204736174698.
        assert!((student_975(10.0) - 2.228_138_851_986_274).abs() < 1e-12);
        assert!((student_975(1.0) - 12.706_204_736_174_698).abs() < 1e-9);
        assert!((student_two_sided(2.228_138_851_986_274, 10.0) - 0.05).abs() < 1e-14);
        assert!((2.0 * normal_sf(Z_975) - 0.05).abs() < 1e-15);
    }
}
