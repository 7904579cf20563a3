//! Per-customer numeric columns from a second file, added to the clustering features.
//!
//! The orders file describes what customers bought; what a CRM knows about them besides —
//! loyalty points, support tickets, days since sign-up — comes as a second export with one row
//! per customer. [`CustomerColumns::read`] reads such a file: a header, one customer-id column
//! (found by its name as in the orders file — `customer_id`, `CustomerID`, `client`, an email
//! column … — or named by the caller) and any other columns. Every other column is checked
//! cell by cell: a column is *numeric* when every row has a number in it (in any of the
//! notations the orders file accepts: `1,234.5`, `1.234,5`, `$12`, `(3)`), and otherwise it
//! keeps the first cell that is not, with its line and column.
//!
//! [`CustomerColumns::features`] turns the chosen columns into [`Feature::extra`]s (by default
//! every numeric column; a chosen column that is not numeric is an error naming the cell).
//! Nothing is dropped silently: a column left out because it is not numeric is named in a
//! warning with its first bad cell, and [`CustomerColumns::coverage`] counts the file's
//! customers that have no orders (ignored, and said so) and the ordering customers the file
//! lacks (an error when clustering, since every clustered customer needs a value).
//!
//! Bad files are errors with the line and column: a missing or repeated customer id, a row
//! with a different number of fields than the header, a file that is not delimited text.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::features::{Feature, Transform};
use crate::ingest::{RecordReader, sniff};
use crate::roles::{Role, auto_map};
use crate::table::{NO_ID, Transactions};
use crate::values::{NumberCell, NumberEvidence, parse_number};
use crate::{Error, ErrorKind, Position};

/// Records sampled to find the customer-id column.
const ID_SAMPLE: usize = 200;

/// The columns of a file of per-customer attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerColumns {
    /// The header of the customer-id column.
    pub id_column: String,
    /// Customer ids, in file order (unique, trimmed).
    pub ids: Vec<String>,
    /// The other columns, in file order.
    pub columns: Vec<CustomerColumn>,
}

/// One column besides the customer id.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerColumn {
    /// Its header.
    pub name: String,
    /// 1-based position in the file.
    pub position: u64,
    /// One value per row (same order as [`CustomerColumns::ids`]) when the column is numeric;
    /// empty otherwise.
    pub values: Vec<f64>,
    /// The first cell that is not a number, when there is one.
    pub problem: Option<CellProblem>,
}

/// A cell that keeps a column from being numeric.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// 1-based physical line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The cell's text (empty for an empty cell).
    pub text: String,
}

impl CellProblem {
    /// "line 7, column 3 is empty" / "line 7, column 3 has \"n/a\", not a number".
    pub fn describe(&self) -> String {
        let not_a_number = if self.text.is_empty() {
            ""
        } else {
            ", not a number"
        };
        format!(
            "line {}, column {} {}{not_a_number}",
            self.line,
            self.column,
            self.what()
        )
    }

    /// "is empty" / "has \"n/a\"".
    fn what(&self) -> String {
        if self.text.is_empty() {
            "is empty".to_owned()
        } else {
            format!("has {:?}", self.text)
        }
    }
}

/// How a file of customer columns covers the customers of the orders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Customers with orders that have a row in the file.
    pub matched: u64,
    /// Customers with orders that have no row: clustering with a column fails for them.
    pub missing: u64,
    /// The first of those, in order of first appearance in the orders.
    pub first_missing: Option<String>,
    /// Rows of the file whose customer has no orders: ignored.
    pub unmatched: u64,
}

/// What the app shows about a file of customer columns before the user picks from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnsSummary {
    /// The file.
    pub file_name: String,
    /// The header of the customer-id column.
    pub id_column: String,
    /// Every column's header, in file order (the customer id's included): what the id
    /// column can be chosen from.
    #[serde(default)]
    pub header: Vec<String>,
    /// Data rows (customers) in the file.
    pub rows: u64,
    /// Every other column.
    pub columns: Vec<ColumnSummary>,
    /// How it covers the customers of the loaded orders.
    pub coverage: Coverage,
}

/// One column of a [`ColumnsSummary`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    /// Its header.
    pub name: String,
    /// Whether every row has a number in it.
    pub numeric: bool,
    /// Why not, in words ("line 7, column 3 has \"n/a\", not a number").
    pub problem: Option<String>,
}

/// Which columns to cluster on, and how to transform them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnChoice {
    /// The columns by header; `None`: every numeric column.
    pub columns: Option<Vec<String>>,
    /// Transforms per column by header; a column not named gets log1p → z-score, like the
    /// RFM features.
    #[serde(default)]
    pub transforms: BTreeMap<String, Vec<Transform>>,
}

