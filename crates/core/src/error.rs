use std::fmt;

use crate::hint::{Analysis, CommandLine, Hint, Question, Setting, Words};
use crate::roles::Role;

/// Where in the input something happened. Lines and columns are 1-based, as a spreadsheet
/// shows them; `byte` is the 0-based offset in the original (undecoded) input where known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based physical line number.
    pub line: u64,
    /// 1-based field (column) number, when the problem is in one field.
    pub column: Option<u64>,
    /// 0-based record index (the header, when present, is record 0).
    pub record: u64,
}

/// What went wrong, worded without naming any host's controls; what to do about it is
/// [`ErrorKind::hint`], which each host words ([`Words`]).
///
/// In JSON it is one flat object, `{"kind": "invalid_option", "setting": "bins", …}` (see
/// `ErrorWire`).
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(into = "ErrorWire", try_from = "ErrorWire")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not valid in the encoding it was read as.
    #[error("the bytes are not valid {encoding}")]
    InvalidEncoding {
        /// The encoding the input was decoded as.
        encoding: String,
    },
    /// A single field is longer than the configured cap.
    #[error(
        "a field is longer than {limit} bytes; this is usually a quote that is never closed, \
         or not a delimited text file"
    )]
    FieldTooLong {
        /// The cap in bytes.
        limit: usize,
    },
    /// A record's fields together are longer than the configured cap.
    #[error(
        "a row is longer than {limit} bytes; this is usually a quote that is never closed, \
         or not a delimited text file"
    )]
    RecordTooLong {
        /// The cap in bytes of field content.
        limit: usize,
    },
    /// A record has more fields than the configured cap.
    #[error("a row has more than {limit} fields")]
    TooManyFields {
        /// The cap on fields per record.
        limit: usize,
    },
    /// A quoted field is still open at the end of the input. The position is where the
    /// field's opening quote is.
    #[error(
        "this quoted field is never closed: the quote opened here runs to the end of the file; \
         add the missing closing quote"
    )]
    UnterminatedQuote,
    /// The input is a binary file (a workbook, an archive, a PDF), not delimited text.
    #[error(
        "this is {format}, not a delimited text file; save it as CSV (in Excel: File, Save As, \
         CSV UTF-8) and try again"
    )]
    NotText {
        /// What the file looks like, in words ("an Excel workbook (.xlsx)").
        format: String,
    },
    /// The input has no records at all.
    #[error("the file is empty; export it again with at least a header row")]
    Empty,
    /// Anything from the underlying reader.
    #[error("{0}")]
    Io(String),
    /// An analysis needs roles no column is mapped to.
    #[error(
        "{} need {}, but no column was recognised for it",
        analysis.name(),
        roles.join(", ")
    )]
    MissingRoles {
        /// Which analysis.
        analysis: Analysis,
        /// The missing roles (alternatives joined by " or ").
        roles: Vec<String>,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// A role is mapped to a column the file does not have.
    #[error("{} cannot be mapped to {column:?}: the file has no such column", role.name())]
    UnknownColumn {
        /// The role.
        role: Role,
        /// The column as the user gave it.
        column: String,
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
    /// A file of per-customer columns has no column that looks like a customer id.
    #[error("no column looks like a customer id (the columns are: {})", columns.join(", "))]
    NoIdColumn {
        /// The file's columns.
        columns: Vec<String>,
    },
    /// The customer-id column named for a file of per-customer columns is not in it.
    #[error("there is no column {column:?}; the columns are: {}", columns.join(", "))]
    NoSuchIdColumn {
        /// The column asked for.
        column: String,
        /// The file's columns.
        columns: Vec<String>,
    },
    /// A feature's transforms name a step there is not.
    #[error("unknown transform {step:?}; use log1p, signed-log1p, zscore, minmax or none")]
    UnknownTransform {
        /// The step as given.
        step: String,
    },
    /// `log1p` of a feature value at or below −1 (a net refund, a negative balance).
    #[error(
        "feature {feature:?} of customer {customer_id:?} is {value}, and log1p is undefined \
         at or below -1 (a net refund?); use the signed_log1p transform (sign(x)·log1p(|x|)), \
         drop log1p for this feature, or exclude returns"
    )]
    Log1pDomain {
        /// The feature.
        feature: String,
        /// The customer whose value it is.
        customer_id: String,
        /// The value.
        value: f64,
    },
    /// A clustered customer has no value in a customer column (no row in its file).
    #[error(
        "feature {feature:?} has no value for customer {customer_id:?}{}; every clustered \
         customer needs one: add their rows to the file of customer columns, or leave the \
         column out",
        if *missing > 1 { format!(" and {} more", missing - 1) } else { String::new() }
    )]
    MissingFeatureValue {
        /// The feature.
        feature: String,
        /// The first customer without one (in order of first appearance in the orders).
        customer_id: String,
        /// How many customers have none.
        missing: u64,
    },
    /// The data leaves a question only the user can answer (e.g. the date order).
    #[error(
        "column {:?}: every date could be day/month or month/day (e.g. {:?})",
        question.column,
        question.example
    )]
    NeedsAnswer {
        /// The question.
        question: Question,
    },
    /// An option is outside what it allows.
    #[error(
        "{}: invalid {}{}: {allowed}",
        analysis.name(),
        setting.field(),
        value.as_ref().map(|v| format!(" {v}")).unwrap_or_default()
    )]
    InvalidOption {
        /// The analysis whose option it is.
        analysis: Analysis,
        /// The option.
        setting: Setting,
        /// The value given, when it can be shown.
        value: Option<String>,
        /// What it allows, in words ("must be between 3 and 10").
        allowed: String,
    },
    /// A work budget ran out before the analysis finished.
    #[error("{}: stopped: {what}", analysis.name())]
    BudgetExceeded {
        /// The analysis.
        analysis: Analysis,
        /// Which budget, in words ("more than 1000000 frequent itemsets").
        what: String,
        /// A support worth trying instead, as a share of the baskets.
        suggested_min_support: f64,
    },
    /// No line has a customer id: there are no customers to analyse.
    #[error("{}: no line has a customer id, so there are no customers", analysis.name())]
    NoCustomers {
        /// The analysis.
        analysis: Analysis,
    },
    /// The user (or the host) stopped the work.
    #[error("cancelled")]
    Cancelled,
    /// The analysis cannot produce a result from this data.
    #[error("{}: {reason}", analysis.name())]
    AnalysisFailed {
        /// The analysis.
        analysis: Analysis,
        /// Why, in words.
        reason: String,
    },
    /// A file of per-customer columns (for clustering) cannot be used as it is.
    #[error("{0}")]
    BadCustomerColumns(String),
    /// A workbook is encrypted with a password to open it.
    #[error(
        "this {format} is protected with a password; open it in Excel or LibreOffice, remove \
         the password (Excel: File, Info, Protect Workbook, Encrypt with Password, clear it) \
         and save it, or save the sheet as CSV UTF-8"
    )]
    EncryptedWorkbook {
        /// What the file is, in words ("an Excel workbook (.xlsx)").
        format: String,
    },
    /// A workbook's container or content cannot be read.
    #[error(
        "this {format} cannot be read ({detail}); it may be damaged or only partly \
         downloaded: open it in Excel or LibreOffice and save it again, or save the sheet as \
         CSV UTF-8"
    )]
    DamagedWorkbook {
        /// What the file is, in words.
        format: String,
        /// What the reader found wrong.
        detail: String,
    },
    /// `--sheet` names no sheet of the workbook.
    #[error("there is no sheet {sheet:?} (the sheets are: {})", sheets.join(", "))]
    NoSuchSheet {
        /// What was asked for.
        sheet: String,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// The chosen sheet holds no cells (or is a chart, not a table).
    #[error("sheet {sheet:?} has no table (it is {what})")]
    NoTableOnSheet {
        /// The sheet.
        sheet: String,
        /// "empty", "a chart sheet".
        what: String,
        /// The sheets that have cells.
        sheets: Vec<String>,
    },
    /// A workbook too large for a reader that holds it whole (OpenDocument).
    #[error(
        "this {format} holds {megabytes} MB of sheet content, more than Segmint reads from this \
         format at once ({limit} MB); save it as .xlsx (read row by row) or as CSV UTF-8"
    )]
    WorkbookTooLarge {
        /// What the file is, in words.
        format: String,
        /// Uncompressed content size.
        megabytes: u64,
        /// The cap.
        limit: u64,
    },
    /// An option that applies to workbooks only was given for a delimited text file.
    #[error(
        "a sheet was chosen, but this is a delimited text file; sheets apply to workbooks \
         (.xlsx, .xlsm, .xlsb, .xls, .ods)"
    )]
    SheetOfTextFile,
    /// A delimiter or encoding was given for a workbook, whose cells need neither.
    #[error("the delimiter and encoding apply to delimited text files, not to workbooks")]
    TextOptionForWorkbook,
    /// Contacts were asked for, but no column holds email addresses.
    #[error("no email column is mapped, so there are no contacts to export")]
    NoEmailColumn {
        /// The file's columns, to choose from.
        columns: Vec<String>,
    },
}

