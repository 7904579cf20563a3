//! The core's hints, questions and warnings in the browser's words: they name the control to
//! use (the app's menus and tables, or a widget's attributes), never a command-line flag.
//! Every sentence a browser user reads about a typed core message is here, keyed by meaning.

use segmint_core::protocol::Failure;
use segmint_core::{Error, Hint, Question, QuestionKind, Role, Setting, Warning, Words};

use crate::format::percent;

/// Which browser host speaks: the app (menus, the roles table) or a widget (attributes set
/// by whoever embedded it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserWords {
    /// The single-page app.
    App,
    /// A custom element, configured by its attributes.
    Widget,
}

impl BrowserWords {
    /// A failure as its message: file, position, problem, and what to do here.
    pub fn failure(self, failure: &Failure) -> String {
        failure.describe(&self)
    }

    /// An error as its message.
    pub fn error(self, error: &Error) -> String {
        error.describe(&self)
    }

    /// Where the user changes `setting`.
    fn control(self, setting: &Setting) -> String {
        if self == BrowserWords::Widget {
            return match setting {
                Setting::Segments => "the preset attribute".into(),
                Setting::Header
                | Setting::Encoding
                | Setting::Delimiter
                | Setting::Map
                | Setting::DateOrder
                | Setting::Decimal => "the file (open it in the Segmint app to check it)".into(),
                other => format!("the {} attribute", other.field().replace('_', "-")),
            };
        }
        match setting {
            Setting::Map => "the “Columns used for each role” table".into(),
            Setting::Returns => "the “Returns and cancellations” menu".into(),
            Setting::DateOrder => "the date-order question".into(),
            Setting::Bins => "the “Scores per metric” menu".into(),
            Setting::Segments => "the “Segments” menu or the rules editor".into(),
            Setting::MigrationFrom => "the “Compare with the segments on” date".into(),
            Setting::K => "the k picker".into(),
            Setting::Features => "the customer columns".into(),
            Setting::MinSupport => "the “Minimum support” menu".into(),
            Setting::MinConfidence => "the “Minimum confidence” menu".into(),
            Setting::MaxLen => "the “Items per rule at most” menu".into(),
            Setting::BoughtTogether => "the “what sells with” search".into(),
            other => format!("the {} setting", other.field().replace('_', " ")),
        }
    }
}

fn role(role: Role) -> String {
    role.name().replace('_', " ")
}

impl Words for BrowserWords {
    fn hint(&self, hint: &Hint) -> String {
        match hint {
            Hint::ReadAsWindows1252 | Hint::NameTheEncoding => {
                "save the file as “CSV UTF-8” (in Excel: File, Save As) and open it again".into()
            }
            Hint::CheckDelimiter => "save the file as a comma-separated CSV and open it again, \
                                     or check that it is a delimited text file"
                .into(),
            Hint::MapRoles { roles, .. } => match self {
                BrowserWords::App => format!(
                    "choose a column for {} in {}, then Apply",
                    roles.join(", ").replace('_', " "),
                    self.control(&Setting::Map)
                ),
                BrowserWords::Widget => format!(
                    "the file needs a column for {}; open it in the Segmint app to map its columns",
                    roles.join(", ").replace('_', " ")
                ),
            },
            Hint::MapColumn {
                role: r,
                column: Some(column),
            } => format!(
                "to use it, choose “{column}” for {} in {}, then Apply",
                role(*r),
                self.control(&Setting::Map)
            ),
            Hint::MapColumn {
                role: r,
                column: None,
            } => format!(
                "check the column chosen for {} in {}",
                role(*r),
                self.control(&Setting::Map)
            ),
            Hint::NameIdColumn => "name the customer id column “customer_id” in the file and \
                                   pick it again"
                .into(),
            Hint::Answer(_) => format!("answer {}", self.control(&Setting::DateOrder)),
            Hint::Set { setting, value } => {
                format!("set {} to {value}", self.control(setting))
            }
            Hint::Change { setting } => {
                format!("choose another value in {}", self.control(setting))
            }
            Hint::RaiseSupport { suggested } => format!(
                "choose a higher support in {} (e.g. {}) or fewer items per rule",
                self.control(&Setting::MinSupport),
                percent(*suggested)
            ),
            _ => String::new(),
        }
    }