fn bad(line: u64, column: Option<u64>, message: String) -> Error {
    let position = Position {
        line,
        column,
        record: 0,
    };
    Error::at(ErrorKind::BadCustomerColumns(message), position)
}

fn bad_file(message: String) -> Error {
    Error::new(ErrorKind::BadCustomerColumns(message))
}

impl CustomerColumns {
    /// Read a whole file. `id_column`: the header of the customer-id column; `None` finds it
    /// by its name (or an email column, as for the orders file).
    pub fn read(bytes: &[u8], id_column: Option<&str>) -> Result<Self, Error> {
        let dialect = sniff(&bytes[..bytes.len().min(64 << 10)]);
        let mut reader = RecordReader::new(&dialect);
        let mut header: Vec<String> = Vec::new();
        let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
        let mut on_record = |r: &crate::ingest::Record<'_>| -> Result<(), Error> {
            let fields = r.fields().iter().map(|f| f.trim().to_owned()).collect();
            if r.index == 0 {
                header = fields;
            } else {
                rows.push((r.line, fields));
            }
            Ok(())
        };
        reader.feed(bytes, &mut on_record)?;
        reader.finish(&mut on_record)?;
        if header.is_empty() {
            return Err(Error::new(ErrorKind::Empty));
        }
        let id = match id_column {
            Some(name) => header.iter().position(|h| h == name).ok_or_else(|| {
                Error::new(ErrorKind::NoSuchIdColumn {
                    column: name.to_owned(),
                    columns: header.clone(),
                })
            })?,
            None => {
                let sample: Vec<Vec<String>> = rows
                    .iter()
                    .take(ID_SAMPLE)
                    .map(|(_, f)| f.clone())
                    .collect();
                auto_map(&header, header.len(), &sample)
                    .column(Role::CustomerId)
                    .ok_or_else(|| {
                        Error::new(ErrorKind::NoIdColumn {
                            columns: header.clone(),
                        })
                    })?
            }
        };
        if rows.is_empty() {
            return Err(bad_file(
                "the file has a header but no rows; export it again with one row per customer"
                    .into(),
            ));
        }
        let width = header.len();
        let mut first_line: HashMap<&str, u64> = HashMap::with_capacity(rows.len());
        for (line, fields) in &rows {
            if fields.len() != width {
                return Err(bad(
                    *line,
                    None,
                    format!(
                        "this row has {} fields and the header {width}; check for a delimiter \
                         inside an unquoted value",
                        fields.len()
                    ),
                ));
            }
            let customer = fields[id].as_str();
            if customer.is_empty() {
                return Err(bad(
                    *line,
                    Some(id as u64 + 1),
                    format!(
                        "this row has no customer id ({:?} is empty); fill it in or delete the \
                         row",
                        header[id]
                    ),
                ));
            }
            if let Some(first) = first_line.insert(customer, *line) {
                return Err(bad(
                    *line,
                    Some(id as u64 + 1),
                    format!(
                        "customer {customer:?} is also on line {first}; keep one row per \
                         customer"
                    ),
                ));
            }
        }
        let columns = (0..width)
            .filter(|&c| c != id)
            .map(|c| read_column(&header[c], c, &rows))
            .collect();
        Ok(Self {
            id_column: header[id].clone(),
            ids: rows
                .into_iter()
                .map(|(_, mut f)| f.swap_remove(id))
                .collect(),
            columns,
        })
    }

    /// The numeric columns.
    pub fn numeric(&self) -> impl Iterator<Item = &CustomerColumn> {
        self.columns.iter().filter(|c| c.problem.is_none())
    }

    /// The chosen columns as clustering features, and a warning for every column left out
    /// because it is not numeric (when `choice.columns` is `None`). `file_name` is for messages.
    pub fn features(
        &self,
        file_name: &str,
        choice: &ColumnChoice,
    ) -> Result<(Vec<Feature>, Vec<String>), Error> {
        let mut warnings = Vec::new();
        let chosen: Vec<&CustomerColumn> = match &choice.columns {
            Some(names) => names
                .iter()
                .map(|name| self.chosen(file_name, name))
                .collect::<Result<_, _>>()?,
            None => {
                for c in self.columns.iter() {
                    if let Some(p) = &c.problem {
                        warnings.push(format!(
                            "{file_name}: column {:?} is not numeric ({}) and is not clustered on",
                            c.name,
                            p.describe()
                        ));
                    }
                }
                self.numeric().collect()
            }
        };
        if chosen.is_empty() {
            return Err(bad_file(format!(
                "{file_name} has no numeric column besides the customer id {:?}",
                self.id_column
            )));
        }
        for name in choice.transforms.keys() {
            if !chosen.iter().any(|c| &c.name == name) {
                return Err(bad_file(format!(
                    "a transform is given for {name:?}, which is not one of the columns \
                     clustered on from {file_name}"
                )));
            }
        }
        let features = chosen
            .into_iter()
            .map(|c| {
                let values = self.ids.iter().cloned().zip(c.values.iter().copied());
                let feature = Feature::extra(c.name.clone(), values.collect());
                match choice.transforms.get(&c.name) {
                    Some(t) => feature.transforms(t.clone()),
                    None => feature,
                }
            })
            .collect();
        Ok((features, warnings))
    }

    fn chosen(&self, file_name: &str, name: &str) -> Result<&CustomerColumn, Error> {
        let Some(c) = self.columns.iter().find(|c| c.name == name) else {
            let what = if name == self.id_column {
                "is the customer id".to_owned()
            } else {
                format!(
                    "is not in {file_name}; its columns are: {}",
                    self.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(bad_file(format!("column {name:?} {what}")));
        };
        match &c.problem {
            None => Ok(c),
            Some(p) => Err(bad(
                p.line,
                Some(p.column),
                format!(
                    "column {:?} needs a number in every row, and this cell {}; fix it, or \
                     leave the column out",
                    c.name,
                    p.what()
                ),
            )),
        }
    }

    /// How the file covers the customers of `t`.
    pub fn coverage(&self, t: &Transactions) -> Coverage {
        let ids = &t.customer_ids;
        let mut ordering = vec![false; ids.len()];
        let mut first_seen: Vec<u32> = Vec::new();
        for &c in &t.customer {
            if c != NO_ID && !std::mem::replace(&mut ordering[c as usize], true) {
                first_seen.push(c);
            }
        }
        let in_file: std::collections::HashSet<&str> =
            self.ids.iter().map(String::as_str).collect();
        let mut coverage = Coverage::default();
        for &c in &first_seen {
            if in_file.contains(ids.name(c)) {
                coverage.matched += 1;
            } else {
                coverage.missing += 1;
                if coverage.first_missing.is_none() {
                    coverage.first_missing = Some(ids.name(c).to_owned());
                }
            }
        }
        coverage.unmatched = self.ids.len() as u64 - coverage.matched;
        coverage
    }

    /// What the app shows before the user picks columns.
    pub fn summary(&self, file_name: &str, coverage: Coverage) -> ColumnsSummary {
        // The id column sits at the one position the other columns leave free.
        let mut header: Vec<(u64, &str)> = self
            .columns
            .iter()
            .map(|c| (c.position, c.name.as_str()))
            .collect();
        let id_position = (1..)
            .find(|p| !header.iter().any(|(q, _)| q == p))
            .unwrap_or(1);
        header.push((id_position, &self.id_column));
        header.sort_unstable_by_key(|(p, _)| *p);
        ColumnsSummary {
            file_name: file_name.to_owned(),
            id_column: self.id_column.clone(),
            header: header.into_iter().map(|(_, h)| h.to_owned()).collect(),
            rows: self.ids.len() as u64,
            columns: self
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name.clone(),
                    numeric: c.problem.is_none(),
                    problem: c.problem.as_ref().map(CellProblem::describe),
                })
                .collect(),
            coverage,
        }
    }
}