impl ErrorKind {
    /// What the user can do about it, if anything.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            ErrorKind::InvalidEncoding { encoding } if encoding.eq_ignore_ascii_case("utf-8") => {
                Some(Hint::ReadAsWindows1252)
            }
            ErrorKind::InvalidEncoding { .. } => Some(Hint::NameTheEncoding),
            ErrorKind::TooManyFields { .. } => Some(Hint::CheckDelimiter),
            ErrorKind::MissingRoles { roles, columns, .. } => Some(Hint::MapRoles {
                roles: roles.clone(),
                columns: columns.clone(),
            }),
            ErrorKind::UnknownColumn { role, columns, .. } => Some(Hint::MapRoles {
                roles: vec![role.name().to_owned()],
                columns: columns.clone(),
            }),
            ErrorKind::NoIdColumn { .. } => Some(Hint::NameIdColumn),
            ErrorKind::NeedsAnswer { question } => Some(Hint::Answer(question.clone())),
            ErrorKind::InvalidOption { setting, .. } => Some(Hint::Change {
                setting: setting.clone(),
            }),
            ErrorKind::BudgetExceeded {
                suggested_min_support,
                ..
            } => Some(Hint::RaiseSupport {
                suggested: *suggested_min_support,
            }),
            ErrorKind::NoSuchSheet { sheets, .. } | ErrorKind::NoTableOnSheet { sheets, .. } => {
                Some(Hint::PickSheet {
                    sheets: sheets.clone(),
                })
            }
            ErrorKind::NoEmailColumn { columns } => Some(Hint::MapRoles {
                roles: vec![Role::Email.name().to_owned()],
                columns: columns.clone(),
            }),
            ErrorKind::NoCustomers { .. } => Some(Hint::MapColumn {
                role: Role::CustomerId,
                column: None,
            }),
            _ => None,
        }
    }
}

