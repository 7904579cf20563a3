//! The core's hints, questions and warnings in the browser's words: they name the control to
//! use (the app's menus and tables, or a widget's attributes), never a command-line flag.
//! Every sentence a browser user reads about a typed core message is here, keyed by meaning.

use segmint_core::cluster::{ClusterKind, ClusterName, Frequency, Reason, Recency, Spend};
use segmint_core::protocol::Failure;
use segmint_core::{
    Analysis, Error, ErrorKind, Hint, Question, QuestionKind, Role, Setting, Warning, Words,
};

use crate::format::percent;
use crate::i18n::Lang;

/// A cluster's name (`ClusterProfile::name`) in `lang`: its typed parts worded by the
/// locale files (English exactly as the CLI writes it); a name the core did not write, as is.
pub fn cluster_name(lang: Lang, name: &str) -> String {
    let Some(typed) = ClusterName::parse(name) else {
        return name.to_owned();
    };
    let mut text = match typed.kind {
        ClusterKind::Empty => lang.t("cluster-name-empty"),
        ClusterKind::Described {
            recency,
            frequency,
            spend,
        } => {
            let recency = lang.t(match recency {
                Recency::Recent => "cluster-recency-recent",
                Recency::Lapsing => "cluster-recency-lapsing",
                Recency::Lapsed => "cluster-recency-lapsed",
            });
            let frequency = lang.t(match frequency {
                Frequency::Frequent => "cluster-frequency-frequent",
                Frequency::Occasional => "cluster-frequency-occasional",
                Frequency::Rare => "cluster-frequency-rare",
                Frequency::OneTime => "cluster-frequency-one-time",
            });
            let spend = lang.t(match spend {
                Spend::Low => "cluster-spend-low",
                Spend::Mid => "cluster-spend-mid",
                Spend::High => "cluster-spend-high",
            });
            lang.t_with(
                "cluster-name",
                &[
                    ("recency", &recency),
                    ("frequency", &frequency),
                    ("spend", &spend),
                ],
            )
        }
    };
    if let Some(n) = typed.ordinal {
        text = lang.t_with(
            "cluster-name-ordinal",
            &[("name", &text), ("n", &n.to_string())],
        );
    }
    if typed.noise {
        text = lang.t_with("cluster-name-noise", &[("name", &text)]);
    }
    text
}

/// Which browser host speaks: the app (menus, the roles table) or a widget (attributes set
/// by whoever embedded it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// The single-page app.
    App,
    /// A custom element, configured by its attributes.
    Widget,
}

/// The core's typed messages in a browser host's words and language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrowserWords {
    /// Which host's controls a hint names.
    pub host: Host,
    /// The language it speaks.
    pub lang: Lang,
}

impl BrowserWords {
    /// The app's words, in the page's language ([`Lang::page`]).
    pub fn app() -> Self {
        Self::new(Host::App, Lang::page())
    }

    /// A widget's words in `lang`.
    pub fn widget(lang: Lang) -> Self {
        Self::new(Host::Widget, lang)
    }

    /// `host`'s words in `lang`.
    pub fn new(host: Host, lang: Lang) -> Self {
        Self { host, lang }
    }

    fn t(self, key: &str, args: &[(&str, &str)]) -> String {
        self.lang.t_with(key, args)
    }

    /// A failure as its message: file, position, problem, and what to do here.
    pub fn failure(self, failure: &Failure) -> String {
        let message = self.error(&failure.error);
        self.t(
            "error-in-file",
            &[("file", &failure.file_name), ("message", &message)],
        )
    }

    /// An error as its message.
    pub fn error(self, error: &Error) -> String {
        let mut problem = self.problem(&error.kind);
        if let Some(hint) = error.kind.hint() {
            problem = self.t(
                "error-with-hint",
                &[("problem", &problem), ("hint", &self.hint(&hint))],
            );
        }
        match &error.position {
            Some(p) => {
                let line = p.line.to_string();
                match p.column {
                    Some(c) => self.t(
                        "error-at-line-column",
                        &[
                            ("line", &line),
                            ("column", &c.to_string()),
                            ("problem", &problem),
                        ],
                    ),
                    None => self.t("error-at-line", &[("line", &line), ("problem", &problem)]),
                }
            }
            None => problem,
        }
    }

