//! What a user can do about what the core found, typed: the [`Setting`]s a message can point
//! to, the [`Question`]s only the user can answer, the [`Warning`]s worth checking, and the
//! [`Hint`]s that say what to change.
//!
//! These cross the protocol as data, never as finished sentences: each host words them for
//! its own user through [`Words`]. The command line names its flags ([`CommandLine`], which
//! every `Display` in this crate uses); the browser names its controls (`segmint-web`'s
//! `BrowserWords`). The problem itself ("the bytes are not valid UTF-8") is worded once, here,
//! and names no control of any host.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::roles::Role;

/// Which analysis (or group of analyses) a message is about; written in JSON as its
/// [`Analysis::field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Analysis {
    /// Everything that needs customers: RFM, clusters, lifetime value, cohorts.
    CustomerAnalyses,
    /// RFM scores and segments.
    Rfm,
    /// Customer clusters.
    Clusters,
    /// Frequent itemsets and association rules.
    Baskets,
    /// Lifetime value.
    Clv,
    /// Retention cohorts.
    Cohorts,
    /// A file of per-customer columns read for the clusters.
    CustomerColumns,
    /// Next best products, audiences and similar products.
    Recommendations,
    /// Customer profiles.
    Profiles,
    /// Import files for email tools and CRMs.
    Exports,
    /// Campaign lift.
    Lift,
    /// The key numbers at a glance.
    Overview,
}

impl Analysis {
    const ALL: [Analysis; 12] = [
        Analysis::CustomerAnalyses,
        Analysis::Rfm,
        Analysis::Clusters,
        Analysis::Baskets,
        Analysis::Clv,
        Analysis::Cohorts,
        Analysis::CustomerColumns,
        Analysis::Recommendations,
        Analysis::Profiles,
        Analysis::Exports,
        Analysis::Lift,
        Analysis::Overview,
    ];

    /// Its identifier: `rfm`, `clusters`, `customer_analyses`, …
    pub fn field(self) -> &'static str {
        match self {
            Analysis::CustomerAnalyses => "customer_analyses",
            Analysis::Rfm => "rfm",
            Analysis::Clusters => "clusters",
            Analysis::Baskets => "baskets",
            Analysis::Clv => "clv",
            Analysis::Cohorts => "cohorts",
            Analysis::CustomerColumns => "customer_columns",
            Analysis::Recommendations => "recommendations",
            Analysis::Profiles => "profiles",
            Analysis::Exports => "exports",
            Analysis::Lift => "lift",
            Analysis::Overview => "overview",
        }
    }

    /// The analysis in words, as a message's subject.
    pub fn name(self) -> &'static str {
        match self {
            Analysis::CustomerAnalyses => "customer analyses",
            Analysis::Rfm => "RFM",
            Analysis::Clusters => "clusters",
            Analysis::Baskets => "market baskets",
            Analysis::Clv => "lifetime value",
            Analysis::Cohorts => "cohorts",
            Analysis::CustomerColumns => "customer columns",
            Analysis::Recommendations => "recommendations",
            Analysis::Profiles => "customer profiles",
            Analysis::Exports => "exports",
            Analysis::Lift => "campaign lift",
            Analysis::Overview => "key numbers",
        }
    }
}