/// [`ErrorKind`] on the wire: its kind and whichever fields it has. One flat record is decoded
/// by one visitor instead of one per kind, which keeps the browser bundles (the app decodes
/// every error the worker sends) from growing with each kind added.
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct ErrorWire {
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<Analysis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    columns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<Question>,
    #[serde(skip_serializing_if = "Option::is_none")]
    setting: Option<Setting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sheets: Vec<String>,
}

impl From<ErrorKind> for ErrorWire {
    fn from(kind: ErrorKind) -> Self {
        let wire = |kind: &str| ErrorWire {
            kind: kind.to_owned(),
            ..ErrorWire::default()
        };
        match kind {
            ErrorKind::InvalidEncoding { encoding } => ErrorWire {
                text: Some(encoding),
                ..wire("invalid_encoding")
            },
            ErrorKind::FieldTooLong { limit } => ErrorWire {
                limit: Some(limit),
                ..wire("field_too_long")
            },
            ErrorKind::RecordTooLong { limit } => ErrorWire {
                limit: Some(limit),
                ..wire("record_too_long")
            },
            ErrorKind::TooManyFields { limit } => ErrorWire {
                limit: Some(limit),
                ..wire("too_many_fields")
            },
            ErrorKind::UnterminatedQuote => wire("unterminated_quote"),
            ErrorKind::NotText { format } => ErrorWire {
                text: Some(format),
                ..wire("not_text")
            },
            ErrorKind::Empty => wire("empty"),
            ErrorKind::Io(message) => ErrorWire {
                text: Some(message),
                ..wire("io")
            },
            ErrorKind::MissingRoles {
                analysis,
                roles,
                columns,
            } => ErrorWire {
                analysis: Some(analysis),
                roles,
                columns,
                ..wire("missing_roles")
            },
            ErrorKind::UnknownColumn {
                role,
                column,
                columns,
            } => ErrorWire {
                role: Some(role),
                column: Some(column),
                columns,
                ..wire("unknown_column")
            },
            ErrorKind::NoIdColumn { columns } => ErrorWire {
                columns,
                ..wire("no_id_column")
            },
            ErrorKind::NoSuchIdColumn { column, columns } => ErrorWire {
                column: Some(column),
                columns,
                ..wire("no_such_id_column")
            },
            ErrorKind::UnknownTransform { step } => ErrorWire {
                text: Some(step),
                ..wire("unknown_transform")
            },
            ErrorKind::Log1pDomain {
                feature,
                customer_id,
                value,
            } => ErrorWire {
                column: Some(feature),
                text: Some(customer_id),
                suggested: Some(value),
                ..wire("log1p_domain")
            },
            ErrorKind::MissingFeatureValue {
                feature,
                customer_id,
                missing,
            } => ErrorWire {
                column: Some(feature),
                text: Some(customer_id),
                size: Some(missing),
                ..wire("missing_feature_value")
            },
            ErrorKind::NeedsAnswer { question } => ErrorWire {
                question: Some(question),
                ..wire("needs_answer")
            },
            ErrorKind::InvalidOption {
                analysis,
                setting,
                value,
                allowed,
            } => ErrorWire {
                analysis: Some(analysis),
                setting: Some(setting),
                value,
                text: Some(allowed),
                ..wire("invalid_option")
            },
            ErrorKind::BudgetExceeded {
                analysis,
                what,
                suggested_min_support,
            } => ErrorWire {
                analysis: Some(analysis),
                text: Some(what),
                suggested: Some(suggested_min_support),
                ..wire("budget_exceeded")
            },
            ErrorKind::NoCustomers { analysis } => ErrorWire {
                analysis: Some(analysis),
                ..wire("no_customers")
            },
            ErrorKind::Cancelled => wire("cancelled"),
            ErrorKind::AnalysisFailed { analysis, reason } => ErrorWire {
                analysis: Some(analysis),
                text: Some(reason),
                ..wire("analysis_failed")
            },
            ErrorKind::BadCustomerColumns(message) => ErrorWire {
                text: Some(message),
                ..wire("bad_customer_columns")
            },
            ErrorKind::EncryptedWorkbook { format } => ErrorWire {
                text: Some(format),
                ..wire("encrypted_workbook")
            },
            ErrorKind::DamagedWorkbook { format, detail } => ErrorWire {
                text: Some(format),
                value: Some(detail),
                ..wire("damaged_workbook")
            },
            ErrorKind::NoSuchSheet { sheet, sheets } => ErrorWire {
                sheet: Some(sheet),
                sheets,
                ..wire("no_such_sheet")
            },
            ErrorKind::NoTableOnSheet {
                sheet,
                what,
                sheets,
            } => ErrorWire {
                sheet: Some(sheet),
                text: Some(what),
                sheets,
                ..wire("no_table_on_sheet")
            },
            ErrorKind::WorkbookTooLarge {
                format,
                megabytes,
                limit,
            } => ErrorWire {
                text: Some(format),
                size: Some(megabytes),
                suggested: Some(limit as f64),
                ..wire("workbook_too_large")
            },
            ErrorKind::SheetOfTextFile => wire("sheet_of_text_file"),
            ErrorKind::TextOptionForWorkbook => wire("text_option_for_workbook"),
            ErrorKind::NoEmailColumn { columns } => ErrorWire {
                columns,
                ..wire("no_email_column")
            },
        }
    }
}

