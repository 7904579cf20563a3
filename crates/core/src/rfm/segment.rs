//! Segment rule tables: first match wins, "Other" otherwise.
//!
//! A rule gives an inclusive score range for each of R, F and M on the table's own `scale`
//! (5 for the presets here). Scores computed with a different number of bins are mapped onto
//! the table's scale first: `ceil(score × scale / bins)`, so a 10-bin score of 9 or 10 is a
//! 5 on a 5-point table.

use serde::{Deserialize, Serialize};

use super::{Metrics, RfmError};

/// The name of customers no rule matches.
pub const OTHER: &str = "Other";

/// One segment rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// The segment name.
    pub name: String,
    /// One line in plain language: who these customers are.
    pub description: String,
    /// What to do with them.
    pub action: String,
    /// Inclusive recency score range.
    pub r: [u8; 2],
    /// Inclusive frequency score range.
    pub f: [u8; 2],
    /// Inclusive monetary score range.
    pub m: [u8; 2],
}

/// An ordered rule table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentRules {
    /// A short name for the table.
    pub name: String,
    /// The score scale the ranges are written on.
    pub scale: u8,
    /// The rules, in priority order.
    pub rules: Vec<Rule>,
    /// Description and action for customers no rule matches.
    pub other_description: String,
}

fn rule(name: &str, r: [u8; 2], f: [u8; 2], m: [u8; 2], description: &str, action: &str) -> Rule {
    Rule {
        name: name.into(),
        description: description.into(),
        action: action.into(),
        r,
        f,
        m,
    }
}

const ANY: [u8; 2] = [1, 5];

impl SegmentRules {
    /// The ten segments of the R `rfm` package, on a 5-point scale.
    pub fn rfm_package() -> Self {
        Self {
            name: "rfm-10".into(),
            scale: 5,
            rules: vec![
                rule(
                    "Champions",
                    [5, 5],
                    [5, 5],
                    [5, 5],
                    "Bought recently, buy often and spend the most.",
                    "Reward them; ask for reviews; early access to new products.",
                ),
                rule(
                    "Potential Loyalist",
                    [3, 5],
                    [3, 5],
                    [2, 5],
                    "Recent customers who bought more than once and spend well.",
                    "Offer a membership or loyalty programme; recommend related products.",
                ),
                rule(
                    "Loyal Customers",
                    [2, 4],
                    [2, 4],
                    [2, 4],
                    "Buy regularly and respond to promotions.",
                    "Upsell higher-value products; ask for referrals.",
                ),
                rule(
                    "Promising",
                    [3, 4],
                    [1, 3],
                    [3, 5],
                    "Fairly recent, not yet frequent, but spent a good amount.",
                    "Build the relationship: onboarding, free shipping thresholds.",
                ),
                rule(
                    "New Customers",
                    [4, 5],
                    [1, 3],
                    ANY,
                    "Bought very recently, only a few times.",
                    "Welcome series; help them succeed with the first purchase.",
                ),
                rule(
                    "Can't Lose Them",
                    [1, 2],
                    [3, 4],
                    [4, 5],
                    "Used to buy often and spend a lot, but not for a long time.",
                    "Win them back with personal outreach and renewals; don't lose them to a competitor.",
                ),
                rule(
                    "At Risk",
                    [1, 2],
                    [2, 5],
                    [4, 5],
                    "Spent big and bought often, long ago.",
                    "Personalised reactivation emails with helpful resources and offers.",
                ),
                rule(
                    "Need Attention",
                    [1, 3],
                    [3, 5],
                    [3, 5],
                    "Above-average frequency and spend, but not recent.",
                    "Limited-time offers based on their purchase history.",
                ),
                rule(
                    "About To Sleep",
                    [2, 3],
                    [1, 3],
                    [1, 4],
                    "Below-average recency and frequency; will be lost if not reactivated.",
                    "Share popular products and discounts; reconnect.",
                ),
                rule(
                    "Lost",
                    [1, 1],
                    ANY,
                    ANY,
                    "Lowest recency: have not bought for the longest time.",
                    "Revive interest with an outreach campaign; otherwise ignore.",
                ),
            ],
            other_description: "Matches none of the rules above.".into(),
        }
    }