/// A choice the user can make, whatever form their host gives it (a flag, a menu).
///
/// Named after the option's field (`min_support`), which is also how it is written in JSON;
/// an option the list does not know yet is [`Setting::Other`] with its field name, which
/// every host can still word.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The text encoding the file is read with.
    Encoding,
    /// The field delimiter.
    Delimiter,
    /// Whether the first row is a header.
    Header,
    /// The export preset.
    Preset,
    /// Which column plays which role.
    Map,
    /// Returns: excluded or netted.
    Returns,
    /// Duplicate rows: removed or kept.
    Duplicates,
    /// Day/month or month/day dates.
    DateOrder,
    /// The decimal separator.
    Decimal,
    /// RFM scores per metric.
    Bins,
    /// The segment rules (a preset or the user's own).
    Segments,
    /// Custom RFM score breakpoints.
    Breakpoints,
    /// The RFM reference date.
    ReferenceDate,
    /// The earlier date of the segment migration.
    MigrationFrom,
    /// The number of clusters.
    K,
    /// The range of k swept.
    KRange,
    /// Clustering restarts.
    NInit,
    /// Iterations per clustering run.
    MaxIter,
    /// The random seed.
    Seed,
    /// DBSCAN's neighbourhood radius.
    Eps,
    /// DBSCAN's core-point size.
    MinSamples,
    /// The features clustered on.
    Features,
    /// The smallest share of baskets an itemset must be in.
    MinSupport,
    /// The smallest rule confidence.
    MinConfidence,
    /// The largest itemset.
    MaxLen,
    /// The largest basket mined.
    MaxBasketSize,
    /// The product asked about in "what sells with X".
    BoughtTogether,
    /// The end of the lifetime-value observation.
    ObservationEnd,
    /// The lifetime-value time unit.
    TimeUnit,
    /// The prediction horizon.
    HorizonDays,
    /// The sheet of a workbook that is read.
    Sheet,
    /// An option known by its field name only.
    Other(String),
}

impl Setting {
    /// The option's field name (`min_support`), as in the parameters and the JSON.
    pub fn field(&self) -> &str {
        match self {
            Setting::Encoding => "encoding",
            Setting::Delimiter => "delimiter",
            Setting::Header => "has_header",
            Setting::Preset => "preset",
            Setting::Map => "map",
            Setting::Returns => "returns",
            Setting::Duplicates => "duplicates",
            Setting::DateOrder => "date_order",
            Setting::Decimal => "decimal",
            Setting::Bins => "bins",
            Setting::Segments => "rules",
            Setting::Breakpoints => "breakpoints",
            Setting::ReferenceDate => "reference_date",
            Setting::MigrationFrom => "migration_from",
            Setting::K => "k",
            Setting::KRange => "k_range",
            Setting::NInit => "n_init",
            Setting::MaxIter => "max_iter",
            Setting::Seed => "seed",
            Setting::Eps => "eps",
            Setting::MinSamples => "min_samples",
            Setting::Features => "features",
            Setting::MinSupport => "min_support",
            Setting::MinConfidence => "min_confidence",
            Setting::MaxLen => "max_len",
            Setting::MaxBasketSize => "max_basket_size",
            Setting::BoughtTogether => "bought_together",
            Setting::ObservationEnd => "observation_end",
            Setting::TimeUnit => "time_unit",
            Setting::HorizonDays => "horizon_days",
            Setting::Sheet => "sheet",
            Setting::Other(field) => field,
        }
    }

    /// The setting whose field is `field` (an analysis' option name).
    pub fn from_field(field: &str) -> Setting {
        match field {
            "encoding" => Setting::Encoding,
            "delimiter" => Setting::Delimiter,
            "has_header" => Setting::Header,
            "preset" => Setting::Preset,
            "map" => Setting::Map,
            "returns" => Setting::Returns,
            "duplicates" => Setting::Duplicates,
            "date_order" => Setting::DateOrder,
            "decimal" => Setting::Decimal,
            "bins" => Setting::Bins,
            "rules" => Setting::Segments,
            "breakpoints" => Setting::Breakpoints,
            "reference_date" => Setting::ReferenceDate,
            "migration_from" => Setting::MigrationFrom,
            "k" => Setting::K,
            "k_range" => Setting::KRange,
            "n_init" => Setting::NInit,
            "max_iter" => Setting::MaxIter,
            "seed" => Setting::Seed,
            "eps" => Setting::Eps,
            "min_samples" => Setting::MinSamples,
            "features" => Setting::Features,
            "min_support" => Setting::MinSupport,
            "min_confidence" => Setting::MinConfidence,
            "max_len" => Setting::MaxLen,
            "max_basket_size" => Setting::MaxBasketSize,
            "bought_together" => Setting::BoughtTogether,
            "observation_end" => Setting::ObservationEnd,
            "time_unit" => Setting::TimeUnit,
            "horizon_days" => Setting::HorizonDays,
            "sheet" => Setting::Sheet,
            other => Setting::Other(other.to_owned()),
        }
    }
}

