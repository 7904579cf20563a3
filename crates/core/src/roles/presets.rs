//! Export presets, recognised by their header.

use serde::{Deserialize, Serialize};

use super::{Assignment, Mapping, Role, Source, column_name};

/// A known export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// UCI Online Retail (InvoiceNo, StockCode, …, UnitPrice, CustomerID, Country).
    OnlineRetail,
    /// UCI Online Retail II (Invoice, StockCode, …, Price, Customer ID, Country).
    OnlineRetailII,
    /// Shopify orders export: one row per line item; order-level fields (Email, Financial
    /// Status, Created at, …) only on an order's first row; orders grouped by `Name`.
    Shopify,
    /// WooCommerce orders export, one row per line item.
    WooCommerce,
    /// Stripe payments export: failed payments excluded, `Amount Refunded` reduces value.
    Stripe,
    /// HubSpot deals export: only "Closed Won" deals count.
    HubSpot,
    /// Salesforce opportunities report: only "Closed Won" opportunities count.
    Salesforce,
    /// One basket per line, items separated by the delimiter, no header, unequal lengths
    /// (the R arules "Groceries" format).
    BasketPerLine,
}

/// How a status column's words are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StatusVocabulary {
    /// Payment/financial status: failed/voided/cancelled are excluded, refunded is a return.
    Payment,
    /// CRM deal stage: only closed-won counts; open and lost deals are excluded.
    DealStage,
}

struct Spec {
    preset: Preset,
    /// Every one of these headers must be present (ignoring case and spaces).
    signature: &'static [&'static str],
    /// Role → candidate headers, first present wins.
    roles: &'static [(Role, &'static [&'static str])],
}

const SPECS: &[Spec] = &[
    Spec {
        preset: Preset::OnlineRetail,
        signature: &[
            "InvoiceNo",
            "StockCode",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
        ],
        roles: &[
            (Role::OrderId, &["InvoiceNo"]),
            (Role::ProductId, &["StockCode"]),
            (Role::ProductName, &["Description"]),
            (Role::Quantity, &["Quantity"]),
            (Role::OrderDate, &["InvoiceDate"]),
            (Role::UnitPrice, &["UnitPrice"]),
            (Role::CustomerId, &["CustomerID"]),
            (Role::Country, &["Country"]),
        ],
    },
    Spec {
        preset: Preset::OnlineRetailII,
        signature: &[
            "Invoice",
            "StockCode",
            "Quantity",
            "InvoiceDate",
            "Price",
            "Customer ID",
        ],
        roles: &[
            (Role::OrderId, &["Invoice"]),
            (Role::ProductId, &["StockCode"]),
            (Role::ProductName, &["Description"]),
            (Role::Quantity, &["Quantity"]),
            (Role::OrderDate, &["InvoiceDate"]),
            (Role::UnitPrice, &["Price"]),
            (Role::CustomerId, &["Customer ID"]),
            (Role::Country, &["Country"]),
        ],
    },
    Spec {
        preset: Preset::Shopify,
        signature: &[
            "Name",
            "Email",
            "Financial Status",
            "Created at",
            "Lineitem quantity",
            "Lineitem price",
        ],
        roles: &[
            (Role::OrderId, &["Name"]),
            (Role::CustomerId, &["Email"]),
            (Role::Email, &["Email"]),
            (Role::OrderDate, &["Created at"]),
            (Role::Quantity, &["Lineitem quantity"]),
            (Role::UnitPrice, &["Lineitem price"]),
            (Role::ProductId, &["Lineitem sku"]),
            (Role::ProductName, &["Lineitem name"]),
            (Role::Status, &["Financial Status"]),
            (Role::Country, &["Billing Country", "Shipping Country"]),
            (Role::Channel, &["Source"]),
        ],
    },
    Spec {
        preset: Preset::WooCommerce,
        signature: &[
            "Order Number",
            "Order Status",
            "Order Date",
            "Item Name",
            "Quantity",
        ],
        roles: &[
            (Role::OrderId, &["Order Number"]),
            (
                Role::CustomerId,
                &["Customer User ID", "Billing Email Address", "Billing Email"],
            ),
            (Role::Email, &["Billing Email Address", "Billing Email"]),
            (Role::OrderDate, &["Order Date"]),
            (Role::Quantity, &["Quantity"]),
            (Role::UnitPrice, &["Item Cost"]),
            (Role::ProductId, &["SKU"]),
            (Role::ProductName, &["Item Name"]),
            (Role::Status, &["Order Status"]),
            (Role::Country, &["Billing Country"]),
        ],
    },
    Spec {
        preset: Preset::Stripe,
        signature: &["id", "Created (UTC)", "Amount", "Amount Refunded", "Status"],
        roles: &[
            (Role::OrderId, &["id"]),
            (Role::CustomerId, &["Customer ID", "Customer Email"]),
            (Role::Email, &["Customer Email"]),
            (Role::OrderDate, &["Created (UTC)"]),
            (Role::Amount, &["Amount"]),
            (Role::AmountRefunded, &["Amount Refunded"]),
            (Role::ProductName, &["Description"]),
            (Role::Status, &["Status"]),
            (
                Role::Country,
                &["Card Issue Country", "Card Address Country"],
            ),
        ],
    },
    Spec {
        preset: Preset::HubSpot,
        signature: &[
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "Amount",
            "Close Date",
        ],
        roles: &[
            (Role::OrderId, &["Record ID"]),
            (
                Role::CustomerId,
                &[
                    "Associated Company IDs",
                    "Associated Company",
                    "Associated Contact",
                ],
            ),
            (Role::OrderDate, &["Close Date"]),
            (Role::Amount, &["Amount"]),
            (Role::Status, &["Deal Stage"]),
            (Role::Channel, &["Pipeline"]),
        ],
    },
    Spec {
        preset: Preset::Salesforce,
        signature: &[
            "Opportunity Name",
            "Account Name",
            "Stage",
            "Amount",
            "Close Date",
        ],
        roles: &[
            (Role::OrderId, &["Opportunity ID", "Opportunity Name"]),
            (Role::CustomerId, &["Account ID", "Account Name"]),
            (Role::OrderDate, &["Close Date"]),
            (Role::Amount, &["Amount"]),
            (Role::Status, &["Stage"]),
            (Role::Channel, &["Lead Source"]),
        ],
    },
];