impl TryFrom<ErrorWire> for ErrorKind {
    type Error = String;

    fn try_from(w: ErrorWire) -> Result<Self, String> {
        let missing = |field: &str| format!("error kind {:?} without its {field}", w.kind);
        let text = || w.text.clone().ok_or_else(|| missing("text"));
        let limit = || w.limit.ok_or_else(|| missing("limit"));
        let analysis = || w.analysis.ok_or_else(|| missing("analysis"));
        Ok(match w.kind.as_str() {
            "invalid_encoding" => ErrorKind::InvalidEncoding { encoding: text()? },
            "field_too_long" => ErrorKind::FieldTooLong { limit: limit()? },
            "record_too_long" => ErrorKind::RecordTooLong { limit: limit()? },
            "too_many_fields" => ErrorKind::TooManyFields { limit: limit()? },
            "unterminated_quote" => ErrorKind::UnterminatedQuote,
            "not_text" => ErrorKind::NotText { format: text()? },
            "empty" => ErrorKind::Empty,
            "io" => ErrorKind::Io(text()?),
            "missing_roles" => ErrorKind::MissingRoles {
                analysis: analysis()?,
                roles: w.roles.clone(),
                columns: w.columns.clone(),
            },
            "unknown_column" => ErrorKind::UnknownColumn {
                role: w.role.ok_or_else(|| missing("role"))?,
                column: w.column.clone().ok_or_else(|| missing("column"))?,
                columns: w.columns.clone(),
            },
            "no_id_column" => ErrorKind::NoIdColumn {
                columns: w.columns.clone(),
            },
            "no_such_id_column" => ErrorKind::NoSuchIdColumn {
                column: w.column.clone().ok_or_else(|| missing("column"))?,
                columns: w.columns.clone(),
            },
            "unknown_transform" => ErrorKind::UnknownTransform { step: text()? },
            "log1p_domain" => ErrorKind::Log1pDomain {
                feature: w.column.clone().ok_or_else(|| missing("column"))?,
                customer_id: text()?,
                value: w.suggested.ok_or_else(|| missing("suggested"))?,
            },
            "missing_feature_value" => ErrorKind::MissingFeatureValue {
                feature: w.column.clone().ok_or_else(|| missing("column"))?,
                customer_id: text()?,
                missing: w.size.ok_or_else(|| missing("size"))?,
            },
            "needs_answer" => ErrorKind::NeedsAnswer {
                question: w.question.clone().ok_or_else(|| missing("question"))?,
            },
            "invalid_option" => ErrorKind::InvalidOption {
                analysis: analysis()?,
                setting: w.setting.clone().ok_or_else(|| missing("setting"))?,
                value: w.value.clone(),
                allowed: text()?,
            },
            "budget_exceeded" => ErrorKind::BudgetExceeded {
                analysis: analysis()?,
                what: text()?,
                suggested_min_support: w.suggested.ok_or_else(|| missing("suggested"))?,
            },
            "no_customers" => ErrorKind::NoCustomers {
                analysis: analysis()?,
            },
            "cancelled" => ErrorKind::Cancelled,
            "analysis_failed" => ErrorKind::AnalysisFailed {
                analysis: analysis()?,
                reason: text()?,
            },
            "bad_customer_columns" => ErrorKind::BadCustomerColumns(text()?),
            "encrypted_workbook" => ErrorKind::EncryptedWorkbook { format: text()? },
            "damaged_workbook" => ErrorKind::DamagedWorkbook {
                format: text()?,
                detail: w.value.clone().ok_or_else(|| missing("value"))?,
            },
            "no_such_sheet" => ErrorKind::NoSuchSheet {
                sheet: w.sheet.clone().ok_or_else(|| missing("sheet"))?,
                sheets: w.sheets.clone(),
            },
            "no_table_on_sheet" => ErrorKind::NoTableOnSheet {
                sheet: w.sheet.clone().ok_or_else(|| missing("sheet"))?,
                what: text()?,
                sheets: w.sheets.clone(),
            },
            "workbook_too_large" => ErrorKind::WorkbookTooLarge {
                format: text()?,
                megabytes: w.size.ok_or_else(|| missing("size"))?,
                limit: w.suggested.ok_or_else(|| missing("suggested"))? as u64,
            },
            "sheet_of_text_file" => ErrorKind::SheetOfTextFile,
            "text_option_for_workbook" => ErrorKind::TextOptionForWorkbook,
            "no_email_column" => ErrorKind::NoEmailColumn {
                columns: w.columns.clone(),
            },
            other => return Err(format!("unknown error kind {other:?}")),
        })
    }
}