impl Serialize for Analysis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.field())
    }
}

impl<'de> Deserialize<'de> for Analysis {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let field = String::deserialize(deserializer)?;
        Analysis::ALL
            .into_iter()
            .find(|a| a.field() == field)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown analysis {field:?}")))
    }
}

// By field name, both ways: one string match instead of a derived visitor per variant (the
// browser bundles pay for every one).
impl Serialize for Setting {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.field())
    }
}

impl<'de> Deserialize<'de> for Setting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let field = String::deserialize(deserializer)?;
        Ok(Setting::from_field(&field))
    }
}

impl fmt::Debug for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// What the user can do about a problem or a warning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Hint {
    /// The file is probably from Excel or another Windows program: read it as Windows-1252,
    /// or save it as UTF-8.
    ReadAsWindows1252,
    /// Read the file in the encoding it was saved in, or save it as UTF-8.
    NameTheEncoding,
    /// The delimiter is probably not the one the file uses (or it is not delimited text).
    CheckDelimiter,
    /// Map a column to each of `roles` (alternatives joined by " or "); the file's columns
    /// are `columns`.
    MapRoles {
        /// The roles without a column.
        roles: Vec<String>,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// Map `column` to `role` (a suggestion not applied), or, without a column, check the
    /// column guessed for `role`.
    MapColumn {
        /// The role.
        role: Role,
        /// The column suggested, if any.
        column: Option<String>,
    },
    /// Read another sheet of the workbook: one of `sheets`.
    PickSheet {
        /// The sheets to choose from.
        sheets: Vec<String>,
    },
    /// Name the customer-id column of a file of customer columns `customer_id` (or say
    /// which column it is).
    NameIdColumn,
    /// Answer the question.
    Answer(Question),
    /// Set `setting` to `value` if that is what the data means.
    Set {
        /// The setting.
        setting: Setting,
        /// The value to try.
        value: String,
    },
    /// Choose another value for `setting`.
    Change {
        /// The setting.
        setting: Setting,
    },
    /// A budget ran out: raise the support (to `suggested`) or lower the itemset length.
    RaiseSupport {
        /// A support worth trying, as a share of the baskets.
        suggested: f64,
    },
}

/// Something only the user can decide before the analyses run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// What is asked.
    pub kind: QuestionKind,
    /// The column concerned.
    pub column: String,
    /// A line where the answer matters.
    pub line: u64,
    /// The cell on that line.
    pub example: String,
}

/// What a [`Question`] asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuestionKind {
    /// Whether dates are day/month or month/day: every date of the column reads both ways.
    DateOrder,
}

impl Question {
    /// The setting that answers it.
    pub fn setting(&self) -> Setting {
        match self.kind {
            QuestionKind::DateOrder => Setting::DateOrder,
        }
    }

    /// The possible answers: values of [`Question::setting`].
    pub fn answers(&self) -> &'static [&'static str] {
        match self.kind {
            QuestionKind::DateOrder => &["day_first", "month_first"],
        }
    }
}

