//! Planning: from the first records, decide the layout (a table or one basket per line), the
//! header, and which column plays which role (override > preset > auto-mapping).

use std::collections::HashMap;

use crate::Error;
use crate::roles::{
    Mapping, Preset, Role, StatusVocabulary, apply_overrides, auto_map, detect_preset,
};
use crate::values::parse_number;

use super::build::{Builder, NUMBER_ROLES};
use super::{Layout, SAMPLE_RECORDS};

/// What every row is read with: the layout, the mapping, and each role's column.
#[derive(Clone)]
pub(super) struct Plan {
    pub(super) layout: Layout,
    pub(super) mapping: Mapping,
    pub(super) vocabulary: StatusVocabulary,
    /// Whether an order's later rows take its first row's customer, date and status
    /// (exports that put order-level fields on the first line item only).
    pub(super) fill_down: bool,
    pub(super) customer: Option<usize>,
    /// Where a row's customer is read when its customer cell is empty or a guest id: the
    /// email column, for presets whose exports name guests by email only.
    pub(super) customer_fallback: Option<usize>,
    /// Customer ids that mean "guest" ([`Preset::guest_customer_ids`]).
    pub(super) guest_ids: &'static [&'static str],
    pub(super) order: Option<usize>,
    pub(super) product_id: Option<usize>,
    pub(super) product_name: Option<usize>,
    pub(super) date: Option<usize>,
    pub(super) status: Option<usize>,
    /// The columns of [`NUMBER_ROLES`], in that order.
    pub(super) numbers: [Option<usize>; 4],
}

impl Plan {
    /// Each role's column under `mapping`.
    fn new(layout: Layout, mapping: Mapping) -> Self {
        let preset = mapping.preset;
        let status_name = mapping
            .roles
            .get(&Role::Status)
            .map(|a| a.name.to_ascii_lowercase());
        let vocabulary = match preset {
            Some(p) => p.status_vocabulary(),
            None if status_name.is_some_and(|n| n.contains("stage")) => StatusVocabulary::DealStage,
            None => StatusVocabulary::Payment,
        };
        let col = |r: Role| mapping.column(r);
        Self {
            layout,
            vocabulary,
            fill_down: preset.is_some_and(Preset::fills_down_by_order),
            customer: col(Role::CustomerId),
            customer_fallback: col(Role::Email).filter(|&email| {
                preset.is_some_and(Preset::falls_back_on_email)
                    && Some(email) != col(Role::CustomerId)
            }),
            guest_ids: preset.map_or(&[], Preset::guest_customer_ids),
            order: col(Role::OrderId),
            product_id: col(Role::ProductId),
            product_name: col(Role::ProductName),
            date: col(Role::OrderDate),
            status: col(Role::Status),
            numbers: NUMBER_ROLES.map(col),
            mapping,
        }
    }
}

impl Builder {
    /// Decide layout, header and mapping from the sample, then replay it.
    pub(super) fn plan(&mut self) -> Result<(), Error> {
        let sample = std::mem::take(&mut self.sample);
        let forced_basket = self.options.preset == Some(Preset::BasketPerLine);
        let basket =
            forced_basket || (self.options.preset.is_none() && looks_like_baskets(&sample));
        let rows = self.decide_header(&sample, basket);
        let mapping = if basket {
            Mapping {
                preset: Some(Preset::BasketPerLine),
                ..Mapping::default()
            }
        } else {
            self.map_columns(rows)?
        };
        let layout = if basket {
            Layout::BasketPerLine
        } else {
            Layout::Table
        };
        self.plan = Some(Plan::new(layout, mapping));
        if let Some(size) = self.options.size_hint {
            self.reserve(size, &sample);
        }
        for (fields, line) in rows {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            self.row(&refs, None, *line, None);
        }
        Ok(())
    }

    /// Settle whether the first record is a header and how many columns there are; the
    /// sample's data records.
    fn decide_header<'s>(
        &mut self,
        sample: &'s [(Vec<String>, u64)],
        basket: bool,
    ) -> &'s [(Vec<String>, u64)] {
        let has_header = if basket {
            self.options.has_header.unwrap_or(false)
        } else {
            self.dialect.has_header
        };
        self.dialect.has_header = has_header;
        let rows = match sample.split_first() {
            Some(((h, _), rest)) if has_header => {
                self.header = h.clone();
                rest
            }
            _ => sample,
        };
        self.columns = if has_header {
            self.header.len()
        } else {
            sample.first().map_or(0, |(r, _)| r.len())
        };
        if basket {
            self.columns = sample.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        }
        self.column_filled = vec![0; self.columns];
        rows
    }

    /// The table's mapping: the forced preset's, a recognised preset's, or the auto-mapper's
    /// over the sampled data, then the user's overrides.
    fn map_columns(&self, rows: &[(Vec<String>, u64)]) -> Result<Mapping, Error> {
        let mut mapping = if let Some(p) = self.options.preset {
            p.mapping(&self.header, true).unwrap_or_default()
        } else {
            let data: Vec<Vec<String>> = rows
                .iter()
                .take(SAMPLE_RECORDS)
                .map(|(r, _)| r.clone())
                .collect();
            detect_preset(&self.header)
                .unwrap_or_else(|| auto_map(&self.header, self.columns, &data))
        };
        apply_overrides(&mut mapping, &self.header, self.columns, &self.options.map)?;
        Ok(mapping)
    }
}

/// One basket per line: no header-like first record and rows of many different lengths.
fn looks_like_baskets(sample: &[(Vec<String>, u64)]) -> bool {
    if sample.len() < 5 {
        return false;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for (r, _) in sample {
        *counts.entry(r.len()).or_insert(0) += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    // A table has one field count with a few ragged rows; baskets spread over many counts.
    counts.len() >= 3
        && (most as f64) < 0.6 * sample.len() as f64
        && sample.iter().all(|(r, _)| {
            r.iter()
                .all(|f| parse_number(f).point.is_nan() || f.trim().is_empty())
        })
}