fn norm(s: &str) -> String {
    s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()
}

impl Preset {
    /// The snake_case name (`--preset`).
    pub fn name(self) -> &'static str {
        match self {
            Preset::OnlineRetail => "online_retail",
            Preset::OnlineRetailII => "online_retail_ii",
            Preset::Shopify => "shopify",
            Preset::WooCommerce => "woocommerce",
            Preset::Stripe => "stripe",
            Preset::HubSpot => "hubspot",
            Preset::Salesforce => "salesforce",
            Preset::BasketPerLine => "basket_per_line",
        }
    }

    /// Every preset.
    pub const ALL: [Preset; 8] = [
        Preset::OnlineRetail,
        Preset::OnlineRetailII,
        Preset::Shopify,
        Preset::WooCommerce,
        Preset::Stripe,
        Preset::HubSpot,
        Preset::Salesforce,
        Preset::BasketPerLine,
    ];

    /// The preset named `name`.
    pub fn from_name(name: &str) -> Option<Preset> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        Preset::ALL.into_iter().find(|p| p.name() == n)
    }

    /// How the status column reads.
    pub(crate) fn status_vocabulary(self) -> StatusVocabulary {
        match self {
            Preset::HubSpot | Preset::Salesforce => StatusVocabulary::DealStage,
            _ => StatusVocabulary::Payment,
        }
    }

    /// Whether order-level fields appear only on an order's first row and must be carried to
    /// its other rows (Shopify).
    pub(crate) fn fills_down_by_order(self) -> bool {
        self == Preset::Shopify
    }

    /// Customer ids that stand for "no account": WooCommerce writes `Customer User ID` 0 for
    /// every guest checkout, so taken as an id all guests would be one big customer.
    pub(crate) fn guest_customer_ids(self) -> &'static [&'static str] {
        match self {
            Preset::WooCommerce => &["0"],
            _ => &[],
        }
    }

    /// Whether a row without a customer id (or with a guest id) is the customer of its email
    /// column, when one is mapped: WooCommerce guests and Stripe payments without a Stripe
    /// customer still name the buyer by billing email.
    pub(crate) fn falls_back_on_email(self) -> bool {
        matches!(self, Preset::WooCommerce | Preset::Stripe)
    }

    /// The mapping this preset gives `header`, when the header carries its signature
    /// (always, for a forced preset).
    pub fn mapping(self, header: &[String], forced: bool) -> Option<Mapping> {
        let spec = SPECS.iter().find(|s| s.preset == self)?;
        let find = |name: &str| header.iter().position(|h| norm(h) == norm(name));
        if !forced && !spec.signature.iter().all(|s| find(s).is_some()) {
            return None;
        }
        let mut mapping = Mapping {
            preset: Some(self),
            ..Mapping::default()
        };
        for (role, candidates) in spec.roles {
            if let Some(column) = candidates.iter().find_map(|c| find(c)) {
                mapping.roles.insert(
                    *role,
                    Assignment {
                        column,
                        name: column_name(header, column),
                        confidence: 1.0,
                        source: Source::Preset,
                    },
                );
            }
        }
        Some(mapping)
    }
}

/// The preset whose signature `header` carries, if any.
pub fn detect_preset(header: &[String]) -> Option<Mapping> {
    SPECS.iter().find_map(|s| s.preset.mapping(header, false))
}