/// Something worth checking about how a file was read. In JSON one flat object,
/// `{"kind": "unsure_role", "role": "amount", …}` (see `WarningWire`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "WarningWire", try_from = "WarningWire")]
#[non_exhaustive]
pub enum Warning {
    /// The file is one basket per line: no customers, dates or amounts.
    BasketPerLine,
    /// Every number in `column` reads with either decimal separator; it was read with a point.
    AmbiguousDecimal {
        /// The column.
        column: String,
    },
    /// `role` was guessed as `column` with a low `confidence`.
    UnsureRole {
        /// The role.
        role: Role,
        /// The column guessed.
        column: String,
        /// How sure the guess is, 0..1.
        confidence: f64,
    },
    /// `role` might be `column`, but too unsure to be applied.
    SuggestedRole {
        /// The role.
        role: Role,
        /// The column suggested.
        column: String,
        /// How sure the suggestion is, 0..1.
        confidence: f64,
    },
    /// The customer analyses need `roles`, which no column has.
    MissingForCustomers {
        /// The missing roles.
        roles: Vec<Role>,
    },
    /// Market baskets need an order id and a product, which no column has.
    MissingForBaskets,
    /// A workbook's `sheet` was read by default; `others` also hold data.
    OtherSheets {
        /// The sheet read.
        sheet: String,
        /// The other sheets with data.
        others: Vec<String>,
    },
    /// Rows above a sheet's table were read as titles and skipped.
    TitleRows {
        /// The sheet.
        sheet: String,
        /// The rows skipped (1-based).
        rows: Vec<u64>,
    },
    /// Formula cells without a saved result were read as empty.
    FormulasWithoutValue {
        /// How many.
        count: u64,
        /// The first, as `Sheet1!F14`.
        first: String,
    },
    /// Rows with a value outside the table's columns were rejected.
    OutsideTable {
        /// How many rows.
        count: u64,
        /// The first such cell, as `Sheet1!K40`.
        first: String,
        /// The table's columns, as `Sheet1!A-H`.
        table: String,
    },
}

impl Warning {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Warning::BasketPerLine
            | Warning::MissingForBaskets
            | Warning::TitleRows { .. }
            | Warning::FormulasWithoutValue { .. }
            | Warning::OutsideTable { .. } => None,
            Warning::OtherSheets { others, .. } => Some(Hint::PickSheet {
                sheets: others.clone(),
            }),
            Warning::AmbiguousDecimal { .. } => Some(Hint::Set {
                setting: Setting::Decimal,
                value: "comma".into(),
            }),
            Warning::UnsureRole { role, .. } => Some(Hint::MapColumn {
                role: *role,
                column: None,
            }),
            Warning::SuggestedRole { role, column, .. } => Some(Hint::MapColumn {
                role: *role,
                column: Some(column.clone()),
            }),
            Warning::MissingForCustomers { roles } => Some(Hint::MapRoles {
                roles: roles.iter().map(|r| r.name().to_owned()).collect(),
                columns: Vec::new(),
            }),
        }
    }
}

/// [`Warning`] on the wire: its kind and whichever fields it has (one visitor for all kinds,
/// as for errors).
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct WarningWire {
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rows: Vec<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
}

impl From<Warning> for WarningWire {
    fn from(warning: Warning) -> Self {
        let wire = |kind: &str| WarningWire {
            kind: kind.to_owned(),
            ..WarningWire::default()
        };
        match warning {
            Warning::BasketPerLine => wire("basket_per_line"),
            Warning::AmbiguousDecimal { column } => WarningWire {
                column: Some(column),
                ..wire("ambiguous_decimal")
            },
            Warning::UnsureRole {
                role,
                column,
                confidence,
            } => WarningWire {
                role: Some(role),
                column: Some(column),
                confidence: Some(confidence),
                ..wire("unsure_role")
            },
            Warning::SuggestedRole {
                role,
                column,
                confidence,
            } => WarningWire {
                role: Some(role),
                column: Some(column),
                confidence: Some(confidence),
                ..wire("suggested_role")
            },
            Warning::MissingForCustomers { roles } => WarningWire {
                roles,
                ..wire("missing_for_customers")
            },
            Warning::MissingForBaskets => wire("missing_for_baskets"),
            Warning::OtherSheets { sheet, others } => WarningWire {
                sheet: Some(sheet),
                names: others,
                ..wire("other_sheets")
            },
            Warning::TitleRows { sheet, rows } => WarningWire {
                sheet: Some(sheet),
                rows,
                ..wire("title_rows")
            },
            Warning::FormulasWithoutValue { count, first } => WarningWire {
                count: Some(count),
                column: Some(first),
                ..wire("formulas_without_value")
            },
            Warning::OutsideTable {
                count,
                first,
                table,
            } => WarningWire {
                count: Some(count),
                column: Some(first),
                sheet: Some(table),
                ..wire("outside_table")
            },
        }
    }
}

