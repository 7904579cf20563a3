//! Import files that email tools and CRMs take as they are (docs/exports.md has each
//! format's source).
//!
//! One row per customer of an audience; the customer is identified by email when the orders
//! file maps an email column, and by the customer id in the tool's own id field otherwise
//! (HubSpot and Salesforce can match on it; Klaviyo, Mailchimp and Shopify need an email, so
//! for them a file without emails is an error that says what to do). Segment, cluster, CLV
//! tier, churn-risk tier and the next best products travel as properties (custom fields) or
//! tags, whichever the tool imports. Every cell is formula-safe ([`super::write_cell`]).

use serde::{Deserialize, Serialize};

use super::contacts::CustomerEmails;
use super::{Cell, Table};
use crate::profile::{CustomerProfile, Tier};

/// The import formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Klaviyo list upload (CSV).
    Klaviyo,
    /// Mailchimp audience import (CSV).
    Mailchimp,
    /// HubSpot contacts import.
    Hubspot,
    /// Salesforce Data Import Wizard, contacts (update existing, matched by email or by the
    /// external id field).
    Salesforce,
    /// Shopify customer CSV.
    Shopify,
}

/// The user-facing sentences of the exports, in one place for translation.
mod text {
    pub const NEEDS_EMAIL: &str = "{tool} identifies contacts by email, and the orders file maps no email column; pass --map email=COLUMN, or export for HubSpot or Salesforce, which can match on the customer id";
    pub const LEFT_OUT: &str = "{count} customer(s) of the audience have no email in the orders file and are not in the {tool} file (first: {first})";
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Klaviyo,
        Format::Mailchimp,
        Format::Hubspot,
        Format::Salesforce,
        Format::Shopify,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Klaviyo => "klaviyo",
            Format::Mailchimp => "mailchimp",
            Format::Hubspot => "hubspot",
            Format::Salesforce => "salesforce",
            Format::Shopify => "shopify",
        }
    }

    /// The tool's name in words.
    pub fn tool(self) -> &'static str {
        match self {
            Format::Klaviyo => "Klaviyo",
            Format::Mailchimp => "Mailchimp",
            Format::Hubspot => "HubSpot",
            Format::Salesforce => "Salesforce",
            Format::Shopify => "Shopify",
        }
    }

    /// The format named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// Whether every row needs an email.
    pub fn needs_email(self) -> bool {
        matches!(self, Format::Klaviyo | Format::Mailchimp | Format::Shopify)
    }

    /// The header row; `emails`: whether an email column is written (always for the formats
    /// that need one).
    pub fn header(self, emails: bool) -> Vec<&'static str> {
        let segmint = [
            "Segmint Customer ID",
            "Segmint Segment",
            "Segmint Cluster",
            "Segmint CLV Tier",
            "Segmint Churn Risk Tier",
            "Segmint Next Best Products",
        ];
        match self {
            Format::Klaviyo => vec![
                "Email",
                "External ID",
                "Segment",
                "Cluster",
                "CLV Tier",
                "Churn Risk Tier",
                "Next Best Products",
            ],
            Format::Mailchimp => vec![
                "Email Address",
                "Customer ID",
                "Segment",
                "Cluster",
                "CLV Tier",
                "Churn Risk Tier",
                "Next Best Products",
                "Tags",
            ],
            Format::Hubspot | Format::Salesforce => {
                let mut h = if emails { vec!["Email"] } else { Vec::new() };
                h.extend(segmint);
                h
            }
            Format::Shopify => vec![
                "First Name",
                "Last Name",
                "Email",
                "Company",
                "Address1",
                "Address2",
                "City",
                "Province",
                "Province Code",
                "Country",
                "Country Code",
                "Zip",
                "Phone",
                "Accepts Email Marketing",
                "Accepts SMS Marketing",
                "Tags",
                "Note",
                "Tax Exempt",
            ],
        }
    }
}

/// A written import file and what it left out.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    /// The CSV.
    pub csv: Table,
    /// Customers written.
    pub rows: usize,
    /// Customers of the audience left out for want of an email (the format needs one).
    pub without_email: Vec<String>,
    /// Warnings in words.
    pub warnings: Vec<String>,
}

/// Why an import file cannot be written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CrmError {
    /// The format needs emails and the orders file maps none.
    #[error("{0}")]
    NeedsEmail(String),
}

/// Mailchimp's text fields hold at most 255 bytes: cut a list at an item boundary.
const TEXT_FIELD_BYTES: usize = 255;