    fn question(&self, question: &Question) -> String {
        match question.kind {
            QuestionKind::DateOrder => format!(
                "Every date in column “{}” reads both ways (e.g. “{}” on line {}). Which comes first?",
                question.column, question.example, question.line
            ),
            _ => String::new(),
        }
    }

    fn warning(&self, warning: &Warning) -> String {
        let hint = warning.hint().map(|h| self.hint(&h)).unwrap_or_default();
        match warning {
            Warning::BasketPerLine => "One basket per line: each line is an order and its \
                                       fields are the items; there are no customers, dates or \
                                       amounts."
                .into(),
            Warning::AmbiguousDecimal { column } => format!(
                "Values in column “{column}” like 1,234 could use either decimal separator; they \
                 were read with “.” as the decimal point. If they are decimal commas, save the \
                 file with decimal points."
            ),
            Warning::UnsureRole {
                role: r,
                column,
                confidence,
            } => format!(
                "{} was guessed as column “{column}” ({} sure): {hint}.",
                capitalised(&role(*r)),
                percent(*confidence)
            ),
            Warning::SuggestedRole {
                role: r,
                column,
                confidence,
            } => format!(
                "{} might be column “{column}” ({} sure, not applied): {hint}.",
                capitalised(&role(*r)),
                percent(*confidence)
            ),
            Warning::MissingForCustomers { roles } => {
                let names: Vec<String> = roles.iter().map(|r| role(*r)).collect();
                format!(
                    "Customer analyses need {}, which no column was recognised as: {}.",
                    names.join(", "),
                    self.hint(&Hint::MapRoles {
                        roles: roles.iter().map(|r| r.name().to_owned()).collect(),
                        columns: Vec::new(),
                    })
                )
            }
            Warning::MissingForBaskets => "Market baskets need an order id and a product id or \
                                           name, which no column was recognised as."
                .into(),
            _ => String::new(),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use segmint_core::CommandLine;

    /// Every hint, worded by the browser, names no command-line flag.
    #[test]
    fn the_browser_never_names_a_flag() {
        let question = Question {
            kind: QuestionKind::DateOrder,
            column: "Date".into(),
            line: 2,
            example: "01/02/2024".into(),
        };
        let hints = [
            Hint::ReadAsWindows1252,
            Hint::NameTheEncoding,
            Hint::CheckDelimiter,
            Hint::MapRoles {
                roles: vec!["customer_id".into()],
                columns: vec!["A".into()],
            },
            Hint::MapColumn {
                role: Role::Amount,
                column: Some("value".into()),
            },
            Hint::MapColumn {
                role: Role::Amount,
                column: None,
            },
            Hint::NameIdColumn,
            Hint::Answer(question.clone()),
            Hint::Set {
                setting: Setting::Decimal,
                value: "comma".into(),
            },
            Hint::Change {
                setting: Setting::MinSupport,
            },
            Hint::RaiseSupport { suggested: 0.02 },
        ];
        for words in [BrowserWords::App, BrowserWords::Widget] {
            for hint in &hints {
                let text = words.hint(hint);
                assert!(!text.is_empty() && !text.contains("--"), "{hint:?}: {text}");
                assert!(!CommandLine.hint(hint).is_empty());
            }
            assert!(!words.question(&question).contains("--"));
        }
        assert_eq!(
            BrowserWords::App.hint(&Hint::Change {
                setting: Setting::MinSupport
            }),
            "choose another value in the “Minimum support” menu"
        );
        assert_eq!(
            BrowserWords::Widget.hint(&Hint::Change {
                setting: Setting::MinSupport
            }),
            "choose another value in the min-support attribute"
        );
    }
}