impl TryFrom<WarningWire> for Warning {
    type Error = String;

    fn try_from(w: WarningWire) -> Result<Self, String> {
        let missing = |field: &str| format!("warning {:?} without its {field}", w.kind);
        let column = || w.column.clone().ok_or_else(|| missing("column"));
        let role = || w.role.ok_or_else(|| missing("role"));
        let confidence = || w.confidence.ok_or_else(|| missing("confidence"));
        Ok(match w.kind.as_str() {
            "basket_per_line" => Warning::BasketPerLine,
            "ambiguous_decimal" => Warning::AmbiguousDecimal { column: column()? },
            "unsure_role" => Warning::UnsureRole {
                role: role()?,
                column: column()?,
                confidence: confidence()?,
            },
            "suggested_role" => Warning::SuggestedRole {
                role: role()?,
                column: column()?,
                confidence: confidence()?,
            },
            "missing_for_customers" => Warning::MissingForCustomers {
                roles: w.roles.clone(),
            },
            "missing_for_baskets" => Warning::MissingForBaskets,
            "other_sheets" => Warning::OtherSheets {
                sheet: w.sheet.clone().ok_or_else(|| missing("sheet"))?,
                others: w.names.clone(),
            },
            "title_rows" => Warning::TitleRows {
                sheet: w.sheet.clone().ok_or_else(|| missing("sheet"))?,
                rows: w.rows.clone(),
            },
            "formulas_without_value" => Warning::FormulasWithoutValue {
                count: w.count.ok_or_else(|| missing("count"))?,
                first: column()?,
            },
            "outside_table" => Warning::OutsideTable {
                count: w.count.ok_or_else(|| missing("count"))?,
                first: column()?,
                table: w.sheet.clone().ok_or_else(|| missing("sheet"))?,
            },
            other => return Err(format!("unknown warning {other:?}")),
        })
    }
}

/// How a host words hints, questions and warnings for its user: the one place where a
/// setting gets the name the user knows it by.
pub trait Words {
    /// `hint` as an instruction ("pass --encoding windows-1252").
    fn hint(&self, hint: &Hint) -> String;
    /// `question` in words, with how to answer it.
    fn question(&self, question: &Question) -> String;
    /// `warning` in words, with what to do about it.
    fn warning(&self, warning: &Warning) -> String;
}

/// The command line's words: settings are the `segmint` flags (docs/definitions.md §5). `Display` of
/// every core type uses them, so the CLI and logs need nothing else.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommandLine;

impl CommandLine {
    /// The flag that sets `setting`.
    pub fn flag(setting: &Setting) -> String {
        match setting {
            Setting::Header => "--header".into(),
            Setting::Segments => "--segments".into(),
            Setting::Features => "--customer-columns".into(),
            other => format!("--{}", other.field().replace('_', "-")),
        }
    }
}