fn products_text(p: &CustomerProfile, limit: Option<usize>) -> String {
    let mut out = String::new();
    for s in &p.next_best_products {
        let item = match &s.product_name {
            Some(name) => format!("{} {}", s.product_id, name),
            None => s.product_id.clone(),
        };
        let sep = if out.is_empty() { "" } else { "; " };
        if limit.is_some_and(|l| out.len() + sep.len() + item.len() > l) {
            break;
        }
        out.push_str(sep);
        out.push_str(&item);
    }
    out
}

fn tier(t: Option<Tier>) -> &'static str {
    t.map_or("", Tier::name)
}

/// Tags never hold a comma: the tools split tag lists on commas.
fn tag(text: &str) -> String {
    text.replace(',', " ")
}

/// The import file of `format` for `audience`. `emails`: the customers' emails, `None` when
/// the orders file maps no email column.
pub fn write(
    format: Format,
    audience: &[&CustomerProfile],
    emails: Option<&CustomerEmails>,
) -> Result<ImportFile, CrmError> {
    if format.needs_email() && emails.is_none() {
        return Err(CrmError::NeedsEmail(
            text::NEEDS_EMAIL.replace("{tool}", format.tool()),
        ));
    }
    let mut csv = Table::new(&format.header(emails.is_some()));
    let mut without_email = Vec::new();
    let mut rows = 0;
    for p in audience {
        let email = emails.and_then(|e| e.get(&p.customer_id));
        if format.needs_email() && email.is_none() {
            without_email.push(p.customer_id.clone());
            continue;
        }
        let email = email.unwrap_or("");
        let cluster = p.cluster.map(|k| k.to_string()).unwrap_or_default();
        let (clv, churn) = (tier(p.clv_tier), tier(p.churn_tier));
        rows += 1;
        match format {
            Format::Klaviyo => {
                let products = products_text(p, None);
                csv.row(&[
                    Cell::Text(email),
                    Cell::Text(&p.customer_id),
                    Cell::Text(&p.segment),
                    Cell::Text(&cluster),
                    Cell::Text(clv),
                    Cell::Text(churn),
                    Cell::Text(&products),
                ]);
            }
            Format::Mailchimp => {
                let products = products_text(p, Some(TEXT_FIELD_BYTES));
                let mut tags = vec![format!("segment: {}", tag(&p.segment))];
                if !cluster.is_empty() {
                    tags.push(format!("cluster {cluster}"));
                }
                if !clv.is_empty() {
                    tags.push(format!("clv {clv}"));
                }
                if !churn.is_empty() {
                    tags.push(format!("churn risk {churn}"));
                }
                let tags = tags.join(",");
                csv.row(&[
                    Cell::Text(email),
                    Cell::Text(&p.customer_id),
                    Cell::Text(&p.segment),
                    Cell::Text(&cluster),
                    Cell::Text(clv),
                    Cell::Text(churn),
                    Cell::Text(&products),
                    Cell::Text(&tags),
                ]);
            }
            Format::Hubspot | Format::Salesforce => {
                let products = products_text(p, None);
                let mut cells = Vec::with_capacity(7);
                if emails.is_some() {
                    cells.push(Cell::Text(email));
                }
                cells.extend([
                    Cell::Text(&p.customer_id),
                    Cell::Text(&p.segment),
                    Cell::Text(&cluster),
                    Cell::Text(clv),
                    Cell::Text(churn),
                    Cell::Text(&products),
                ]);
                csv.row(&cells);
            }
            Format::Shopify => {
                let mut tags = vec![format!("segmint segment {}", tag(&p.segment))];
                if !cluster.is_empty() {
                    tags.push(format!("segmint cluster {cluster}"));
                }
                if !clv.is_empty() {
                    tags.push(format!("segmint clv {clv}"));
                }
                if !churn.is_empty() {
                    tags.push(format!("segmint churn risk {churn}"));
                }
                let tags = tags.join(", ");
                let note = format!(
                    "Segmint customer ID {}. Next best products: {}",
                    p.customer_id,
                    products_text(p, None)
                );
                let mut cells = vec![Cell::Text(""); 18];
                cells[2] = Cell::Text(email);
                cells[15] = Cell::Text(&tags);
                cells[16] = Cell::Text(&note);
                csv.row(&cells);
            }
        }
    }
    let mut warnings = Vec::new();
    if let Some(first) = without_email.first() {
        warnings.push(
            text::LEFT_OUT
                .replace("{count}", &without_email.len().to_string())
                .replace("{tool}", format.tool())
                .replace("{first}", first),
        );
    }
    Ok(ImportFile {
        csv,
        rows,
        without_email,
        warnings,
    })
}