    /// The widely used recency × frequency grid (monetary ignored), on a 5-point scale.
    pub fn rf_grid() -> Self {
        Self {
            name: "rf-grid".into(),
            scale: 5,
            rules: vec![
                rule(
                    "Champions",
                    [5, 5],
                    [4, 5],
                    ANY,
                    "Bought most recently and most often.",
                    "Reward them; they can become early adopters and promoters.",
                ),
                rule(
                    "Loyal Customers",
                    [3, 4],
                    [4, 5],
                    ANY,
                    "Buy often and fairly recently.",
                    "Upsell higher-value products; ask for reviews.",
                ),
                rule(
                    "Potential Loyalist",
                    [4, 5],
                    [2, 3],
                    ANY,
                    "Recent customers with average frequency.",
                    "Offer a membership or loyalty programme.",
                ),
                rule(
                    "New Customers",
                    [5, 5],
                    [1, 1],
                    ANY,
                    "Bought for the first time very recently.",
                    "Onboarding and a welcome series.",
                ),
                rule(
                    "Promising",
                    [4, 4],
                    [1, 1],
                    ANY,
                    "Recent shoppers who have not bought much yet.",
                    "Create brand awareness; free trials.",
                ),
                rule(
                    "Need Attention",
                    [3, 3],
                    [3, 3],
                    ANY,
                    "Average recency and frequency.",
                    "Limited-time offers; recommend based on past purchases.",
                ),
                rule(
                    "About to Sleep",
                    [3, 3],
                    [1, 2],
                    ANY,
                    "Below-average recency and frequency.",
                    "Share valuable resources; recommend popular products.",
                ),
                rule(
                    "Can't Lose",
                    [1, 2],
                    [5, 5],
                    ANY,
                    "Bought very often, but long ago.",
                    "Win them back with renewals or new products; talk to them.",
                ),
                rule(
                    "At Risk",
                    [1, 2],
                    [3, 4],
                    ANY,
                    "Bought often, but long ago.",
                    "Personalised emails to reconnect; offer renewals.",
                ),
                rule(
                    "Hibernating",
                    [1, 2],
                    [1, 2],
                    ANY,
                    "Last purchase long ago, few orders.",
                    "Offer other relevant products and special discounts.",
                ),
            ],
            other_description: "Matches none of the rules above.".into(),
        }
    }

    /// A simple low / medium / high table on a 3-point scale.
    pub fn three_level() -> Self {
        let any = [1, 3];
        Self {
            name: "three-level".into(),
            scale: 3,
            rules: vec![
                rule(
                    "Top",
                    [3, 3],
                    [3, 3],
                    [3, 3],
                    "Recent, frequent and high-spending: the best customers.",
                    "Reward and retain; VIP treatment.",
                ),
                rule(
                    "Loyal",
                    [2, 3],
                    [2, 3],
                    [2, 3],
                    "Good on every measure.",
                    "Upsell and cross-sell; loyalty programme.",
                ),
                rule(
                    "Newcomers",
                    [3, 3],
                    [1, 1],
                    any,
                    "Bought recently for the first time.",
                    "Welcome series; encourage a second purchase.",
                ),
                rule(
                    "At Risk",
                    [1, 1],
                    [2, 3],
                    any,
                    "Used to buy more than once, not recently.",
                    "Reactivation campaign with a personal offer.",
                ),
                rule(
                    "Lapsed",
                    [1, 1],
                    [1, 1],
                    any,
                    "One purchase, long ago.",
                    "Low-cost reminders only.",
                ),
                rule(
                    "Occasional",
                    [2, 3],
                    [1, 2],
                    any,
                    "Buy now and then.",
                    "Recommendations and seasonal offers.",
                ),
            ],
            other_description: "Matches none of the rules above.".into(),
        }
    }

    /// A preset by name: `rfm-10`, `rf-grid` or `three-level`.
    pub fn preset(name: &str) -> Option<Self> {
        match name {
            "rfm-10" => Some(Self::rfm_package()),
            "rf-grid" => Some(Self::rf_grid()),
            "three-level" => Some(Self::three_level()),
            _ => None,
        }
    }