/// An ingest or analysis error, with the position that lets a user find the bad row.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where, if it is tied to a place in the input.
    pub position: Option<Position>,
}

impl Error {
    pub(crate) fn at(kind: ErrorKind, position: Position) -> Self {
        Self {
            kind,
            position: Some(position),
        }
    }

    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            position: None,
        }
    }

    /// An error from reading the input (I/O, or the browser's file APIs).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Io(message.into()))
    }

    /// The error in `words`: where, what went wrong, and what to do about it.
    pub fn describe(&self, words: &dyn Words) -> String {
        let mut text = String::new();
        if let Some(p) = &self.position {
            text.push_str(&format!("line {}", p.line));
            if let Some(c) = p.column {
                text.push_str(&format!(", column {c}"));
            }
            text.push_str(": ");
        }
        text.push_str(&self.kind.to_string());
        if let Some(hint) = self.kind.hint() {
            text.push_str("; ");
            text.push_str(&words.hint(&hint));
        }
        text
    }
}

/// In the command line's words ([`CommandLine`]); other hosts use [`Error::describe`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&CommandLine))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hint::QuestionKind;

    /// Every kind survives the protocol's JSON with its fields.
    #[test]
    fn every_kind_round_trips_through_json() {
        let question = Question {
            kind: QuestionKind::DateOrder,
            column: "Date".into(),
            line: 2,
            example: "01/02/2024".into(),
        };
        let kinds = [
            ErrorKind::InvalidEncoding {
                encoding: "UTF-8".into(),
            },
            ErrorKind::FieldTooLong { limit: 5 },
            ErrorKind::RecordTooLong { limit: 6 },
            ErrorKind::TooManyFields { limit: 3 },
            ErrorKind::UnterminatedQuote,
            ErrorKind::NotText {
                format: "a PDF".into(),
            },
            ErrorKind::Empty,
            ErrorKind::Io("gone".into()),
            ErrorKind::MissingRoles {
                analysis: Analysis::CustomerAnalyses,
                roles: vec!["customer_id".into()],
                columns: vec!["A".into(), "B".into()],
            },
            ErrorKind::UnknownColumn {
                role: Role::CustomerId,
                column: "Nope".into(),
                columns: vec!["A".into()],
            },
            ErrorKind::NoIdColumn {
                columns: vec!["alpha".into(), "beta".into()],
            },
            ErrorKind::NeedsAnswer { question },
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
                value: -80.5,
            },
            ErrorKind::MissingFeatureValue {
                feature: "points".into(),
                customer_id: "C9".into(),
                missing: 3,
            },
            ErrorKind::InvalidOption {
                analysis: Analysis::Rfm,
                setting: Setting::Bins,
                value: Some("42".into()),
                allowed: "must be between 3 and 10".into(),
            },
            ErrorKind::InvalidOption {
                analysis: Analysis::Clv,
                setting: Setting::Other("clv_months".into()),
                value: None,
                allowed: "must be between 1 and 1200".into(),
            },
            ErrorKind::BudgetExceeded {
                analysis: Analysis::Baskets,
                what: "more than 10 itemsets".into(),
                suggested_min_support: 0.02,
            },
            ErrorKind::NoCustomers {
                analysis: Analysis::Clusters,
            },
            ErrorKind::Cancelled,
            ErrorKind::AnalysisFailed {
                analysis: Analysis::Cohorts,
                reason: "no purchases".into(),
            },
            ErrorKind::BadCustomerColumns("no id column".into()),
            ErrorKind::EncryptedWorkbook {
                format: "an Excel workbook (.xlsx)".into(),
            },
            ErrorKind::DamagedWorkbook {
                format: "an Excel workbook (.xlsx)".into(),
                detail: "truncated".into(),
            },
            ErrorKind::NoSuchSheet {
                sheet: "Orders".into(),
                sheets: vec!["Sheet1".into(), "Notes".into()],
            },
            ErrorKind::NoTableOnSheet {
                sheet: "Chart1".into(),
                what: "a chart sheet".into(),
                sheets: vec!["Sheet1".into()],
            },
            ErrorKind::WorkbookTooLarge {
                format: "an OpenDocument spreadsheet (.ods)".into(),
                megabytes: 900,
                limit: 512,
            },
            ErrorKind::SheetOfTextFile,
            ErrorKind::TextOptionForWorkbook,
            ErrorKind::NoEmailColumn {
                columns: vec!["Customer".into()],
            },
        ];
        for kind in kinds {
            let error = Error::at(
                kind,
                Position {
                    line: 3,
                    column: Some(2),
                    record: 2,
                },
            );
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(
                serde_json::from_str::<Error>(&json).unwrap(),
                error,
                "{json}"
            );
        }
        let bins = serde_json::to_value(ErrorKind::InvalidOption {
            analysis: Analysis::Rfm,
            setting: Setting::Bins,
            value: Some("42".into()),
            allowed: "must be between 3 and 10".into(),
        })
        .unwrap();
        assert_eq!(
            bins,
            serde_json::json!({"kind": "invalid_option", "analysis": "rfm", "setting": "bins",
                "value": "42", "text": "must be between 3 and 10"})
        );
    }
}