impl Words for CommandLine {
    fn hint(&self, hint: &Hint) -> String {
        match hint {
            Hint::ReadAsWindows1252 => "if the file comes from Excel or another Windows program, \
                                        pass --encoding windows-1252; otherwise save it as UTF-8"
                .into(),
            Hint::NameTheEncoding => {
                "save the file as UTF-8, or pass --encoding with the encoding it was saved in"
                    .into()
            }
            Hint::CheckDelimiter => {
                "check the delimiter (pass --delimiter), or this is not a delimited text file"
                    .into()
            }
            Hint::MapRoles { columns, .. } if columns.is_empty() => "pass --map ROLE=COLUMN".into(),
            Hint::MapRoles { columns, .. } => format!(
                "pass --map ROLE=COLUMN (the columns are: {})",
                columns.join(", ")
            ),
            Hint::MapColumn {
                role,
                column: Some(column),
            } => format!("pass --map {}={column:?} to use it", role.name()),
            Hint::MapColumn { role, column: None } => {
                format!("check it or pass --map {}=COLUMN", role.name())
            }
            Hint::NameIdColumn => "name it customer_id, or pass --id-column NAME".into(),
            Hint::PickSheet { sheets } => format!(
                "pass --sheet with a name or a number from 1 to {}: {}",
                sheets.len(),
                sheets.join(", ")
            ),
            Hint::Answer(question) => match question.kind {
                QuestionKind::DateOrder => {
                    "say which with --date-order day_first or --date-order month_first".into()
                }
            },
            Hint::Set { setting, value } => format!("pass {} {value}", Self::flag(setting)),
            Hint::Change { setting } => format!("change {}", Self::flag(setting)),
            Hint::RaiseSupport { suggested } => {
                format!("raise --min-support, e.g. to {suggested}, or lower --max-len")
            }
        }
    }

    fn question(&self, question: &Question) -> String {
        match question.kind {
            QuestionKind::DateOrder => format!(
                "column {:?}: every date could be day/month or month/day (e.g. {:?}); {}",
                question.column,
                question.example,
                self.hint(&Hint::Answer(question.clone()))
            ),
        }
    }

    fn warning(&self, warning: &Warning) -> String {
        let hint = warning.hint().map(|h| self.hint(&h)).unwrap_or_default();
        match warning {
            Warning::BasketPerLine => "one basket per line: each line is an order, its fields \
                                       are the items; there are no customers, dates or amounts"
                .into(),
            Warning::AmbiguousDecimal { column } => format!(
                "column {column:?}: values like 1,234 could use either decimal separator; read \
                 with '.' as the decimal point ({hint} if they are decimal commas)"
            ),
            Warning::UnsureRole {
                role,
                column,
                confidence,
            } => format!(
                "{} was guessed as column {column:?} with confidence {confidence:.2}; {hint}",
                role.name()
            ),
            Warning::SuggestedRole {
                role,
                column,
                confidence,
            } => format!(
                "{} might be column {column:?} (confidence {confidence:.2}, not applied); {hint}",
                role.name()
            ),
            Warning::MissingForCustomers { roles } => {
                let names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
                format!(
                    "customer analyses need {} (not found; {hint})",
                    names.join(", ")
                )
            }
            Warning::MissingForBaskets => {
                "market baskets need order_id and product_id or product_name (not found)".into()
            }
            Warning::OtherSheets { sheet, others } => format!(
                "read sheet {sheet:?}; the workbook has other sheets with data ({}): {hint} to \
                 read another",
                others.join(", ")
            ),
            Warning::TitleRows { sheet, rows } => format!(
                "sheet {sheet:?}: rows {} above the table were read as titles and skipped",
                row_list(rows)
            ),
            Warning::FormulasWithoutValue { count, first } => format!(
                "{count} formula cell(s) have no saved result (first: {first}) and were read as \
                 empty; the program that wrote the file does not calculate: open and save it in \
                 Excel or LibreOffice"
            ),
            Warning::OutsideTable {
                count,
                first,
                table,
            } => format!(
                "{count} row(s) have a value outside the table's columns {table} (first: \
                 {first}); they were rejected as wrong_field_count: give the column a header or \
                 move the value"
            ),
        }
    }
}

