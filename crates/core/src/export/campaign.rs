//! A campaign's files: the import file of one audience (a segment, a cluster, a CLV or churn
//! tier, or the customers most likely to buy a product) in one tool's format, and, when asked,
//! its seeded control group as a file of its own (DESIGN §4 "Campaign lift").
//!
//! What `segmint export` writes, as one call the browser's [`Session`](crate::protocol::Session)
//! can answer: the audience is picked from the [profiles](crate::profile), split by
//! [`control::split`](super::control::split) and written by [`crm::write`](super::crm::write),
//! so the app's files equal the command line's for the same file, audience, share and seed.

use serde::{Deserialize, Serialize};

use super::contacts::CustomerEmails;
use super::control;
use super::crm::{self, CrmError, Format};
use crate::profile::{CustomerProfile, ProfileReport, Tier};
use crate::recommend::{ItemItem, RecommendError, RecommendParams};
use crate::table::Transactions;

/// The user-facing sentences of a campaign export, in one place for translation.
mod text {
    pub const EMPTY: &str =
        "no customer is in that audience; pick another segment, cluster, tier or product";
    pub const NO_SEGMENT: &str = "no customer is in segment “{segment}”; the segments are: {names}";
    pub const SHARE: &str =
        "the control share must be at least 0 and below 1 (e.g. 0.1 for 10%), not {share}";
}

/// Who a campaign is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum AudienceChoice {
    /// The customers of an RFM segment (matched without regard to ASCII case).
    Segment {
        /// The segment's name.
        name: String,
    },
    /// The customers of a cluster, numbered as in the profiles.
    Cluster {
        /// The cluster.
        cluster: u32,
    },
    /// The customers of a CLV tier.
    ClvTier {
        /// The tier.
        tier: Tier,
    },
    /// The customers of a churn-risk tier.
    ChurnTier {
        /// The tier.
        tier: Tier,
    },
    /// The customers most likely to buy a product, best first
    /// ([`ItemItem::audience`]).
    Product {
        /// The product id.
        product_id: String,
    },
}

/// One written file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignFile {
    /// The CSV text.
    pub csv: String,
    /// Contacts written.
    pub rows: usize,
}

/// A campaign's import file and its control group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignFiles {
    /// The format written.
    pub format: Format,
    /// Customers of the audience (before the control group is held out).
    pub audience: usize,
    /// The customers who get the campaign.
    pub campaign: CampaignFile,
    /// The held-out customers, in the same format, when a share was asked for.
    pub control: Option<CampaignFile>,
    /// Warnings in words (customers left out for want of an email).
    pub warnings: Vec<String>,
}

/// Why a campaign cannot be written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CampaignError {
    /// The control share is outside `[0, 1)`.
    #[error("{0}")]
    Share(String),
    /// The audience has no customer.
    #[error("{0}")]
    Empty(String),
    /// The format needs emails the file does not have.
    #[error(transparent)]
    Crm(#[from] CrmError),
    /// The product audience cannot be computed.
    #[error(transparent)]
    Recommend(#[from] RecommendError),
}

/// The members of `choice` among `report`'s customers (`t` and `min_buyers` for a product's
/// audience, which is ranked by the recommendations' score).
pub fn audience<'r>(
    choice: &AudienceChoice,
    report: &'r ProfileReport,
    t: &Transactions,
    min_buyers: u32,
) -> Result<Vec<&'r CustomerProfile>, CampaignError> {
    let members: Vec<&CustomerProfile> = match choice {
        AudienceChoice::Product { product_id } => {
            let model = ItemItem::fit(t, &RecommendParams::new().min_buyers(min_buyers))?;
            model
                .audience(t, product_id, None)?
                .customers
                .iter()
                .filter_map(|m| report.customer(&m.customer_id))
                .collect()
        }
        other => report
            .customers
            .iter()
            .filter(|c| match other {
                AudienceChoice::Segment { name } => c.segment.eq_ignore_ascii_case(name),
                AudienceChoice::Cluster { cluster } => c.cluster == Some(*cluster),
                AudienceChoice::ClvTier { tier } => c.clv_tier == Some(*tier),
                AudienceChoice::ChurnTier { tier } => c.churn_tier == Some(*tier),
                AudienceChoice::Product { .. } => false,
            })
            .collect(),
    };
    if !members.is_empty() {
        return Ok(members);
    }
    Err(CampaignError::Empty(match choice {
        AudienceChoice::Segment { name } => {
            let mut names: Vec<&str> = report
                .customers
                .iter()
                .map(|c| c.segment.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            text::NO_SEGMENT
                .replace("{segment}", name)
                .replace("{names}", &names.join(", "))
        }
        _ => text::EMPTY.to_owned(),
    }))
}

/// Write `members` as a `format` import file, holding out `control` (a share in `[0, 1)`,
/// drawn with `seed`) as a second file; `emails` as for [`crm::write`].
pub fn write(
    format: Format,
    members: &[&CustomerProfile],
    emails: Option<&CustomerEmails>,
    control: Option<f64>,
    seed: u64,
) -> Result<CampaignFiles, CampaignError> {
    let share = control.unwrap_or(0.0);
    let ids: Vec<&str> = members.iter().map(|c| c.customer_id.as_str()).collect();
    let split = control::split(&ids, share, seed)
        .ok_or_else(|| CampaignError::Share(text::SHARE.replace("{share}", &share.to_string())))?;
    let pick = |idx: &[usize]| idx.iter().map(|&i| members[i]).collect::<Vec<_>>();
    let mut warnings = Vec::new();
    let mut file = |group: &[&CustomerProfile]| -> Result<CampaignFile, CampaignError> {
        let written = crm::write(format, group, emails)?;
        warnings.extend(written.warnings);
        Ok(CampaignFile {
            csv: written.csv.into_string(),
            rows: written.rows,
        })
    };
    let campaign = file(&pick(&split.treatment))?;
    let control = match control {
        Some(_) => Some(file(&pick(&split.control))?),
        None => None,
    };
    Ok(CampaignFiles {
        format,
        audience: members.len(),
        campaign,
        control,
        warnings,
    })
}
