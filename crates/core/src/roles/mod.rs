//! Column roles (docs/definitions.md §3): which column holds the customer, the order, the date, …
//!
//! A [`Mapping`] comes from, in order of precedence: the user's `role=COLUMN` overrides, an
//! export [`Preset`] recognised by its header, and auto-mapping by header name checked
//! against the column's values. Every mapped role carries a confidence in `0..=1` and where it
//! came from; guesses below [`MIN_CONFIDENCE`] are not applied but offered as suggestions, and
//! applied guesses below [`SURE_CONFIDENCE`] are listed as warnings, so an unsure mapping never
//! proceeds silently.

mod auto;
mod presets;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind};

pub use auto::auto_map;
pub(crate) use presets::StatusVocabulary;
pub use presets::{Preset, detect_preset};

/// Auto-mapped guesses below this confidence are not applied (only suggested).
pub const MIN_CONFIDENCE: f64 = 0.6;
/// Applied guesses below this confidence are reported as unsure.
pub const SURE_CONFIDENCE: f64 = 0.85;

/// A canonical column role; written in JSON as its [`Role::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Who bought.
    CustomerId,
    /// Which order (invoice, basket) the line belongs to.
    OrderId,
    /// When.
    OrderDate,
    /// How many units.
    Quantity,
    /// Price per unit.
    UnitPrice,
    /// Line or order total.
    Amount,
    /// Amount refunded on the line or payment (Stripe); reduces its value.
    AmountRefunded,
    /// Product code.
    ProductId,
    /// Product name.
    ProductName,
    /// Payment/financial status or deal stage.
    Status,
    /// Customer email.
    Email,
    /// Country.
    Country,
    /// Sales channel.
    Channel,
}

impl Role {
    /// Every role, in report order.
    pub const ALL: [Role; 13] = [
        Role::CustomerId,
        Role::OrderId,
        Role::OrderDate,
        Role::Quantity,
        Role::UnitPrice,
        Role::Amount,
        Role::AmountRefunded,
        Role::ProductId,
        Role::ProductName,
        Role::Status,
        Role::Email,
        Role::Country,
        Role::Channel,
    ];

    /// The snake_case name used in reports and `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Role::CustomerId => "customer_id",
            Role::OrderId => "order_id",
            Role::OrderDate => "order_date",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit_price",
            Role::Amount => "amount",
            Role::AmountRefunded => "amount_refunded",
            Role::ProductId => "product_id",
            Role::ProductName => "product_name",
            Role::Status => "status",
            Role::Email => "email",
            Role::Country => "country",
            Role::Channel => "channel",
        }
    }

    /// The role named `name` (as [`Role::name`] writes it; `-` and case are forgiven).
    pub fn from_name(name: &str) -> Option<Role> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.name() == n)
    }

    /// Whether values of this role are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Role::Quantity | Role::UnitPrice | Role::Amount | Role::AmountRefunded
        )
    }
}

// By name, both ways: one string match instead of a derived visitor per variant (the
// browser bundles pay for every one).
impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Role::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown role {name:?}")))
    }
}

/// Where a role's column came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `--map role=COLUMN`.
    User,
    /// A recognised export preset.
    Preset,
    /// Guessed from the header and values.
    Auto,
}

/// One mapped role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// 0-based column index.
    pub column: usize,
    /// The column's header name (`#3` for the third column of a file without header).
    pub name: String,
    /// 0..=1.
    pub confidence: f64,
    /// Where it came from.
    pub source: Source,
}

/// An auto-mapping guess too unsure to apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The role.
    pub role: Role,
    /// The column's header name.
    pub column: String,
    /// 0..=1.
    pub confidence: f64,
}

/// Roles → columns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// The applied assignments.
    pub roles: BTreeMap<Role, Assignment>,
    /// The preset recognised, if any.
    pub preset: Option<Preset>,
    /// Guesses not applied.
    pub suggestions: Vec<Suggestion>,
}