impl Coverage {
    /// The warning for rows of the file without orders, if there are any.
    pub fn warning(&self, file_name: &str) -> Option<String> {
        (self.unmatched > 0).then(|| {
            format!(
                "{file_name}: {} of its customers have no orders in the orders file and are \
                 ignored",
                self.unmatched
            )
        })
    }
}

/// Read column `c` of every row: numbers under the decimal separator most cells support.
fn read_column(name: &str, c: usize, rows: &[(u64, Vec<String>)]) -> CustomerColumn {
    let mut cells: Vec<NumberCell> = Vec::with_capacity(rows.len());
    let mut evidence = NumberEvidence::default();
    let problem = |line: u64, text: &str| CellProblem {
        line,
        column: c as u64 + 1,
        text: text.to_owned(),
    };
    let mut column = CustomerColumn {
        name: name.to_owned(),
        position: c as u64 + 1,
        values: Vec::new(),
        problem: None,
    };
    for (line, fields) in rows {
        let text = fields[c].as_str();
        let cell = parse_number(text);
        if text.is_empty() || (cell.point.is_nan() && cell.comma.is_nan()) {
            column.problem = Some(problem(*line, text));
            return column;
        }
        evidence.add(cell);
        cells.push(cell);
    }
    let sep = evidence.decide(None);
    for (cell, (line, fields)) in cells.iter().zip(rows) {
        match cell.get(sep) {
            Some(v) if v.is_finite() => column.values.push(v),
            _ => {
                column.values.clear();
                column.problem = Some(problem(*line, &fields[c]));
                return column;
            }
        }
    }
    column
}