    /// Validate: ranges within 1..=scale and ordered, names unique and not "Other".
    pub fn check(&self) -> Result<(), RfmError> {
        if !(2..=10).contains(&self.scale) {
            return Err(RfmError::Rule {
                name: self.name.clone(),
                problem: format!("scale must be 2..=10, not {}", self.scale),
            });
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let problem = if rule.name.trim().is_empty() || rule.name == OTHER {
                Some(format!("a rule may not be called {:?}", rule.name))
            } else if self.rules[..i].iter().any(|r| r.name == rule.name) {
                Some("two rules have this name".to_owned())
            } else if [rule.r, rule.f, rule.m]
                .iter()
                .any(|[lo, hi]| *lo < 1 || lo > hi || *hi > self.scale)
            {
                Some(format!(
                    "every range must lie within 1..={} and be ordered",
                    self.scale
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(RfmError::Rule {
                    name: rule.name.clone(),
                    problem,
                });
            }
        }
        Ok(())
    }

    /// The segment of a customer with scores `[r, f, m]` out of `bins`.
    pub fn classify(&self, [r, f, m]: [u8; 3], bins: u8) -> &str {
        let to_scale = |s: u8| (u32::from(s) * u32::from(self.scale)).div_ceil(u32::from(bins));
        let (r, f, m) = (to_scale(r), to_scale(f), to_scale(m));
        let within = |v: u32, [lo, hi]: [u8; 2]| u32::from(lo) <= v && v <= u32::from(hi);
        self.rules
            .iter()
            .find(|rule| within(r, rule.r) && within(f, rule.f) && within(m, rule.m))
            .map_or(OTHER, |rule| rule.name.as_str())
    }
}

/// Something worth knowing about a valid rule table: a rule that can never match (every
/// score it covers is taken by earlier rules, since the first match wins) or score
/// combinations no rule covers (those customers are "Other").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleNote {
    /// `unreachable` or `gap`.
    pub kind: String,
    /// The rule concerned (`unreachable` only).
    pub rule: Option<String>,
    /// The note in words.
    pub message: String,
    /// The earlier rules that take every score of an `unreachable` rule, so an interface can
    /// word the note in its own language (not in the JSON: `message` says it there).
    #[serde(skip)]
    pub earlier: Vec<String>,
    /// A `gap`'s uncovered score combinations, of `combinations`, with up to four examples
    /// as `[r, f, m]` (not in the JSON either).
    #[serde(skip)]
    pub uncovered: usize,
    /// All the score combinations of the table's scale.
    #[serde(skip)]
    pub combinations: usize,
    /// Up to four uncovered combinations, `[r, f, m]`.
    #[serde(skip)]
    pub examples: Vec<[u8; 3]>,
}

impl SegmentRules {
    /// Unreachable rules and uncovered score combinations, in words; empty for a table where
    /// every rule can match and every combination has a segment. Call on a table that passed
    /// [`check`](Self::check).
    pub fn notes(&self) -> Vec<RuleNote> {
        let s = self.scale.max(1);
        let cells: Vec<[u8; 3]> = (1..=s)
            .flat_map(|r| (1..=s).flat_map(move |f| (1..=s).map(move |m| [r, f, m])))
            .collect();
        let within = |v: u8, [lo, hi]: [u8; 2]| lo <= v && v <= hi;
        let matches = |rule: &Rule, [r, f, m]: [u8; 3]| {
            within(r, rule.r) && within(f, rule.f) && within(m, rule.m)
        };
        let mut notes = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let covered: Vec<&[u8; 3]> = cells.iter().filter(|&&c| matches(rule, c)).collect();
            let wins = covered
                .iter()
                .any(|&&c| !self.rules[..i].iter().any(|e| matches(e, c)));
            if !wins {
                let mut earlier: Vec<&str> = self.rules[..i]
                    .iter()
                    .filter(|e| covered.iter().any(|&&c| matches(e, c)))
                    .map(|e| e.name.as_str())
                    .collect();
                earlier.dedup();
                notes.push(RuleNote {
                    kind: "unreachable".into(),
                    rule: Some(rule.name.clone()),
                    message: format!(
                        "“{}” never applies: every score it covers is already taken by {}                          above it (the first matching rule wins). Move it up or narrow those.",
                        rule.name,
                        earlier
                            .iter()
                            .map(|n| format!("“{n}”"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    earlier: earlier.iter().map(|n| (*n).to_owned()).collect(),
                    uncovered: 0,
                    combinations: 0,
                    examples: Vec::new(),
                });
            }
        }
        let gaps: Vec<&[u8; 3]> = cells
            .iter()
            .filter(|&&c| !self.rules.iter().any(|r| matches(r, c)))
            .collect();
        if !gaps.is_empty() {
            let examples: Vec<String> = gaps
                .iter()
                .take(4)
                .map(|[r, f, m]| format!("R{r} F{f} M{m}"))
                .collect();
            notes.push(RuleNote {
                kind: "gap".into(),
                rule: None,
                message: format!(
                    "{} of the {} score combinations match no rule (for example {}); those                      customers are put in “{OTHER}”.",
                    gaps.len(),
                    cells.len(),
                    examples.join(", ")
                ),
                earlier: Vec::new(),
                uncovered: gaps.len(),
                combinations: cells.len(),
                examples: gaps.iter().take(4).map(|&&c| c).collect(),
            });
        }
        notes
    }
}

/// One row of the segment summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// The segment name.
    pub name: String,
    /// Who these customers are.
    pub description: String,
    /// What to do.
    pub action: String,
    /// Customers in the segment.
    pub customers: u64,
    /// Share of all customers, 0..=1.
    pub share: f64,
    /// Sum of line amounts of the segment's customers.
    pub revenue: f64,
    /// Share of all customers' revenue.
    pub revenue_share: f64,
    /// Revenue per order.
    pub average_order_value: Option<f64>,
    /// Median recency in days.
    pub median_recency_days: Option<f64>,
    /// Median frequency.
    pub median_frequency: Option<f64>,
    /// Median monetary value.
    pub median_monetary: Option<f64>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

pub(crate) fn summarise(rules: &SegmentRules, m: &Metrics, names: &[&str]) -> Vec<SegmentSummary> {
    let total_customers = names.len().max(1) as f64;
    let total_revenue: f64 = m.revenue.iter().sum();
    let entries = rules
        .rules
        .iter()
        .map(|r| (r.name.as_str(), r.description.as_str(), r.action.as_str()))
        .chain(std::iter::once((
            OTHER,
            rules.other_description.as_str(),
            "Review the rules.",
        )));
    entries
        .map(|(name, description, action)| {
            let members: Vec<usize> = (0..names.len()).filter(|&i| names[i] == name).collect();
            let revenue: f64 = members.iter().map(|&i| m.revenue[i]).sum();
            let orders: u64 = members.iter().map(|&i| m.frequency[i]).sum();
            SegmentSummary {
                name: name.to_owned(),
                description: description.to_owned(),
                action: action.to_owned(),
                customers: members.len() as u64,
                share: members.len() as f64 / total_customers,
                revenue,
                revenue_share: if total_revenue == 0.0 {
                    0.0
                } else {
                    revenue / total_revenue
                },
                average_order_value: (orders > 0).then(|| revenue / orders as f64),
                median_recency_days: median(members.iter().map(|&i| m.recency[i] as f64).collect()),
                median_frequency: median(members.iter().map(|&i| m.frequency[i] as f64).collect()),
                median_monetary: median(members.iter().map(|&i| m.monetary[i]).collect()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid() {
        for name in ["rfm-10", "rf-grid", "three-level"] {
            SegmentRules::preset(name).unwrap().check().unwrap();
        }
    }

    #[test]
    fn the_rf_grid_covers_every_r_f_pair() {
        let grid = SegmentRules::rf_grid();
        for r in 1..=5 {
            for f in 1..=5 {
                assert_ne!(grid.classify([r, f, 1], 5), OTHER, "R{r} F{f}");
            }
        }
    }

    #[test]
    fn first_match_wins_and_other_catches_the_rest() {
        let rules = SegmentRules::rfm_package();
        assert_eq!(rules.classify([5, 5, 5], 5), "Champions");
        assert_eq!(rules.classify([4, 4, 4], 5), "Potential Loyalist");
        assert_eq!(rules.classify([1, 1, 1], 5), "Lost");
        assert_eq!(rules.classify([2, 5, 1], 5), OTHER);
    }

    #[test]
    fn scores_on_other_scales_are_mapped_to_the_table() {
        let rules = SegmentRules::rfm_package();
        assert_eq!(rules.classify([10, 10, 9], 10), "Champions");
        assert_eq!(rules.classify([3, 3, 3], 3), "Champions");
    }

    #[test]
    fn notes_name_unreachable_rules_and_gaps() {
        assert!(
            SegmentRules::rf_grid()
                .notes()
                .iter()
                .all(|n| n.kind != "gap")
        );
        let mut rules = SegmentRules::three_level();
        // "Top" (all 3s) lies inside "Loyal" (2..3 everywhere): below it, it never applies.
        rules.rules.swap(0, 1);
        let notes = rules.notes();
        let unreachable: Vec<_> = notes.iter().filter(|n| n.kind == "unreachable").collect();
        assert_eq!(unreachable.len(), 1);
        assert_eq!(unreachable[0].rule.as_deref(), Some("Top"));
        assert!(
            unreachable[0].message.contains("“Loyal”"),
            "{}",
            unreachable[0].message
        );
        rules.rules.truncate(1);
        let gap = rules.notes().into_iter().find(|n| n.kind == "gap").unwrap();
        // Loyal covers 2..=3 on three axes: 8 of 27 combinations.
        assert!(gap.message.starts_with("19 of the 27"), "{}", gap.message);
    }

    #[test]
    fn bad_rules_are_refused() {
        let mut rules = SegmentRules::rfm_package();
        rules.rules[0].r = [4, 2];
        assert!(rules.check().is_err());
        let mut rules = SegmentRules::rfm_package();
        rules.rules[1].name = "Champions".into();
        assert!(rules.check().is_err());
    }
}