/// At most five row numbers, then an ellipsis: "3, 4, 5, 6, 7, …".
pub fn row_list(rows: &[u64]) -> String {
    let shown: Vec<String> = rows.iter().take(5).map(u64::to_string).collect();
    let more = if rows.len() > 5 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&CommandLine.hint(self))
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&CommandLine.question(self))
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&CommandLine.warning(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_their_field_names() {
        let fields = [
            "encoding",
            "delimiter",
            "has_header",
            "preset",
            "map",
            "returns",
            "duplicates",
            "date_order",
            "decimal",
            "bins",
            "rules",
            "breakpoints",
            "reference_date",
            "migration_from",
            "k",
            "k_range",
            "n_init",
            "max_iter",
            "seed",
            "eps",
            "min_samples",
            "features",
            "min_support",
            "min_confidence",
            "max_len",
            "max_basket_size",
            "bought_together",
            "observation_end",
            "time_unit",
            "horizon_days",
        ];
        for field in fields {
            let setting = Setting::from_field(field);
            assert!(!matches!(setting, Setting::Other(_)), "{field}");
            assert_eq!(setting.field(), field);
        }
        let json = serde_json::to_string(&Setting::MinSupport).unwrap();
        assert_eq!(json, "\"min_support\"");
        assert_eq!(
            serde_json::from_str::<Setting>(&json).unwrap(),
            Setting::MinSupport
        );
        assert_eq!(
            Setting::from_field("clv_months"),
            Setting::Other("clv_months".into())
        );
        assert_eq!(CommandLine::flag(&Setting::MinSupport), "--min-support");
        assert_eq!(CommandLine::flag(&Setting::Header), "--header");
        assert_eq!(
            CommandLine::flag(&Setting::Other("clv_months".into())),
            "--clv-months"
        );
    }

    #[test]
    fn warnings_round_trip_through_json() {
        let warnings = [
            Warning::BasketPerLine,
            Warning::AmbiguousDecimal {
                column: "Betrag".into(),
            },
            Warning::UnsureRole {
                role: Role::Amount,
                column: "value".into(),
                confidence: 0.5,
            },
            Warning::SuggestedRole {
                role: Role::CustomerId,
                column: "client".into(),
                confidence: 0.4,
            },
            Warning::MissingForCustomers {
                roles: vec![Role::CustomerId, Role::OrderDate],
            },
            Warning::MissingForBaskets,
            Warning::OtherSheets {
                sheet: "Orders".into(),
                others: vec!["Returns".into()],
            },
            Warning::TitleRows {
                sheet: "Orders".into(),
                rows: vec![1, 2],
            },
            Warning::FormulasWithoutValue {
                count: 3,
                first: "Orders!F14".into(),
            },
            Warning::OutsideTable {
                count: 1,
                first: "Orders!K40".into(),
                table: "Orders!A-H".into(),
            },
        ];
        for w in warnings {
            let json = serde_json::to_string(&w).unwrap();
            assert_eq!(serde_json::from_str::<Warning>(&json).unwrap(), w, "{json}");
        }
        let json = serde_json::to_value(Warning::UnsureRole {
            role: Role::Amount,
            column: "value".into(),
            confidence: 0.5,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "unsure_role", "role": "amount", "column": "value", "confidence": 0.5})
        );
        assert!(serde_json::from_str::<Warning>(r#"{"kind":"unsure_role"}"#).is_err());
    }

    #[test]
    fn the_command_line_names_its_flags() {
        let q = Question {
            kind: QuestionKind::DateOrder,
            column: "Date".into(),
            line: 2,
            example: "01/02/2024".into(),
        };
        assert_eq!(
            q.to_string(),
            "column \"Date\": every date could be day/month or month/day (e.g. \"01/02/2024\"); \
             say which with --date-order day_first or --date-order month_first"
        );
        let w = Warning::UnsureRole {
            role: Role::Amount,
            column: "value".into(),
            confidence: 0.5,
        };
        assert_eq!(
            w.to_string(),
            "amount was guessed as column \"value\" with confidence 0.50; check it or pass \
             --map amount=COLUMN"
        );
    }
}
