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

/// Which analysis (or group of analyses) a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
}

impl Analysis {
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
        }
    }
}

/// A choice the user can make, whatever form their host gives it (a flag, a menu).
///
/// Named after the option's field (`min_support`); an option the list does not know yet is
/// [`Setting::Other`] with its field name, which every host can still word.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
            Setting::Other(field) => field,
        }
    }

    /// The setting whose field is `field` (an analysis' option name).
    pub fn from_field(field: &str) -> Setting {
        const KNOWN: [Setting; 30] = [
            Setting::Encoding,
            Setting::Delimiter,
            Setting::Header,
            Setting::Preset,
            Setting::Map,
            Setting::Returns,
            Setting::Duplicates,
            Setting::DateOrder,
            Setting::Decimal,
            Setting::Bins,
            Setting::Segments,
            Setting::Breakpoints,
            Setting::ReferenceDate,
            Setting::MigrationFrom,
            Setting::K,
            Setting::KRange,
            Setting::NInit,
            Setting::MaxIter,
            Setting::Seed,
            Setting::Eps,
            Setting::MinSamples,
            Setting::Features,
            Setting::MinSupport,
            Setting::MinConfidence,
            Setting::MaxLen,
            Setting::MaxBasketSize,
            Setting::BoughtTogether,
            Setting::ObservationEnd,
            Setting::TimeUnit,
            Setting::HorizonDays,
        ];
        KNOWN
            .into_iter()
            .find(|s| s.field() == field)
            .unwrap_or_else(|| Setting::Other(field.to_owned()))
    }
}

/// What the user can do about a problem or a warning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

/// Something worth checking about how a file was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
}

impl Warning {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Warning::BasketPerLine | Warning::MissingForBaskets => None,
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
        }
    }
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
        for field in ["min_support", "bins", "date_order", "k_range", "has_header"] {
            assert_eq!(Setting::from_field(field).field(), field);
        }
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