    /// What went wrong. Free text the core carries inside a kind (what an option allows,
    /// which budget ran out, a reader's own message) stays as the core wrote it.
    fn problem(self, kind: &ErrorKind) -> String {
        let analysis = |a: &Analysis| self.t(&format!("analysis-{}", a.field()), &[]);
        match kind {
            ErrorKind::InvalidEncoding { encoding } => {
                self.t("error-invalid-encoding", &[("encoding", encoding)])
            }
            ErrorKind::FieldTooLong { limit } => {
                self.t("error-field-too-long", &[("limit", &limit.to_string())])
            }
            ErrorKind::RecordTooLong { limit } => {
                self.t("error-record-too-long", &[("limit", &limit.to_string())])
            }
            ErrorKind::TooManyFields { limit } => {
                self.t("error-too-many-fields", &[("limit", &limit.to_string())])
            }
            ErrorKind::UnterminatedQuote => self.t("error-unterminated-quote", &[]),
            ErrorKind::NotText { format } => self.t("error-not-text", &[("format", format)]),
            ErrorKind::Empty => self.t("error-empty", &[]),
            ErrorKind::MissingRoles {
                analysis: a, roles, ..
            } => self.t(
                "error-missing-roles",
                &[
                    ("analysis", &analysis(a)),
                    ("roles", &self.role_names(roles)),
                ],
            ),
            ErrorKind::UnknownColumn { role, column, .. } => self.t(
                "error-unknown-column",
                &[("role", &self.role(*role)), ("column", column)],
            ),
            ErrorKind::NoIdColumn { columns } => {
                self.t("error-no-id-column", &[("columns", &columns.join(", "))])
            }
            ErrorKind::NoSuchIdColumn { column, columns } => self.t(
                "error-no-such-id-column",
                &[("column", column), ("columns", &columns.join(", "))],
            ),
            ErrorKind::UnknownTransform { step } => {
                self.t("error-unknown-transform", &[("step", step)])
            }
            ErrorKind::Log1pDomain {
                feature,
                customer_id,
                value,
            } => self.t(
                "error-log1p-domain",
                &[
                    ("feature", feature),
                    ("customer", customer_id),
                    ("value", &value.to_string()),
                ],
            ),
            ErrorKind::MissingFeatureValue {
                feature,
                customer_id,
                missing,
            } => self.t(
                "error-missing-feature-value",
                &[
                    ("feature", feature),
                    ("customer", customer_id),
                    ("others", &missing.saturating_sub(1).to_string()),
                ],
            ),
            ErrorKind::NeedsAnswer { question } => self.t(
                "error-needs-answer",
                &[("column", &question.column), ("example", &question.example)],
            ),
            ErrorKind::InvalidOption {
                analysis: a,
                setting,
                value,
                allowed,
            } => self.t(
                "error-invalid-option",
                &[
                    ("analysis", &analysis(a)),
                    ("setting", setting.field()),
                    (
                        "value",
                        &value.as_ref().map(|v| format!(" {v}")).unwrap_or_default(),
                    ),
                    ("allowed", allowed),
                ],
            ),
            ErrorKind::BudgetExceeded {
                analysis: a, what, ..
            } => self.t(
                "error-budget-exceeded",
                &[("analysis", &analysis(a)), ("what", what)],
            ),
            ErrorKind::NoCustomers { analysis: a } => {
                self.t("error-no-customers", &[("analysis", &analysis(a))])
            }
            ErrorKind::Cancelled => self.t("error-cancelled", &[]),
            ErrorKind::AnalysisFailed {
                analysis: a,
                reason,
            } => self.t(
                "error-analysis-failed",
                &[("analysis", &analysis(a)), ("reason", reason)],
            ),
            ErrorKind::EncryptedWorkbook { format } => {
                self.t("error-encrypted-workbook", &[("format", format)])
            }
            ErrorKind::DamagedWorkbook { format, detail } => self.t(
                "error-damaged-workbook",
                &[("format", format), ("detail", detail)],
            ),
            ErrorKind::NoSuchSheet { sheet, sheets } => self.t(
                "error-no-such-sheet",
                &[("sheet", sheet), ("sheets", &sheets.join(", "))],
            ),
            ErrorKind::NoTableOnSheet { sheet, what, .. } => self.t(
                "error-no-table-on-sheet",
                &[("sheet", sheet), ("what", what)],
            ),
            ErrorKind::WorkbookTooLarge {
                format,
                megabytes,
                limit,
            } => self.t(
                "error-workbook-too-large",
                &[
                    ("format", format),
                    ("megabytes", &megabytes.to_string()),
                    ("limit", &limit.to_string()),
                ],
            ),
            ErrorKind::SheetOfTextFile => self.t("error-sheet-of-text-file", &[]),
            ErrorKind::TextOptionForWorkbook => self.t("error-text-option-for-workbook", &[]),
            ErrorKind::NoEmailColumn { .. } => self.t("error-no-email-column", &[]),
            other => other.to_string(),
        }
    }

