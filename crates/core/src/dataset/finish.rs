//! Finishing: at the end of the input, decide the date order and each number column's decimal
//! separator from the evidence of every kept row, say what the user should check (warnings)
//! or decide (questions), clean the staged rows, and assemble the [`Dataset`].

use std::collections::BTreeMap;

use crate::roles::{Mapping, Role};
use crate::table::Transactions;
use crate::values::{DateOrder, DateOrderDecision, DecimalSeparator};
use crate::{Error, ErrorKind};

use super::build::{Builder, NUMBER_ROLES};
use super::plan::Plan;
use super::{Dataset, Layout, Question};

impl Builder {
    /// End of input: the dataset.
    pub(super) fn finish(mut self) -> Result<Dataset, Error> {
        self.flush_queue();
        if self.plan.is_none() {
            if self.sample.is_empty() {
                return Err(Error::new(ErrorKind::Empty));
            }
            self.plan()?;
        }
        let plan = self.plan.take().expect("planned above");
        self.quality.returns_policy = self.options.returns;
        self.quality.duplicates_policy = self.options.duplicates;
        if plan.layout == Layout::BasketPerLine {
            let warnings = vec![
                "one basket per line: each line is an order, its fields are the items; \
                 there are no customers, dates or amounts"
                    .to_owned(),
            ];
            let baskets = std::mem::take(&mut self.baskets);
            let decided = Decided {
                date_order: DateOrderDecision::NotNeeded,
                decimal: BTreeMap::new(),
                warnings,
                questions: Vec::new(),
            };
            return Ok(self.into_dataset(plan, decided, baskets));
        }

        let date_order = self.evidence.date.decide(self.options.date_order);
        let order = date_order.order();
        let mut questions = Vec::new();
        if order.is_none() {
            questions.push(self.date_order_question(&plan.mapping));
        }
        let seps: [DecimalSeparator; 4] =
            std::array::from_fn(|k| self.evidence.numbers[k].decide(self.options.decimal));
        let mut decimal = BTreeMap::new();
        let mut warnings = Vec::new();
        for (k, role) in NUMBER_ROLES.iter().enumerate() {
            let Some(a) = plan.mapping.roles.get(role) else {
                continue;
            };
            decimal.insert(role.name().to_owned(), seps[k]);
            if let Some(w) = self.separator_warning(k, &a.name) {
                warnings.push(w);
            }
        }
        warnings.extend(mapping_warnings(&plan.mapping));

        let transactions = self.clean(&plan, order.unwrap_or(DateOrder::DayFirst), seps);
        debug_assert!(self.quality.reconciles());
        let decided = Decided {
            date_order,
            decimal,
            warnings,
            questions,
        };
        Ok(self.into_dataset(plan, decided, transactions))
    }

    /// The question to ask when every date reads both as day/month and as month/day.
    fn date_order_question(&self, mapping: &Mapping) -> Question {
        let column = mapping
            .roles
            .get(&Role::OrderDate)
            .map_or_else(String::new, |a| a.name.clone());
        let example = self.evidence.first_ambiguous.clone().unwrap_or_default();
        Question {
            kind: "date_order".into(),
            column: column.clone(),
            line: self.evidence.date.first_ambiguous_line.unwrap_or(0),
            example: example.clone(),
            answers: vec!["day_first".into(), "month_first".into()],
            message: format!(
                "column {column:?}: every date could be day/month or month/day (e.g. {example:?}); \
                 say which with --date-order day_first or --date-order month_first"
            ),
        }
    }

    /// A warning when number role `k`'s column (`name`) was read with a decimal point only
    /// because its cells allowed both separators and the user chose none.
    fn separator_warning(&self, k: usize, name: &str) -> Option<String> {
        let e = &self.evidence.numbers[k];
        let ambiguous_only = e.ambiguous > 0 && e.point_only == 0 && e.comma_only == 0;
        (self.options.decimal.is_none() && ambiguous_only).then(|| {
            format!(
                "column {name:?}: values like 1,234 could use either decimal separator; read with \
                 '.' as the decimal point (pass --decimal comma if they are decimal commas)"
            )
        })
    }

    fn into_dataset(self, plan: Plan, decided: Decided, transactions: Transactions) -> Dataset {
        let Decided {
            date_order,
            decimal,
            warnings,
            questions,
        } = decided;
        Dataset {
            dialect: self.dialect,
            layout: plan.layout,
            header: self.header,
            columns: self.columns,
            preview: self.preview,
            column_filled: self.column_filled,
            has_dates: plan.layout == Layout::Table && plan.date.is_some(),
            mapping: plan.mapping,
            date_order,
            decimal,
            quality: self.quality,
            warnings,
            transactions: questions.is_empty().then_some(transactions),
            questions,
        }
    }
}

/// What was decided at the end of the input, and what is left to the user.
struct Decided {
    date_order: DateOrderDecision,
    decimal: BTreeMap<String, DecimalSeparator>,
    warnings: Vec<String>,
    questions: Vec<Question>,
}

/// Warnings about the mapping: roles guessed with low confidence, suggestions not applied,
/// roles an analysis needs that no column has.
fn mapping_warnings(mapping: &Mapping) -> Vec<String> {
    let mut warnings = Vec::new();
    for role in mapping.unsure() {
        let a = &mapping.roles[&role];
        warnings.push(format!(
            "{} was guessed as column {:?} with confidence {:.2}; check it or pass --map {}=COLUMN",
            role.name(),
            a.name,
            a.confidence,
            role.name()
        ));
    }
    for s in &mapping.suggestions {
        warnings.push(format!(
            "{} might be column {:?} (confidence {:.2}, not applied); pass --map {}={:?} to use it",
            s.role.name(),
            s.column,
            s.confidence,
            s.role.name(),
            s.column
        ));
    }
    let missing = mapping.missing_for_customers();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|r| r.name()).collect();
        warnings.push(format!(
            "customer analyses need {} (not found; pass --map ROLE=COLUMN)",
            names.join(", ")
        ));
    }
    if !mapping.supports_baskets() {
        warnings
            .push("market baskets need order_id and product_id or product_name (not found)".into());
    }
    warnings
}