impl Mapping {
    /// The column of `role`, if mapped.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.get(&role).map(|a| a.column)
    }

    /// Whether `role` is mapped.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains_key(&role)
    }

    /// Role name → column name, as `inspect --json` reports it.
    pub fn names(&self) -> BTreeMap<String, String> {
        self.roles
            .iter()
            .map(|(r, a)| (r.name().to_owned(), a.name.clone()))
            .collect()
    }

    /// Role name → confidence.
    pub fn confidence(&self) -> BTreeMap<String, f64> {
        self.roles
            .iter()
            .map(|(r, a)| (r.name().to_owned(), a.confidence))
            .collect()
    }

    /// Whether the customer analyses (RFM, clusters, CLV, cohorts) can run: customer id,
    /// order date, and an amount or quantity × unit price.
    pub fn supports_customers(&self) -> bool {
        self.missing_for_customers().is_empty()
    }

    /// The roles the customer analyses still need.
    pub fn missing_for_customers(&self) -> Vec<Role> {
        let mut missing = Vec::new();
        for r in [Role::CustomerId, Role::OrderDate] {
            if !self.has(r) {
                missing.push(r);
            }
        }
        if !self.has(Role::Amount) {
            for r in [Role::Quantity, Role::UnitPrice] {
                if !self.has(r) {
                    missing.push(r);
                }
            }
            if missing.contains(&Role::Quantity) || missing.contains(&Role::UnitPrice) {
                missing.push(Role::Amount);
            }
        }
        missing
    }

    /// Whether baskets can run: order id and a product id or name.
    pub fn supports_baskets(&self) -> bool {
        self.has(Role::OrderId) && (self.has(Role::ProductId) || self.has(Role::ProductName))
    }

    /// Roles that no column was found for.
    pub fn missing(&self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| !self.has(*r)).collect()
    }

    /// Applied assignments below [`SURE_CONFIDENCE`].
    pub fn unsure(&self) -> Vec<Role> {
        self.roles
            .iter()
            .filter(|(_, a)| a.confidence < SURE_CONFIDENCE)
            .map(|(r, _)| *r)
            .collect()
    }
}

/// A user override: `role=COLUMN` where COLUMN is a header name (exact, then ignoring case
/// and surrounding spaces), or `#N` for the N-th column (1-based). An empty COLUMN unmaps
/// the role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The role.
    pub role: Role,
    /// The column as the user wrote it (empty: unmap).
    pub column: String,
}

impl std::str::FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (role, column) = s
            .split_once('=')
            .ok_or_else(|| format!("expected ROLE=COLUMN, got {s:?}"))?;
        let role = Role::from_name(role).ok_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            format!("unknown role {role:?}; roles are {}", names.join(", "))
        })?;
        Ok(Override {
            role,
            column: column.to_owned(),
        })
    }
}

/// The display name of column `i`.
pub fn column_name(header: &[String], i: usize) -> String {
    match header.get(i) {
        Some(h) if !h.trim().is_empty() => h.clone(),
        _ => format!("#{}", i + 1),
    }
}

/// Find `wanted` among `header` (see [`Override`]).
pub(crate) fn find_column(header: &[String], columns: usize, wanted: &str) -> Option<usize> {
    if let Some(i) = header.iter().position(|h| h == wanted) {
        return Some(i);
    }
    let w = wanted.trim();
    if let Some(i) = header.iter().position(|h| h.trim().eq_ignore_ascii_case(w)) {
        return Some(i);
    }
    let n: usize = w.strip_prefix('#')?.parse().ok()?;
    (1..=columns).contains(&n).then(|| n - 1)
}

/// Apply `overrides` on top of `mapping`. Errors name the unknown column and list the
/// columns there are.
pub(crate) fn apply_overrides(
    mapping: &mut Mapping,
    header: &[String],
    columns: usize,
    overrides: &[Override],
) -> Result<(), Error> {
    for o in overrides {
        if o.column.trim().is_empty() {
            mapping.roles.remove(&o.role);
            continue;
        }
        let Some(column) = find_column(header, columns, &o.column) else {
            return Err(Error::new(ErrorKind::UnknownColumn {
                role: o.role,
                column: o.column.clone(),
                columns: (0..columns).map(|i| column_name(header, i)).collect(),
            }));
        };
        // A column serves one role: the user's choice takes it from any other.
        mapping
            .roles
            .retain(|r, a| *r == o.role || a.column != column || a.source == Source::User);
        mapping.roles.insert(
            o.role,
            Assignment {
                column,
                name: column_name(header, column),
                confidence: 1.0,
                source: Source::User,
            },
        );
    }
    Ok(())
}