    /// Why a number of clusters is recommended, in words: the command line's sentence
    /// ([`Reason`]'s `Display`) in English, and the same numbers in Chinese.
    pub fn cluster_reason(self, why: &Reason) -> String {
        let sil = |s: &Option<f64>| match s {
            Some(s) => format!("{s:.3}"),
            None => self.t("cluster-reason-undefined", &[]),
        };
        let pct = |x: f64| format!("{:.1}%", 100.0 * x);
        let ll = |l: &Option<f64>| {
            l.map_or(String::new(), |l| {
                self.t(
                    "cluster-reason-log-likelihood",
                    &[("ll", &format!("{l:.3}"))],
                )
            })
        };
        let bic = |b: &Option<f64>| format!("{:.1}", b.unwrap_or(f64::INFINITY));
        let end = self.t("cluster-reason-end", &[]);
        match why {
            Reason::NoneFitted => self.t("cluster-reason-none-fitted", &[]),
            Reason::AskedFor { k } => self.t("cluster-reason-asked-for", &[("k", &k.to_string())]),
            Reason::BestSilhouette {
                k,
                silhouette,
                eligible,
                fitted,
                min_share,
                higher,
            } => {
                let mut text = self.t(
                    "cluster-reason-best-silhouette",
                    &[
                        ("k", &k.to_string()),
                        ("silhouette", &sil(silhouette)),
                        ("eligible", &eligible.to_string()),
                        ("fitted", &fitted.to_string()),
                        ("share", &pct(*min_share)),
                    ],
                );
                if let Some(h) = higher {
                    text.push_str(&self.t(
                        "cluster-reason-higher",
                        &[
                            ("k", &h.k.to_string()),
                            ("silhouette", &sil(&h.silhouette)),
                            ("share", &pct(h.smallest_share)),
                        ],
                    ));
                }
                text + &end
            }
            Reason::NoneLargeEnough {
                k,
                silhouette,
                min_share,
            } => self.t(
                "cluster-reason-none-large-enough",
                &[
                    ("k", &k.to_string()),
                    ("silhouette", &sil(silhouette)),
                    ("share", &pct(*min_share)),
                ],
            ),
            Reason::BicAskedFor {
                k,
                bic: b,
                log_likelihood,
            } => self.t(
                "cluster-reason-bic-asked-for",
                &[
                    ("k", &k.to_string()),
                    ("bic", &bic(b)),
                    ("ll", &ll(log_likelihood)),
                ],
            ),
            Reason::LowestBic {
                k,
                bic: b,
                log_likelihood,
                first,
                last,
                runner_up,
                at_range_end,
                small_share,
            } => {
                let mut text = self.t(
                    "cluster-reason-lowest-bic",
                    &[
                        ("k", &k.to_string()),
                        ("bic", &bic(b)),
                        ("ll", &ll(log_likelihood)),
                        ("first", &first.to_string()),
                        ("last", &last.to_string()),
                    ],
                );
                if let Some(r) = runner_up {
                    text.push_str(&self.t(
                        "cluster-reason-runner-up",
                        &[
                            ("k", &r.k.to_string()),
                            ("gap", &format!("{:.1}", r.bic_gap)),
                        ],
                    ));
                }
                if *at_range_end {
                    text.push_str(&self.t("cluster-reason-range-end", &[]));
                }
                if let Some(share) = small_share {
                    text.push_str(
                        &self.t("cluster-reason-small-share", &[("share", &pct(*share))]),
                    );
                }
                text + &end
            }
            Reason::Dbscan {
                clusters,
                eps,
                min_samples,
                noise,
                customers,
            } => self.t(
                "cluster-reason-dbscan",
                &[
                    ("clusters", &clusters.to_string()),
                    ("eps", &eps.to_string()),
                    ("min_samples", &min_samples.to_string()),
                    ("noise", &noise.to_string()),
                    (
                        "share",
                        &format!("{:.1}%", 100.0 * *noise as f64 / *customers as f64),
                    ),
                ],
            ),
        }
    }

