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
use super::{Dataset, Layout};
use crate::hint::{Question, QuestionKind, Warning};

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
            let warnings = vec![Warning::BasketPerLine];
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
        Question {
            kind: QuestionKind::DateOrder,
            column,
            line: self.evidence.date.first_ambiguous_line.unwrap_or(0),
            example: self.evidence.first_ambiguous.clone().unwrap_or_default(),
        }
    }

    /// A warning when number role `k`'s column (`name`) was read with a decimal point only
    /// because its cells allowed both separators and the user chose none.
    fn separator_warning(&self, k: usize, name: &str) -> Option<Warning> {
        let e = &self.evidence.numbers[k];
        let ambiguous_only = e.ambiguous > 0 && e.point_only == 0 && e.comma_only == 0;
        (self.options.decimal.is_none() && ambiguous_only).then(|| Warning::AmbiguousDecimal {
            column: name.to_owned(),
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
    warnings: Vec<Warning>,
    questions: Vec<Question>,
}

/// Warnings about the mapping: roles guessed with low confidence, suggestions not applied,
/// roles an analysis needs that no column has.
fn mapping_warnings(mapping: &Mapping) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for role in mapping.unsure() {
        let a = &mapping.roles[&role];
        warnings.push(Warning::UnsureRole {
            role,
            column: a.name.clone(),
            confidence: a.confidence,
        });
    }
    for s in &mapping.suggestions {
        warnings.push(Warning::SuggestedRole {
            role: s.role,
            column: s.column.clone(),
            confidence: s.confidence,
        });
    }
    let missing = mapping.missing_for_customers();
    if !missing.is_empty() {
        warnings.push(Warning::MissingForCustomers { roles: missing });
    }
    if !mapping.supports_baskets() {
        warnings.push(Warning::MissingForBaskets);
    }
    warnings
}