    /// A role in words.
    pub fn role(self, role: Role) -> String {
        self.t(&format!("role-{}", role.name()), &[])
    }

    /// Role names (as the core writes them; "a or b" alternatives) in words.
    fn role_names(self, roles: &[String]) -> String {
        let separator = if self.lang == Lang::Zh { "、" } else { ", " };
        roles
            .iter()
            .map(|name| {
                name.split(" or ")
                    .map(|one| {
                        Role::from_name(one).map_or_else(|| one.replace('_', " "), |r| self.role(r))
                    })
                    .collect::<Vec<_>>()
                    .join(if self.lang == Lang::Zh { "或" } else { " or " })
            })
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// Where the user changes `setting`.
    fn control(self, setting: &Setting) -> String {
        if self.host == Host::Widget {
            return match setting {
                Setting::Segments => self.t("control-widget-preset", &[]),
                Setting::Header
                | Setting::Encoding
                | Setting::Delimiter
                | Setting::Map
                | Setting::DateOrder
                | Setting::Decimal => self.t("control-widget-file", &[]),
                other => self.t(
                    "control-widget-attribute",
                    &[("name", &other.field().replace('_', "-"))],
                ),
            };
        }
        let key = match setting {
            Setting::Map => "control-map",
            Setting::Returns => "control-returns",
            Setting::DateOrder => "control-date-order",
            Setting::Bins => "control-bins",
            Setting::Segments => "control-segments",
            Setting::MigrationFrom => "control-migration-from",
            Setting::K => "control-k",
            Setting::Features => "control-features",
            Setting::MinSupport => "control-min-support",
            Setting::MinConfidence => "control-min-confidence",
            Setting::MaxLen => "control-max-len",
            Setting::BoughtTogether => "control-bought-together",
            other => {
                return self.t(
                    "control-other",
                    &[("name", &other.field().replace('_', " "))],
                );
            }
        };
        self.t(key, &[])
    }
}

impl Words for BrowserWords {
    fn hint(&self, hint: &Hint) -> String {
        let map = || self.control(&Setting::Map);
        match hint {
            Hint::ReadAsWindows1252 | Hint::NameTheEncoding => self.t("hint-save-utf8", &[]),
            Hint::CheckDelimiter => self.t("hint-check-delimiter", &[]),
            Hint::MapRoles { roles, .. } => match self.host {
                Host::App => self.t(
                    "hint-map-roles",
                    &[("roles", &self.role_names(roles)), ("control", &map())],
                ),
                Host::Widget => self.t(
                    "hint-map-roles-widget",
                    &[("roles", &self.role_names(roles))],
                ),
            },
            Hint::MapColumn {
                role,
                column: Some(column),
            } => self.t(
                "hint-map-column",
                &[
                    ("column", column),
                    ("role", &self.role(*role)),
                    ("control", &map()),
                ],
            ),
            Hint::MapColumn { role, column: None } => self.t(
                "hint-check-column",
                &[("role", &self.role(*role)), ("control", &map())],
            ),
            Hint::NameIdColumn => self.t("hint-name-id-column", &[]),
            Hint::Answer(_) => self.t(
                "hint-answer",
                &[("control", &self.control(&Setting::DateOrder))],
            ),
            Hint::Set { setting, value } => self.t(
                "hint-set",
                &[("control", &self.control(setting)), ("value", value)],
            ),
            Hint::PickSheet { sheets } => {
                self.t("hint-pick-sheet", &[("sheets", &sheets.join(", "))])
            }
            Hint::Change { setting } => {
                self.t("hint-change", &[("control", &self.control(setting))])
            }
            Hint::RaiseSupport { suggested } => self.t(
                "hint-raise-support",
                &[
                    ("control", &self.control(&Setting::MinSupport)),
                    ("support", &percent(*suggested)),
                ],
            ),
            _ => String::new(),
        }
    }

    fn question(&self, question: &Question) -> String {
        match question.kind {
            QuestionKind::DateOrder => self.t(
                "question-date-order",
                &[
                    ("column", &question.column),
                    ("example", &question.example),
                    ("line", &question.line.to_string()),
                ],
            ),
            _ => String::new(),
        }
    }

    fn warning(&self, warning: &Warning) -> String {
        let hint = warning.hint().map(|h| self.hint(&h)).unwrap_or_default();
        match warning {
            Warning::BasketPerLine => self.t("warning-basket-per-line", &[]),
            Warning::AmbiguousDecimal { column } => {
                self.t("warning-ambiguous-decimal", &[("column", column)])
            }
            Warning::UnsureRole {
                role,
                column,
                confidence,
            } => self.t(
                "warning-unsure-role",
                &[
                    ("role", &capitalised(&self.role(*role))),
                    ("column", column),
                    ("confidence", &percent(*confidence)),
                    ("hint", &hint),
                ],
            ),
            Warning::SuggestedRole {
                role,
                column,
                confidence,
            } => self.t(
                "warning-suggested-role",
                &[
                    ("role", &capitalised(&self.role(*role))),
                    ("column", column),
                    ("confidence", &percent(*confidence)),
                    ("hint", &hint),
                ],
            ),
            Warning::MissingForCustomers { roles } => {
                let names: Vec<String> = roles.iter().map(|r| r.name().to_owned()).collect();
                self.t(
                    "warning-missing-for-customers",
                    &[
                        ("roles", &self.role_names(&names)),
                        (
                            "hint",
                            &self.hint(&Hint::MapRoles {
                                roles: names.clone(),
                                columns: Vec::new(),
                            }),
                        ),
                    ],
                )
            }
            Warning::MissingForBaskets => self.t("warning-missing-for-baskets", &[]),
            Warning::OtherSheets { sheet, others } => self.t(
                "warning-other-sheets",
                &[("sheet", sheet), ("others", &others.join(", "))],
            ),
            Warning::TitleRows { sheet, rows } => self.t(
                "warning-title-rows",
                &[("sheet", sheet), ("rows", &segmint_core::row_list(rows))],
            ),
            Warning::FormulasWithoutValue { count, first } => self.t(
                "warning-formulas-without-value",
                &[("count", &count.to_string()), ("first", first)],
            ),
            Warning::OutsideTable {
                count,
                first,
                table,
            } => self.t(
                "warning-outside-table",
                &[
                    ("count", &count.to_string()),
                    ("first", first),
                    ("table", table),
                ],
            ),
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

    /// Every typed cluster name reads in English exactly as the CLI writes it, and in Chinese
    /// in other words (no Latin letters left); text the core did not write stays as is.
    #[test]
    fn cluster_names_in_english_are_the_clis_and_in_chinese_differ() {
        let mut names = vec![ClusterName::empty(), ClusterName::empty().as_noise()];
        for r in Recency::ALL {
            for f in Frequency::ALL {
                for s in Spend::ALL {
                    let name = ClusterName::described(r, f, s);
                    names.push(name);
                    names.push(ClusterName {
                        ordinal: Some(3),
                        ..name.as_noise()
                    });
                }
            }
        }
        for name in names {
            let cli = name.to_string();
            assert_eq!(cluster_name(Lang::En, &cli), cli);
            let zh = cluster_name(Lang::Zh, &cli);
            assert_ne!(zh, cli);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        }
        assert_eq!(
            cluster_name(Lang::Zh, "recent, frequent, high spend"),
            "近期活跃、高频、高消费"
        );
        assert_eq!(cluster_name(Lang::Zh, "my own words"), "my own words");
    }

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
        for words in [
            BrowserWords::new(Host::App, Lang::En),
            BrowserWords::widget(Lang::En),
            BrowserWords::new(Host::App, Lang::Zh),
            BrowserWords::widget(Lang::Zh),
        ] {
            for hint in &hints {
                let text = words.hint(hint);
                assert!(!text.is_empty() && !text.contains("--"), "{hint:?}: {text}");
                assert!(!CommandLine.hint(hint).is_empty());
            }
            assert!(!words.question(&question).contains("--"));
        }
        // The kinds of the clusters' features are worded in both languages, naming the app's
        // controls, never a flag.
        let kinds = [
            ErrorKind::NoSuchIdColumn {
                column: "gamma".into(),
                columns: vec!["alpha".into(), "beta".into()],
            },
            ErrorKind::UnknownTransform {
                step: "cube".into(),
            },
            ErrorKind::Log1pDomain {
                feature: "balance".into(),
                customer_id: "C7".into(),
                value: -80.0,
            },
            ErrorKind::MissingFeatureValue {
                feature: "points".into(),
                customer_id: "C9".into(),
                missing: 3,
            },
        ];
        for kind in kinds {
            let (en, zh) = (
                BrowserWords::new(Host::App, Lang::En).problem(&kind),
                BrowserWords::new(Host::App, Lang::Zh).problem(&kind),
            );
            assert!(
                !en.is_empty() && !en.contains("--") && !en.contains("error-"),
                "{en}"
            );
            assert!(
                !zh.contains("--") && !zh.contains("error-") && zh != en,
                "{zh}"
            );
        }
        assert_eq!(
            BrowserWords::new(Host::App, Lang::En).problem(&ErrorKind::UnknownTransform {
                step: "cube".into()
            }),
            "unknown transform “cube”; use log1p, signed-log1p, zscore, minmax or none"
        );
        assert_eq!(
            BrowserWords::new(Host::App, Lang::En).hint(&Hint::Change {
                setting: Setting::MinSupport
            }),
            "choose another value in the “Minimum support” menu"
        );
        assert_eq!(
            BrowserWords::widget(Lang::En).hint(&Hint::Change {
                setting: Setting::MinSupport
            }),
            "choose another value in the min-support attribute"
        );
    }
}

#[cfg(test)]
mod reason_tests {
    use segmint_core::cluster::{Reason, RunnerUp, SmallerClusterK};

    use super::*;

    fn reasons() -> Vec<Reason> {
        vec![
            Reason::NoneFitted,
            Reason::AskedFor { k: 4 },
            Reason::BestSilhouette {
                k: 3,
                silhouette: Some(0.5512),
                eligible: 8,
                fitted: 9,
                min_share: 0.02,
                higher: Some(SmallerClusterK {
                    k: 2,
                    silhouette: Some(0.61),
                    smallest_share: 0.0041,
                }),
            },
            Reason::BestSilhouette {
                k: 4,
                silhouette: None,
                eligible: 9,
                fitted: 9,
                min_share: 0.02,
                higher: None,
            },
            Reason::NoneLargeEnough {
                k: 2,
                silhouette: Some(0.5),
                min_share: 0.05,
            },
            Reason::BicAskedFor {
                k: 3,
                bic: Some(1234.56),
                log_likelihood: Some(-2.25),
            },
            Reason::LowestBic {
                k: 5,
                bic: Some(100.0),
                log_likelihood: None,
                first: 2,
                last: 5,
                runner_up: Some(RunnerUp { k: 4, bic_gap: 4.5 }),
                at_range_end: true,
                small_share: Some(0.01),
            },
            Reason::Dbscan {
                clusters: 1,
                eps: 0.3,
                min_samples: 5,
                noise: 12,
                customers: 400,
            },
            Reason::Dbscan {
                clusters: 3,
                eps: 0.25,
                min_samples: 4,
                noise: 1,
                customers: 300,
            },
        ]
    }

    /// The browser's English is the command line's sentence, word for word; the Chinese
    /// carries the same numbers in other words.
    #[test]
    fn the_reason_reads_as_on_the_command_line_and_in_chinese() {
        for why in reasons() {
            let en = BrowserWords::new(Host::App, Lang::En).cluster_reason(&why);
            assert_eq!(en, why.to_string());
            let zh = BrowserWords::widget(Lang::Zh).cluster_reason(&why);
            assert_ne!(zh, en);
            assert!(!zh.contains("cluster-reason"), "{zh}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        let zh = BrowserWords::new(Host::App, Lang::Zh).cluster_reason(&reasons()[2]);
        assert!(
            zh.contains("0.551") && zh.contains("2.0%") && zh.contains("0.4%"),
            "{zh}"
        );
    }
}
